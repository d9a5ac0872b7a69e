"""Orders: placing them under the capacity lock, approval, payments, refunds, cancellation,
expiry and attendee replacement. Every change of state goes through Order.transition()."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.access import has_member_rights, is_contact
from members.models import Membership, Organization, Person
from website.core.kept_sql import kept_sql
from website.core.notify import after_commit
from website.core.states import record_change, transition_many

from ..models import (
    Activity,
    AlreadyPlaced,
    Attendee,
    AttendeeReplacement,
    CapacityError,
    Event,
    InvoiceRequest,
    Order,
    Payment,
    Place,
    Refund,
    RegistrationError,
    TicketType,
    WaitingListEntry,
)
from ..models.base import random_code, random_secret
from ..tasks import order_placed_mails
from . import notifications
from .capacity import availability, check_places, check_written_places
from .holds import check_hold_limits, lock_holders
from .invoices import InvoiceData, cancel_invoice_for

ZERO = Decimal("0.00")


@dataclass
class ContactData:
    name: str
    phone: str
    email: str


@dataclass
class AttendeeData:
    ticket_type: TicketType
    name: str
    organization_name: str
    mobile: str
    email: str
    job_title: str = ""
    dietary: str = ""
    dietary_note: str = ""
    activities: list[Activity] = field(default_factory=list)  # the optional ones chosen
    waiting_list: list[Activity] = field(default_factory=list)  # full optional ones to queue for


@dataclass
class Line:
    data: AttendeeData
    member: bool
    price: Decimal
    activities: list[Activity]  # those the attendee takes a place in, in primary-key order

    @property
    def activity_ids(self) -> list[int]:
        return [activity.pk for activity in self.activities]


def person_has_member_rights(email: str, user=None) -> bool:
    """The attendee's own individual membership, or their employer's, is in good standing;
    or the attendee is the registrant and the registrant has member rights."""
    email = (email or "").strip()
    if user is not None and email and user.email.lower() == email.lower():
        if has_member_rights(user):
            return True
    if not email:
        return False
    # The persons first (the index on UPPER(email)), then their memberships and their
    # employers' by the memberships' unique subject columns. An OR across the two joins
    # scanned every membership: 186-258 ms per attendee at 100,000 organizations.
    persons = _persons_by_email(email)
    if not persons:
        return False
    person_ids = [pk for pk, _ in persons]
    employer_ids = [organization_id for _, organization_id in persons if organization_id]
    return bool(_membership_in_good_standing(person_ids, employer_ids))


# Asked for every attendee of a registration rush: SQL kept per process.
@kept_sql
def _persons_by_email(email: str):
    return Person.objects.filter(email__iexact=email).values_list("pk", "organization_id")


@kept_sql
def _membership_in_good_standing(person_ids: list[int], organization_ids: list[int]):
    return (
        Membership.objects.in_good_standing()
        .filter(Q(person_id__in=person_ids) | Q(organization_id__in=organization_ids))
        .values_list("pk", flat=True)[:1]
    )


def _resolve_lines(
    event: Event, attendees: list[AttendeeData], *, org_member: bool, user, now, offer
) -> list[Line]:
    # Tickets read with their activities (the registration form's) are not read again.
    tickets = {
        data.ticket_type.pk: data.ticket_type
        for data in attendees
        if "activities" in getattr(data.ticket_type, "_prefetched_objects_cache", {})
    }
    missing = {data.ticket_type.pk for data in attendees} - tickets.keys()
    if missing:
        tickets.update(
            (ticket.pk, ticket)
            for ticket in TicketType.objects.filter(pk__in=missing).prefetch_related("activities")
        )
    emails = [data.email.strip().lower() for data in attendees]
    if len(set(emails)) != len(emails):
        raise RegistrationError(_("Each attendee needs their own email address."))
    lines = []
    for data in attendees:
        ticket = tickets.get(data.ticket_type.pk)
        if ticket is None or ticket.event_id != event.pk:
            raise RegistrationError(_("Choose a ticket of this event."))
        # An offer lets a ticket be bought outside its sales window, never a withdrawn one.
        if (ticket.sale_state(now) != "open") if offer is None else not ticket.is_active:
            raise RegistrationError(
                _("“%(ticket)s” is not on sale at the moment.") % {"ticket": ticket.name}
            )
        member = org_member or person_has_member_rights(data.email, user)
        if ticket.members_only and not member:
            raise RegistrationError(
                _("“%(ticket)s” is for members only; %(name)s has no active membership.")
                % {"ticket": ticket.name, "name": data.name}
            )
        granted = {activity.pk: activity for activity in ticket.activities.all()}
        optional = {pk for pk, activity in granted.items() if activity.is_optional}
        chosen = {activity.pk for activity in data.activities}
        queued = {activity.pk for activity in data.waiting_list}
        if queued and not event.waiting_list_enabled:
            raise RegistrationError(_("This event has no waiting list."))
        if queued & chosen:
            raise RegistrationError(
                _("Choose either a place or the waiting list for each activity of %(name)s.")
                % {"name": data.name}
            )
        if not (chosen | queued) <= optional:
            raise RegistrationError(
                _("“%(ticket)s” does not admit to every activity chosen for %(name)s.")
                % {"ticket": ticket.name, "name": data.name}
            )
        activity_ids = sorted({pk for pk in granted if pk not in optional} | chosen)
        if not activity_ids:
            raise RegistrationError(
                _("Choose at least one activity for %(name)s.") % {"name": data.name}
            )
        price = ticket.price_for(member=member, today=timezone.localdate(now))
        activities = [granted[pk] for pk in activity_ids]
        lines.append(Line(data=data, member=member, price=price, activities=activities))
    return lines


def _new_order_code(event: Event) -> str:
    prefix = event.code.upper().replace("-", "")[:12]
    while True:
        code = f"{prefix}-{random_code(6)}"
        if not _order_with_code(code):
            return code


@kept_sql
def _order_with_code(code: str):
    return Order.objects.filter(code=code).values_list("pk", flat=True)[:1]


def place_order(
    event: Event,
    *,
    user,
    contact: ContactData,
    attendees: list[AttendeeData],
    organization: Organization | None = None,
    invoice: InvoiceData | None = None,
    notes: str = "",
    offer: WaitingListEntry | None = None,
    now: datetime.datetime | None = None,
    count_also: Iterable[Activity] = (),
    submission_key: str = "",
) -> Order:
    """Register attendees in one order. Places are checked and taken under the capacity lock,
    so no activity is ever sold beyond its capacity, however many people submit at once.

    `count_also`: activities whose places the caller shows if the order is refused for want
    of them; they are counted in the same query as the check (CapacityError.counts).

    `submission_key`: the form's one-time token. The same form sent again by the same user,
    after the first was answered or while it is still being placed, raises AlreadyPlaced with
    the first order instead of placing a second one."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise RegistrationError(_("Please log in to register."))
    if submission_key and (placed := _placed_by_submission(user.pk, submission_key)):
        raise AlreadyPlaced(placed)
    if offer is None and not event.is_registration_open(now):
        raise RegistrationError(_("Registration for this event is not open."))
    if offer is not None and now >= event.starts_at:
        raise RegistrationError(_("This event has already started."))
    if organization is not None and not is_contact(user, organization):
        raise RegistrationError(_("You do not act for this organization."))
    if not attendees:
        raise RegistrationError(_("Add at least one attendee."))
    if len(attendees) > event.max_attendees_per_order:
        raise RegistrationError(
            _("At most %(count)d attendees can be registered in one order.")
            % {"count": event.max_attendees_per_order}
        )
    if invoice is not None:
        invoice.validate()
    org_member = organization is not None and organization.is_member_in_good_standing
    lines = _resolve_lines(event, attendees, org_member=org_member, user=user, now=now, offer=offer)
    if offer is not None:
        if offer.user_id != user.pk or offer.attendee_id is not None or offer.event_id != event.pk:
            raise RegistrationError(_("This offer cannot be used here."))
        if len(lines) != 1 or offer.activity_id not in lines[0].activity_ids:
            raise RegistrationError(
                _("The offer is for one attendee in “%(activity)s”.") % {"activity": offer.activity}
            )
    wanted = Counter(pk for line in lines for pk in line.activity_ids)
    # Counted once without the lock first, so that a buyer turned away by a full activity
    # costs no lock and no writes (a sold-out rush is mostly such buyers). Only the count
    # under the lock below lets places be taken.
    chosen = {activity.pk: activity for line in lines for activity in line.activities}
    counted = {activity.pk: activity for activity in count_also} | chosen
    counts = availability(counted.values(), exclude_offer=offer, now=now)
    if short := [chosen[pk] for pk in sorted(chosen) if counts[pk].free < wanted[pk]]:
        raise _capacity_error(short, counts)
    total = sum((line.price for line in lines), ZERO)
    if event.requires_approval:
        status = Order.Status.APPROVAL_PENDING
    elif total == ZERO:
        status = Order.Status.CONFIRMED
    else:
        status = Order.Status.PENDING_PAYMENT

    try:
        with transaction.atomic():
            if offer is not None:
                offer = WaitingListEntry.objects.select_for_update().get(pk=offer.pk)
                if not offer.offer_is_live(now):
                    raise RegistrationError(_("This offer has expired."))
            if status in Order.OPEN:
                # The holder's limits first (account, then organization rows locked); the
                # capacity lock comes last. An order confirmed at once (free, no approval)
                # holds nothing and is not limited.
                lock_holders(user, organization)
                check_hold_limits(event, user=user, organization=organization, attendees=len(lines))
            order = Order.objects.create(
                code=_new_order_code(event),
                event=event,
                created_by=user,
                organization=organization,
                contact_name=contact.name.strip(),
                contact_phone=contact.phone.strip(),
                contact_email=contact.email.strip(),
                notes=notes.strip(),
                status=status,
                total=total,
                payment_deadline=(
                    event.payment_deadline_from(now)
                    if status == Order.Status.PENDING_PAYMENT
                    else None
                ),
                approval_deadline=(
                    event.approval_deadline_from(now)
                    if status == Order.Status.APPROVAL_PENDING
                    else None
                ),
                confirmed_at=now if status == Order.Status.CONFIRMED else None,
                created_at=now,
                submission_key=submission_key,
            )
            record_change(order, "", status, user=user, reason=_("Order placed"))
            created = Attendee.objects.bulk_create(
                [
                    Attendee(
                        order=order,
                        ticket_type=line.data.ticket_type,
                        name=line.data.name.strip(),
                        organization_name=line.data.organization_name.strip(),
                        job_title=line.data.job_title.strip(),
                        mobile=line.data.mobile.strip(),
                        email=line.data.email.strip(),
                        dietary=line.data.dietary,
                        dietary_note=line.data.dietary_note.strip(),
                        price=line.price,
                        member_price=line.member,
                        created_at=now,
                    )
                    for line in lines
                ]
            )
            Place.objects.bulk_create(
                [
                    Place(attendee=attendee, activity_id=activity_id, created_at=now)
                    for attendee, line in zip(created, lines, strict=True)
                    for activity_id in line.activity_ids
                ]
            )
            if invoice is not None:
                InvoiceRequest.objects.create(order=order, **invoice.as_fields())
            if offer is not None:
                offer.transition(
                    WaitingListEntry.Status.ACCEPTED, user=user, reason=_("Order %s") % order.code
                )
            log(
                order,
                "events.order.create",
                user=user,
                data={"status": status, "attendees": len(lines), "total": str(total)},
            )
            # The capacity lock last, after the places are written, so the activities' rows stay
            # locked only for the count and the commit: in a rush every buyer queues on them.
            # Not enough places rolls the whole order back.
            if short := check_written_places(wanted, exclude_offer=offer):
                raise _capacity_error(short)
    except IntegrityError:
        # The same form, sent twice at once: the other sending committed first.
        if submission_key and (placed := _placed_by_submission(user.pk, submission_key)):
            raise AlreadyPlaced(placed) from None
        raise
    # The mails are rendered in the worker, after the commit (events.tasks).
    after_commit(order_placed_mails, order.pk)
    order.waiting_entries = _queue(order, created, lines, user=user, now=now)
    return order


