"""The scheduled sweep: expire unpaid orders, close lapsed offers, pass places on, release
unpaid booths. Idempotent: running it twice in a row does nothing the second time."""

from __future__ import annotations

from django.utils import timezone

from ..models import WaitingListEntry
from .expo import release_unpaid_booths
from .orders import expire_overdue_orders
from .waitinglist import expire_offers, offer_all_free_places


def sweep(*, now=None) -> dict[str, int]:
    now = now or timezone.now()
    orders_expired = expire_overdue_orders(now=now)
    offers_expired = expire_offers(now=now)
    offer_all_free_places(now=now)
    return {
        "orders_expired": orders_expired,
        "offers_expired": offers_expired,
        # Expiring orders and offers passes their places on at once; every offer made by
        # this sweep carries its moment.
        "places_offered": WaitingListEntry.objects.filter(
            status=WaitingListEntry.Status.OFFERED, offered_at=now
        ).count(),
        "booths_released": release_unpaid_booths(now=now),
    }
