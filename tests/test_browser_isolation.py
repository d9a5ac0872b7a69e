"""The browser journeys leave nothing behind for the tests that run after them."""

import asyncio
import os


def test_no_event_loop_or_async_unsafe_flag_left_behind():
    # Runs after the journeys: pytest-django orders tests without a database last.
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise AssertionError("an event loop is still running in the main thread")
