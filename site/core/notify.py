"""One notification policy: whatever a change tells people leaves after the change commits.

Mails and other tasks are enqueued in ``transaction.on_commit``, so a change that rolls back
tells nobody, and with the immediate task backend (development, tests) a mail is sent only
once the data it describes is saved. Outside a transaction the task is enqueued at once.
Tests that run inside a transaction use ``django_capture_on_commit_callbacks(execute=True)``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.db import transaction

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextmanager
def muted_notifications() -> Iterator[None]:
    """No notifications for what happens inside (the demo loader acting for demo accounts)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def after_commit(task, *args: Any, **kwargs: Any) -> None:
    """Enqueue a django-tasks ``task`` (or call a plain callable) once the current
    transaction commits; nothing while notifications are muted."""
    if _muted.get():
        return
    enqueue = getattr(task, "enqueue", task)
    transaction.on_commit(partial(enqueue, *args, **kwargs))