def _placed_by_submission(user_id: int, submission_key: str) -> Order | None:
    return Order.objects.filter(created_by_id=user_id, submission_key=submission_key).first()


def _capacity_error(short: list[Activity], counts: dict | None = None) -> CapacityError:
    return CapacityError(
        _("Not enough places left in: %(names)s.")
        % {"names": "、".join(activity.name for activity in short)},
        activities=short,
        counts=counts,
    )


def _queue(order: Order, attendees, lines: list[Line], *, user, now) -> list[WaitingListEntry]:
    """Put the order's attendees on the waiting lists they asked for (full forums)."""
    from .waitinglist import join_waiting_list

    entries = []
    for attendee, line in zip(attendees, lines, strict=True):
        attendee.order = order
        for activity in line.data.waiting_list:
            try:
                entries.append(join_waiting_list(activity, user=user, attendee=attendee, now=now))
            except RegistrationError:
                # A place freed up meanwhile (or the list closed): the order page offers the
                # forum to book or to queue for, and the registrant is told (see the view).
                continue
    return entries


def _confirm(order: Order, *, user, reason: str, now=None) -> None:
    order.confirmed_at = now or timezone.now()
    order.payment_deadline = None
    order.transition(
        Order.Status.CONFIRMED,
        user=user,
        reason=reason,
        update_fields=("confirmed_at", "payment_deadline"),
        log_action="events.order.confirm",
    )


