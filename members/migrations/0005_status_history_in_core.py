"""Membership and application status history moves into core.StatusChange (one history for
every record with a status). The rows are copied here; 0006 drops the two members tables (a
migration of its own, so that PostgreSQL has no pending trigger events on the drop)."""

from django.db import migrations

# Old table -> (model whose history it is, the foreign key naming it).
HISTORIES = {
    "MembershipStatusChange": ("membership", "membership_id"),
    "ApplicationStatusChange": ("membershipapplication", "application_id"),
}


def copy_history(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    for old_name, (model, key) in HISTORIES.items():
        old = apps.get_model("members", old_name)
        if not old.objects.exists():
            continue
        content_type, _created = ContentType.objects.get_or_create(app_label="members", model=model)
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    content_type=content_type,
                    object_id=getattr(row, key),
                    from_status=row.from_status,
                    to_status=row.to_status,
                    changed_at=row.changed_at,
                    changed_by_id=row.changed_by_id,
                    reason=row.reason,
                )
                for row in old.objects.order_by("changed_at", "pk").iterator()
            ],
            batch_size=1000,
        )


def copy_back(apps, schema_editor):
    """The reverse: the rows go back to the members tables and leave core's history."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    for old_name, (model, key) in HISTORIES.items():
        content_type = ContentType.objects.filter(app_label="members", model=model).first()
        if content_type is None:
            continue
        rows = StatusChange.objects.filter(content_type=content_type)
        old = apps.get_model("members", old_name)
        old.objects.bulk_create(
            [
                old(
                    **{key: row.object_id},
                    from_status=row.from_status,
                    to_status=row.to_status,
                    changed_at=row.changed_at,
                    changed_by_id=row.changed_by_id,
                    reason=row.reason,
                )
                for row in rows.order_by("changed_at", "pk").iterator()
            ],
            batch_size=1000,
        )
        rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_status_change"),
        ("members", "0004_records"),
    ]

    operations = [
        migrations.RunPython(copy_history, copy_back),
    ]
