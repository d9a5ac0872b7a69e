"""Holds: places kept by orders that are neither paid nor approved yet (Order.OPEN).

One account, or one organization through its contacts, may hold only so many of an event's
places at a time (the event's limits), and holds lapse (the sweep expires them). The limits
are counted under a lock on the account's and the organization's rows, taken before the
capacity lock in the same transaction, so simultaneous requests of one holder queue up
instead of all passing the count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization

from ..models import Event, Order, RegistrationError
from .capacity import _lock_rows


def lock_holders(user, organization: Organization | None) -> None:
    """Lock the account, then the organization (always in this order), until the end of the
    transaction."""
    _lock_rows(get_user_model(), [user.pk])
    if organization is not None:
        _lock_rows(Organization, [organization.pk])


def _held(event: Event, holder: Q) -> tuple[int, int]:
    """Open orders of the holder and the attendees in them, in one query."""
    found = Order.objects.filter(holder, event=event, status__in=Order.OPEN).aggregate(
        orders=Count("pk", distinct=True), places=Count("attendees")
    )
    return found["orders"], found["places"]


def check_hold_limits(
    event: Event, *, user, organization: Organization | None, attendees: int
) -> None:
    """Refuse a new open order that would take the account or the organization over the
    event's limits. Call inside the transaction, after lock_holders()."""
    checks = [
        (
            Q(created_by=user),
            event.max_open_orders_per_account,
            event.max_held_places_per_account,
            _(
                "You already have %(count)d registrations for this event awaiting payment or "
                "approval, the most one account may have. Please complete or cancel one of "
                "them first, or contact the secretariat."
            ),
            _(
                "Your registrations awaiting payment or approval would hold %(count)d places "
                "for this event; one account may hold at most %(limit)d. Please complete or "
                "cancel an open order first, or contact the secretariat."
            ),
        )
    ]
    if organization is not None:
        checks.append(
            (
                Q(organization=organization),
                event.max_open_orders_per_organization,
                event.max_held_places_per_organization,
                _(
                    "%(organization)s already has %(count)d registrations for this event "
                    "awaiting payment or approval, the most one organization may have. Please "
                    "complete or cancel one of them first, or contact the secretariat."
                ),
                _(
                    "The registrations of %(organization)s awaiting payment or approval would "
                    "hold %(count)d places for this event; one organization may hold at most "
                    "%(limit)d. Please complete or cancel an open order first, or contact the "
                    "secretariat."
                ),
            )
        )
    for holder, max_orders, max_places, orders_message, places_message in checks:
        orders, places = _held(event, holder)
        names = {"organization": str(organization) if organization else ""}
        if max_orders and orders >= max_orders:
            raise RegistrationError(orders_message % {"count": orders, **names})
        if max_places and places + attendees > max_places:
            raise RegistrationError(
                places_message % {"count": places + attendees, "limit": max_places, **names}
            )


@dataclass
class Holder:
    """One account or organization with the open orders it holds for an event."""

    kind: str  # "account" or "organization"
    label: str
    email: str = ""
    orders: list[Order] = field(default_factory=list)
    places: int = 0
    first_expiry: object = None

    @property
    def order_count(self) -> int:
        return len(self.orders)


SORTS = {
    "places": lambda holder: (-holder.places, -holder.order_count, holder.label),
    "orders": lambda holder: (-holder.order_count, -holder.places, holder.label),
    "expiry": lambda holder: (holder.first_expiry is None, holder.first_expiry, holder.label),
    "name": lambda holder: (holder.label,),
}


def holders(event: Event, *, sort: str = "places") -> dict[str, list[Holder]]:
    """Open orders of the event grouped by the account that placed them and by organization,
    largest holders first (or by `sort`), for the staff holds page."""
    orders = list(
        Order.objects.filter(event=event, status__in=Order.OPEN)
        .select_related("created_by", "organization")
        .annotate(held=Count("attendees"))
        .order_by("created_at", "pk")
    )
    by_account: dict[object, Holder] = {}
    by_organization: dict[object, Holder] = {}
    for order in orders:
        order.expires = order.hold_expires_at
        user = order.created_by
        account = by_account.setdefault(
            order.created_by_id,
            Holder(
                kind="account",
                label=(user.get_full_name() or user.get_username()) if user else "—",
                email=user.email if user else "",
            ),
        )
        groups = [account]
        if order.organization_id:
            groups.append(
                by_organization.setdefault(
                    order.organization_id,
                    Holder(kind="organization", label=str(order.organization)),
                )
            )
        for holder in groups:
            holder.orders.append(order)
            holder.places += order.held
            if order.expires and (
                holder.first_expiry is None or order.expires < holder.first_expiry
            ):
                holder.first_expiry = order.expires
    key = SORTS.get(sort, SORTS["places"])
    return {
        "accounts": sorted(by_account.values(), key=key),
        "organizations": sorted(by_organization.values(), key=key),
    }


def release_hold(order: Order, *, user, reason: str, now=None) -> Order:
    """Staff end an open order's hold: the order is cancelled with the reason, the registrant
    is told, and the places go to the waiting list."""
    from .orders import cancel_order

    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Give a reason for releasing the places."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in Order.OPEN:
            raise RegistrationError(_("Only orders awaiting payment or approval hold places."))
        order = cancel_order(
            locked,
            user=user,
            reason=reason,
            by_staff=True,
            now=now or timezone.now(),
            log_action="events.order.release",
        )
    return order
