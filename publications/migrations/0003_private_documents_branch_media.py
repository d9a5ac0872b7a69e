"""Documents leave MEDIA_ROOT; branch secretaries lose their site-wide media rights.

- Every Wagtail document file moves from the default (public, nginx-served) storage into the
  private storage as `documents/<random token>/<name>` (website.core.documents).
- The 分支机构秘书 role no longer holds image and document permissions on the root collection:
  each branch's group holds them on its own collection (publications.services.branches).
"""

import posixpath
import secrets

from django.core.files.storage import storages
from django.db import migrations

BRANCH_SECRETARIES = "分支机构秘书"
MEDIA_APPS = ("wagtailimages", "wagtaildocs")


def move_documents(apps, schema_editor):
    Document = apps.get_model("wagtaildocs", "Document")
    public, private = storages["default"], storages["private"]
    for document in Document.objects.exclude(file="").iterator():
        name = document.file.name
        if not public.exists(name):
            continue  # already private (or missing)
        with public.open(name, "rb") as handle:
            new_name = private.save(
                posixpath.join("documents", secrets.token_hex(16), posixpath.basename(name)),
                handle,
            )
        Document.objects.filter(pk=document.pk).update(file=new_name)
        public.delete(name)


def scope_branch_secretaries(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    role = Group.objects.filter(name=BRANCH_SECRETARIES).first()
    if role is None:
        return
    roots = Collection.objects.filter(depth=1)
    GroupCollectionPermission.objects.filter(
        group=role, collection__in=roots, permission__content_type__app_label__in=MEDIA_APPS
    ).delete()
    role.permissions.remove(*role.permissions.filter(content_type__app_label__in=MEDIA_APPS))


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_submission_declined"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(scope_branch_secretaries, migrations.RunPython.noop),
        migrations.RunPython(move_documents, migrations.RunPython.noop),
    ]
