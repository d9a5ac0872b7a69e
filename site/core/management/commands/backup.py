"""`manage.py backup /var/backups/huanwei/2026-12-04`: the database and both storages' files
into a new folder (website.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media and private files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder that does not exist yet")

    def handle(self, *args, folder: Path, **options):
        if folder.exists():
            raise CommandError(f"{folder} exists already; back up into a new folder")
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} {name}" for name, count in manifest["files"].items())
        self.stdout.write(
            f"Backed up the {manifest['database']} database and {files} files to {folder}"
        )
