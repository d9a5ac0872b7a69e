"""Scheduled daily: expire certificates past their validity, send expiry reminders and remind
holders of annual checks (年审) due soon or overdue.

Idempotent: a second run on the same day changes nothing and sends nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from certification.services import expire_certificates, send_expiry_reminders
from certification.services.annual import send_annual_check_reminders


class Command(BaseCommand):
    help = "Expire certificates past their validity; remind holders of upcoming expiry."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--remind-days",
            type=int,
            default=90,
            help="Remind holders this many days before expiry (0 to send no reminders).",
        )

    def handle(self, *args, date=None, remind_days=90, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"Not a date: {date}") from error
        expired = expire_certificates(today=today)
        reminded = send_expiry_reminders(today=today, days=remind_days) if remind_days else 0
        checks = send_annual_check_reminders(today=today)
        self.stdout.write(
            f"Expired {expired} certificate(s); sent {reminded} reminder(s) and "
            f"{checks} annual check reminder(s)."
        )
