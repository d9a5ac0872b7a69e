"""WSGI entry point for gunicorn: `gunicorn website.wsgi`. Reads the deployment's environment
file first (website.env), as manage.py does."""

from website.env import load_environment

load_environment(default_settings="website.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

from website.core.worker import prepare_worker  # noqa: E402

application = get_wsgi_application()
prepare_worker()
