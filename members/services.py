"""Membership rules. Views, the admin, commands and other apps call these functions."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.accounts import roles
from website.accounts.roles import BRANCH_SECRETARIES
from website.core.cache import invalidate_page_cache
from website.core.mail import send_templated_email
from website.core.models import Sequence

from .access import is_organization_admin
from .models import (
    Branch,
    BranchPosition,
    ContactInvitation,
    Expert,
    ExpertConflict,
    ExpertiseField,
    FeeSchedule,
    Invoice,
    Membership,
    MembershipApplication,
    MembershipError,
    MembershipSettings,
    MembershipStatusChange,
    Organization,
    OrganizationContact,
    Payment,
    PaymentProof,
    Person,
    ProfileChangeRequest,
    RenewalReminder,
)
from .signals import branch_secretaries_changed
from .uploads import normalize_upload_name
from .validators import normalize_credit_code

__all__ = [
    "MembershipError",
    "add_position",
    "add_secretary",
    "change_status",
    "create_membership",
    "declare_conflict",
    "make_expert",
    "next_membership_number",
    "remove_position",
    "remove_secretary",
    "reserve_membership_numbers",
]


def next_membership_number(*, individual: bool, year: int | None = None) -> str:
    """D20260001 for organizations, G20260001 for individuals: unique, never reused."""
    year = year or timezone.localdate().year
    prefix = "G" if individual else "D"
    value = Sequence.next_value(f"membership:{prefix}:{year}")
    return f"{prefix}{year}{value:04d}"


def reserve_membership_numbers(
    *, individual: bool, count: int, year: int | None = None
) -> list[str]:
    """A block of consecutive membership numbers for a bulk import, in one locked update."""
    year = year or timezone.localdate().year
    prefix = "G" if individual else "D"
    key = f"membership:{prefix}:{year}"
    with transaction.atomic():
        Sequence.next_value(key)  # creates and locks the row; the first number of the block
        Sequence.objects.filter(key=key).update(value=F("value") + count - 1)
        last = Sequence.objects.get(key=key).value
    return [f"{prefix}{year}{value:04d}" for value in range(last - count + 1, last + 1)]


def create_membership(
    subject: Organization | Person,
    *,
    tier: str,
    user=None,
    status: str = Membership.Status.PENDING,
    joined_on: datetime.date | None = None,
    paid_through: datetime.date | None = None,
    reason: str = "",
) -> Membership:
    """Open the membership of an organization or a person, with a fresh number."""
    individual = isinstance(subject, Person)
    if individual and tier != Membership.Tier.INDIVIDUAL:
        raise MembershipError("A person can only hold an individual membership.")
    if not individual and tier == Membership.Tier.INDIVIDUAL:
        raise MembershipError("An organization cannot hold an individual membership.")
    with transaction.atomic():
        if Membership.objects.filter(
            **{"person" if individual else "organization": subject}
        ).exists():
            raise MembershipError("This member already has a membership.")
        membership = Membership.objects.create(
            number=next_membership_number(individual=individual),
            organization=None if individual else subject,
            person=subject if individual else None,
            tier=tier,
            status=Membership.Status.PENDING,
            joined_on=joined_on,
            paid_through=paid_through,
        )
        log(membership, "members.membership.create", user=user)
        if status != Membership.Status.PENDING:
            membership.transition(status, user=user, reason=reason)
    return membership


def change_status(
    membership: Membership, status: str, *, user=None, reason: str = ""
) -> MembershipStatusChange:
    """Move a membership to another status by the state machine, atomically, with a record."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        change = membership.transition(status, user=user, reason=reason)
        log(
            membership,
            "members.membership.status",
            user=user,
            data={"from": change.from_status, "to": change.to_status, "reason": reason},
        )
    return change


# Branches (分支机构) -------------------------------------------------------------------------

# Seats are listed chair first; the order is kept in sort_order so listings need no CASE.
POSITION_ORDER = {
    BranchPosition.Position.CHAIR: 0,
    BranchPosition.Position.VICE_CHAIR: 10,
    BranchPosition.Position.SECRETARY_GENERAL: 20,
    BranchPosition.Position.MEMBER: 30,
}
SINGLE_SEATS = {BranchPosition.Position.CHAIR, BranchPosition.Position.SECRETARY_GENERAL}


def is_member_person(person: Person) -> bool:
    """An individual member, or someone working for a member organization, in good standing."""
    good = Membership.Status.good_standing()
    if Membership.objects.filter(person=person, status__in=good).exists():
        return True
    return bool(
        person.organization_id
        and Membership.objects.filter(
            organization_id=person.organization_id, status__in=good
        ).exists()
    )


def add_position(
    branch: Branch,
    *,
    position: str,
    person: Person | None = None,
    organization: Organization | None = None,
    user=None,
    since: datetime.date | None = None,
) -> BranchPosition:
    """Seat a member person or a member organization in a branch.

    A person may sit for their organization: give both, the person then holds the seat.
    """
    if person is None and organization is None:
        raise MembershipError(_("Choose the person or organization who holds the position."))
    if (
        person is not None
        and organization is not None
        and person.organization_id != organization.pk
    ):
        raise MembershipError(_("The person does not work for this organization."))
    if person is not None and not is_member_person(person):
        raise MembershipError(
            _("%(name)s is neither an individual member nor employed by a member organization.")
            % {"name": person.name}
        )
    if (
        person is None
        and not Membership.objects.filter(
            organization=organization, status__in=Membership.Status.good_standing()
        ).exists()
    ):
        raise MembershipError(
            _("%(name)s is not a member organization in good standing.") % {"name": organization}
        )
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if position in SINGLE_SEATS and branch.positions.filter(position=position).exists():
            raise MembershipError(
                _("This branch already has a %(position)s; remove them first.")
                % {"position": BranchPosition.Position(position).label}
            )
        holder_filter = (
            {"person": person} if person else {"organization": organization, "person": None}
        )
        if branch.positions.filter(**holder_filter).exists():
            raise MembershipError(_("This holder already has a position in the branch."))
        seat = BranchPosition.objects.create(
            branch=branch,
            position=position,
            person=person,
            organization=organization if organization else getattr(person, "organization", None),
            since=since or timezone.localdate(),
            sort_order=POSITION_ORDER.get(position, 99),
        )
        log(
            branch,
            "members.branch.position_add",
            user=user,
            data={"position": position, "holder": str(seat.holder), "seat": seat.pk},
        )
    return seat


