from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo loader, in dependency order: the site, then members (everyone else needs
# organizations and persons), then the rest, then the menu entries for what they built, then
# the English translations of the sections. A module that does not exist yet is skipped.
DEMO_MODULES = [
    "website.core.demo",
    "members.demo",
    "certification.demo",
    "events.demo",
    "publications.demo",
    "website.core.demo_menu",
    "website.core.demo_english",
]


class Command(BaseCommand):
    help = "Build or refresh the demo association site. Idempotent: safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-index", action="store_true", help="Skip the search index rebuild."
        )

    def handle(self, *args, no_index=False, **options):
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            self.stdout.write(f"Loading demo data: {name}")
            with transaction.atomic():
                module.load(stdout=self.stdout)
        if not no_index:
            call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
