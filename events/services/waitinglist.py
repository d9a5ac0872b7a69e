"""The waiting list: entries in order; freed places are offered to the next entry for a
limited time; an offer not taken up in time passes on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.states import record_change, transition_many

from ..models import Activity, Attendee, Order, Place, RegistrationError, WaitingListEntry
from ..models.base import random_secret
from . import notifications
from .capacity import availability, lock_activities, locked_availability


def join_waiting_list(
    activity: Activity,
    *,
    user,
    attendee: Attendee | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    organization_name: str = "",
    now=None,
) -> WaitingListEntry:
    """Queue for a place in a full activity, as a registered attendee wanting a full forum or
    as someone who could not register at all."""
    now = now or timezone.now()
    event = activity.event
    if not event.waiting_list_enabled:
        raise RegistrationError(_("This event has no waiting list."))
    if now >= event.starts_at:
        raise RegistrationError(_("This event has already started."))
    if attendee is not None:
        order = attendee.order
        if order.event_id != event.pk or not order.holds_places:
            raise RegistrationError(_("This attendee has no active registration for the event."))
        if not attendee.ticket_type.activities.filter(pk=activity.pk, is_optional=True).exists():
            raise RegistrationError(_("The attendee's ticket does not admit to this activity."))
        if Place.objects.filter(attendee=attendee, activity=activity).exists():
            raise RegistrationError(_("The attendee already has a place in this activity."))
        name, email = attendee.name, attendee.email
        phone = phone or attendee.mobile
        organization_name = organization_name or attendee.organization_name
        duplicate = WaitingListEntry.objects.active().filter(activity=activity, attendee=attendee)
    else:
        if not name.strip() or not email.strip():
            raise RegistrationError(_("Enter a name and an email address."))
        duplicate = WaitingListEntry.objects.active().filter(
            activity=activity, attendee__isnull=True, email__iexact=email.strip()
        )
    if duplicate.exists():
        raise RegistrationError(_("Already on the waiting list for this activity."))
    counts = availability([activity], now=now)[activity.pk]
    queue = WaitingListEntry.objects.filter(
        activity=activity, status=WaitingListEntry.Status.WAITING
    )
    if not counts.is_full and not queue.exists():
        raise RegistrationError(_("There are places left in this activity: register directly."))
    with transaction.atomic():
        entry = WaitingListEntry.objects.create(
            event=event,
            activity=activity,
            attendee=attendee,
            user=user if getattr(user, "is_authenticated", False) else None,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            organization_name=organization_name.strip(),
            created_at=now,
        )
        record_change(entry, "", entry.status, user=user)
        log(entry, "events.waitinglist.join", user=user)
    notifications.waiting_list_joined(entry)
    return entry


def offer_free_places(activity_ids: Iterable[int], *, now=None) -> list[WaitingListEntry]:
    """Offer every free place to the next entries in line. Safe to call any time: with no
    free place or nobody waiting it does nothing."""
    now = now or timezone.now()
    offered: list[WaitingListEntry] = []
    for activity_id in sorted(set(activity_ids)):
        with transaction.atomic():
            locked, counts = locked_availability([activity_id], now=now)
            if not locked:
                continue
            activity = locked[0]
            event = activity.event
            if not event.waiting_list_enabled or now >= event.starts_at:
                continue
            free = counts[activity.pk].free
            if free <= 0:
                continue
            _withdraw_stale_entries(activity, now=now)
            entries = list(
                WaitingListEntry.objects.select_for_update()
                .filter(activity=activity, status=WaitingListEntry.Status.WAITING)
                .order_by("created_at", "pk")[:free]
            )
            expires = min(now + datetime.timedelta(hours=event.offer_hours), event.starts_at)
            for entry in entries:
                entry.offered_at = now
                entry.offer_expires_at = expires
                entry.offer_token = random_secret()
                entry.transition(
                    WaitingListEntry.Status.OFFERED,
                    reason=_("A place became free"),
                    update_fields=("offered_at", "offer_expires_at", "offer_token"),
                    log_action="events.waitinglist.offer",
                )
            offered.extend(entries)
    for entry in offered:
        notifications.waiting_list_offer(entry)
    return offered


def _withdraw_stale_entries(activity: Activity, *, now) -> None:
    """Entries of attendees whose order no longer holds places cannot be served: close them
    before offering, so the place goes to someone who can take it."""
    stale = (
        WaitingListEntry.objects.select_for_update(of=("self",))
        .filter(
            activity=activity,
            status=WaitingListEntry.Status.WAITING,
            attendee__isnull=False,
        )
        .exclude(attendee__order__status__in=Order.HOLDS_PLACES)
    )
    for entry in stale:
        entry.transition(
            WaitingListEntry.Status.WITHDRAWN,
            reason=_("The attendee's registration is no longer active"),
        )


def withdraw_entries_of_order(order: Order, *, user=None, reason: str = "") -> list[int]:
    """Inside the transaction that cancels or expires an order: its attendees leave the
    waiting lists. Returns the activities whose offers were given back."""
    freed = []
    entries = WaitingListEntry.objects.select_for_update(of=("self",)).filter(
        attendee__order=order,
        status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
    )
    for entry in entries:
        if entry.status == WaitingListEntry.Status.OFFERED:
            freed.append(entry.activity_id)
        entry.transition(
            WaitingListEntry.Status.WITHDRAWN,
            user=user,
            reason=reason,
            log_action="events.waitinglist.withdraw",
        )
    return freed


def accept_offer(entry: WaitingListEntry, *, user, now=None) -> Place:
    """A registered attendee takes up the offered place in the activity."""
    now = now or timezone.now()
    if entry.attendee_id is None:
        raise RegistrationError(_("Register with this offer to take up the place."))
    with transaction.atomic():
        lock_activities([entry.activity_id])
        entry = (
            WaitingListEntry.objects.select_for_update(of=("self",))
            .select_related("attendee__order")
            .get(pk=entry.pk)
        )
        if entry.user_id != getattr(user, "pk", None):
            raise RegistrationError(_("This offer is not yours."))
        if not entry.offer_is_live(now):
            raise RegistrationError(_("This offer has expired."))
        if not entry.attendee.order.holds_places:
            raise RegistrationError(_("This attendee has no active registration for the event."))
        counts = availability([entry.activity], exclude_offer=entry, now=now)[entry.activity_id]
        if counts.free < 1:
            raise RegistrationError(_("Sorry, the place is no longer free."))
        place, _created = Place.objects.get_or_create(
            attendee=entry.attendee, activity=entry.activity, defaults={"created_at": now}
        )
        entry.transition(
            WaitingListEntry.Status.ACCEPTED,
            user=user,
            reason=_("Offer taken up"),
            log_action="events.waitinglist.accept",
        )
    if entry.attendee.order.status == Order.Status.CONFIRMED:
        notifications.attendee_confirmation(entry.attendee)
    return place


def withdraw_entry(
    entry: WaitingListEntry, *, user, reason: str = "", now=None
) -> WaitingListEntry:
    """Leave the waiting list, or decline an offer (which then passes on)."""
    with transaction.atomic():
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        was_offered = entry.status == WaitingListEntry.Status.OFFERED
        entry.transition(
            WaitingListEntry.Status.WITHDRAWN,
            user=user,
            reason=reason,
            log_action="events.waitinglist.withdraw",
        )
    if was_offered:
        offer_free_places([entry.activity_id], now=now)
    return entry


def expire_offers(*, now=None) -> int:
    """Close offers that were not taken up in time and pass their places on. Idempotent."""
    now = now or timezone.now()
    expired = transition_many(
        WaitingListEntry.objects.filter(
            status=WaitingListEntry.Status.OFFERED, offer_expires_at__lte=now
        ),
        WaitingListEntry.Status.EXPIRED,
        reason=_("Offer not taken up in time"),
        log_action="events.waitinglist.expire",
    )
    for entry in expired:
        notifications.waiting_list_offer_expired(entry)
    offer_free_places({entry.activity_id for entry in expired}, now=now)
    return len(expired)


def offer_all_free_places(*, now=None) -> int:
    """Sweep: offer places freed by any means (also a raised capacity) to those waiting."""
    activity_ids = (
        WaitingListEntry.objects.filter(status=WaitingListEntry.Status.WAITING)
        .values_list("activity_id", flat=True)
        .distinct()
    )
    return len(offer_free_places(list(activity_ids), now=now))