def remove_position(seat: BranchPosition, *, user=None, reason: str = "") -> None:
    """Free a seat in a branch; the Wagtail log keeps who held it."""
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=seat.branch_id)
        data = {"position": seat.position, "holder": str(seat.holder), "reason": reason}
        seat.delete()
        log(branch, "members.branch.position_remove", user=user, data=data)


def _secretaries_group() -> Group:
    return Group.objects.get_or_create(name=BRANCH_SECRETARIES)[0]


def add_secretary(branch: Branch, secretary, *, user=None) -> None:
    """Name a user secretary of a branch; they join the branch secretaries' group."""
    if not secretary.is_active:
        raise MembershipError(_("This user account is disabled."))
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if branch.secretaries.filter(pk=secretary.pk).exists():
            raise MembershipError(_("This user is already a secretary of the branch."))
        branch.secretaries.add(secretary)
        secretary.groups.add(_secretaries_group())
        log(
            branch,
            "members.branch.secretary_add",
            user=user,
            data={"secretary": secretary.pk, "email": secretary.email},
        )
        # Inside the transaction, so what receivers grant (page permissions) is atomic too.
        branch_secretaries_changed.send(
            sender=Branch, branch=branch, secretary=secretary, added=True, user=user
        )


def remove_secretary(branch: Branch, secretary, *, user=None) -> None:
    """Remove a secretary; without other branches they also leave the secretaries' group."""
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if not branch.secretaries.filter(pk=secretary.pk).exists():
            raise MembershipError(_("This user is not a secretary of the branch."))
        branch.secretaries.remove(secretary)
        if not secretary.branches_as_secretary.exists():
            secretary.groups.remove(_secretaries_group())
        log(
            branch,
            "members.branch.secretary_remove",
            user=user,
            data={"secretary": secretary.pk, "email": secretary.email},
        )
        branch_secretaries_changed.send(
            sender=Branch, branch=branch, secretary=secretary, added=False, user=user
        )


# Expert pool (专家库) ----------------------------------------------------------------------


def make_expert(
    person: Person,
    *,
    fields: list[ExpertiseField] | None = None,
    availability: str = Expert.Availability.AVAILABLE,
    biography: str = "",
    user=None,
) -> Expert:
    """Put a person in the expert pool (or reactivate them), with fields of expertise."""
    with transaction.atomic():
        expert, created = Expert.objects.get_or_create(
            person=person, defaults={"availability": availability, "biography": biography}
        )
        if not created:
            expert.is_active = True
            expert.availability = availability
            expert.biography = biography or expert.biography
            expert.save()
        if fields:
            expert.fields.add(*fields)
        log(expert, "wagtail.create" if created else "wagtail.edit", user=user)
    return expert


def declare_conflict(
    expert: Expert, organization: Organization, *, reason: str = "", user=None
) -> ExpertConflict:
    """Record an organization the expert must not review."""
    with transaction.atomic():
        conflict, created = ExpertConflict.objects.get_or_create(
            expert=expert, organization=organization, defaults={"reason": reason}
        )
        if created:
            log(
                expert,
                "members.expert.conflict",
                user=user,
                data={"organization": organization.pk, "name": organization.name, "reason": reason},
            )
    return conflict


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _acting(user):
    return user if getattr(user, "is_authenticated", False) else None


def _notify(to, template: str, context: dict) -> None:
    """Queue a templated email (django-tasks). Services call it last, after every check: with
    the database task backend the queued task commits or rolls back with the change."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    recipients = list(dict.fromkeys(address.lower() for address in recipients if address))
    if recipients:
        send_templated_email(recipients, template, context)


def portal_url(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def settings_for_dues() -> MembershipSettings:
    return MembershipSettings.load()


def member_emails(membership: Membership) -> list[str]:
    """Where a membership's notices go: the organization's contacts (administrators first)
    or the individual member."""
    if membership.person_id:
        person = membership.person
        return [
            address
            for address in (person.user.email if person.user else "", person.email)
            if address
        ][:1]
    contacts = OrganizationContact.objects.filter(organization_id=membership.organization_id)
    contacts = contacts.select_related("user").order_by("role", "pk")
    return [contact.user.email for contact in contacts]


def _add_to_groups(user, *names: str) -> None:
    user.groups.add(*Group.objects.filter(name__in=names))


# ---------------------------------------------------------------------------------------------
# Join applications (journey 1)
# ---------------------------------------------------------------------------------------------

# Fields an application must have before it can be submitted, by kind.
REQUIRED_ON_SUBMIT: dict[str, tuple[str, ...]] = {
    MembershipApplication.Kind.ORGANIZATION: (
        "tier",
        "organization_name",
        "credit_code",
        "organization_kind",
        "legal_representative",
        "province",
        "city",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "invoice_title",
        "invoice_tax_number",
        "licence",
        "accepts_charter",
    ),
    MembershipApplication.Kind.INDIVIDUAL: (
        "person_name",
        "employer",
        "job_title",
        "province",
        "contact_phone",
        "contact_email",
        "invoice_title",
        "accepts_charter",
    ),
}


def missing_fields(application: MembershipApplication) -> list[str]:
    """Names of the fields still empty that submitting requires."""
    return [name for name in REQUIRED_ON_SUBMIT[application.kind] if not getattr(application, name)]


def open_application_of(user, kind: str) -> MembershipApplication | None:
    """The user's application of this kind that is not decided yet, if any."""
    return (
        MembershipApplication.objects.of_user(user)
        .filter(kind=kind)
        .exclude(
            status__in=[
                MembershipApplication.Status.APPROVED,
                MembershipApplication.Status.REJECTED,
            ]
        )
        .first()
    )


