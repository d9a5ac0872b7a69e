"""Journey 7: the back office in the Wagtail admin: listings, export, inspect with history,
status changes only through the service, the dashboard panel and the reports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from members import services
from members.models import (
    BusinessCategory,
    Invoice,
    Membership,
    Organization,
)
from tests.factories import UserFactory
from tests.members.conftest import member_organization, member_person
from tests.members.factories import BranchFactory, MembershipFactory, OrganizationFactory
from website.accounts import roles

pytestmark = pytest.mark.django_db

LISTINGS = [
    "member_organization:index",
    "member_person:index",
    "member_membership:index",
    "member_branch:index",
    "member_expert:index",
]


def populate(n: int, offset: int = 0) -> None:
    categories = list(BusinessCategory.objects.all()[:3])
    for i in range(offset, offset + n):
        organization = member_organization(f"环卫服务有限公司{i:03d}")
        organization.categories.add(*categories)
        member_person(organization, individual=True)
        BranchFactory()


@pytest.mark.parametrize("name", LISTINGS)
def test_listings_run_in_a_fixed_number_of_queries(
    admin_client, name, django_assert_max_num_queries
):
    url = reverse(name)
    populate(3)
    admin_client.get(url)  # warm per-process caches (content types, permissions)
    with django_assert_max_num_queries(40) as few:
        assert admin_client.get(url).status_code == 200
    limit = len(few.captured_queries)  # read before the next request empties the log
    populate(30, offset=3)
    admin_client.get(url)  # warm again: new rows may empty kept parts (the sidebar)
    with django_assert_max_num_queries(limit):
        response = admin_client.get(url)
    assert response.status_code == 200


def test_organization_listing_search_filters_and_export(admin_client):
    incineration = BusinessCategory.objects.get(slug="incineration")
    shenzhen = member_organization("深圳市能源环保有限公司", province="44", short_name="深能环保")
    shenzhen.categories.add(incineration)
    member_organization("北京环境卫生集团有限公司", tier="vice_president")
    OrganizationFactory(name="非会员环卫有限公司")
    url = reverse("member_organization:index")

    def names(query):
        response = admin_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return sorted(o.name for o in response.context["object_list"])

    assert names("q=深能") == ["深圳市能源环保有限公司"]
    assert names(f"q={shenzhen.credit_code}") == ["深圳市能源环保有限公司"]
    assert names("province=44") == ["深圳市能源环保有限公司"]
    assert names(f"categories={incineration.pk}") == ["深圳市能源环保有限公司"]
    assert names("tier=vice_president") == ["北京环境卫生集团有限公司"]
    assert names("is_member=false") == ["非会员环卫有限公司"]

    export = admin_client.get(f"{url}?export=xlsx&province=44")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名称", "简称", "统一社会信用代码")
    assert rows[1][0] == "深圳市能源环保有限公司" and "垃圾焚烧" in rows[1]
    csv = admin_client.get(f"{url}?export=csv")
    assert csv.status_code == 200 and "北京环境卫生集团有限公司" in b"".join(csv).decode()


def test_inspect_views_show_membership_history_and_log(admin_client, membership_staff):
    organization = OrganizationFactory(name="杭州市环境集团有限公司")
    membership = services.create_membership(
        organization, tier="director", user=membership_staff, status="active", reason="理事会通过"
    )
    services.change_status(membership, "suspended", user=membership_staff, reason="经营异常待核查")
    for url in (
        reverse("member_organization:inspect", args=[organization.pk]),
        reverse("member_membership:inspect", args=[membership.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "经营异常待核查" in content and "理事会通过" in content
        assert membership.number in content
    history = admin_client.get(reverse("member_membership:history", args=[membership.pk]))
    assert history.status_code == 200


def test_status_changes_only_through_the_status_action(admin_client, membership_staff):
    organization = member_organization("南京市环境卫生管理有限公司")
    membership = organization.membership
    edit = reverse("member_membership:edit", args=[membership.pk])
    assert 'name="status"' not in admin_client.get(edit).content.decode()
    admin_client.post(
        edit, {"tier": "director", "status": "terminated", "joined_on": "", "paid_through": ""}
    )
    membership.refresh_from_db()
    assert membership.status == "active" and membership.tier == "director"

    url = reverse("member_membership:status", args=[membership.pk])
    form = admin_client.get(url)
    assert form.status_code == 200
    choices = [value for value, _label in form.context["form"].fields["status"].choices]
    assert set(choices) == {"grace", "lapsed", "suspended", "terminated"}
    # A reason is required; the typed status is kept.
    response = admin_client.post(url, {"status": "suspended", "reason": ""})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.status == "active"
    # An illegal target is a form error, not a 500.
    assert admin_client.post(url, {"status": "pending", "reason": "x"}).status_code == 200
    response = admin_client.post(url, {"status": "suspended", "reason": "列入经营异常名录"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "suspended"
    change = membership.status_history().get()
    assert change.changed_by == membership_staff and change.reason == "列入经营异常名录"
    assert ModelLogEntry.objects.filter(
        action="members.membership.status", object_id=str(membership.pk)
    ).exists()


def test_staff_open_a_membership_through_the_service(admin_client, membership_staff):
    organization = OrganizationFactory(name="成都市环境卫生管理中心", kind="institution")
    add = reverse("member_membership:add")
    assert admin_client.get(add).status_code == 200
    # A person cannot hold an organization tier; neither subject is an error.
    assert admin_client.post(add, {"tier": "member", "status": "active"}).status_code == 200
    response = admin_client.post(
        add,
        {
            "organization": organization.pk,
            "tier": "director",
            "status": "active",
            "joined_on": "2026-03-01",
            "paid_through": "2026-12-31",
            "reason": "第七届理事会第三次会议通过",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organization=organization)
    assert membership.number.startswith("D") and membership.status == "active"
    assert membership.status_history().get().reason == "第七届理事会第三次会议通过"
    again = admin_client.post(
        add, {"organization": organization.pk, "tier": "member", "status": "active"}
    )
    assert again.status_code == 200
    assert Membership.objects.filter(organization=organization).count() == 1


def test_memberships_cannot_be_deleted_and_members_are_protected(admin_client):
    organization = member_organization()
    membership = organization.membership
    delete = f"/admin/members/memberships/delete/{membership.pk}/"
    assert admin_client.get(delete).status_code in (302, 403)
    admin_client.post(delete)
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = admin_client.post(
        reverse("member_organization:delete", args=[organization.pk]), follow=True
    )
    assert response.status_code == 200
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_permissions_per_role(client):
    roles.sync_roles()
    organization = member_organization()
    certification = UserFactory(is_staff=True)
    certification.groups.add(Group.objects.get(name=roles.CERTIFICATION_STAFF))
    client.force_login(certification)
    # Certification staff may look organizations up, nothing else of the members' records.
    assert client.get(reverse("member_organization:index")).status_code == 200
    assert client.get(reverse("member_organization:edit", args=[organization.pk])).status_code in (
        302,
        403,
    )
    for name in ("member_membership:index", "member_person:index", "member_import:index"):
        assert client.get(reverse(name)).status_code in (302, 403), name
    status = reverse("member_membership:status", args=[organization.membership.pk])
    assert client.post(status, {"status": "terminated", "reason": "x"}).status_code in (302, 403)
    organization.membership.refresh_from_db()
    assert organization.membership.status == "active"
    client.force_login(UserFactory())
    assert client.get(reverse("member_organization:index")).status_code in (302, 403)


# Dashboard and reports -----------------------------------------------------------------------


@pytest.fixture
def report_data(membership_staff):
    today = timezone.localdate()
    joined = member_organization("今年入会环保科技股份有限公司")
    joined.membership.joined_on = today.replace(month=1, day=2)
    joined.membership.save()
    lapsing = member_organization("欠费环卫有限公司", status="grace")
    lapsing.membership.paid_through = today.replace(year=today.year - 1, month=12, day=31)
    lapsing.membership.save()
    services.change_status(lapsing.membership, "lapsed", reason="一年未缴会费，视为自动退会")
    debtor = member_organization("应缴会费环境服务有限公司")
    for n, (amount, status) in enumerate([(Decimal("3000"), "overdue"), (Decimal("5000"), "paid")]):
        Invoice.objects.create(
            number=f"HF2026{n:04d}",
            membership=debtor.membership,
            kind=Invoice.Kind.RENEWAL,
            period_start=datetime.date(today.year + n, 1, 1),
            period_end=datetime.date(today.year + n, 12, 31),
            amount=amount,
            due_on=datetime.date(today.year, 1, 31),
            title=debtor.name,
            status=status,
        )
    return joined, lapsing, debtor


def test_dashboard_panel_counts_members(admin_client, report_data):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="membership-dashboard"' in content or "membership-dashboard" in content
    assert "¥3,000.00" in content
    assert reverse("members_reports:arrears") in content


def test_dashboard_hidden_from_others(client, report_data):
    roles.sync_roles()
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    assert "membership-dashboard" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ("joins", "今年入会环保科技股份有限公司"),
        ("lapsed", "欠费环卫有限公司"),
        ("renewals", "HF20260000"),
        ("arrears", "应缴会费环境服务有限公司"),
    ],
)
def test_reports_list_and_export(admin_client, report_data, report, expected):
    url = reverse(f"members_reports:{report}")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()
    export = admin_client.get(url + "?export=xlsx")
    assert export.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert any(expected in str(cell) for row in rows for cell in row)


def test_arrears_report_counts_balance(admin_client, report_data):
    response = admin_client.get(reverse("members_reports:arrears"))
    rows = list(response.context["object_list"])
    assert [row.organization.name for row in rows] == ["应缴会费环境服务有限公司"]
    assert rows[0].arrears == Decimal("3000")


@pytest.mark.parametrize("report", ["joins", "lapsed", "renewals", "arrears"])
def test_reports_in_a_fixed_number_of_queries(
    admin_client, report_data, report, django_assert_max_num_queries
):
    url = reverse(f"members_reports:{report}")
    admin_client.get(url)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(url)
    limit = len(few.captured_queries)  # read before the next request empties the log
    today = timezone.localdate()
    for i in range(25):
        organization = member_organization(f"报表测试单位{i}", status="grace")
        membership = organization.membership
        membership.joined_on = today
        membership.save()
        services.change_status(membership, "lapsed", reason="测试")
        person = member_person(organization, individual=True)
        person.membership.joined_on = today
        person.membership.save()
        Invoice.objects.create(
            number=f"HF2099{i:04d}",
            membership=membership,
            kind=Invoice.Kind.RENEWAL,
            period_start=datetime.date(today.year, 1, 1),
            period_end=datetime.date(today.year, 12, 31),
            amount=Decimal("1000"),
            due_on=today,
            title=organization.name,
        )
    admin_client.get(url)  # warm again: new rows may empty kept parts (the sidebar)
    with django_assert_max_num_queries(limit):
        assert admin_client.get(url).status_code == 200


def test_reports_need_the_membership_permission(client, report_data):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("members_reports:arrears")).status_code in (302, 403)


def test_membership_factory_numbers_do_not_clash_with_services():
    # Guard for the factories used above: numbers are unique per subject.
    first = MembershipFactory()
    second = MembershipFactory()
    assert first.number != second.number
