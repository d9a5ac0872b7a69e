"""Run every few minutes (cron or a django-tasks schedule):

    python manage.py events_sweep

Expires unpaid orders and orders not approved in time and releases their places, closes waiting-list offers that were not
taken up and passes them on, offers free places to those waiting, releases unpaid booths.
Idempotent: a second run right after the first changes nothing."""

from django.core.management.base import BaseCommand

from events.services import sweep


class Command(BaseCommand):
    help = (
        "Expire unpaid orders and offers, pass places to the waiting list, release unpaid booths."
    )

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))