def approve_order(order: Order, *, user, reason: str = "", now=None) -> Order:
    """The secretariat accepts a registration of an event that needs approval."""
    now = now or timezone.now()
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("event").get(pk=order.pk)
        )
        order.require_status(Order.Status.APPROVAL_PENDING)
        if order.total == ZERO:
            _confirm(order, user=user, reason=reason or _("Approved"), now=now)
        else:
            order.payment_deadline = order.event.payment_deadline_from(now)
            order.transition(
                Order.Status.PENDING_PAYMENT,
                user=user,
                reason=reason or _("Approved"),
                update_fields=("payment_deadline",),
                log_action="events.order.approve",
            )
    notifications.order_approved(order)
    return order


def record_payment(
    order: Order,
    *,
    user,
    amount: Decimal,
    method: str = Payment.Method.BANK_TRANSFER,
    reference: str = "",
    payer: str = "",
    received_on: datetime.date | None = None,
    note: str = "",
    now=None,
) -> Payment:
    """Record money received. A fully paid order is confirmed; an expired one comes back only
    if its places are still free (otherwise the money is to be refunded)."""
    now = now or timezone.now()
    amount = Decimal(amount)
    if amount <= 0:
        raise RegistrationError(_("The amount must be more than zero."))
    confirmed = False
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("event").get(pk=order.pk)
        )
        if order.status == Order.Status.APPROVAL_PENDING:
            raise RegistrationError(_("Approve the registration before recording a payment."))
        if order.lapsed_unapproved:
            raise RegistrationError(
                _("This registration expired before it was approved; it cannot be paid.")
            )
        if order.is_cancelled:
            raise RegistrationError(_("This order is cancelled; record a refund instead."))
        payment = Payment.objects.create(
            order=order,
            amount=amount,
            method=method,
            reference=reference.strip(),
            payer=payer.strip(),
            received_on=received_on or timezone.localdate(now),
            recorded_by=user,
            recorded_at=now,
            note=note,
        )
        log(
            order,
            "events.order.payment",
            user=user,
            data={"amount": str(amount), "reference": payment.reference},
        )
        if order.paid_amount() >= order.total:
            if order.status == Order.Status.PENDING_PAYMENT:
                _confirm(order, user=user, reason=_("Paid in full"), now=now)
                confirmed = True
            elif order.status == Order.Status.EXPIRED:
                wanted = Counter(order_places(order))
                if not check_places(wanted):
                    _confirm(order, user=user, reason=_("Late payment, places still free"), now=now)
                    confirmed = True
    if confirmed:
        notifications.order_confirmed(order)
    return payment


