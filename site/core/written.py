"""HTML that templates describe and Python writes (`{% form_fields %}`, the admin listings'
row menus): a writer is used only while its templates' text is the text it was checked
against, and the templates are rendered by the engine otherwise."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

_checked: dict[tuple[str, ...], bool] = {}


def checked_against(sources: Sequence[str], sha256: str) -> bool:
    """Whether the templates' texts, joined by NUL, have this sha256 (kept per text)."""
    key = (sha256, *sources)
    matches = _checked.get(key)
    if matches is None:
        digest = hashlib.sha256("\0".join(sources).encode()).hexdigest()
        matches = _checked[key] = digest == sha256
    return matches
