"""Wagtail's images, documents, snippets, locales and redirects apps run without the v3 API the
site does not serve (website.core.wagtail_apps), and still set up everything else they did.

Their ready() methods are Wagtail's with the v3 lines left out. The source of Wagtail's own is
pinned here: when an upgrade changes one, this fails until the copy is compared again."""

import hashlib
import inspect
import weakref

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.signal_handlers import (
    autocreate_redirects_on_page_move,
    autocreate_redirects_on_slug_change,
)
from wagtail.documents import get_document_model
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images import get_image_model
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.images.widgets import AdminImageChooser
from wagtail.locales.apps import WagtailLocalesAppConfig
from wagtail.models.reference_index import ReferenceIndex
from wagtail.permissions import policy_registry
from wagtail.signals import page_slug_changed, post_page_move
from wagtail.snippets.apps import WagtailSnippetsAppConfig
from wagtail.snippets.models import create_extra_permissions
from wagtail.utils.registry import ObjectTypeRegistry

from website.core import wagtail_apps

# sha256 of inspect.getsource(<Wagtail's AppConfig>.ready), Wagtail 8.0.
PINNED = {
    WagtailImagesAppConfig: "52e409385bb1ad6269ea4d3e46918062ec1b167f9667b89fc6581a4d79c31aa2",
    WagtailDocsAppConfig: "4cdf87a46dbf81efa9910450b8a0756c0474db373c840e42180c24936737ac6d",
    WagtailSnippetsAppConfig: "1ac35b5ed40349560ef6772c940e99518fb6b96c9700e505fade4d7f289785e2",
    WagtailLocalesAppConfig: "212230a703ac39a7c0ce73aac78ab0e72a8ac96c7e8ca257da797e8c2302bd2b",
    WagtailRedirectsAppConfig: "19d1a78049d84e479ad274b23b38dd533bfe9d897661912593ec0b2c293881e9",
}

OURS = {
    "wagtailimages": wagtail_apps.ImagesConfig,
    "wagtaildocs": wagtail_apps.DocumentsConfig,
    "wagtailsnippets": wagtail_apps.SnippetsConfig,
    "wagtaillocales": wagtail_apps.LocalesConfig,
    "wagtailredirects": wagtail_apps.RedirectsConfig,
}


@pytest.mark.parametrize("config", PINNED, ids=lambda config: config.__name__)
def test_wagtails_ready_is_the_one_the_copy_was_made_from(config):
    source = inspect.getsource(config.ready)
    assert hashlib.sha256(source.encode()).hexdigest() == PINNED[config], (
        f"{config.__module__}.{config.__name__}.ready() changed with this Wagtail: compare it "
        f"with website.core.wagtail_apps, bring the copy in line, then update the pin here."
    )


@pytest.mark.parametrize("label", OURS)
def test_installed_apps_use_the_configs_without_the_v3_api(label):
    config = apps.get_app_config(label)
    assert type(config) is OURS[label]
    assert not wagtail_apps.api_v3_installed()


def _receivers(signal) -> set:
    found = set()
    for _key, receiver, *_rest in signal.receivers:
        found.add(receiver() if isinstance(receiver, weakref.ReferenceType) else receiver)
    return found


def test_what_the_apps_set_up_besides_the_api_is_still_set_up():
    image, document = get_image_model(), get_document_model()
    for model in (image, document, Redirect):  # registered, not the fallback policy
        assert ObjectTypeRegistry.get_by_type(policy_registry, model) is not None, model
    assert ReferenceIndex.is_indexed(image)
    assert ReferenceIndex.is_indexed(document)
    assert autocreate_redirects_on_page_move in _receivers(post_page_move)
    assert autocreate_redirects_on_slug_change in _receivers(page_slug_changed)
    assert create_extra_permissions in _receivers(post_migrate)


def test_an_image_foreign_key_is_chosen_with_wagtails_image_chooser():
    from django.forms import modelform_factory
    from wagtail.admin.forms.models import WagtailAdminModelForm

    model, name = next(
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and getattr(field, "related_model", None) is get_image_model()
    )
    form_class = modelform_factory(model, form=WagtailAdminModelForm, fields=[name])
    assert isinstance(form_class.base_fields[name].widget, AdminImageChooser)
