"""Joining applications (journey 1): drafts, submission, review and the decision."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.accounts import roles
from website.core.models import Sequence
from website.core.payments import DUES, payment_account

from ..models import (
    Invoice,
    Membership,
    MembershipApplication,
    MembershipError,
    Organization,
    OrganizationContact,
    Person,
)
from ..validators import normalize_credit_code
from .common import acting, add_to_groups, notify, portal_url
from .dues import issue_invoice
from .memberships import create_membership

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
                credit_code=code, status__in=MembershipApplication.IN_QUEUE
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
            log(application, "members.application.create", user=acting(user))
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
        resubmission = application.state.returned
        if not application.number:
            year = timezone.localdate().year
            application.number = f"RH{year}{Sequence.next_value(f'application:{year}'):04d}"
        application.submitted_at = timezone.now()
        application.transition(
            MembershipApplication.Status.SUBMITTED,
            user=user,
            update_fields=["number", "submitted_at"],
            log_action="members.application.submit",
            data={"resubmission": resubmission},
        )
    notify(
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


def _lock(application: MembershipApplication) -> MembershipApplication:
    return MembershipApplication.objects.select_for_update().get(pk=application.pk)


def _decide(
    application: MembershipApplication,
    status: str,
    *,
    user,
    verb: str,
    reason: str = "",
    reason_required: bool = False,
    data: dict | None = None,
) -> MembershipApplication:
    """Change a locked application's status with the decision's fields; the change is logged
    as members.application.<verb>."""
    if reason_required and not reason.strip():
        raise MembershipError(_("Please give a reason; the applicant will read it."))
    fields = []
    if status in (MembershipApplication.Status.RETURNED, MembershipApplication.Status.REJECTED):
        application.status_reason = reason
        fields.append("status_reason")
    if status in (MembershipApplication.Status.APPROVED, MembershipApplication.Status.REJECTED):
        application.decided_at = timezone.now()
        application.decided_by = acting(user)
        fields += ["decided_at", "decided_by"]
    application.transition(
        status,
        user=user,
        reason=reason,
        update_fields=fields,
        log_action=f"members.application.{verb}",
        data=data,
    )
    return application


def start_review(application: MembershipApplication, *, user) -> MembershipApplication:
    with transaction.atomic():
        application = _decide(
            _lock(application), MembershipApplication.Status.UNDER_REVIEW, user=user, verb="review"
        )
    return application


def return_application(
    application: MembershipApplication, *, user, reason: str
) -> MembershipApplication:
    """Send the application back to the applicant for more information."""
    with transaction.atomic():
        application = _decide(
            _lock(application),
            MembershipApplication.Status.RETURNED,
            user=user,
            verb="return",
            reason=reason,
            reason_required=True,
        )
        notify(
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
            _lock(application),
            MembershipApplication.Status.REJECTED,
            user=user,
            verb="reject",
            reason=reason,
            reason_required=True,
        )
        notify(
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
        application = _lock(application)
        application.require_status(*MembershipApplication.IN_QUEUE)
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
        application.save(update_fields=["person", "organization", "membership", "tier"])
        add_to_groups(applicant, *groups)
        invoice = issue_invoice(
            membership,
            kind=Invoice.Kind.JOINING,
            year=today.year,
            user=user,
            today=today,
            title=application.invoice_title,
            tax_number=application.invoice_tax_number,
        )
        _decide(
            application,
            MembershipApplication.Status.APPROVED,
            user=user,
            verb="approve",
            reason=reason,
            data={"membership": membership.number, "invoice": invoice.number},
        )
        notify(
            _applicant_emails(application),
            "members/email/application_approved",
            {
                "application": application,
                "membership": membership,
                "invoice": invoice,
                "payment_account": payment_account(DUES),
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
