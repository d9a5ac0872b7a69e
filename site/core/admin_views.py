"""Small behaviours shared by the apps' Wagtail admin views."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format


class LocalTimeInspectMixin:
    """For Wagtail InspectViews: times in the site's time zone (Beijing time).

    Wagtail renders an aware datetime field as stored, in UTC, so a record created at 09:45 in
    Beijing showed 01:45.
    """

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value
