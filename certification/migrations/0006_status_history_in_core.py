"""Applications' and certificates' status histories move into the one history of
website.core.states (with who, when, from, to, why and the application's details)."""

from django.db import migrations

# (old model, its foreign key to the subject, the subject's model)
HISTORIES = (
    ("ApplicationTransition", "application_id", "application"),
    ("CertificateStatusChange", "certificate_id", "certificate"),
)


def content_type(apps, model: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="certification", model=model)[0]


def copy_to_core(apps, schema_editor):
    New = apps.get_model("core", "StatusChange")
    for old_name, subject_field, model in HISTORIES:
        Old = apps.get_model("certification", old_name)
        if not Old.objects.exists():
            continue
        kind = content_type(apps, model)
        New.objects.bulk_create(
            (
                New(
                    content_type_id=kind.pk,
                    object_id=getattr(old, subject_field),
                    from_status=old.from_status,
                    to_status=old.to_status,
                    changed_at=old.at,
                    changed_by_id=old.actor_id,
                    reason=old.reason,
                    data=getattr(old, "data", None) or {},
                )
                for old in Old.objects.order_by("pk").iterator()
            ),
            batch_size=500,
        )


def copy_back(apps, schema_editor):
    New = apps.get_model("core", "StatusChange")
    for old_name, subject_field, model in HISTORIES:
        Old = apps.get_model("certification", old_name)
        has_data = any(field.name == "data" for field in Old._meta.get_fields())
        changes = New.objects.filter(content_type=content_type(apps, model)).order_by("pk")
        Old.objects.bulk_create(
            (
                Old(
                    **{subject_field: new.object_id},
                    from_status=new.from_status,
                    to_status=new.to_status,
                    at=new.changed_at,
                    actor_id=new.changed_by_id,
                    reason=new.reason,
                    **({"data": new.data} if has_data else {}),
                )
                for new in changes.iterator()
            ),
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_status_change"),
        ("certification", "0005_project_schemes"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="ApplicationTransition"),
        migrations.DeleteModel(name="CertificateStatusChange"),
    ]
