"""Public pages of the members app: joining online, membership verification, private files."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from members import services, verification
from members.access import can_see_application
from members.forms import ApplicationForm
from members.models import (
    FeeSchedule,
    Membership,
    MembershipApplication,
    MembershipError,
    MembershipSettings,
)
from website.core import ratelimit
from website.core.cache import reads_areas
from website.core.files import private_file_response

KINDS = {
    "organization": MembershipApplication.Kind.ORGANIZATION,
    "individual": MembershipApplication.Kind.INDIVIDUAL,
}


@reads_areas("pages", "join")
def join(request: HttpRequest) -> HttpResponse:
    """How to join, the dues, and (for a logged-in visitor) their own applications.

    Nothing personal is rendered for anonymous visitors, so the page cache may keep it."""
    year = timezone.localdate().year
    schedule = (
        FeeSchedule.objects.filter(year=year).first()
        or FeeSchedule.objects.order_by("-year").first()
    )
    config = MembershipSettings.load()
    applications = []
    if request.user.is_authenticated:
        applications = list(MembershipApplication.objects.of_user(request.user))
    return render(
        request,
        "members/join.html",
        {
            "schedule": schedule,
            "tiers": [
                (label, schedule.amount_for(value)) for value, label in Membership.Tier.choices
            ]
            if schedule
            else [],
            "config": config,
            "applications": applications,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_start(request: HttpRequest, kind: str) -> HttpResponse:
    """A new application of this kind, or the one the user already has open."""
    if kind not in KINDS:
        raise Http404
    existing = services.open_application_of(request.user, KINDS[kind])
    if existing is not None:
        return redirect("members:application", pk=existing.pk)
    application = services.new_application(request.user, KINDS[kind])
    return _application_form(request, application)


@login_required
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's own application: a form while it is a draft or returned, else its status."""
    application = get_object_or_404(MembershipApplication.objects.of_user(request.user), pk=pk)
    if application.is_editable:
        return _application_form(request, application)
    if request.method == "POST":
        messages.error(request, _("This application can no longer be changed."))
        return redirect("members:application", pk=application.pk)
    return render(
        request,
        "members/application_status.html",
        {
            "application": application,
            "history": application.status_history(),
            "summary": application_summary(application),
        },
    )


def _application_form(request: HttpRequest, application: MembershipApplication) -> HttpResponse:
    submitting = request.method == "POST" and "submit" in request.POST
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=application,
        kind=application.kind,
        submitting=submitting,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    application = form.save(commit=False)
                    services.save_application(application, user=request.user)
                    form.save_m2m()
            except MembershipError as error:
                form.add_error(None, str(error))
            else:
                if not submitting:
                    messages.success(
                        request,
                        _("Your draft is saved. You can come back and finish it at any time."),
                    )
                    return redirect("members:application", pk=application.pk)
                try:
                    services.submit_application(application, user=request.user)
                except MembershipError as error:
                    messages.error(
                        request,
                        _("Your draft is saved, but it could not be submitted: %(error)s")
                        % {"error": error},
                    )
                    return redirect("members:application", pk=application.pk)
                messages.success(
                    request,
                    _(
                        "Your application has been submitted. We have sent you a confirmation "
                        "email; the secretariat will review it."
                    ),
                )
                return redirect("members:application", pk=application.pk)
    return render(
        request,
        "members/application_form.html",
        {
            "application": application,
            "form": form,
            "history": application.status_history() if application.pk else [],
        },
    )


def application_summary(application: MembershipApplication) -> list[tuple[str, str]]:
    """The application's answers as (label, value) pairs, for reading back."""
    from members.forms import INDIVIDUAL_FIELDS, ORGANIZATION_FIELDS

    names = INDIVIDUAL_FIELDS if application.is_individual else ORGANIZATION_FIELDS
    rows = []
    for name in names:
        if name in ("licence", "accepts_charter"):
            continue
        model_field = MembershipApplication._meta.get_field(name)
        if name == "categories":
            value = "、".join(str(category) for category in application.categories.all())
        elif model_field.choices:
            value = getattr(application, f"get_{name}_display")()
        else:
            value = getattr(application, name)
        rows.append((str(model_field.verbose_name), "" if value is None else str(value)))
    return rows


@login_required
def application_licence(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(MembershipApplication, pk=pk)
    if not can_see_application(request.user, application):
        raise Http404
    return private_file_response(application.licence, filename=application.licence_name)


NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,32}$")


@never_cache
@require_GET
def verify(request: HttpRequest, number: str = "") -> HttpResponse:
    """What the QR code on a 会员证 opens, and where anyone confirms a number and a name.

    Shows the holder and the live status only with the certificate's key or the holder's
    name; an unknown number and a wrong name get the same answer (members.verification)."""
    number = (request.GET.get("number") or number).strip()
    key = request.GET.get("key", "").strip()
    name = request.GET.get("name", "").strip()[:200]
    context = {"number": number, "name": name, "asked": bool(number and (key or name))}
    if context["asked"]:
        if not ratelimit.hit(
            request,
            "members.verify",
            limit=verification.LOOKUPS_PER_WINDOW,
            period=verification.WINDOW_SECONDS,
        ):
            return render(request, "members/verify.html", {**context, "limited": True}, status=429)
        if NUMBER_PATTERN.match(number):
            result = verification.verify(number, key=key, name=name)
            context["membership"] = result.membership
    return render(request, "members/verify.html", context)
