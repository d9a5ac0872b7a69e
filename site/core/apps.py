from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "website.core"
    label = "core"
    verbose_name = _("Website")

    def ready(self) -> None:
        from . import (  # noqa: F401
            checks,
            choices,
            documents,
            exports,
            file_cleanup,
            logs,
            signals,
            tampered_input,
        )

        logs.install_task_logs()
        choices.install()
        exports.install()
        documents.install()
        file_cleanup.install()
        tampered_input.install()