def order_places(order: Order) -> list[int]:
    return list(Place.objects.filter(attendee__order=order).values_list("activity_id", flat=True))


def record_refund(
    order: Order,
    *,
    user,
    amount: Decimal,
    reference: str = "",
    refunded_on: datetime.date | None = None,
    reason: str = "",
) -> Refund:
    amount = Decimal(amount)
    if amount <= 0:
        raise RegistrationError(_("The amount must be more than zero."))
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        refundable = order.paid_amount() - order.refunded_amount()
        if amount > refundable:
            raise RegistrationError(
                _("At most ¥%(amount)s can be refunded on this order.") % {"amount": refundable}
            )
        refund = Refund.objects.create(
            order=order,
            amount=amount,
            reference=reference.strip(),
            refunded_on=refunded_on or timezone.localdate(),
            recorded_by=user,
            reason=reason,
        )
        log(order, "events.order.refund", user=user, data={"amount": str(amount), "reason": reason})
    notifications.refund_recorded(order, refund)
    return refund


def cancel_order(
    order: Order,
    *,
    user,
    reason: str = "",
    by_staff: bool = False,
    fee: Decimal | None = None,
    now=None,
    log_action: str = "events.order.cancel",
) -> Order:
    """Cancel by the event's policy. Unpaid orders cancel without a fee. A registrant may cancel
    a confirmed order until the deadline, paying the policy's fee; where the policy needs
    approval this records a request for the secretariat instead. Staff may cancel any time.
    ``log_action`` names the audit entry of the change (a staff release is not a cancel)."""
    from .waitinglist import offer_free_places, withdraw_entries_of_order

    now = now or timezone.now()
    requested = False
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("event").get(pk=order.pk)
        )
        event = order.event
        if order.status in (Order.Status.APPROVAL_PENDING, Order.Status.PENDING_PAYMENT):
            new_status, fee = Order.Status.CANCELLED, ZERO
        elif order.status == Order.Status.CONFIRMED:
            if not by_staff:
                if not event.cancellation_open(now):
                    raise RegistrationError(
                        _("The cancellation deadline has passed. Please contact the secretariat.")
                    )
                if event.cancellation_requires_approval:
                    if order.cancellation_requested_at:
                        raise RegistrationError(_("You have already asked to cancel this order."))
                    order.cancellation_requested_at = now
                    order.cancellation_reason = reason
                    order.save(update_fields=["cancellation_requested_at", "cancellation_reason"])
                    log(
                        order,
                        "events.order.cancellation_request",
                        user=user,
                        data={"reason": reason},
                    )
                    requested = True
            if not requested:
                if fee is None:
                    fee = event.cancellation_fee_for(order.total)
                fee = min(max(Decimal(fee), ZERO), order.total)
                new_status = Order.Status.CANCELLED_FEE if fee > 0 else Order.Status.CANCELLED
        else:
            order.require_status(Order.Status.PENDING_PAYMENT, Order.Status.CONFIRMED)
        if not requested:
            order.cancellation_fee = fee
            order.cancelled_at = now
            order.cancellation_requested_at = None
            if reason:
                order.cancellation_reason = reason
            order.transition(
                new_status,
                user=user,
                reason=reason,
                data={"fee": str(fee)},
                update_fields=(
                    "cancellation_fee",
                    "cancelled_at",
                    "cancellation_requested_at",
                    "cancellation_reason",
                ),
                log_action=log_action,
            )
            cancel_invoice_for(order, user=user, reason=reason or _("Order cancelled"))
            freed = withdraw_entries_of_order(order, user=user, reason=_("Order cancelled"))
    if requested:
        notifications.cancellation_requested(order)
        return order
    notifications.order_cancelled(order)
    offer_free_places(order_places(order) + freed, now=now)
    return order


