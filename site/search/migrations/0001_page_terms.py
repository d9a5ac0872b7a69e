import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_from_the_index(apps, schema_editor):
    """Pages already indexed get their rows now (PostgreSQL; other databases never read them)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from website.search import terms

    terms.rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageTerm",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "page",
                        "term",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("term", models.TextField()),
                ("score", models.FloatField()),
                (
                    "page",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="search_terms",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["term"], include=("page", "score"), name="site_search_term_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_from_the_index, migrations.RunPython.noop, elidable=True),
    ]
