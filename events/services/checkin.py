"""On site: check-in by scanned or typed code (idempotent), counts, training certificates."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.models import Sequence

from ..models import (
    Activity,
    Attendee,
    AttendeeReplacement,
    CheckIn,
    Event,
    ExhibitorApplication,
    ExhibitorPass,
    Order,
    Place,
    RegistrationError,
    TrainingCertificate,
    WaitingListEntry,
)
from ..models.base import CODE_ALPHABET

_TICKET_URL = re.compile(r"/ticket/([A-Za-z0-9]+)/")


def normalize_code(raw: str) -> str:
    """What a scanner or a person typed, reduced to a code: a ticket URL, spaces, dashes and
    lower case are all accepted."""
    raw = (raw or "").strip()
    match = _TICKET_URL.search(raw)
    if match:
        raw = match.group(1)
    code = re.sub(r"[\s\-]", "", raw).upper()
    return code if re.fullmatch(rf"[{CODE_ALPHABET}]{{4,16}}", code) else ""


@dataclass
class CheckInResult:
    already: bool
    at: datetime.datetime
    attendee: Attendee | None = None
    exhibitor_pass: ExhibitorPass | None = None


def check_in(
    event: Event, raw_code: str, *, activity: Activity, user, method: str = CheckIn.Method.SCAN
) -> CheckInResult:
    """Mark an attendee in at an activity. Scanning again finds the first check-in and says
    so; it never counts twice (one row per attendee and activity, enforced by the database)."""
    code = normalize_code(raw_code)
    if not code:
        raise RegistrationError(_("This is not a valid code."))
    if activity.event_id != event.pk:
        raise RegistrationError(_("Choose an activity of this event."))
    attendee = (
        Attendee.objects.select_related("order", "ticket_type")
        .filter(code=code, order__event=event)
        .first()
    )
    if attendee is None:
        return _check_in_exhibitor(event, code)
    if attendee.order.status != Order.Status.CONFIRMED:
        raise RegistrationError(
            _("%(name)s's registration is not confirmed (%(status)s).")
            % {"name": attendee.name, "status": attendee.order.get_status_display()}
        )
    if not Place.objects.filter(attendee=attendee, activity=activity).exists():
        raise RegistrationError(
            _("%(name)s is not registered for “%(activity)s”.")
            % {"name": attendee.name, "activity": activity.name}
        )
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                attendee=attendee,
                activity=activity,
                checked_in_by=user if getattr(user, "is_authenticated", False) else None,
                method=method,
            )
    except IntegrityError:
        first = CheckIn.objects.get(attendee=attendee, activity=activity)
        return CheckInResult(already=True, at=first.checked_in_at, attendee=attendee)
    log(
        attendee.order,
        "events.attendee.checkin",
        user=user,
        data={"attendee": attendee.name, "activity": activity.name},
    )
    return CheckInResult(already=False, at=checkin.checked_in_at, attendee=attendee)


def _check_in_exhibitor(event: Event, code: str) -> CheckInResult:
    badge = (
        ExhibitorPass.objects.select_related("application")
        .filter(code=code, application__event=event)
        .first()
    )
    if badge is None:
        if AttendeeReplacement.objects.filter(old_code=code, attendee__order__event=event).exists():
            raise RegistrationError(_("This code was replaced: the attendee was changed."))
        raise RegistrationError(_("No attendee or exhibitor pass has this code."))
    if badge.application.status != ExhibitorApplication.Status.CONFIRMED:
        raise RegistrationError(_("This exhibitor is not confirmed."))
    now = timezone.now()
    updated = ExhibitorPass.objects.filter(pk=badge.pk, checked_in_at__isnull=True).update(
        checked_in_at=now
    )
    badge.refresh_from_db(fields=["checked_in_at"])
    return CheckInResult(already=not updated, at=badge.checked_in_at, exhibitor_pass=badge)


def activity_counts(event: Event) -> list[dict]:
    """Per activity: capacity, confirmed and pending places, places held by live waiting-list
    offers, free places and check-ins. Four queries."""
    return activity_counts_of([event])[event.pk]


def activity_counts_of(events: list[Event]) -> dict[int, list[dict]]:
    """`activity_counts()` of several events (the admin home's panel), by event id: the
    activities of each (prefetched or read) and three queries for all of them together."""
    event_ids = [event.pk for event in events]
    places = {
        row["activity_id"]: row
        for row in Place.objects.filter(activity__event__in=event_ids)
        .values("activity_id")
        .annotate(
            confirmed=Count("pk", filter=Q(attendee__order__status=Order.Status.CONFIRMED)),
            pending=Count(
                "pk",
                filter=Q(
                    attendee__order__status__in=[
                        Order.Status.PENDING_PAYMENT,
                        Order.Status.APPROVAL_PENDING,
                    ]
                ),
            ),
        )
        .order_by()
    }
    checked = dict(
        CheckIn.objects.filter(activity__event__in=event_ids)
        .values_list("activity_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    offered = dict(
        WaitingListEntry.objects.filter(activity__event__in=event_ids)
        .live_offers()
        .values_list("activity_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, list[dict]] = {}
    for event in events:
        rows = counts[event.pk] = []
        for activity in event.activities.all():
            row = places.get(activity.pk, {})
            confirmed, pending = row.get("confirmed", 0), row.get("pending", 0)
            held = offered.get(activity.pk, 0)
            rows.append(
                {
                    "activity": activity,
                    "capacity": activity.capacity,
                    "confirmed": confirmed,
                    "pending": pending,
                    "offered": held,
                    "free": max(0, activity.capacity - confirmed - pending - held),
                    "checked_in": checked.get(activity.pk, 0),
                }
            )
    return counts


def issue_training_certificates(event: Event, *, user, now=None) -> list[TrainingCertificate]:
    """A completion certificate for each confirmed attendee who checked in to activities with
    training hours; the hours are those of the activities attended. Idempotent."""
    now = now or timezone.now()
    attended = (
        Attendee.objects.filter(
            order__event=event,
            order__status=Order.Status.CONFIRMED,
            checkins__activity__hours__gt=0,
            certificate__isnull=True,
        )
        .annotate(total_hours=Sum("checkins__activity__hours"))
        .order_by("pk")
    )
    issued = []
    with transaction.atomic():
        for attendee in attended:
            year = timezone.localdate(now).year
            value = Sequence.next_value(f"events:training-certificate:{year}")
            issued.append(
                TrainingCertificate.objects.create(
                    attendee=attendee,
                    number=f"PX{year}{value:05d}",
                    hours=attendee.total_hours or Decimal("0"),
                    issued_at=now,
                    issued_by=user if getattr(user, "is_authenticated", False) else None,
                )
            )
        if issued:
            log(event, "events.event.certificates", user=user, data={"count": len(issued)})
    return issued
