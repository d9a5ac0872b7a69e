"""The events app's status history moves into the one history of website.core.states."""

from django.db import migrations

FIELDS = ("content_type_id", "object_id", "from_status", "to_status", "changed_at")


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("events", "StatusChange")
    New = apps.get_model("core", "StatusChange")
    New.objects.bulk_create(
        (
            New(
                **{name: getattr(old, name) for name in FIELDS},
                changed_by_id=old.changed_by_id,
                reason=old.reason,
            )
            for old in Old.objects.order_by("pk").iterator()
        ),
        batch_size=500,
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("events", "StatusChange")
    New = apps.get_model("core", "StatusChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.filter(app_label="events").values_list("pk", flat=True)
    ours = New.objects.filter(content_type_id__in=list(types))
    Old.objects.bulk_create(
        (
            Old(
                **{name: getattr(new, name) for name in FIELDS},
                changed_by_id=new.changed_by_id,
                reason=new.reason,
            )
            for new in ours.order_by("pk")
        ),
        batch_size=500,
    )
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_status_change"),
        ("events", "0002_hold_limits"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="StatusChange"),
    ]
