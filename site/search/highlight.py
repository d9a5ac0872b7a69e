"""Highlighted titles and snippets for search results: escaped text with <mark> around terms."""

import re
from collections.abc import Iterable
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 120
# Context kept before the first highlighted word of a snippet.
SNIPPET_LEAD = 30
MAX_MATCHES = 100
LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
ENGLISH_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    # PostgreSQL matches "plants" for "plant" (and the reverse); mark the whole word either way.
    for suffix in ENGLISH_SUFFIXES:
        if len(word) > len(suffix) + 3 and word.lower().endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A regex finding any of the query terms, longest first, ignoring case."""
    alternatives = []
    for term in sorted(set(terms), key=len, reverse=True):
        if LATIN_WORD.fullmatch(term):
            alternatives.append(rf"(?<![A-Za-z0-9]){re.escape(_stem(term))}[A-Za-z0-9]*")
        else:
            alternatives.append(re.escape(term))
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def highlight(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text` escaped, with each match of `pattern` wrapped in <mark>."""
    if pattern is None:
        return escape(text)
    parts = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _best_window_start(matches: list[re.Match[str]], length: int) -> int:
    """Start of the window of `length` characters that shows the most distinct terms."""
    best_start, best_score = 0, -1
    for match in matches:
        start = max(0, match.start() - SNIPPET_LEAD)
        end = start + length
        seen = {m.group().lower() for m in matches if m.start() >= start and m.end() <= end}
        if len(seen) > best_score:
            best_start, best_score = start, len(seen)
    return best_start


def _snap_to_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Avoid cutting a Latin word in half at either end of the window."""
    if 0 < start < len(text) and text[start - 1].isascii() and text[start - 1].isalnum():
        space = text.find(" ", start, start + 15)
        if space != -1:
            start = space + 1
    if end < len(text) and text[end].isascii() and text[end].isalnum():
        space = text.rfind(" ", end - 15, end)
        if space > start:
            end = space
    return start, end


def snippet(text: str, pattern: re.Pattern[str] | None, length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `text` around the best cluster of matches, highlighted."""
    text = " ".join(text.split())
    matches = list(islice(pattern.finditer(text), MAX_MATCHES)) if pattern and text else []
    start = _best_window_start(matches, length) if matches else 0
    start = max(0, min(start, len(text) - length))
    end = min(len(text), start + length)
    start, end = _snap_to_word(text, start, end)
    ellipsis_before = "…" if start > 0 else ""
    ellipsis_after = "…" if end < len(text) else ""
    return mark_safe(  # noqa: S308 - highlight() escapes the text
        f"{ellipsis_before}{highlight(text[start:end], pattern)}{ellipsis_after}"
    )


def has_match(text: str, pattern: re.Pattern[str] | None) -> bool:
    return bool(pattern and text and pattern.search(text))
