"""The English site answers everywhere, in English, and never leads into the Chinese tree.

The demo is loaded once for the module (it takes a while) and rolled back afterwards. A visitor
crawls /en/ breadth-first: every page answers (an untranslated Chinese item is shown with its
Chinese text, marked as Chinese-only, never a 404), every link stays under /en/ but for the
language switch and a few language-neutral addresses, and the English page chrome shows no
Chinese date, grade or year formats.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from wagtail.models import Page

from website.core import demo_english
from website.core.models import SiteSettings

SECTIONS = [
    "/en/news/",
    "/en/events/",
    "/en/policies/",
    "/en/standards/",
    "/en/bulletins/",
    "/en/contact/",
    "/en/branches/",
]
PAGE_LIMIT = 400
# Language-neutral addresses an English page may link to (files, machine-readable endpoints).
NEUTRAL_PREFIXES = ("/static/", "/media/", "/documents/", "/sitemap.xml", "/robots.txt")
# Chinese formats of dates, years and grades that must not appear in English page chrome.
CHINESE_FORMATS = re.compile(r"\d+\s*月\s*\d+\s*日|\d+\s*年\s*\d+\s*月|年度|[A-C]{1,3}级")
CJK = re.compile(r"[\u4e00-\u9fff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class PageReader(HTMLParser):
    """Links of a page, and its text outside the parts marked as Chinese (lang="zh-…")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.english_text: list[str] = []
        self.title = ""
        self._stack: list[tuple[str, bool, bool]] = []  # tag, in Chinese, in language switch

    def _state(self) -> tuple[bool, bool]:
        return (self._stack[-1][1], self._stack[-1][2]) if self._stack else (False, False)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        chinese, switch = self._state()
        lang = (attributes.get("lang") or "").lower()
        if lang:
            chinese = lang.startswith("zh")
        # The language switch: the header's, and links to the page in another language.
        switch = switch or "lang-switch" in (attributes.get("class") or "")
        if tag == "a" and attributes.get("href") and not switch and "hreflang" not in attributes:
            self.links.append(attributes["href"])
        if tag not in VOID:
            self._stack.append((tag, chinese, switch))

    def handle_endtag(self, tag):
        for position in range(len(self._stack) - 1, -1, -1):
            if self._stack[position][0] == tag:
                del self._stack[position:]
                break

    def handle_data(self, data):
        if self._stack and self._stack[-1][0] == "title":
            self.title += data  # the page's own title: its text, not the chrome
            return
        if self._stack and self._stack[-1][0] in ("script", "style"):
            return
        if not self._state()[0]:
            self.english_text.append(data)


def _internal_path(href: str, base: str) -> str | None:
    """The site path (with its query) a link leads to, or None for other sites and schemes."""
    href = urldefrag(href.strip())[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    return path + (f"?{parts.query}" if parts.query else "")


def _allowed_outside_english(path: str) -> bool:
    return path.startswith(NEUTRAL_PREFIXES)


def crawl(client, start: str = "/en/", limit: int = PAGE_LIMIT) -> dict:
    """Visit the English site breadth-first; plain addresses before ones with a query."""
    queue, later = deque([start]), deque()
    seen = {start}
    found = {"visited": 0, "broken": [], "chinese_links": [], "chinese_formats": []}
    referrer = {start: "(start)"}
    while (queue or later) and found["visited"] < limit:
        path = queue.popleft() if queue else later.popleft()
        response = client.get(path)
        found["visited"] += 1
        if response.status_code in (301, 302, 303, 307, 308):
            target = _internal_path(response["Location"], path)
            if target and not target.startswith("/en/") and not _allowed_outside_english(target):
                found["chinese_links"].append((referrer[path], path, target))
            continue
        if response.status_code == 404 or response.status_code >= 500:
            found["broken"].append((response.status_code, path, referrer[path]))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        reader = PageReader()
        reader.feed(response.content.decode())
        text = " ".join(reader.english_text)
        for match in CHINESE_FORMATS.finditer(text):
            found["chinese_formats"].append((path, match.group()))
        for href in reader.links:
            target = _internal_path(href, path)
            if target is None or _allowed_outside_english(target):
                continue
            if not target.startswith("/en/"):
                found["chinese_links"].append((path, href, target))
                continue
            if target not in seen:
                seen.add(target)
                referrer[target] = path
                (later if "?" in target else queue).append(target)
    return found


@pytest.mark.django_db
def test_every_section_answers_in_english(demo, client):
    for path in SECTIONS:
        response = client.get(path)
        assert response.status_code == 200, path
        reader = PageReader()
        reader.feed(response.content.decode())
        assert reader.title.strip() and not CJK.search(reader.title), (path, reader.title)
        content = response.content.decode()
        assert '<html lang="en">' in content, path
        description = re.search(r'<meta name="description" content="([^"]*)"', content)
        assert description and not CJK.search(description.group(1)), (path, description)


@pytest.mark.django_db
def test_crawling_the_english_site_finds_no_dead_end_and_no_chinese_tree(demo, client):
    found = crawl(client)
    assert found["visited"] > 60  # the crawl really went through the site
    assert not found["broken"], found["broken"][:20]
    assert not found["chinese_links"], found["chinese_links"][:20]
    assert not found["chinese_formats"], found["chinese_formats"][:20]


@pytest.mark.django_db
def test_untranslated_items_show_the_chinese_text_marked_as_such(demo, client):
    news = Page.objects.get(
        locale__language_code="zh-hans", slug="association", depth=4
    ).get_children()
    item = news.live().first()
    chinese_url = item.url  # before a request makes English the active language
    response = client.get("/en/news/association/")
    assert item.title in response.content.decode()  # the English section lists it
    english_url = f"/en/news/association/{item.slug}/"
    content = client.get(english_url).content.decode()
    assert '<html lang="en">' in content
    assert 'lang="zh-Hans"' in content and "Available in Chinese only" in content
    assert item.title in content
    # The language switch leads to the Chinese page itself.
    assert f'href="{chinese_url}"' in content


@pytest.mark.django_db
def test_footer_speaks_english(demo, client):
    content = client.get("/en/").content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    assert "Beijing" in footer and "北京市" not in footer
    assert "版权所有" not in footer


@pytest.mark.django_db
def test_second_english_demo_run_changes_nothing(demo):
    def snapshot():
        pages = list(
            Page.objects.filter(locale__language_code="en")
            .order_by("path")
            .values_list("path", "slug", "title", "live", "latest_revision_id")
        )
        settings = SiteSettings.objects.values_list(
            "address_en", "copyright_en", "description", "description_en"
        )
        return pages, list(settings)

    before = snapshot()
    demo_english.load()
    assert snapshot() == before
    titles = [title for _, _, title, _, _ in before[0]]
    assert "News" in titles and "Policy library" in titles and "Branches" in titles
