"""A site without a name shows as "localhost" in the admin: give it the association's name."""

from django.conf import settings
from django.db import migrations


def name_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("core", "SiteSettings")
    for site in Site.objects.filter(site_name=""):
        configured = SiteSettings.objects.filter(site=site).values_list("name", flat=True).first()
        site.site_name = configured or settings.WAGTAIL_SITE_NAME
        site.save(update_fields=["site_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_site_settings_in_english"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_sites, migrations.RunPython.noop)]