def reject_cancellation(order: Order, *, user, reason: str = "") -> Order:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.CONFIRMED or not order.cancellation_requested_at:
            raise RegistrationError(_("There is no cancellation request on this order."))
        order.cancellation_requested_at = None
        order.save(update_fields=["cancellation_requested_at"])
        log(order, "events.order.cancellation_reject", user=user, data={"reason": reason})
    notifications.cancellation_rejected(order, reason)
    return order


def expire_overdue_orders(*, now=None) -> int:
    """Expire unpaid orders past their payment deadline, and orders still awaiting approval
    past their approval deadline, and release their places. Idempotent."""
    from .waitinglist import offer_free_places, withdraw_entries_of_order

    now = now or timezone.now()
    overdue = {
        _("Payment deadline passed"): Q(
            status=Order.Status.PENDING_PAYMENT, payment_deadline__lt=now
        ),
        _("Not approved in time"): Q(
            status=Order.Status.APPROVAL_PENDING, approval_deadline__lt=now
        ),
    }
    with transaction.atomic():
        expired = [
            order
            for reason, due in overdue.items()
            for order in transition_many(
                Order.objects.filter(due),
                Order.Status.EXPIRED,
                reason=reason,
                log_action="events.order.expire",
            )
        ]
        freed = [
            activity
            for order in expired
            for activity in withdraw_entries_of_order(order, reason=_("Order expired"))
        ]
    for order in expired:
        freed.extend(order_places(order))
        notifications.order_expired(order)
    if freed:
        offer_free_places(freed, now=now)
    return len(expired)


