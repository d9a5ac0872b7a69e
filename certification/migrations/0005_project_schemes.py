"""Ship the science and technology award and the achievement evaluation (DESIGN §5), both with
a project as subject. Existing schemes are left alone."""

from django.db import migrations


def install_project_schemes(apps, schema_editor):
    from certification.awards.defaults import install_all

    install_all(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("certification", "0004_projects_and_awards")]

    operations = [migrations.RunPython(install_project_schemes, migrations.RunPython.noop)]
