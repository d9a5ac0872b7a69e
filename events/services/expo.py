"""The exhibition: applications, approval, booth allocation under a row lock, payment within
the event's booth payment days, release of unpaid booths, staff passes, catalogue entries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from wagtail.log_actions import log

from members.access import organizations_of
from members.models import Organization
from members.validators import normalize_credit_code, validate_credit_code
from website.core.cache import invalidate
from website.core.files import web_image
from website.core.states import record_change

from ..models import (
    Booth,
    Event,
    ExhibitorApplication,
    ExhibitorPass,
    Payment,
    RegistrationError,
)
from . import notifications
from .capacity import lock_booth, race_window

CATALOGUE_MAX_LENGTH = 300


@dataclass
class ApplicationData:
    company_name: str
    credit_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    wanted_kind: str = Booth.Kind.STANDARD
    wanted_area: Decimal = Decimal("9")
    wanted_booth: Booth | None = None
    products: str = ""
    website: str = ""


def apply_for_booth(event: Event, *, user, data: ApplicationData, now=None) -> ExhibitorApplication:
    now = now or timezone.now()
    if not (event.has_expo and event.expo_applications_open):
        raise RegistrationError(_("Exhibitor applications are not open for this event."))
    if now >= event.starts_at:
        raise RegistrationError(_("This event has already started."))
    try:
        validate_credit_code(data.credit_code)
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from error
    code = normalize_credit_code(data.credit_code)
    if data.wanted_kind == Booth.Kind.RAW and Decimal(data.wanted_area) < Decimal("36"):
        raise RegistrationError(_("Raw space starts at 36 m²."))
    if data.wanted_booth is not None and data.wanted_booth.hall.event_id != event.pk:
        raise RegistrationError(_("Choose a booth of this event."))
    if ExhibitorApplication.objects.filter(
        event=event, credit_code=code, status__in=ExhibitorApplication.OPEN
    ).exists():
        raise RegistrationError(_("This company has already applied to exhibit."))
    organization = organizations_of(user).filter(credit_code=code).first()
    if organization is None:
        organization = Organization.objects.filter(credit_code=code).first()
        # Only a contact of the organization may file for it; others are linked by staff.
        if (
            organization is not None
            and not organizations_of(user).filter(pk=organization.pk).exists()
        ):
            organization = None
    with transaction.atomic():
        application = ExhibitorApplication.objects.create(
            event=event,
            created_by=user,
            organization=organization,
            company_name=data.company_name.strip(),
            credit_code=code,
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            contact_email=data.contact_email.strip(),
            wanted_kind=data.wanted_kind,
            wanted_area=Decimal(data.wanted_area),
            wanted_booth=data.wanted_booth,
            products=data.products.strip(),
            website=data.website.strip(),
            created_at=now,
        )
        record_change(application, "", application.status, user=user)
        log(application, "events.exhibitor.apply", user=user)
    notifications.exhibitor_application_received(application)
    return application


def _lock_application(application: ExhibitorApplication) -> ExhibitorApplication:
    return (
        ExhibitorApplication.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=application.pk)
    )


def approve_application(application: ExhibitorApplication, *, user, reason: str = ""):
    with transaction.atomic():
        application = _lock_application(application)
        application.transition(
            ExhibitorApplication.Status.APPROVED,
            user=user,
            reason=reason,
            log_action="events.exhibitor.approve",
        )
    return application


def reject_application(application: ExhibitorApplication, *, user, reason: str = ""):
    with transaction.atomic():
        application = _lock_application(application)
        application.transition(
            ExhibitorApplication.Status.REJECTED,
            user=user,
            reason=reason,
            log_action="events.exhibitor.reject",
        )
    notifications.exhibitor_rejected(application, reason)
    return application


def allocate_booth(
    application: ExhibitorApplication, booth: Booth, *, user, now=None
) -> ExhibitorApplication:
    """Give a booth to an exhibitor. The booth row is locked first, so when two staff members
    (or two browser tabs) allocate the same booth at once, exactly one succeeds."""
    now = now or timezone.now()
    with transaction.atomic():
        booth = lock_booth(booth.pk)
        application = _lock_application(application)
        if booth.hall.event_id != application.event_id:
            raise RegistrationError(_("Choose a booth of this event."))
        if booth.status != Booth.Status.AVAILABLE:
            raise RegistrationError(
                _("Booth %(booth)s is not available (%(status)s).")
                % {"booth": booth.number, "status": booth.get_status_display()}
            )
        if application.status not in (
            ExhibitorApplication.Status.SUBMITTED,
            ExhibitorApplication.Status.APPROVED,
            ExhibitorApplication.Status.ALLOCATED,
            ExhibitorApplication.Status.RELEASED,
        ):
            application.require_status(ExhibitorApplication.Status.APPROVED)
        race_window()
        if application.status == ExhibitorApplication.Status.SUBMITTED:
            application.transition(
                ExhibitorApplication.Status.APPROVED,
                user=user,
                reason=_("Approved with allocation"),
            )
        deadline = now + datetime.timedelta(days=application.event.booth_payment_days)
        if application.status != ExhibitorApplication.Status.ALLOCATED:
            application.payment_deadline = deadline
            application.amount = Decimal("0")
            application.transition(
                ExhibitorApplication.Status.ALLOCATED,
                user=user,
                reason=_("Booth %s") % booth.number,
                data={"booth": booth.number},
                update_fields=("payment_deadline", "amount"),
                log_action="events.exhibitor.allocate",
            )
        else:  # one more booth for an allocated exhibitor: no change of status to carry it
            log(application, "events.exhibitor.allocate", user=user, data={"booth": booth.number})
        application.amount += booth.price
        application.save(update_fields=["amount", "updated_at"])
        booth.application = application
        booth.reserved_until = application.payment_deadline
        booth.transition(
            Booth.Status.RESERVED,
            user=user,
            reason=application.company_name,
            update_fields=("application", "reserved_until"),
        )
    notifications.booth_allocated(application, booth)
    return application


def record_booth_payment(
    application: ExhibitorApplication,
    *,
    user,
    amount: Decimal,
    reference: str = "",
    payer: str = "",
    received_on: datetime.date | None = None,
    method: str = Payment.Method.BANK_TRANSFER,
) -> Payment:
    """Money received for the booths; paid in full confirms the exhibitor and sells the booths
    (first paid, first confirmed)."""
    amount = Decimal(amount)
    if amount <= 0:
        raise RegistrationError(_("The amount must be more than zero."))
    confirmed = False
    with transaction.atomic():
        application = _lock_application(application)
        if application.status != ExhibitorApplication.Status.ALLOCATED:
            raise RegistrationError(
                _("Payments are recorded for exhibitors with allocated booths awaiting payment.")
            )
        payment = Payment.objects.create(
            application=application,
            amount=amount,
            method=method,
            reference=reference.strip(),
            payer=payer.strip(),
            received_on=received_on or timezone.localdate(),
            recorded_by=user,
        )
        log(application, "events.exhibitor.payment", user=user, data={"amount": str(amount)})
        if application.paid_amount() >= application.amount:
            application.payment_deadline = None
            application.transition(
                ExhibitorApplication.Status.CONFIRMED,
                user=user,
                reason=_("Paid in full"),
                update_fields=("payment_deadline",),
            )
            for booth in Booth.objects.select_for_update().filter(application=application):
                booth.reserved_until = None
                booth.transition(
                    Booth.Status.SOLD,
                    user=user,
                    reason=pgettext_lazy("events", "Paid"),
                    update_fields=("reserved_until",),
                )
            confirmed = True
    if confirmed:
        invalidate("events")
        notifications.exhibitor_confirmed(application)
    return payment


def release_application(
    application: ExhibitorApplication, *, user=None, reason: str = ""
) -> ExhibitorApplication:
    """Give the booths of an unpaid allocation back: they become available again."""
    with transaction.atomic():
        application = _lock_application(application)
        application.require_status(ExhibitorApplication.Status.ALLOCATED)
        _free_booths(application, user=user, reason=reason)
        application.payment_deadline = None
        application.amount = Decimal("0")
        application.transition(
            ExhibitorApplication.Status.RELEASED,
            user=user,
            reason=reason,
            update_fields=("payment_deadline", "amount"),
            log_action="events.exhibitor.release",
        )
    notifications.booth_released(application)
    return application


def _free_booths(application: ExhibitorApplication, *, user, reason: str) -> None:
    for booth in Booth.objects.select_for_update().filter(application=application):
        booth.application = None
        booth.reserved_until = None
        booth.transition(
            Booth.Status.AVAILABLE,
            user=user,
            reason=reason,
            update_fields=("application", "reserved_until"),
        )


def withdraw_application(application: ExhibitorApplication, *, user, reason: str = ""):
    with transaction.atomic():
        application = _lock_application(application)
        if application.status == ExhibitorApplication.Status.CONFIRMED:
            raise RegistrationError(_("A confirmed exhibitor withdraws through the secretariat."))
        _free_booths(application, user=user, reason=reason or _("Withdrawn"))
        application.transition(
            ExhibitorApplication.Status.WITHDRAWN,
            user=user,
            reason=reason,
            log_action="events.exhibitor.withdraw",
        )
    return application


def release_unpaid_booths(*, now=None) -> int:
    """Sweep: release allocations whose payment deadline has passed. Idempotent."""
    now = now or timezone.now()
    pks = list(
        ExhibitorApplication.objects.filter(
            status=ExhibitorApplication.Status.ALLOCATED, payment_deadline__lt=now
        ).values_list("pk", flat=True)
    )
    released = 0
    for pk in pks:
        application = ExhibitorApplication.objects.get(pk=pk)
        try:
            with transaction.atomic():
                locked = _lock_application(application)
                if (
                    locked.status != ExhibitorApplication.Status.ALLOCATED
                    or locked.payment_deadline is None
                    or locked.payment_deadline >= now
                ):
                    continue
                release_application(locked, reason=_("Not paid by the deadline"))
        except RegistrationError:
            continue
        released += 1
    return released


def save_catalogue_entry(
    application: ExhibitorApplication, *, user, text: str, logo=None, website: str | None = None
) -> ExhibitorApplication:
    text = (text or "").strip()
    if len(text) > CATALOGUE_MAX_LENGTH:
        raise RegistrationError(
            _("The catalogue entry is limited to %(count)d characters.")
            % {"count": CATALOGUE_MAX_LENGTH}
        )
    with transaction.atomic():
        application = _lock_application(application)
        if application.status not in (
            ExhibitorApplication.Status.SUBMITTED,
            ExhibitorApplication.Status.APPROVED,
            ExhibitorApplication.Status.ALLOCATED,
            ExhibitorApplication.Status.CONFIRMED,
        ):
            raise RegistrationError(_("This application is closed."))
        application.catalogue_text = text
        fields = ["catalogue_text", "updated_at"]
        if logo is not None:
            # Public pages show the logo inline: store a web-sized copy, not the upload.
            try:
                application.logo = web_image(logo)
            except ValidationError as error:
                raise RegistrationError(" ".join(error.messages)) from error
            fields.append("logo")
        if website is not None:
            application.website = website.strip()
            fields.append("website")
        application.save(update_fields=fields)
        log(application, "events.exhibitor.catalogue", user=user)
    if application.status == ExhibitorApplication.Status.CONFIRMED:
        invalidate("events")
    return application


@dataclass
class PassData:
    name: str
    mobile: str = ""
    job_title: str = ""


def set_exhibitor_passes(
    application: ExhibitorApplication, *, user, people: list[PassData]
) -> list[ExhibitorPass]:
    """Name the exhibitor's staff; as many passes as the booths allow. Passes already used at
    the entrance stay; others are replaced by the new list."""
    people = [person for person in people if person.name.strip()]
    with transaction.atomic():
        application = _lock_application(application)
        if application.status not in (
            ExhibitorApplication.Status.ALLOCATED,
            ExhibitorApplication.Status.CONFIRMED,
        ):
            raise RegistrationError(_("Passes are issued once a booth is allocated."))
        allowance = application.pass_allowance()
        used = list(application.passes.filter(checked_in_at__isnull=False))
        if len(used) + len(people) > allowance:
            raise RegistrationError(
                _("Your booths come with %(count)d exhibitor passes.") % {"count": allowance}
            )
        application.passes.filter(checked_in_at__isnull=True).delete()
        created = [
            ExhibitorPass.objects.create(
                application=application,
                name=person.name.strip(),
                mobile=person.mobile.strip(),
                job_title=person.job_title.strip(),
            )
            for person in people
        ]
        log(application, "events.exhibitor.passes", user=user, data={"count": len(created)})
    return used + created


def set_booth_blocked(booth: Booth, *, user, blocked: bool, reason: str = "") -> Booth:
    """Hold a free booth back from allocation (organiser's desk, fire exit) or release it."""
    with transaction.atomic():
        booth = lock_booth(booth.pk)
        target = Booth.Status.BLOCKED if blocked else Booth.Status.AVAILABLE
        booth.require_status(Booth.Status.AVAILABLE if blocked else Booth.Status.BLOCKED)
        booth.transition(
            target,
            user=user,
            reason=reason,
            log_action="events.booth.block" if blocked else "events.booth.unblock",
        )
    return booth
