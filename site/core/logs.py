"""Structured logs for production: one JSON object per line on stderr, which journald,
Docker or any log shipper takes as is.

- `JsonFormatter` writes the record's time, level, logger and message plus the fields passed
  in `extra=` (request and task fields below), and the traceback when there is one.
- `request_log` (middleware, production only) logs every request on "website.request": method,
  path, status, duration in milliseconds, the user's id and the client's address.
- `install_task_logs()` logs every task a worker starts and finishes on "website.tasks": the
  task's path, its id, its status and, when it ends, how long it took.
"""

from __future__ import annotations

import datetime
import json
import logging
import time

REQUEST_LOG = logging.getLogger("website.request")
TASK_LOG = logging.getLogger("website.tasks")

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_log(get_response):
    def middleware(request):
        started = time.perf_counter()
        response = get_response(request)
        user = getattr(request, "user", None)
        REQUEST_LOG.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "remote_addr": request.META.get("HTTP_X_REAL_IP")
                or request.META.get("REMOTE_ADDR"),
            },
        )
        return response

    return middleware


def _task_fields(task_result) -> dict:
    return {
        "task": task_result.task.module_path,
        "task_id": str(task_result.id),
        "task_status": str(task_result.status),
    }


def install_task_logs() -> None:
    from django_tasks.signals import task_enqueued, task_finished, task_started

    def enqueued(sender, task_result, **kwargs):
        TASK_LOG.info("task enqueued", extra=_task_fields(task_result))

    def started(sender, task_result, **kwargs):
        TASK_LOG.info("task started", extra=_task_fields(task_result))

    def finished(sender, task_result, **kwargs):
        fields = _task_fields(task_result)
        if task_result.started_at and task_result.finished_at:
            duration = task_result.finished_at - task_result.started_at
            fields["duration_ms"] = round(duration.total_seconds() * 1000, 1)
        level = logging.ERROR if fields["task_status"] == "FAILED" else logging.INFO
        TASK_LOG.log(level, "task finished", extra=fields)

    task_enqueued.connect(enqueued, weak=False, dispatch_uid="website.tasks.enqueued")
    task_started.connect(started, weak=False, dispatch_uid="website.tasks.started")
    task_finished.connect(finished, weak=False, dispatch_uid="website.tasks.finished")
