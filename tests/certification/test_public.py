"""Public pages: publicity and objections, the register, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.models import Application, Certificate, Objection, Scheme
from members.regions import Province

pytestmark = pytest.mark.django_db

S = Application.Status


def test_index_lists_schemes_and_rounds(client, site_home, credit_round):
    page = client.get("/certification/").content.decode()
    assert "企业信用评价" in page and credit_round.name in page
    assert client.get("/en/certification/").status_code == 200


def test_objections_need_a_real_name_and_contact(client, site_home, build):
    application = build(S.PUBLICITY, publicity_start=timezone.localdate())
    url = f"/certification/publicity/{application.number}/objection/"
    assert client.get(url).status_code == 200
    base = {
        "organization": "某公司",
        "phone": "13800000000",
        "grounds": "该企业存在违法分包问题，请核查。",
    }
    for name in ["匿名", "anonymous", "x", "  "]:
        response = client.post(url, {**base, "name": name})
        assert response.status_code == 200 and response.context["form"].errors.get("name"), name
    response = client.post(url, {**base, "name": "李四", "phone": ""})
    assert response.context["form"].errors.get("phone")
    assert 'value="李四"' in response.content.decode()
    assert not Objection.objects.exists()
    # A robot filling the hidden field gets the thank-you page and files nothing.
    client.post(url, {**base, "name": "李四", "website": "http://spam"})
    assert not Objection.objects.exists()
    response = client.post(url, {**base, "name": "李四"})
    assert response.status_code == 302 and Objection.objects.count() == 1


def test_no_objection_outside_publicity(client, site_home, build):
    draft = build(S.PANEL_DECISION)
    assert client.get(f"/certification/publicity/{draft.number}/objection/").status_code == 404


def test_publicity_list_shows_open_windows(
    client, site_home, build, other_org, other_contact, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache
    application = build(S.PUBLICITY, publicity_start=timezone.localdate())
    client.get("/certification/publicity/")
    with CaptureQueriesContext(connection) as one:
        page = client.get("/certification/publicity/")
    assert application in page.context["open"]
    assert "AAA级" in page.content.decode()
    build(
        S.PUBLICITY,
        organization=other_org,
        user=other_contact,
        publicity_start=timezone.localdate(),
    )
    with CaptureQueriesContext(connection) as two:
        page = client.get("/certification/publicity/")
    assert len(page.context["open"]) == 2
    assert len(two.captured_queries) == len(one.captured_queries), "no query per window"


def make_certificates(scheme, count, *, prefix="测试", province=Province.BEIJING, grade="AA"):
    from certification import services
    from tests.certification.factories import contact_of, member_organization, open_round

    round = scheme.rounds.first() or open_round(scheme)
    organization = member_organization(name=f"{prefix}登记单位")
    user = contact_of(organization)
    application = services.create_application(round, organization, user=user)
    today = timezone.localdate()
    Certificate.objects.bulk_create(
        Certificate(
            number=f"T-{prefix}-{i:05d}",
            scheme=scheme,
            application=application,
            origin=Certificate.Origin.RECHECK,
            organization=organization,
            subject_name=f"{prefix}生活垃圾焚烧发电厂{i}"
            if i % 2
            else f"{prefix}环境服务有限公司{i}",
            province=province,
            grade=grade,
            grade_label=f"{grade}级",
            score=Decimal("85"),
            issued_on=today - datetime.timedelta(days=i),
            valid_until=today + datetime.timedelta(days=365),
        )
        for i in range(count)
    )


def test_register_filters_by_province_grade_and_chinese_search(client, site_home, credit):
    make_certificates(credit, 6, prefix="北京", province=Province.BEIJING, grade="AA")
    make_certificates(credit, 4, prefix="广东", province=Province.GUANGDONG, grade="AAA")
    url = "/certification/register/credit-rating/"
    assert client.get(url).context["page_obj"].paginator.count == 10
    assert (
        client.get(url, {"province": Province.GUANGDONG}).context["page_obj"].paginator.count == 4
    )
    assert client.get(url, {"grade": "AA"}).context["page_obj"].paginator.count == 6
    found = client.get(url, {"q": "焚烧"}).context["certificates"]
    assert found and all("焚烧" in c.subject_name for c in found)
    assert client.get(url, {"q": "广东 焚烧"}).context["page_obj"].paginator.count == 2
    assert client.get(url, {"grade": "nonsense"}).status_code == 200
    assert client.get("/certification/register/nope/").status_code == 404


def test_register_and_verification_use_a_fixed_number_of_queries(
    client, site_home, credit, settings
):
    """Counted with 5 certificates, then with 55: the same queries (growth, not a ceiling)."""
    settings.PAGE_CACHE_SECONDS = 0  # measure the views, not the page cache

    def queries() -> list[int]:
        number = Certificate.objects.order_by("pk").last().number
        counts = []
        for url, params in [
            ("/certification/register/credit-rating/", {"province": Province.BEIJING, "q": "环境"}),
            (f"/certification/verify/{number}/", {}),
            ("/certification/register/", {}),
        ]:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, params).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    make_certificates(credit, 5)
    client.get("/certification/register/credit-rating/")  # warm the site settings cache
    few = queries()
    make_certificates(credit, 50, prefix="另一")
    page = client.get("/certification/register/credit-rating/", {"province": Province.BEIJING})
    assert len(page.context["certificates"]) > 5  # the page shows more rows now
    assert queries() == few


def test_directory_shows_and_filters_the_credit_grade(client, site_home, build, org, other_org):
    build(S.APPROVED)
    page = client.get("/members/directory/")
    rows = {o.name: o.credit_grade for o in page.context["organizations"]}
    assert rows[org.name] == "AAA级" and rows[other_org.name] is None
    assert "AAA级" in page.content.decode()
    filtered = client.get("/members/directory/", {"credit_grade": "AAA"})
    assert [o.name for o in filtered.context["organizations"]] == [org.name]
    profile = client.get(f"/members/directory/{org.pk}/").content.decode()
    assert org.certificates.get().number in profile


def test_home_page_shows_publicity_and_new_certificates(client, site_home, build):
    application = build(S.APPROVED)
    page = client.get("/").content.decode()
    assert application.subject_name in page
    assert Scheme.objects.count() >= 2
