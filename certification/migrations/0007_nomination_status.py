"""The recommending unit's answer is the nomination's status, so it follows the one state
machine (declared transitions, one history)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("certification", "0006_status_history_in_core")]

    operations = [
        migrations.RenameField(
            model_name="nomination", old_name="recommendation", new_name="status"
        ),
    ]
