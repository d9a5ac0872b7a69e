"""Journey 5: the expert pool, its query helpers for certification, and its admin."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members import services
from members.models import Expert, ExpertConflict, ExpertiseField
from tests.members.conftest import member_organization
from tests.members.factories import ExpertFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields():
    return {field.name: field for field in ExpertiseField.objects.all()}


def test_make_expert_and_declare_conflicts(fields, membership_staff):
    person = PersonFactory(name="孙立新")
    expert = services.make_expert(
        person, fields=[fields["垃圾焚烧"]], biography="焚烧厂运行管理", user=membership_staff
    )
    assert list(expert.fields.all()) == [fields["垃圾焚烧"]]
    client_org = OrganizationFactory()
    services.declare_conflict(expert, client_org, reason="近三年提供过咨询服务")
    services.declare_conflict(expert, client_org)  # declaring twice keeps one record
    assert expert.conflicts.count() == 1
    assert expert.has_conflict_with(client_org)
    assert ModelLogEntry.objects.filter(action="members.expert.conflict").count() == 1
    # Flagging the same person again reactivates instead of failing.
    expert.is_active = False
    expert.save()
    again = services.make_expert(person, fields=[fields["环境监测"]])
    assert again.pk == expert.pk and again.is_active
    assert set(again.fields.all()) == {fields["垃圾焚烧"], fields["环境监测"]}


def test_query_helpers_for_assigning_reviewers(fields):
    applicant = member_organization("某垃圾焚烧发电有限公司")
    incineration, landfill = fields["垃圾焚烧"], fields["卫生填埋"]
    free = ExpertFactory()
    free.fields.add(incineration, landfill)  # two matching fields: still one row
    busy = ExpertFactory(availability=Expert.Availability.UNAVAILABLE)
    busy.fields.add(incineration)
    conflicted = ExpertFactory()
    conflicted.fields.add(incineration)
    ExpertConflict.objects.create(expert=conflicted, organization=applicant)
    colleague = ExpertFactory(person=PersonFactory(organization=applicant))
    colleague.fields.add(incineration)
    retired = ExpertFactory(is_active=False)
    retired.fields.add(incineration)
    other_field = ExpertFactory()
    other_field.fields.add(fields["财务审计"])

    assert set(Expert.objects.in_field(incineration)) == {
        free,
        busy,
        conflicted,
        colleague,
        retired,
    }
    assert list(Expert.objects.in_field(incineration, landfill).filter(pk=free.pk)) == [free]
    assert set(Expert.objects.available()) == {free, conflicted, colleague, other_field}
    assert set(Expert.objects.without_conflict_with(applicant)) == {
        free,
        busy,
        colleague,
        retired,
        other_field,
    }
    assert list(Expert.objects.eligible_for(applicant).in_field(incineration.pk)) == [free]


def test_admin_creates_an_expert_with_fields_and_conflicts(admin_client, fields):
    person = PersonFactory(name="周振华")
    conflict_org = OrganizationFactory(name="某环卫装备制造有限公司")
    add = reverse("member_expert:add")
    form = admin_client.get(add + f"?person={person.pk}")
    assert form.status_code == 200
    response = admin_client.post(
        add,
        {
            "person": person.pk,
            "fields": [fields["环卫装备"].pk, fields["信息化"].pk],
            "availability": "limited",
            "biography": "从事环卫车辆研发。",
            "is_active": "on",
            "since": "2024-05-01",
            "conflicts-TOTAL_FORMS": "1",
            "conflicts-INITIAL_FORMS": "0",
            "conflicts-MIN_NUM_FORMS": "0",
            "conflicts-MAX_NUM_FORMS": "1000",
            "conflicts-0-organization": conflict_org.pk,
            "conflicts-0-reason": "曾任该公司技术顾问",
            "conflicts-0-declared_on": "2024-05-01",
            "conflicts-0-id": "",
            "conflicts-0-ORDER": "1",
            "conflicts-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    expert = Expert.objects.get(person=person)
    assert expert.availability == "limited"
    assert set(expert.fields.values_list("name", flat=True)) == {"环卫装备", "信息化"}
    assert expert.conflicts.get().organization == conflict_org
    inspect = admin_client.get(reverse("member_expert:inspect", args=[expert.pk]))
    assert inspect.status_code == 200
    assert "曾任该公司技术顾问" in inspect.content.decode()


def test_expert_listing_filters_and_fixed_queries(
    admin_client, fields, django_assert_max_num_queries
):
    url = reverse("member_expert:index")

    def make(n):
        for _ in range(n):
            expert = ExpertFactory()
            expert.fields.add(fields["垃圾焚烧"], fields["标准化"])
            ExpertConflict.objects.create(expert=expert, organization=OrganizationFactory())

    make(3)
    admin_client.get(url)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(url)
    limit = len(few.captured_queries)  # read before the next request empties the log
    make(30)
    admin_client.get(url)  # warm again: new rows may empty kept parts (the sidebar)
    with django_assert_max_num_queries(limit):
        response = admin_client.get(url)
    assert response.status_code == 200
    filtered = admin_client.get(url + f"?fields={fields['财务审计'].pk}")
    assert filtered.status_code == 200
    assert list(filtered.context["object_list"]) == []
    assert (
        len(admin_client.get(url + f"?fields={fields['标准化'].pk}").context["object_list"]) == 33
    )


def test_person_inspect_offers_adding_to_the_pool(admin_client):
    person = PersonFactory()
    response = admin_client.get(reverse("member_person:inspect", args=[person.pk]))
    assert f"{reverse('member_expert:add')}?person={person.pk}" in response.content.decode()
