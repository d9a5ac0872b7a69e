"""Journey 6: the public member directory and organization profiles."""

import pytest
from django.urls import reverse

from members.models import BusinessCategory, Membership
from members.regions import Province
from tests.members.factories import (
    ContactFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

URL = "/members/directory/"


def member(name, *, province=Province.BEIJING, tier=Membership.Tier.MEMBER, status="active", **kw):
    organization = OrganizationFactory(name=name, province=province, **kw)
    MembershipFactory(organization=organization, tier=tier, status=status)
    return organization


@pytest.fixture
def listed(site_home):
    incineration = BusinessCategory.objects.get(slug="incineration")
    a = member("深圳市能源环保有限公司", province=Province.GUANGDONG, short_name="深能环保")
    a.categories.add(incineration)
    b = member("北京环境卫生集团有限公司", tier=Membership.Tier.VICE_PRESIDENT)
    c = member("杭州市环境集团有限公司", province=Province.ZHEJIANG, status="grace")
    return a, b, c


def names(response):
    return [organization.name for organization in response.context["organizations"]]


def test_lists_members_in_good_standing_that_did_not_opt_out(client, listed):
    member("已退会环卫有限公司", status="lapsed")
    member("待审核环卫有限公司", status="pending")
    member("不公开环保科技股份有限公司", directory_opt_out=True)
    OrganizationFactory(name="非会员环卫有限公司")
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(o.name for o in listed)
    content = response.content.decode()
    assert "会员名录" in content
    assert "已退会" not in content and "不公开" not in content and "非会员" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=44", ["深圳市能源环保有限公司"]),
        ("category=incineration", ["深圳市能源环保有限公司"]),
        ("tier=vice_president", ["北京环境卫生集团有限公司"]),
        ("q=环境", ["北京环境卫生集团有限公司", "杭州市环境集团有限公司"]),
        ("q=深能", ["深圳市能源环保有限公司"]),
        ("q=环境&province=33", ["杭州市环境集团有限公司"]),
    ],
)
def test_filters_and_chinese_substring_search(client, listed, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


def test_bad_filter_values_show_a_message_not_an_error(client, listed):
    response = client.get(f"{URL}?province=99&category=nope&tier=x&page=abc")
    assert response.status_code == 200
    assert names(response) == []
    assert "请更正" in response.content.decode()


def test_paginates_twenty_per_page_and_keeps_filters(client, site_home):
    for n in range(25):
        member(f"测试环卫服务有限公司{n:02d}")
    first = client.get(f"{URL}?q=测试")
    assert len(names(first)) == 20
    assert "page=2" in first.content.decode()
    assert "q=%E6%B5%8B%E8%AF%95&amp;page=2" in first.content.decode()
    second = client.get(f"{URL}?q=测试&page=2")
    assert len(names(second)) == 5


def test_listing_runs_in_a_fixed_number_of_queries(
    client, site_home, django_assert_max_num_queries
):
    categories = list(BusinessCategory.objects.all()[:3])
    for n in range(3):
        member(f"少量环卫有限公司{n}").categories.add(*categories)
    client.get(URL)  # warm caches that are not per request (site root, settings)
    with django_assert_max_num_queries(12) as few:
        client.get(URL + "?x=1")
    for n in range(40):
        member(f"大量环卫有限公司{n}").categories.add(*categories)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(URL + "?x=2")
    assert len(names(response)) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_profile_shows_public_fields_but_no_private_contacts(client, listed):
    organization = listed[0]
    organization.profile = "深圳市属国有环保企业，运营多座垃圾焚烧发电厂。"
    organization.website = "https://www.example.com/"
    organization.save()
    person = PersonFactory(organization=organization, phone="13800000001", email="li@example.com")
    contact = ContactFactory(organization=organization)
    response = client.get(reverse("members:organization", args=[organization.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert organization.name in content and "垃圾焚烧发电厂" in content
    assert organization.membership.number in content
    assert person.phone not in content and person.email not in content
    assert contact.user.email not in content


def test_profile_of_unlisted_organization_is_404(client, listed):
    hidden = member("不公开环保科技股份有限公司", directory_opt_out=True)
    lapsed = member("已退会环卫有限公司", status="lapsed")
    outsider = OrganizationFactory()
    for organization in (hidden, lapsed, outsider):
        assert (
            client.get(reverse("members:organization", args=[organization.pk])).status_code == 404
        )
    assert client.get("/members/directory/999999/").status_code == 404


def test_anonymous_directory_is_cached_and_invalidated_by_data_changes(client, listed):
    client.get("/")  # the first request of all creates the site settings (an invalidation)
    first = client.get(URL)
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies
    assert client.get(URL)["X-Page-Cache"] == "hit"
    listed[1].name = "北京环境集团有限公司"
    listed[1].save()
    again = client.get(URL)
    assert again["X-Page-Cache"] == "miss"
    assert "北京环境集团有限公司" in again.content.decode()
    profile = reverse("members:organization", args=[listed[0].pk])
    assert client.get(profile)["X-Page-Cache"] == "miss"
    assert client.get(profile)["X-Page-Cache"] == "hit"
    listed[0].membership.status = Membership.Status.LAPSED
    listed[0].membership.save()
    assert client.get(profile).status_code == 404


def test_english_directory(client, listed):
    response = client.get("/en/members/directory/")
    assert response.status_code == 200
    assert "Member directory" in response.content.decode()


def test_match_count_follows_data_changes(client, listed):
    client.get("/")
    assert client.get(URL).context["page_obj"].paginator.count == 3
    assert client.get(URL + "?page=1").context["page_obj"].paginator.count == 3
    member("新入会环保科技股份有限公司")
    assert client.get(URL + "?page=1").context["page_obj"].paginator.count == 4
    listed[0].directory_opt_out = True
    listed[0].save()
    assert client.get(URL).context["page_obj"].paginator.count == 3
