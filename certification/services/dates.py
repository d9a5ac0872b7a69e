"""Dates: publicity windows in calendar or working days, months for validity and operation."""

from __future__ import annotations

import calendar
import datetime

from ..models import Holiday, Scheme


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, bool]) -> bool:
    """Monday to Friday, unless the holiday table says otherwise (holidays, 调休 weekends)."""
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def holiday_exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(
        Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    )


def working_days_window(start: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of `count` working days from `start` (moved to a working day)."""
    count = max(count, 1)
    # Long holidays (Spring Festival, National Day) are a week; leave room for them.
    exceptions = holiday_exceptions(start, start + datetime.timedelta(days=count * 2 + 30))
    day = start
    while not is_working_day(day, exceptions):
        day += datetime.timedelta(days=1)
    first = day
    remaining = count - 1
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            remaining -= 1
    return first, day


def publicity_window(scheme: Scheme, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """When publicity opens and the last day objections are accepted, by the scheme's rule."""
    if scheme.publicity_unit == Scheme.PublicityUnit.WORKING_DAYS:
        return working_days_window(start, scheme.publicity_length)
    return start, start + datetime.timedelta(days=max(scheme.publicity_length, 1) - 1)


def full_accounting_years(founded_on: datetime.date, today: datetime.date) -> int:
    """Complete calendar (accounting) years between founding and the last 31 December."""
    first = founded_on.year if (founded_on.month, founded_on.day) == (1, 1) else founded_on.year + 1
    return max(0, today.year - 1 - first + 1)
