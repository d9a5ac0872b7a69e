"""Small behaviours shared by the apps' Wagtail admin views."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class LocalTimeInspectMixin:
    """For Wagtail InspectViews: values as people read them.

    Times in the site's time zone (Beijing time): Wagtail renders an aware datetime field as
    stored, in UTC, so a record created at 09:45 in Beijing showed 01:45. Yes/no fields read
    是/否 and an empty value a dash, where Wagtail printed Python's True, False and None.
    """

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None or value == "":
            return "—"
        return value