def replace_attendee(
    attendee: Attendee,
    *,
    user,
    name: str,
    organization_name: str,
    mobile: str,
    email: str,
    job_title: str = "",
    dietary: str = "",
    dietary_note: str = "",
    reason: str = "",
    by_staff: bool = False,
    now=None,
) -> Attendee:
    """Send someone else in an attendee's place. The old code stops working; the new person
    gets their own confirmation and QR code."""
    now = now or timezone.now()
    with transaction.atomic():
        attendee = (
            Attendee.objects.select_for_update(of=("self",))
            .select_related("order__event", "order__organization", "ticket_type")
            .get(pk=attendee.pk)
        )
        order = attendee.order
        if not order.holds_places:
            raise RegistrationError(_("Only attendees of active orders can be replaced."))
        if not by_staff and not order.event.replacement_open(now):
            raise RegistrationError(_("The deadline for replacing attendees has passed."))
        if attendee.checkins.exists():
            raise RegistrationError(_("This attendee has already checked in."))
        if (
            Attendee.objects.filter(order=order, email__iexact=email.strip())
            .exclude(pk=attendee.pk)
            .exists()
        ):
            raise RegistrationError(_("Each attendee needs their own email address."))
        org_member = (
            order.organization is not None and order.organization.is_member_in_good_standing
        )
        if attendee.member_price or attendee.ticket_type.members_only:
            if not (org_member or person_has_member_rights(email, user)):
                raise RegistrationError(
                    _(
                        "This place was booked at the member price; the replacement must also "
                        "be a member (or work for a member organization)."
                    )
                )
        old = {"email": attendee.email, "name": attendee.name}
        AttendeeReplacement.objects.create(
            attendee=attendee,
            old_name=attendee.name,
            old_email=attendee.email,
            old_mobile=attendee.mobile,
            old_code=attendee.code,
            new_name=name.strip(),
            replaced_at=now,
            replaced_by=user if getattr(user, "is_authenticated", False) else None,
            reason=reason,
        )
        attendee.name = name.strip()
        attendee.organization_name = organization_name.strip()
        attendee.mobile = mobile.strip()
        attendee.email = email.strip()
        attendee.job_title = job_title.strip()
        attendee.dietary = dietary
        attendee.dietary_note = dietary_note.strip()
        attendee.code = random_code()
        attendee.secret = random_secret()
        attendee.save()
        # Waiting-list offers now go to the new person.
        WaitingListEntry.objects.filter(attendee=attendee).active().update(
            name=attendee.name,
            email=attendee.email,
            phone=attendee.mobile,
            organization_name=attendee.organization_name,
            updated_at=now,
        )
        log(
            order,
            "events.attendee.replace",
            user=user,
            data={"from": old["name"], "to": attendee.name, "reason": reason},
        )
    notifications.attendee_replaced(attendee, old_email=old["email"], old_name=old["name"])
    return attendee
