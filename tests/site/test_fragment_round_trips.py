"""A page's fragments cost one round trip to the shared cache, not one each
(website.core.cache: the areas' numbers are read once per request, and the fragments this
process already fetched are kept as bytes while those numbers hold), and they stay right."""

import pytest
from django.core.cache import caches

from tests.factories import UserFactory
from website.core import cache as page_cache
from website.core.cache import cached_fragment, invalidate, local_fragments, request_areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_trips(monkeypatch):
    """Every read of the shared cache, as (method, keys)."""
    calls: list[tuple[str, object]] = []
    depth = [0]  # a backend's get_many may call its own get: count the outer call only
    backend = caches["default"]
    for name in ("get", "get_many"):
        original = getattr(backend, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            if not depth[0]:
                calls.append((_name, args[0] if args else None))
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return calls


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_page_reads_the_shared_cache_once(client, site_home, settings, round_trips, signed_in):
    settings.PAGE_CACHE_SECONDS = 0  # every visit renders
    if signed_in:
        client.force_login(UserFactory())
    client.get("/")
    client.get("/")  # the fragments are in this process now
    round_trips.clear()
    response = client.get("/")
    assert response.status_code == 200
    # The areas' numbers, all in one get_many; no fragment fetched on its own.
    assert [name for name, _keys in round_trips] == ["get_many"], round_trips


def test_a_change_is_seen_by_the_next_request_and_by_the_same_one(round_trips):
    value = {"n": 1}
    with request_areas():
        assert cached_fragment("test:f", lambda: dict(value), 60, areas=["news"]) == {"n": 1}
        value["n"] = 2
        assert cached_fragment("test:f", lambda: dict(value), 60, areas=["news"]) == {"n": 1}
        invalidate("news")  # this request's own change
        assert cached_fragment("test:f", lambda: dict(value), 60, areas=["news"]) == {"n": 2}
    value["n"] = 3
    with request_areas():
        assert cached_fragment("test:f", lambda: dict(value), 60, areas=["news"]) == {"n": 2}
    invalidate("news")  # another process's change, between two requests
    with request_areas():
        assert cached_fragment("test:f", lambda: dict(value), 60, areas=["news"]) == {"n": 3}


def test_every_use_gets_its_own_copy():
    with request_areas():
        first = cached_fragment("test:copy", lambda: ["a"], 60, areas=["pages"])
        first.append("changed by one request")
        second = cached_fragment("test:copy", lambda: ["b"], 60, areas=["pages"])
    assert second == ["a"]
    assert second is not first


def test_another_process_s_entry_is_taken_from_the_shared_cache(round_trips):
    with request_areas():
        cached_fragment("test:shared", lambda: "computed here", 60, areas=["pages"])
    local_fragments.clear()  # a process that has not fetched it yet
    with request_areas():
        assert cached_fragment("test:shared", lambda: "again", 60, areas=["pages"]) == (
            "computed here"
        )
    assert ("get", "test:shared") in round_trips


def test_the_process_copy_is_bounded():
    kept = page_cache._LocalFragments(max_bytes=1000)
    for number in range(20):
        kept.put(f"k{number}", ((), b"x" * 100, None, "pickled"))
    assert kept.size <= 1000
    assert kept.get("k0") is None and kept.get("k19") is not None
    kept.put("big", ((), b"x" * 500, None, "pickled"))  # over an eighth: not kept
    assert kept.get("big") is None
