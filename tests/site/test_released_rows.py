"""Every long loop over fetched rows frees each row as it moves on.

A loop over ``queryset.iterator()`` is how the apps read many rows (admin exports, the nightly
dues sweep). Rows fetched with ``select_related()`` across a one-to-one, or with prefetched
relations, refer to each other, and only the garbage collector's rare full pass frees them: a
worker grew by tens of MB over 100,000 rows. `website.core.rows.released` frees each row by
refcounting alone; this test finds every ``iterator()`` call in the apps and requires it to be
the argument of ``released(...)``. How much it frees is in test_export_memory.py."""

from __future__ import annotations

import ast
import weakref

import pytest

from tests.collector import collector_off
from tests.sources import app_sources, found_in_apps
from website.core.rows import released


def _unreleased_iterator_calls(tree: ast.AST) -> list[int]:
    wrapped = {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "released"
        and node.args
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "iterator"
        and id(node) not in wrapped
    ]


def test_the_check_finds_a_bare_iterator_loop():
    bare = ast.parse("for row in Model.objects.all().iterator():\n    pass\n")
    wrapped = ast.parse("for row in released(Model.objects.iterator(chunk_size=9)):\n    pass\n")
    assert _unreleased_iterator_calls(bare) == [1]
    assert _unreleased_iterator_calls(wrapped) == []


def test_every_iterator_loop_of_the_apps_releases_its_rows():
    found = found_in_apps(_unreleased_iterator_calls)
    assert found == {}, "wrap these in website.core.rows.released(...)"
    assert sum("released(" in path.read_text(encoding="utf-8") for path in app_sources()) >= 2


@pytest.mark.django_db
def test_released_frees_the_row_before_the_next_one_is_read():
    from members.models import Membership
    from tests.members.factories import MembershipFactory

    for _ in range(3):
        MembershipFactory()
    rows = Membership.objects.select_related("organization").iterator(chunk_size=1)
    with collector_off():
        previous = None
        for membership in released(rows):
            assert membership.organization.membership is membership  # the one-to-one cycle
            if previous is not None:
                assert previous() is None
            previous = weakref.ref(membership)
            del membership
