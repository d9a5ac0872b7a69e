"""What every page reads before its own content is kept until the page tree changes: the site
and its home page, the locales, and where view restrictions may apply. Kept never means
stale: each test changes one of them after it was kept and reads the page again.
"""

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site

from publications.models import NewsSection
from tests.publications import factories
from website.core.models import StandardPage
from website.core.sites import find_for_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_home):
    from website.core.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return site_home


@pytest.fixture
def pages(home):
    about = factories.publish(home, StandardPage(title="关于协会", slug="about"))
    child = factories.publish(about, StandardPage(title="协会章程", slug="charter"))
    return about, child


def test_a_kept_page_view_reads_neither_site_nor_locale_nor_restrictions(
    client, user, pages, django_assert_max_num_queries
):
    client.force_login(user)  # the page cache never serves a signed-in visitor
    _about, child = pages
    client.get(child.url)
    with django_assert_max_num_queries(20) as counted:
        assert client.get(child.url).status_code == 200
    tables = " ".join(query["sql"] for query in counted.captured_queries)
    assert "wagtailcore_site" not in tables
    assert "wagtailcore_locale" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables


def test_restricting_an_ancestor_restricts_its_pages_at_once(client, pages):
    about, child = pages
    assert client.get(child.url).status_code == 200
    assert client.get(child.url)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(child.url)
    assert response.status_code == 302 and "协会章程" not in response.content.decode()
    PageViewRestriction.objects.filter(page=about).delete()
    assert client.get(child.url).status_code == 200


def test_an_alias_of_a_restricted_page_is_restricted(client, home):
    # News pages belong to "news": an alias must still refresh where restrictions may apply.
    sections = factories.news_centre(home)
    item = factories.news(sections[NewsSection.ASSOCIATION], "内部通报")
    PageViewRestriction.objects.create(page=item, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/news/").status_code == 200  # where restrictions may apply is kept
    alias = item.create_alias(parent=sections[NewsSection.NOTICES], update_slug="copy")
    assert client.get(alias.url).status_code == 302


def test_a_changed_site_is_read_again(home):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert find_for_request(request).root_page.pk == home.pk
    site = Site.objects.get(is_default_site=True)
    site.site_name = "协会网站"
    site.save()
    again = RequestFactory().get("/", HTTP_HOST="localhost")
    assert find_for_request(again).site_name == "协会网站"
    assert type(find_for_request(again).root_page).__name__ == "HomePage"