def new_application(user, kind: str) -> MembershipApplication:
    """An unsaved draft for this user, prefilled from the account."""
    application = MembershipApplication(
        kind=kind,
        applicant=user,
        contact_email=user.email,
        contact_name=user.get_full_name()
        if kind == MembershipApplication.Kind.ORGANIZATION
        else "",
        contact_phone=getattr(user, "phone", ""),
    )
    if kind == MembershipApplication.Kind.INDIVIDUAL:
        application.tier = Membership.Tier.INDIVIDUAL
        application.person_name = user.get_full_name()
    else:
        application.tier = Membership.Tier.MEMBER
    return application


def check_not_member(application: MembershipApplication) -> None:
    """Refuse applications for someone who is already a member or already applying."""
    Status = MembershipApplication.Status
    if application.kind == MembershipApplication.Kind.ORGANIZATION:
        code = normalize_credit_code(application.credit_code)
        if code and Membership.objects.filter(organization__credit_code=code).exists():
            raise MembershipError(
                _(
                    "An organization with this credit code is already a member. Ask its "
                    "administrator to invite you as a contact."
                )
            )
        if (
            code
            and MembershipApplication.objects.filter(
                credit_code=code, status__in=[Status.SUBMITTED, Status.UNDER_REVIEW]
            )
            .exclude(pk=application.pk)
            .exists()
        ):
            raise MembershipError(
                _("An application for this organization is already being processed.")
            )
    elif (
        application.applicant_id
        and Membership.objects.filter(person__user_id=application.applicant_id).exists()
    ):
        raise MembershipError(_("You are already an individual member."))


def save_application(application: MembershipApplication, *, user) -> MembershipApplication:
    """Save a draft (or a returned application) that its applicant edited."""
    if application.pk and application.applicant_id != getattr(user, "pk", None):
        raise MembershipError(_("Only the applicant may edit this application."))
    if not application.is_editable:
        raise MembershipError(_("This application can no longer be changed."))
    created = application.pk is None
    with transaction.atomic():
        if application.credit_code:
            application.credit_code = normalize_credit_code(application.credit_code)
        if application.invoice_tax_number:
            application.invoice_tax_number = normalize_credit_code(application.invoice_tax_number)
        application.save()
        if created:
            log(application, "members.application.create", user=_acting(user))
    return application


def submit_application(application: MembershipApplication, *, user) -> MembershipApplication:
    """The applicant sends the application (first time, or again after it was returned)."""
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if application.applicant_id != getattr(user, "pk", None):
            raise MembershipError(_("Only the applicant may submit this application."))
        missing = missing_fields(application)
        if missing:
            labels = [
                str(MembershipApplication._meta.get_field(name).verbose_name) for name in missing
            ]
            raise MembershipError(
                _("Please complete these fields first: %(fields)s.") % {"fields": "、".join(labels)}
            )
        check_not_member(application)
        resubmission = application.status == MembershipApplication.Status.RETURNED
        application.transition(MembershipApplication.Status.SUBMITTED, user=user)
        if not application.number:
            year = timezone.localdate().year
            application.number = f"RH{year}{Sequence.next_value(f'application:{year}'):04d}"
        application.submitted_at = timezone.now()
        application.save(update_fields=["number", "submitted_at", "updated_at"])
        log(
            application,
            "members.application.submit",
            user=_acting(user),
            data={"resubmission": resubmission},
        )
    _notify(
        [application.contact_email, user.email],
        "members/email/application_submitted",
        {
            "application": application,
            "resubmission": resubmission,
            "url": portal_url(application_url(application)),
        },
    )
    return application


def application_url(application: MembershipApplication) -> str:
    return reverse("members:application", kwargs={"pk": application.pk})


