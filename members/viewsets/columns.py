"""Admin table columns shared by the members' listings and reports."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.tables import Column


class DateValueColumn(Column):
    """A date as 2026-03-01: the secretariat compares dates, "3 weeks ago" does not help."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date()
        return value.isoformat() if value else ""
