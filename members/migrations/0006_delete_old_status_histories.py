from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0005_status_history_in_core")]

    operations = [
        migrations.DeleteModel(name="ApplicationStatusChange"),
        migrations.DeleteModel(name="MembershipStatusChange"),
    ]
