"""Wagtail's apps without the v3 API, which this site does not serve.

Wagtail 8's images, documents, snippets, locales and redirects apps register their routes and
content-type schemas with the v3 API (django-ninja) in ``ready()``, whether or not the project
installs ``wagtail.api.v3`` or mounts its URLs. Every process then imports django-ninja and
builds pydantic schemas it never uses: about 17 MB of every gunicorn worker, task worker and
management command (tests/perf/README.md, "Wagtail's v3 API left out"). ``wagtail.users``
already registers its API views only when ``wagtail.api.v3`` is installed; these configs do
the same for the other five, and INSTALLED_APPS names them instead of Wagtail's defaults.

Each ``ready()`` below is Wagtail 8.0's, in the same order, with the v3 lines left out when the
API app is not installed. ``tests/site/test_wagtail_apps.py`` pins the source of Wagtail's
own ``ready()`` methods, so an upgrade that changes them fails until these are compared again.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import ForeignKey
from django.db.models.signals import post_migrate
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.locales.apps import WagtailLocalesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig

API_V3 = "wagtail.api.v3"


def api_v3_installed() -> bool:
    """Whether the project serves Wagtail's v3 API (then Wagtail's own ready() runs whole)."""
    return apps.is_installed(API_V3)


class ImagesConfig(WagtailImagesAppConfig):
    def ready(self) -> None:
        if api_v3_installed():
            return super().ready()
        from wagtail.admin.compare import register_comparison_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.images import get_image_model, get_permission_policy
        from wagtail.images.components import ImageDisplay
        from wagtail.images.edit_handlers import ImageFieldComparison
        from wagtail.images.signal_handlers import register_signal_handlers
        from wagtail.images.widgets import AdminImageChooser
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        Image = get_image_model()
        register_permission_policy(Image, get_permission_policy())
        register_signal_handlers()
        register_form_field_override(ForeignKey, to=Image, override={"widget": AdminImageChooser})
        register_comparison_class(ForeignKey, to=Image, comparison_class=ImageFieldComparison)
        register_display_class(ForeignKey, to=Image, display_class=ImageDisplay)
        ReferenceIndex.register_model(Image)


class DocumentsConfig(WagtailDocsAppConfig):
    def ready(self) -> None:
        if api_v3_installed():
            return super().ready()
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.documents import get_document_model, get_permission_policy
        from wagtail.documents.components import DocumentDisplay
        from wagtail.documents.signal_handlers import register_signal_handlers
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        Document = get_document_model()
        register_permission_policy(Document, get_permission_policy())
        register_signal_handlers()
        register_display_class(ForeignKey, to=Document, display_class=DocumentDisplay)
        ReferenceIndex.register_model(Document)


class SnippetsConfig(WagtailSnippetsAppConfig):
    def ready(self) -> None:
        if api_v3_installed():
            return super().ready()
        from wagtail.snippets.models import create_extra_permissions, register_deferred_snippets

        register_deferred_snippets()
        post_migrate.connect(create_extra_permissions, sender=self)


class LocalesConfig(WagtailLocalesAppConfig):
    def ready(self) -> None:
        if api_v3_installed():
            return super().ready()


class RedirectsConfig(WagtailRedirectsAppConfig):
    def ready(self) -> None:
        if api_v3_installed():
            return super().ready()
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_slug_changed, post_page_move

        register_permission_policy(Redirect)
        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)
