"""A label and its value are joined by the colon of the page's language: "地址：" in Chinese,
"Address: " in English. Templates write it with {% colon %}; a half-width colon typed after a
translated label or a value would show "地址: …" on the Chinese site."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = ["site", "members", "certification", "events", "publications"]
OPEN = re.compile(r"\{%\s*blocktranslate\b")
CLOSE = re.compile(r"\{%\s*endblocktranslate\s*%\}")
# a half-width colon right after a tag or a value: "{% translate "Address" %}: " or "}}: "
BARE = re.compile(r"(%\}|\}\}): ")
ENGLISH_ONLY = 'LANGUAGE_CODE == "en" %}: '


def bare_colons(text: str) -> list[int]:
    """Positions of colons typed outside translated text (inside {% blocktranslate %} the
    catalogue gives the full-width one), except in branches written for English only."""
    marks = sorted(
        [(m.start(), 1) for m in OPEN.finditer(text)]
        + [(m.start(), -1) for m in CLOSE.finditer(text)]
    )
    found = []
    for match in BARE.finditer(text):
        inside = sum(step for position, step in marks if position < match.start())
        if inside == 0 and not text[: match.end()].endswith(ENGLISH_ONLY):
            found.append(match.start())
    return found


def templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted((ROOT / directory).rglob("templates/**/*.html"))


def test_no_template_types_a_half_width_colon_after_a_label():
    offenders = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for position in bare_colons(text):
            line = text.count("\n", 0, position) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, f"use {{% colon %}} after a label: {offenders}"


def test_the_scan_sees_what_it_must_refuse():
    assert bare_colons('<p>{% translate "Address" %}: {{ address }}</p>')
    assert bare_colons("<p>{{ item.get_status_display }}: {{ item.reason }}</p>")
    assert not bare_colons('<p>{% translate "Address" %}{% colon %}{{ address }}</p>')
    assert not bare_colons("{% blocktranslate with a=b %}{{ a }}: accepted{% endblocktranslate %}")
    assert not bare_colons('{% if LANGUAGE_CODE == "en" %}: <span lang="zh-Hans">')


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "地址："), ("en", "Address: ")])
def test_a_label_takes_the_colon_of_its_language(language, expected):
    template = Template('{% load i18n core_tags %}{% translate "Address" %}{% colon %}')
    with translation.override(language):
        assert template.render(Context()) == expected


def test_allauths_already_logged_in_note_takes_the_chinese_colon(client, django_user_model):
    user = django_user_model.objects.create_user(email="note@example.com", password="x-Passw0rd!")
    client.force_login(user)
    page = client.get("/auth/password/reset/").content.decode()
    assert "注意：" in page
    assert "注意:" not in page
