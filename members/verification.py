"""Public verification of a membership: enough to confirm a claim, nothing to enumerate.

Membership numbers are sequential and printed on paper, so a number alone reveals nothing but
an invitation to say whose it is. The QR code on the 会员证 carries a key derived from the
number with the site's secret: whoever holds the certificate (or its QR) sees the holder and
the live status. Anyone else confirms a claim by typing the holder's name as printed; the
answer is the same whether the number is unknown or the name is wrong. Lookups are rate
limited per client.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from members.models import Membership

KEY_SALT = "members.verification"
LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 600


def verification_key(number: str) -> str:
    return salted_hmac(KEY_SALT, number.upper()).hexdigest()[:20]


def verification_url(membership: Membership) -> str:
    """The absolute URL the certificate's QR code opens (BASE_URL, never the request's host)."""
    path = reverse("members:verify", kwargs={"number": membership.number})
    return f"{settings.BASE_URL.rstrip('/')}{path}?key={verification_key(membership.number)}"


def _normalized(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")  # （） and full-width letters as ASCII
    return re.sub(r"\s+", "", text).casefold()


def holder_name(membership: Membership) -> str:
    if membership.organization_id:
        return membership.organization.name
    return membership.person.name if membership.person_id else ""


@dataclass(frozen=True)
class Verification:
    membership: Membership | None
    by_key: bool

    @property
    def found(self) -> bool:
        return self.membership is not None


def verify(number: str, *, key: str = "", name: str = "") -> Verification:
    """The membership if the key fits the number, or if the name matches its holder."""
    number = (number or "").strip().upper()
    membership = (
        Membership.objects.select_related("organization", "person").filter(number=number).first()
    )
    if membership is None:
        return Verification(None, by_key=False)
    if key and constant_time_compare(key, verification_key(number)):
        return Verification(membership, by_key=True)
    if name and _normalized(name) == _normalized(holder_name(membership)):
        return Verification(membership, by_key=False)
    return Verification(None, by_key=False)
