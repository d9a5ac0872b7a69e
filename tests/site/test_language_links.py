"""The language links of a page that is not a Wagtail page (the portal, search, events) keep
their translated paths per process (core_tags._translated) and give what Django's
translate_url gives, query string included, in both languages."""

import pytest
from django.test import RequestFactory
from django.urls import translate_url
from django.utils import translation

from website.core.templatetags import core_tags

PATHS = [
    "/account/",
    "/account/profile/",
    "/search/?q=%E5%9E%83%E5%9C%BE&page=2",
    "/en/search/?q=waste",
    "/en/account/",
    "/certification/my/",
    "/no/such/path/",
    "/?a=1",
]


def _links(path: str) -> list[dict]:
    request = RequestFactory().get(path)
    return core_tags._language_links(request, None)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_links_are_translate_urls(path, language):
    with translation.override(language):
        expected = {
            code: translate_url(RequestFactory().get(path).get_full_path(), code)
            for code in ("zh-hans", "en")
        }
        for _ in range(2):  # worked out, then kept
            links = _links(path)
            assert {link["code"]: link["url"] for link in links} == expected
            assert [link["current"] for link in links] == [
                link["code"] == language for link in links
            ]


def test_a_kept_path_is_not_translated_again(monkeypatch):
    monkeypatch.setattr(core_tags, "_translated_paths", {})
    first = _links("/account/profile/?tab=1")
    monkeypatch.setattr(core_tags, "translate_url", lambda *a: pytest.fail("translated again"))
    assert _links("/account/profile/?tab=2")[1]["url"] == first[1]["url"].replace("tab=1", "tab=2")
    with translation.override("en"), pytest.raises(pytest.fail.Exception):
        _links("/account/profile/")  # another active language is another answer
