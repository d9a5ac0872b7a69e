"""ASGI entry point. Reads the deployment's environment file first (website.env)."""

from website.env import load_environment

load_environment(default_settings="website.settings.production")

from django.core.asgi import get_asgi_application  # noqa: E402

from website.core.worker import prepare_worker  # noqa: E402

application = get_asgi_application()
prepare_worker()