def _decide(
    application: MembershipApplication,
    status: str,
    *,
    user,
    reason: str = "",
    reason_required: bool = False,
) -> MembershipApplication:
    if reason_required and not reason.strip():
        raise MembershipError(_("Please give a reason; the applicant will read it."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    application.transition(status, user=user, reason=reason)
    fields = ["updated_at"]
    if status in (MembershipApplication.Status.RETURNED, MembershipApplication.Status.REJECTED):
        application.status_reason = reason
        fields.append("status_reason")
    if status in (MembershipApplication.Status.APPROVED, MembershipApplication.Status.REJECTED):
        application.decided_at = timezone.now()
        application.decided_by = _acting(user)
        fields += ["decided_at", "decided_by"]
    application.save(update_fields=fields)
    return application


def start_review(application: MembershipApplication, *, user) -> MembershipApplication:
    with transaction.atomic():
        application = _decide(application, MembershipApplication.Status.UNDER_REVIEW, user=user)
        log(application, "members.application.review", user=_acting(user))
    return application


def return_application(
    application: MembershipApplication, *, user, reason: str
) -> MembershipApplication:
    """Send the application back to the applicant for more information."""
    with transaction.atomic():
        application = _decide(
            application,
            MembershipApplication.Status.RETURNED,
            user=user,
            reason=reason,
            reason_required=True,
        )
        log(application, "members.application.return", user=_acting(user), data={"reason": reason})
        _notify(
            _applicant_emails(application),
            "members/email/application_returned",
            {
                "application": application,
                "reason": reason,
                "url": portal_url(application_url(application)),
            },
        )
    return application


def reject_application(
    application: MembershipApplication, *, user, reason: str
) -> MembershipApplication:
    with transaction.atomic():
        application = _decide(
            application,
            MembershipApplication.Status.REJECTED,
            user=user,
            reason=reason,
            reason_required=True,
        )
        log(application, "members.application.reject", user=_acting(user), data={"reason": reason})
        _notify(
            _applicant_emails(application),
            "members/email/application_rejected",
            {"application": application, "reason": reason},
        )
    return application


def _applicant_emails(application: MembershipApplication) -> list[str]:
    return [application.applicant.email if application.applicant else "", application.contact_email]


def approve_application(
    application: MembershipApplication,
    *,
    user,
    tier: str | None = None,
    reason: str = "",
    today: datetime.date | None = None,
) -> Membership:
    """Admit the applicant: organization or person, membership with its number (active),
    the applicant's contact account and groups, and the first dues invoice, all or nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = _decide(
            application, MembershipApplication.Status.APPROVED, user=user, reason=reason
        )
        check_not_member(application)
        if application.applicant is None:
            raise MembershipError(_("The applicant's account no longer exists."))
        applicant = application.applicant
        tier = tier or application.tier
        if application.is_individual:
            tier = Membership.Tier.INDIVIDUAL
            subject = _person_from_application(application)
            application.person = subject
            groups = (roles.MEMBERS,)
        else:
            if tier not in Membership.Tier.organization_tiers():
                raise MembershipError(_("Choose a tier for the organization."))
            subject = _organization_from_application(application)
            application.organization = subject
            OrganizationContact.objects.update_or_create(
                organization=subject,
                user=applicant,
                defaults={"role": OrganizationContact.Role.ADMIN},
            )
            groups = (roles.MEMBER_CONTACTS, roles.MEMBERS)
        membership = create_membership(
            subject,
            tier=tier,
            user=user,
            status=Membership.Status.ACTIVE,
            joined_on=today,
            reason=_("Application %(number)s approved.") % {"number": application.number},
        )
        application.membership = membership
        application.tier = tier
        application.save(
            update_fields=["person", "organization", "membership", "tier", "updated_at"]
        )
        _add_to_groups(applicant, *groups)
        invoice = issue_invoice(
            membership,
            kind=Invoice.Kind.JOINING,
            year=today.year,
            user=user,
            today=today,
            title=application.invoice_title,
            tax_number=application.invoice_tax_number,
        )
        log(
            application,
            "members.application.approve",
            user=_acting(user),
            data={"membership": membership.number, "invoice": invoice.number},
        )
        _notify(
            _applicant_emails(application),
            "members/email/application_approved",
            {
                "application": application,
                "membership": membership,
                "invoice": invoice,
                "bank_details": settings_for_dues().bank_details,
                "url": portal_url(reverse("member_portal:membership")),
            },
        )
    return membership


def _organization_from_application(application: MembershipApplication) -> Organization:
    code = normalize_credit_code(application.credit_code)
    organization = Organization.objects.filter(credit_code=code).first()
    if organization is None:
        organization = Organization(credit_code=code)
    # An organization known before (e.g. imported, not a member) keeps what it has.
    values = {
        "name": application.organization_name,
        "short_name": application.short_name,
        "kind": application.organization_kind,
        "province": application.province,
        "city": application.city,
        "address": application.address,
        "legal_representative": application.legal_representative,
        "founded_on": application.founded_on,
        "size": application.size,
        "website": application.website,
        "profile": application.profile,
    }
    for field, value in values.items():
        if value and not getattr(organization, field):
            setattr(organization, field, value)
    organization.full_clean(exclude=["logo"])
    organization.save()
    organization.categories.add(*application.categories.all())
    applicant = application.applicant
    if not Person.objects.filter(user=applicant).exists():
        Person.objects.create(
            user=applicant,
            name=application.contact_name or applicant.get_full_name() or applicant.email,
            organization=organization,
            job_title=application.contact_job_title,
            province=application.province,
            phone=application.contact_phone,
            email=application.contact_email or applicant.email,
        )
    return organization


def _person_from_application(application: MembershipApplication) -> Person:
    applicant = application.applicant
    person = Person.objects.filter(user=applicant).first() or Person(user=applicant)
    employer = Organization.objects.filter(name=application.employer).first()
    person.name = application.person_name
    person.organization = employer or person.organization
    person.employer_name = "" if employer else application.employer
    person.job_title = application.job_title
    person.professional_title = application.professional_title
    person.expertise = application.expertise
    person.province = application.province
    person.phone = application.contact_phone
    person.email = application.contact_email or applicant.email
    person.save()
    return person


# ---------------------------------------------------------------------------------------------
# Dues: fee schedules, invoices, payments (journey 2)
# ---------------------------------------------------------------------------------------------


def fee_for(tier: str, year: int) -> Decimal:
    schedule = FeeSchedule.objects.filter(year=year).first()
    if schedule is None:
        raise MembershipError(
            _("There is no fee schedule for %(year)s yet; the secretariat must set one first.")
            % {"year": year}
        )
    return schedule.amount_for(tier)


def first_year_amount(tier: str, joined_on: datetime.date) -> Decimal:
    """The joining year's dues: reduced (half by default) from 1 July (configurable)."""
    amount = fee_for(tier, joined_on.year)
    config = settings_for_dues()
    if joined_on >= config.half_price_from(joined_on.year):
        amount = (amount * config.reduced_first_year_percent / Decimal(100)).quantize(
            Decimal("0.01")
        )
    return amount


def next_invoice_number(year: int) -> str:
    return f"HF{year}{Sequence.next_value(f'invoice:{year}'):05d}"


def _invoice_party(membership: Membership) -> tuple[str, str]:
    """发票 title and taxpayer number: the last invoice's, else the member's own."""
    last = membership.invoices.exclude(title="").order_by("-period_start", "-pk").first()
    if last is not None:
        return last.title, last.tax_number
    if membership.organization_id:
        return membership.organization.name, membership.organization.credit_code
    return membership.person.name, ""


def period_after(paid_through: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The membership year that follows paid_through (a calendar year in the usual case)."""
    start = paid_through + datetime.timedelta(days=1)
    if (start.month, start.day) == (1, 1):
        return start, datetime.date(start.year, 12, 31)
    try:
        end = start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 1, day=28)
    return start, end


def issue_invoice(
    membership: Membership,
    *,
    kind: str,
    year: int | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
    amount: Decimal | None = None,
    due_on: datetime.date | None = None,
    title: str = "",
    tax_number: str = "",
    user=None,
    today: datetime.date | None = None,
) -> Invoice:
    """Issue the dues invoice of one membership year. Refuses a second live invoice for
    the same period (the sweep relies on it to be idempotent)."""
    today = today or timezone.localdate()
    config = settings_for_dues()
    if period is None:
        year = year or today.year
        period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    start, end = period
    if amount is None:
        if kind == Invoice.Kind.JOINING:
            amount = first_year_amount(membership.tier, membership.joined_on or today)
        else:
            amount = fee_for(membership.tier, start.year)
    if due_on is None:
        if kind == Invoice.Kind.JOINING or start <= today:
            due_on = today + datetime.timedelta(days=config.payment_term_days)
        else:
            due_on = start - datetime.timedelta(days=1)
    default_title, default_tax = _invoice_party(membership)
    with transaction.atomic():
        if (
            membership.invoices.filter(period_start=start)
            .exclude(status=Invoice.Status.CANCELLED)
            .exists()
        ):
            raise MembershipError(
                _("This membership already has an invoice for the period from %(start)s.")
                % {"start": date_format(start)}
            )
        invoice = Invoice(
            number=next_invoice_number(start.year),
            membership=membership,
            kind=kind,
            period_start=start,
            period_end=end,
            amount=amount,
            issued_on=today,
            due_on=due_on,
            title=title or default_title,
            tax_number=normalize_credit_code(tax_number or default_tax),
            created_by=_acting(user),
        )
        invoice.full_clean(exclude=["membership", "created_by"])
        invoice.save()
        log(invoice, "members.invoice.issue", user=_acting(user), data={"amount": str(amount)})
    return invoice


def _lock_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("membership").get(pk=invoice.pk)


def _set_invoice_status(invoice: Invoice, status: str, *, user=None, reason: str = "") -> None:
    previous = invoice.status
    invoice.status = status
    invoice.status_reason = reason[:200]
    invoice.save(update_fields=["status", "status_reason", "paid_on", "updated_at"])
    log(
        invoice,
        f"members.invoice.{status}",
        user=_acting(user),
        data={"from": previous, "to": status, "reason": reason},
    )


def record_payment(
    invoice: Invoice,
    *,
    user,
    amount: Decimal,
    paid_on: datetime.date,
    method: str = Payment.Method.BANK_TRANSFER,
    reference: str = "",
    note: str = "",
    proof: PaymentProof | None = None,
) -> Payment:
    """Record money received. When the invoice is paid in full, the membership's
    paid-through date moves to the end of the invoiced period, and a membership in grace
    or lapsed becomes active again (the gap stays in its history)."""
    if amount is None or amount <= 0:
        raise MembershipError(_("The amount must be greater than zero."))
    if paid_on > timezone.localdate():
        raise MembershipError(_("The payment date cannot be in the future."))
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        if not invoice.is_outstanding:
            raise MembershipError(
                _("Invoice %(number)s is %(status)s; no payment can be recorded.")
                % {"number": invoice.number, "status": invoice.get_status_display()}
            )
        if amount > invoice.balance:
            raise MembershipError(
                _("The amount is more than the %(balance)s yuan still due on this invoice.")
                % {"balance": invoice.balance}
            )
        payment = Payment.objects.create(
            invoice=invoice,
            amount=amount,
            method=method,
            reference=reference,
            paid_on=paid_on,
            proof=proof,
            note=note,
            recorded_by=_acting(user),
        )
        log(
            invoice,
            "members.invoice.payment",
            user=_acting(user),
            data={"amount": str(amount), "reference": reference, "paid_on": paid_on.isoformat()},
        )
        if invoice.balance <= 0:
            invoice.paid_on = paid_on
            _set_invoice_status(invoice, Invoice.Status.PAID, user=user)
            _extend_membership(invoice, user=user)
            _notify(
                member_emails(invoice.membership),
                "members/email/payment_received",
                {
                    "invoice": invoice,
                    "membership": invoice.membership,
                    "url": portal_url(reverse("member_portal:invoice", kwargs={"pk": invoice.pk})),
                },
            )
    return payment


def _extend_membership(invoice: Invoice, *, user) -> None:
    membership = Membership.objects.select_for_update().get(pk=invoice.membership_id)
    previous = membership.paid_through
    if previous is None or invoice.period_end > previous:
        membership.paid_through = invoice.period_end
        membership.save(update_fields=["paid_through", "updated_at"])
    today = timezone.localdate()
    if membership.status in (Membership.Status.GRACE, Membership.Status.LAPSED) and (
        membership.paid_through and membership.paid_through >= today
    ):
        if membership.status == Membership.Status.LAPSED and previous:
            gap_from = previous + datetime.timedelta(days=1)
            reason = _(
                "Renewed after a lapse: dues for %(period)s paid (invoice %(number)s); "
                "not a member in good standing from %(gap_from)s to %(gap_to)s."
            ) % {
                "period": invoice.period_start.year,
                "number": invoice.number,
                "gap_from": date_format(gap_from),
                "gap_to": date_format(invoice.period_start - datetime.timedelta(days=1)),
            }
        else:
            reason = _("Dues paid (invoice %(number)s).") % {"number": invoice.number}
        change_status(membership, Membership.Status.ACTIVE, user=user, reason=reason)


def cancel_invoice(invoice: Invoice, *, user, reason: str) -> Invoice:
    if not reason.strip():
        raise MembershipError(_("Please give a reason for cancelling the invoice."))
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        if not invoice.is_outstanding:
            raise MembershipError(_("Only an open or overdue invoice can be cancelled."))
        if invoice.payments.exists():
            raise MembershipError(_("This invoice has payments recorded; it cannot be cancelled."))
        _set_invoice_status(invoice, Invoice.Status.CANCELLED, user=user, reason=reason)
        invoice.proofs.filter(status=PaymentProof.Status.PENDING).update(
            status=PaymentProof.Status.REJECTED,
            decided_at=timezone.now(),
            decided_by=_acting(user),
            decision_reason=_("The invoice was cancelled."),
        )
    return invoice


def submit_payment_proof(
    invoice: Invoice,
    *,
    user,
    file,
    amount: Decimal,
    paid_on: datetime.date,
    reference: str = "",
    note: str = "",
) -> PaymentProof:
    """A member uploads a transfer receipt; staff confirm it in the back office."""
    if not Invoice.objects.visible_to(user).filter(pk=invoice.pk).exists():
        raise MembershipError(_("You cannot pay this invoice."))
    if paid_on > timezone.localdate():
        raise MembershipError(_("The payment date cannot be in the future."))
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        if not invoice.is_outstanding:
            raise MembershipError(_("This invoice is not open for payment."))
        original_name = getattr(file, "name", "")
        normalize_upload_name(file)
        proof = PaymentProof.objects.create(
            invoice=invoice,
            file=file,
            file_name=original_name[:200],
            amount=amount,
            paid_on=paid_on,
            reference=reference,
            note=note,
            uploaded_by=_acting(user),
        )
        log(invoice, "members.invoice.proof", user=_acting(user), data={"proof": proof.pk})
    return proof


def confirm_payment_proof(proof: PaymentProof, *, user, amount: Decimal | None = None) -> Payment:
    with transaction.atomic():
        proof = PaymentProof.objects.select_for_update().get(pk=proof.pk)
        if proof.status != PaymentProof.Status.PENDING:
            raise MembershipError(_("This proof of payment has already been decided."))
        payment = record_payment(
            proof.invoice,
            user=user,
            amount=amount or proof.amount,
            paid_on=proof.paid_on,
            reference=proof.reference,
            note=_("Confirmed from an uploaded proof of payment."),
            proof=proof,
        )
        proof.status = PaymentProof.Status.CONFIRMED
        proof.decided_by = _acting(user)
        proof.decided_at = timezone.now()
        proof.save(update_fields=["status", "decided_by", "decided_at"])
        log(proof, "members.proof.confirm", user=_acting(user))
    return payment


def reject_payment_proof(proof: PaymentProof, *, user, reason: str) -> PaymentProof:
    if not reason.strip():
        raise MembershipError(_("Please give a reason; the member will read it."))
    with transaction.atomic():
        proof = (
            PaymentProof.objects.select_for_update()
            .select_related("invoice__membership")
            .get(pk=proof.pk)
        )
        if proof.status != PaymentProof.Status.PENDING:
            raise MembershipError(_("This proof of payment has already been decided."))
        proof.status = PaymentProof.Status.REJECTED
        proof.decided_by = _acting(user)
        proof.decided_at = timezone.now()
        proof.decision_reason = reason[:200]
        proof.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        log(proof, "members.proof.reject", user=_acting(user), data={"reason": reason})
        _notify(
            member_emails(proof.invoice.membership),
            "members/email/proof_rejected",
            {
                "proof": proof,
                "invoice": proof.invoice,
                "reason": reason,
                "url": portal_url(
                    reverse("member_portal:invoice", kwargs={"pk": proof.invoice_id})
                ),
            },
        )
    return proof


def renew_membership(
    membership: Membership, *, user, today: datetime.date | None = None
) -> Invoice:
    """The renewal invoice a lapsed (or never renewed) member pays to come back: the current
    year, at the full rate. The unpaid years stay unpaid, so the gap shows in history."""
    today = today or timezone.localdate()
    if membership.status == Membership.Status.TERMINATED:
        raise MembershipError(_("A terminated membership cannot be renewed; apply to join again."))
    existing = membership.invoices.outstanding().order_by("-period_start").first()
    if existing is not None:
        return existing
    if membership.status == Membership.Status.LAPSED or membership.paid_through is None:
        period = (datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    else:
        period = period_after(membership.paid_through)
    if membership.paid_through and membership.paid_through >= period[0]:
        raise MembershipError(_("This membership is already paid for that period."))
    return issue_invoice(
        membership, kind=Invoice.Kind.RENEWAL, period=period, user=user, today=today
    )


# ---------------------------------------------------------------------------------------------
# The scheduled sweep: reminders, next year's invoices, overdue, grace, lapse (journey 2)
# ---------------------------------------------------------------------------------------------


@dataclass
class SweepReport:
    invoices_issued: list[str] = dataclass_field(default_factory=list)
    reminders_sent: list[str] = dataclass_field(default_factory=list)
    overdue: list[str] = dataclass_field(default_factory=list)
    to_grace: list[str] = dataclass_field(default_factory=list)
    lapsed: list[str] = dataclass_field(default_factory=list)
    warnings: list[str] = dataclass_field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"invoices issued: {len(self.invoices_issued)} {' '.join(self.invoices_issued)}".rstrip(),
            f"reminders sent: {len(self.reminders_sent)} {' '.join(self.reminders_sent)}".rstrip(),
            f"invoices overdue: {len(self.overdue)} {' '.join(self.overdue)}".rstrip(),
            f"memberships into grace: {len(self.to_grace)} {' '.join(self.to_grace)}".rstrip(),
            f"memberships lapsed: {len(self.lapsed)} {' '.join(self.lapsed)}".rstrip(),
            *[f"warning: {warning}" for warning in self.warnings],
        ]


def dues_expiry(membership: Membership) -> datetime.date | None:
    """The last day the membership's dues cover: its paid-through date or, before the first
    payment, the due date of its first invoice."""
    if membership.paid_through:
        return membership.paid_through
    first = membership.invoices.outstanding().order_by("due_on").first()
    return first.due_on if first else None


def run_sweep(today: datetime.date | None = None) -> SweepReport:
    """Everything dues need each day. Safe to run twice: each step looks at the current state
    and at what was already recorded, never at when it last ran."""
    today = today or timezone.localdate()
    report = SweepReport()
    config = settings_for_dues()
    with translation.override(settings.LANGUAGE_CODE):
        _sweep_invoices(today, config, report)
        _sweep_reminders(today, config, report)
        _sweep_overdue(today, report)
        _sweep_grace_and_lapse(today, config, report)
    return report


def _sweep_invoices(today, config, report: SweepReport) -> None:
    horizon = today + datetime.timedelta(days=config.renewal_invoice_days)
    candidates = Membership.objects.filter(
        status__in=Membership.Status.good_standing(), paid_through__lte=horizon
    ).select_related("organization", "person")
    missing_years: set[int] = set()
    for membership in candidates.iterator():
        start, end = period_after(membership.paid_through)
        if (
            membership.invoices.filter(period_start=start)
            .exclude(status=Invoice.Status.CANCELLED)
            .exists()
        ):
            continue
        if not FeeSchedule.objects.filter(year=start.year).exists():
            missing_years.add(start.year)
            continue
        try:
            invoice = issue_invoice(
                membership, kind=Invoice.Kind.RENEWAL, period=(start, end), today=today
            )
        except MembershipError as error:  # e.g. another run issued it a moment ago
            report.warnings.append(f"{membership.number}: {error}")
            continue
        report.invoices_issued.append(invoice.number)
    for year in sorted(missing_years):
        report.warnings.append(f"no fee schedule for {year}: renewal invoices not issued")


def _sweep_reminders(today, config, report: SweepReport) -> None:
    days = config.reminder_day_list
    if not days:
        return
    candidates = Membership.objects.filter(
        status__in=Membership.Status.good_standing(),
        paid_through__gte=today,
        paid_through__lte=today + datetime.timedelta(days=max(days)),
    ).select_related("organization", "person__user")
    for membership in candidates.iterator():
        remaining = (membership.paid_through - today).days
        # Only the most urgent reminder that is due; a missed run never sends two at once.
        offset = min(day for day in days if day >= remaining)
        if RenewalReminder.objects.filter(
            membership=membership, paid_through=membership.paid_through, days_before__lte=offset
        ).exists():
            continue
        emails = member_emails(membership)
        invoice = membership.invoices.outstanding().order_by("period_start").first()
        with transaction.atomic():
            _reminder, created = RenewalReminder.objects.get_or_create(
                membership=membership,
                paid_through=membership.paid_through,
                days_before=offset,
                defaults={"sent_to": ", ".join(emails)},
            )
            if not created:
                continue
            log(membership, "members.membership.reminder", data={"days_before": offset})
            _notify(
                emails,
                "members/email/renewal_reminder",
                {
                    "membership": membership,
                    "invoice": invoice,
                    "days": remaining,
                    "bank_details": config.bank_details,
                    "url": portal_url(reverse("member_portal:invoices")),
                },
            )
        report.reminders_sent.append(f"{membership.number}(-{offset})")


def mark_invoice_overdue(invoice: Invoice, *, today: datetime.date | None = None) -> bool:
    """An open invoice past its due date becomes overdue (a scheduled rule, no actor)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invoice = _lock_invoice(invoice)
        if invoice.status != Invoice.Status.OPEN or invoice.due_on >= today:
            return False
        _set_invoice_status(invoice, Invoice.Status.OVERDUE, reason=_("The due date has passed."))
    return True


def _sweep_overdue(today, report: SweepReport) -> None:
    for invoice in Invoice.objects.filter(status=Invoice.Status.OPEN, due_on__lt=today).iterator():
        if mark_invoice_overdue(invoice, today=today):
            report.overdue.append(invoice.number)


def _sweep_grace_and_lapse(today, config, report: SweepReport) -> None:
    grace = datetime.timedelta(days=config.grace_period_days)
    members = Membership.objects.filter(
        status__in=[Membership.Status.ACTIVE, Membership.Status.GRACE]
    ).select_related("organization", "person__user")
    for membership in members.iterator():
        expiry = dues_expiry(membership)
        if expiry is None or expiry >= today:
            continue
        if membership.status == Membership.Status.ACTIVE:
            reason = _("Dues unpaid after %(date)s.") % {"date": date_format(expiry)}
            change_status(membership, Membership.Status.GRACE, reason=reason)
            report.to_grace.append(membership.number)
            _notify(
                member_emails(membership),
                "members/email/membership_grace",
                {
                    "membership": membership,
                    "expiry": expiry,
                    "lapse_on": expiry + grace + datetime.timedelta(days=1),
                    "bank_details": config.bank_details,
                    "url": portal_url(reverse("member_portal:invoices")),
                },
            )
            membership.status = Membership.Status.GRACE
        if membership.status == Membership.Status.GRACE and expiry + grace < today:
            _lapse(membership, expiry=expiry, report=report)


def _lapse(membership: Membership, *, expiry: datetime.date, report: SweepReport) -> None:
    with transaction.atomic():
        reason = _(
            "Dues unpaid since %(date)s and the grace period has ended: the membership lapses."
        ) % {"date": date_format(expiry + datetime.timedelta(days=1))}
        change_status(membership, Membership.Status.LAPSED, reason=reason)
        for invoice in membership.invoices.outstanding():
            _set_invoice_status(
                invoice, Invoice.Status.CANCELLED, reason=str(_("The membership lapsed."))
            )
        _notify(
            member_emails(membership),
            "members/email/membership_lapsed",
            {"membership": membership, "url": portal_url(reverse("member_portal:membership"))},
        )
    report.lapsed.append(membership.number)


# ---------------------------------------------------------------------------------------------
# The member portal: profile, key-field change requests, contacts (journey 3)
# ---------------------------------------------------------------------------------------------


def require_admin(organization: Organization, user) -> None:
    if not is_organization_admin(user, organization):
        raise MembershipError(_("Only the organization's administrator may do this."))


def update_profile(organization: Organization, *, user, changed: list[str]) -> None:
    """Record an edit of the ordinary profile fields that the administrator saved."""
    require_admin(organization, user)
    log(organization, "members.organization.profile", user=_acting(user), data={"fields": changed})


def request_profile_change(
    organization: Organization,
    *,
    user,
    name: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    reason: str,
    document=None,
) -> ProfileChangeRequest:
    require_admin(organization, user)
    request = ProfileChangeRequest(
        organization=organization,
        name="" if name == organization.name else name.strip(),
        credit_code=""
        if normalize_credit_code(credit_code) == organization.credit_code
        else normalize_credit_code(credit_code),
        legal_representative=""
        if legal_representative == organization.legal_representative
        else legal_representative.strip(),
        reason=reason,
        requested_by=_acting(user),
    )
    if not request.changes():
        raise MembershipError(
            _("Nothing to change: the new values are the same as the current ones.")
        )
    if (
        request.credit_code
        and Organization.objects.filter(credit_code=request.credit_code)
        .exclude(pk=organization.pk)
        .exists()
    ):
        raise MembershipError(_("Another organization already has this credit code."))
    if organization.change_requests.filter(status=ProfileChangeRequest.Status.PENDING).exists():
        raise MembershipError(
            _("A change request is already waiting for the secretariat; wait for its decision.")
        )
    with transaction.atomic():
        if document is not None:
            request.document_name = getattr(document, "name", "")[:200]
            normalize_upload_name(document)
            request.document = document
        request.save()
        log(request, "members.change_request.create", user=_acting(user), data=request.changes())
    return request


def approve_profile_change(
    request: ProfileChangeRequest, *, user, reason: str = ""
) -> Organization:
    with transaction.atomic():
        request = ProfileChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ProfileChangeRequest.Status.PENDING:
            raise MembershipError(_("This request has already been decided."))
        organization = Organization.objects.select_for_update().get(pk=request.organization_id)
        changes = request.changes()
        if (
            "credit_code" in changes
            and Organization.objects.filter(credit_code=changes["credit_code"])
            .exclude(pk=organization.pk)
            .exists()
        ):
            raise MembershipError(_("Another organization already has this credit code."))
        request.previous = {field: getattr(organization, field) for field in changes}
        for field, value in changes.items():
            setattr(organization, field, value)
        organization.save()
        request.status = ProfileChangeRequest.Status.APPROVED
        request.decided_by = _acting(user)
        request.decided_at = timezone.now()
        request.decision_reason = reason
        request.save()
        log(request, "members.change_request.approve", user=_acting(user), data=changes)
        log(
            organization,
            "members.organization.key_fields",
            user=_acting(user),
            data={"from": request.previous, "to": changes},
        )
        _notify(
            [request.requested_by.email] if request.requested_by else [],
            "members/email/change_request_decided",
            {"request": request, "organization": organization, "approved": True, "reason": reason},
        )
    invalidate_page_cache()
    return organization


def reject_profile_change(
    request: ProfileChangeRequest, *, user, reason: str
) -> ProfileChangeRequest:
    if not reason.strip():
        raise MembershipError(_("Please give a reason; the organization will read it."))
    with transaction.atomic():
        request = ProfileChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ProfileChangeRequest.Status.PENDING:
            raise MembershipError(_("This request has already been decided."))
        request.status = ProfileChangeRequest.Status.REJECTED
        request.decided_by = _acting(user)
        request.decided_at = timezone.now()
        request.decision_reason = reason
        request.save()
        log(request, "members.change_request.reject", user=_acting(user), data={"reason": reason})
        _notify(
            [request.requested_by.email] if request.requested_by else [],
            "members/email/change_request_decided",
            {
                "request": request,
                "organization": request.organization,
                "approved": False,
                "reason": reason,
            },
        )
    return request


def invite_contact(
    organization: Organization, *, user, email: str, role: str = OrganizationContact.Role.STAFF
) -> ContactInvitation:
    """An administrator invites a colleague; the link in the email is valid for two weeks."""
    require_admin(organization, user)
    email = email.strip().lower()
    if OrganizationContact.objects.filter(
        organization=organization, user__email__iexact=email
    ).exists():
        raise MembershipError(
            _("%(email)s is already a contact of this organization.") % {"email": email}
        )
    with transaction.atomic():
        # A new invitation replaces an earlier one to the same address.
        organization.invitations.filter(
            email__iexact=email, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        invitation = ContactInvitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=_acting(user),
            expires_at=timezone.now() + datetime.timedelta(days=ContactInvitation.VALID_DAYS),
        )
        log(
            organization,
            "members.contact.invite",
            user=_acting(user),
            data={"email": email, "role": role},
        )
        _notify(
            [email],
            "members/email/contact_invitation",
            {
                "invitation": invitation,
                "organization": organization,
                "inviter": user,
                "url": portal_url(
                    reverse("member_portal:invitation", kwargs={"token": invitation.token})
                ),
            },
        )
    return invitation


def cancel_invitation(invitation: ContactInvitation, *, user) -> None:
    require_admin(invitation.organization, user)
    if not invitation.is_pending:
        raise MembershipError(_("This invitation is no longer pending."))
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    log(
        invitation.organization,
        "members.contact.uninvite",
        user=_acting(user),
        data={"email": invitation.email},
    )


def accept_invitation(invitation: ContactInvitation, *, user) -> OrganizationContact:
    """The invited colleague, logged in with the invited address, becomes a contact."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invitation = (
            ContactInvitation.objects.select_for_update()
            .select_related("organization")
            .get(pk=invitation.pk)
        )
        if not invitation.is_pending:
            raise MembershipError(
                _("This invitation has expired or was withdrawn; ask for a new one.")
            )
        addresses = {user.email.lower()} | {
            address.lower()
            for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
        if invitation.email.lower() not in addresses:
            raise MembershipError(
                _("This invitation was sent to %(email)s. Log in with that address to accept it.")
                % {"email": invitation.email}
            )
        contact, _created = OrganizationContact.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _add_to_groups(user, roles.MEMBER_CONTACTS, roles.MEMBERS)
        log(
            invitation.organization,
            "members.contact.add",
            user=_acting(user),
            data={"email": user.email, "role": contact.role},
        )
    return contact


def _admin_count(organization_id: int) -> int:
    return OrganizationContact.objects.filter(
        organization_id=organization_id, role=OrganizationContact.Role.ADMIN
    ).count()


def remove_contact(contact: OrganizationContact, *, user) -> None:
    """An administrator removes a colleague; the last administrator always stays."""
    require_admin(contact.organization, user)
    with transaction.atomic():
        contact = (
            OrganizationContact.objects.select_for_update()
            .select_related("user")
            .get(pk=contact.pk)
        )
        if (
            contact.role == OrganizationContact.Role.ADMIN
            and _admin_count(contact.organization_id) <= 1
        ):
            raise MembershipError(
                _(
                    "The organization's last administrator cannot be removed. Make another contact administrator first."
                )
            )
        removed = contact.user
        contact.delete()
        if not OrganizationContact.objects.filter(user=removed).exists():
            removed.groups.remove(*Group.objects.filter(name=roles.MEMBER_CONTACTS))
            if not Membership.objects.filter(person__user=removed).exists():
                removed.groups.remove(*Group.objects.filter(name=roles.MEMBERS))
        log(
            contact.organization,
            "members.contact.remove",
            user=_acting(user),
            data={"email": removed.email},
        )


def change_contact_role(contact: OrganizationContact, *, user, role: str) -> OrganizationContact:
    require_admin(contact.organization, user)
    with transaction.atomic():
        contact = OrganizationContact.objects.select_for_update().get(pk=contact.pk)
        if contact.role == role:
            return contact
        if (
            contact.role == OrganizationContact.Role.ADMIN
            and _admin_count(contact.organization_id) <= 1
        ):
            raise MembershipError(_("The organization needs at least one administrator."))
        contact.role = role
        contact.save(update_fields=["role"])
        log(
            contact.organization,
            "members.contact.role",
            user=_acting(user),
            data={"email": contact.user.email, "role": role},
        )
    return contact
