"""/healthz checks the database, the cache, both storages and the task queue, as JSON, and
answers 503 when one fails (a stopped worker shows as a task waiting too long)."""

from __future__ import annotations

import datetime
import json
import logging

import pytest
from django.utils import timezone

from website.core.logs import JsonFormatter, request_log
from website.core.mail import send_email

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_all_checks_pass(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert set(data["checks"]) == {
        "database",
        "cache",
        "media storage",
        "private storage",
        "tasks",
    }
    assert all(check["ok"] for check in data["checks"].values())
    assert "no-cache" in response["Cache-Control"]


def test_a_task_waiting_too_long_fails_the_check(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTHZ_MAX_TASK_WAIT = 300
    from django_tasks_db.models import DBTaskResult

    send_email.enqueue(to=["a@example.com"], subject="s", body="b")
    fresh = client.get("/healthz")
    assert fresh.status_code == 200
    assert fresh.json()["checks"]["tasks"]["oldest_waiting_seconds"] < 300

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert response.json()["status"] == "fail"
    assert tasks["ok"] is False and tasks["oldest_waiting_seconds"] >= 600


def test_an_unreachable_cache_fails_the_check(client, settings):
    # Port 1: nothing listens there.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    check = response.json()["checks"]["cache"]
    assert check["ok"] is False and "ConnectionError" in check["error"]


def test_an_unwritable_storage_fails_the_check(client, settings, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "a-file" / "private")},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["private storage"]["ok"] is False
    assert response.json()["checks"]["media storage"]["ok"] is True


def test_request_and_task_logs_are_json_lines(rf, caplog):
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="website.tasks")  # production's level
    from django.http import HttpResponse

    middleware = request_log(lambda request: HttpResponse(status=201))
    request = rf.get("/news/")
    middleware(request)
    send_email.enqueue(to=["a@example.com"], subject="s", body="b")

    formatter = JsonFormatter()
    lines = [json.loads(formatter.format(record)) for record in caplog.records]
    logged = next(line for line in lines if line["logger"] == "website.request")
    assert logged["path"] == "/news/" and logged["status"] == 201 and logged["method"] == "GET"
    assert isinstance(logged["duration_ms"], float)
    finished = next(line for line in lines if line["message"] == "task finished")
    assert finished["task"] == "website.core.mail.send_email"
    assert finished["task_status"] == "SUCCESSFUL"
