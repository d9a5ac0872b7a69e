"""The daily dues sweep: python manage.py membership_sweep (safe to run twice a day)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from members.services import run_sweep


class Command(BaseCommand):
    help = (
        "Issue next year's dues invoices, send renewal reminders, mark overdue invoices, "
        "move unpaid memberships into grace and then lapse them. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Run as if today were this date (YYYY-MM-DD), e.g. to catch up.",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD") from error
        report = run_sweep(today)
        for line in report.lines():
            self.stdout.write(line)
