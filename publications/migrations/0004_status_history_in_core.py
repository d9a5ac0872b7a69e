"""Standards and news submissions keep their status history in the one history of
website.core.states; their own history tables go."""

from django.db import migrations

# (old model, its foreign key to the subject, the subject's model name)
TABLES = (
    ("StandardStatusChange", "standard_id", "groupstandardpage"),
    ("NewsSubmissionChange", "submission_id", "newssubmission"),
)
FIELDS = ("from_status", "to_status", "changed_at", "changed_by_id", "reason")


def copy_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    for old_model, subject, model_name in TABLES:
        Old = apps.get_model("publications", old_model)
        if not Old.objects.exists():
            continue
        content_type, _created = ContentType.objects.get_or_create(
            app_label="publications", model=model_name
        )
        StatusChange.objects.bulk_create(
            (
                StatusChange(
                    content_type_id=content_type.pk,
                    object_id=getattr(old, subject),
                    **{name: getattr(old, name) for name in FIELDS},
                )
                for old in Old.objects.order_by("pk").iterator()
            ),
            batch_size=500,
        )


def copy_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    for old_model, subject, model_name in TABLES:
        Old = apps.get_model("publications", old_model)
        content_type = ContentType.objects.filter(
            app_label="publications", model=model_name
        ).first()
        if content_type is None:
            continue
        ours = StatusChange.objects.filter(content_type=content_type)
        Old.objects.bulk_create(
            (
                Old(
                    **{subject: change.object_id},
                    **{name: getattr(change, name) for name in FIELDS},
                )
                for change in ours.order_by("pk")
            ),
            batch_size=500,
        )
        ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_status_change"),
        ("publications", "0003_private_documents_branch_media"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="StandardStatusChange"),
        migrations.DeleteModel(name="NewsSubmissionChange"),
    ]
