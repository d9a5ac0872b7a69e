"""Ship the two schemes of DESIGN §5 with their first published criteria (credit rating and
incineration plant grading). Existing schemes are left alone."""

from django.db import migrations


def install_defaults(apps, schema_editor):
    from certification.defaults import SHIPPED, install

    for spec in SHIPPED:
        install(spec, apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
