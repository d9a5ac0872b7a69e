"""Routing in one query (website.core.routing) finds what Wagtail's walk finds.

Every path below is routed twice: by the home page's `route()` (the pages a path names, read
in one query) and by Wagtail's own walk (a child by slug, then its specific form, segment by
segment). The page, the sub-route and the 404s must be the same, in Chinese and in English
(where an untranslated Chinese page is reached through the English tree).
"""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, Page

from publications.models import NewsIndexPage, NewsSection
from tests.publications import factories
from website.core.demo import ensure_english_home
from website.core.i18n import LocaleFallbackMixin
from website.core.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(site_home):
    sections = factories.news_centre(site_home)
    association = sections[NewsSection.ASSOCIATION]
    factories.news(association, "协会召开年会")  # slug news-N
    item = association.get_children().first()
    about = factories.publish(site_home, StandardPage(title="关于协会", slug="about"))
    factories.publish(about, StandardPage(title="协会领导", slug="team"))
    draft = StandardPage(title="草稿", slug="draft", live=False)
    about.add_child(instance=draft)
    hidden = StandardPage(title="未发布栏目", slug="hidden", live=False)
    about.add_child(instance=hidden)
    factories.publish(hidden, StandardPage(title="已发布子页", slug="inside"))
    # A page whose slug is also a sub-route of its routable parent: the sub-route wins.
    factories.news_index(sections[NewsSection.ALL], NewsSection.INDUSTRY, slug="feed")
    english_home = ensure_english_home(site_home)
    english = Locale.objects.get(language_code="en")
    centre = sections[NewsSection.ALL].copy_for_translation(english, copy_parents=True)
    centre.title = "News"
    centre.save_revision().publish()
    # Fresh from the database, as a request reads them (treebeard trusts `numchild`).
    return {
        "home": HomePage.objects.get(pk=site_home.pk),
        "english_home": HomePage.objects.get(pk=english_home.pk),
        "item": item,
    }


PATHS = [
    [],
    ["about"],
    ["about", "team"],
    ["about", "missing"],
    ["about", "team", "deeper"],
    ["about", "draft"],
    ["about", "hidden"],
    ["about", "hidden", "inside"],
    ["news"],
    ["news", "feed"],
    ["news", "feed", "atom"],
    ["news", "association"],
    ["news", "association", "feed"],
    ["news", "association", "feed", "atom"],
    ["news", "association", "nothing"],
    ["news", "nothing", "association"],
    ["nothing"],
    ["NEWS"],
]


def _result(route, request, components):
    try:
        page, args, kwargs = route(request, list(components))
    except Http404:
        return "404"
    view = args[0].__name__ if args else None
    return (page.pk, type(page).__name__, view, tuple(args[1:]), kwargs)


def _wagtail(root):
    """Wagtail's walk from the root: its route without this project's one-query lookup."""
    return lambda request, components: LocaleFallbackMixin.route(root, request, components)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_path_routes_as_wagtail_routes_it(tree, language):
    root = tree["home"] if language == "zh-hans" else tree["english_home"]
    item_slug = tree["item"].slug
    paths = [*PATHS, ["news", "association", item_slug], ["news", "association", item_slug, "x"]]
    request = RequestFactory().get("/")
    with translation.override(language):
        for components in paths:
            ours = _result(root.route, request, components)
            theirs = _result(_wagtail(root), request, components)
            assert ours == theirs, components


def test_the_routes_that_matter_are_the_expected_pages(tree):
    request = RequestFactory().get("/")
    home = tree["home"]
    assert _result(home.route, request, ["news", "feed"])[2] == "rss_feed"
    assert _result(home.route, request, ["about", "hidden", "inside"])[1] == "StandardPage"
    assert _result(home.route, request, ["about", "draft"]) == "404"
    with translation.override("en"):
        english = tree["english_home"]
        found = _result(english.route, request, ["news", "association", tree["item"].slug])
    assert found[0] == tree["item"].pk  # the Chinese news, reached through the English tree


def test_a_deep_page_is_found_in_two_queries(tree, django_assert_num_queries):
    request = RequestFactory().get("/")
    home = tree["home"]
    path = ["news", "association", tree["item"].slug]
    with django_assert_num_queries(2):  # the pages of the path, then the last one's fields
        page = home.route(request, path)[0]
    assert page.pk == tree["item"].pk
    parent = page.get_parent()  # known from the walk: no query
    assert isinstance(parent, Page) and parent.slug == "association"
    assert NewsIndexPage.objects.get(pk=parent.pk).section == NewsSection.ASSOCIATION


def test_pages_are_served_through_it(client, tree):
    assert client.get(tree["item"].url).status_code == 200
    assert client.get("/news/feed/").status_code == 200
    assert client.get("/about/draft/").status_code == 404
    assert client.get("/en/news/association/").status_code == 200


def test_routing_compiles_its_queries_once(tree, request):
    """The pages of a path and the last one's own fields come from kept SQL (compiled once per
    shape and page type): routing the same kind of path again compiles nothing."""
    factory_request = RequestFactory().get("/")
    home = tree["home"]
    path = ["news", "association", tree["item"].slug]
    home.route(factory_request, path)
    again = HomePage.objects.get(pk=home.pk)
    compiled = request.getfixturevalue("compiled_models")  # counted from here on
    page = again.route(factory_request, path)[0]
    assert page.pk == tree["item"].pk and type(page).__name__ == "NewsPage"
    assert compiled == []
    # The specific page holds what the generic one held (its parent, from the walk).
    assert page.get_parent().slug == "association"
