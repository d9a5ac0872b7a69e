"""A file replaced or deleted with its row leaves storage too (a licence, a proof, a logo).

Private uploads are personal data: a replaced business licence must not stay on disk (or in
the object store) after the row stops pointing at it. The old file is deleted after the
transaction commits, and only when no row of any of our models still names it.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

OWN_APPS = ("members", "certification", "events", "publications", "core", "accounts")


def _file_fields(model) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _models_with_files():
    for model in apps.get_models():
        if model._meta.app_label in OWN_APPS and not model._meta.proxy and _file_fields(model):
            yield model


def still_used(name: str) -> bool:
    """Whether any row of our models still points at a stored file of this name."""
    for model in _models_with_files():
        for field in _file_fields(model):
            if model._default_manager.filter(**{field.name: name}).exists():
                return True
    return False


def _delete_later(field: models.FileField, name: str) -> None:
    storage = field.storage

    def delete() -> None:
        if name and not still_used(name):
            storage.delete(name)

    transaction.on_commit(delete)


def _remember_stored_files(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    fields = _file_fields(sender)
    if update_fields is not None:
        fields = [field for field in fields if field.name in update_fields]
    if raw or instance.pk is None or not fields:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values(*(f.name for f in fields))
    instance._stored_files = dict(stored.first() or {})


def _delete_replaced_files(sender, instance, raw=False, **kwargs) -> None:
    stored = getattr(instance, "_stored_files", None) or {}
    instance._stored_files = {}
    for field in _file_fields(sender):
        if field.name not in stored:
            continue
        old = stored.get(field.name)
        new = getattr(instance, field.name).name if getattr(instance, field.name) else ""
        if old and old != new:
            _delete_later(field, old)


def _delete_files_of_deleted_row(sender, instance, **kwargs) -> None:
    for field in _file_fields(sender):
        file = getattr(instance, field.name)
        if file and file.name:
            _delete_later(field, file.name)


def install() -> None:
    for model in _models_with_files():
        uid = f"file_cleanup:{model._meta.label}"
        pre_save.connect(_remember_stored_files, sender=model, dispatch_uid=uid)
        post_save.connect(_delete_replaced_files, sender=model, dispatch_uid=uid)
        post_delete.connect(_delete_files_of_deleted_row, sender=model, dispatch_uid=uid)
