"""Production: everything from the environment (website.env reads the deployment's environment
file); refuses to start, naming every problem at once, when a setting would make the site fail
silently: no SECRET_KEY, DEBUG on, no public BASE_URL, no shared Redis cache, a mail backend
that sends nothing, or tasks that no worker runs."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Mail backends that send nothing: a reminder "sent" to the console reaches nobody.
SILENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
# Task backends that no db_worker reads: mails and PDFs would run inside the web request, or
# never.
WORKERLESS_TASK_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}


def refusals(environ=os.environ) -> list[str]:
    problems = []
    if not SECRET_KEY:  # noqa: F405
        problems.append("SECRET_KEY must be set in the environment.")
    if env_bool("DEBUG", False):
        problems.append("DEBUG must be off in production (unset DEBUG).")
    # Emails, QR codes and documents link to BASE_URL: it must be the public address.
    if urlsplit(environ.get("BASE_URL", "")).hostname in {None, "localhost", "127.0.0.1"}:
        problems.append("BASE_URL must be set to the site's public address.")
    # Web processes, the worker and the cron jobs each invalidate the page cache and count
    # rate limits: with a per-process cache the others never hear of it.
    if not REDIS_URL:  # noqa: F405
        problems.append(
            "REDIS_URL must be set: every web process, the task worker and the cron jobs "
            "share one cache (page-cache invalidation, rate limits)."
        )
    if EMAIL_BACKEND in SILENT_EMAIL_BACKENDS:
        problems.append(
            f"EMAIL_BACKEND {EMAIL_BACKEND} sends no mail; use SMTP (EMAIL_HOST, EMAIL_PORT)."
        )
    if TASKS["default"]["BACKEND"] in WORKERLESS_TASK_BACKENDS:
        problems.append(
            f"TASKS_BACKEND {TASKS['default']['BACKEND']} is not read by `manage.py db_worker`; "
            "leave it unset (django_tasks_db.DatabaseBackend)."
        )
    return problems


if problems := refusals():
    raise ImproperlyConfigured(
        "Production settings refused:\n- "
        + "\n- ".join(problems)
        + "\nSet them in the environment file (HUANWEI_ENV_FILE, default /etc/huanwei/env)."
    )

# One JSON object per line (website.core.logs): every request and every task, plus warnings.
MIDDLEWARE = ["website.core.logs.request_log", *MIDDLEWARE]  # noqa: F405
LOGGING["formatters"] = {"json": {"()": "website.core.logs.JsonFormatter"}}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405
LOGGING["loggers"]["website.request"] = {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")}  # noqa: F405
LOGGING["loggers"]["website.tasks"] = {"level": "INFO"}  # noqa: F405

# Error reports to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
