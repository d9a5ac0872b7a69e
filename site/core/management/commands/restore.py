"""`manage.py restore /var/backups/huanwei/2026-12-04`: a backup into a new, empty database
and the configured storages (website.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and the configured storages."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            result = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} {name}" for name, count in result["files"].items())
        self.stdout.write(f"Restored the {result['database']} database and {files} files")
