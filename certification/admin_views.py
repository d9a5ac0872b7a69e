"""Back-office pages beyond listings: the dashboard, processing an application, managing a
certificate and a criteria version. Each action calls one service; a broken rule becomes a
message, never a 500."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from members.models import Expert

from . import extensions, services
from .models import (
    AnnualCheck,
    Application,
    Certificate,
    CertificationError,
    CriteriaSet,
    Objection,
    Review,
    Scheme,
)
from .services.applications import missing_documents
from .services.common import day


def _require_processor(user) -> None:
    if not user.has_perm("certification.process_application"):
        raise PermissionDenied


POSTED = "certification_posted"


def has_nul(data) -> bool:
    """A NUL byte, which no text field may hold (PostgreSQL refuses it)."""
    return any("\x00" in key + "".join(values) for key, values in data.lists())


class ActionView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the object with the actions its state allows; POST runs one action."""

    header_icon = "tasks"
    actions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        _require_processor(request.user)
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if has_nul(request.POST):
            messages.error(request, _("The input contains characters that are not allowed."))
            return HttpResponseRedirect(request.path)
        if action not in self.actions:
            messages.error(request, _("Unknown action."))
            return HttpResponseRedirect(request.path)
        try:
            message = getattr(self, f"do_{action}")(request.POST)
        except CertificationError as error:
            self.refused(error)
        else:
            if message:
                messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())

    def refused(self, error: CertificationError) -> None:
        """Say why, and keep what was typed for the form after the redirect."""
        messages.error(self.request, str(error))
        typed = {k: v for k, v in self.request.POST.items() if k != "csrfmiddlewaretoken"}
        self.request.session[POSTED] = {"path": self.request.path, "data": typed}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posted = self.request.session.pop(POSTED, None)
        # `posted` holds the fields of the action just refused, to fill its form again.
        context["posted"] = posted["data"] if posted and posted["path"] == self.request.path else {}
        return context

    def get_success_url(self) -> str:
        return self.request.path

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("certification_dashboard:index"), "label": _("Certification")},
            {"url": "", "label": self.get_page_title()},
        ]


def parse_date(value: str) -> datetime.date | None:
    """A typed ISO date, or a CertificationError the page shows as a message."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError as error:
        raise CertificationError(_("“%(value)s” is not a date.") % {"value": value}) from error


class ProcessExtension:
    """Sections and actions a kind of subject adds to the processing page (projects do).

    `template` is included with `extra` (from get_context); each name in `actions` is handled
    by `do_<name>(view, data)` returning the success message; `replaces` names core blocks
    the extension takes over ("decision": the panel's grade and publicity).
    """

    template = ""
    actions: tuple[str, ...] = ()
    replaces: frozenset[str] = frozenset()

    def applies(self, application) -> bool:
        return False

    def get_context(self, view, application) -> dict:
        return {}

    def replaced_blocks(self, application) -> frozenset[str]:
        return self.replaces


class ApplicationProcessView(ActionView):
    template_name = "certification/admin/application_process.html"
    actions = (
        "start_formal_review",
        "save_checklist",
        "accept",
        "return",
        "reject",
        "assign",
        "withdraw_review",
        "reopen_review",
        "close_review",
        "send_back",
        "start_publicity",
        "resolve_objection",
        "approve",
        "approve_decision",
    )

    def get_object(self):
        return get_object_or_404(
            Application.objects.select_related(
                "scheme", "round", "criteria_set", "organization", "plant"
            ),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def extensions(self) -> list[ProcessExtension]:
        return extensions.process_pages(self.object)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        if has_nul(request.POST):
            return super().post(request, *args, **kwargs)
        for extension in self.extensions:
            if action in extension.actions:
                try:
                    message = getattr(extension, f"do_{action}")(self, request.POST)
                except CertificationError as error:
                    self.refused(error)
                else:
                    if message:
                        messages.success(request, message)
                return HttpResponseRedirect(self.get_success_url())
        return super().post(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.object.number} · {self.object.subject_name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        criteria = application.criteria_set.ordered_criteria()
        reviews = list(
            application.reviews.select_related("expert__person__organization").prefetch_related(
                "scores"
            )
        )
        self_scores = {s.criterion_id: s for s in application.self_assessments.all()}
        rows = []
        for criterion in criteria:
            per_review = []
            for review in reviews:
                score = next(
                    (s for s in review.scores.all() if s.criterion_id == criterion.pk), None
                )
                per_review.append(score)
            rows.append((criterion, self_scores.get(criterion.pk), per_review))
        files = application.attachments.select_related("requirement", "criterion")
        documents = [
            (
                document,
                [f for f in files if f.requirement_id == document.pk],
                bool(application.formal_checklist.get(str(document.pk))),
            )
            for document in application.scheme.required_documents.all()
        ]
        context.update(
            application=application,
            rows=rows,
            reviews=reviews,
            documents=documents,
            other_files=[f for f in files if f.requirement_id is None],
            missing=missing_documents(application),
            changes=application.status_history(),
            objections=application.objections.select_related("resolved_by"),
            certificates=application.certificates.all(),
            bands=application.criteria_set.ordered_bands(),
            experts=services.assignable_experts(application)
            if application.status == Application.Status.EXPERT_REVIEW
            else [],
            problems=services.eligibility_problems(
                application.scheme, application.organization, application.plant, application
            ),
            today=timezone.localdate(),
            open_objections=application.objections.filter(status=Objection.Status.OPEN).count(),
            result=self._result(application),
            extensions=[
                (extension.template, extension.get_context(self, application))
                for extension in self.extensions
            ],
            replaced=set().union(
                *(extension.replaced_blocks(application) for extension in self.extensions)
            ),
        )
        return context

    @staticmethod
    def _result(application):
        if application.status != Application.Status.EXPERT_REVIEW:
            return None
        try:
            return services.compute_result(application)
        except CertificationError:
            return None

    # Actions --------------------------------------------------------------------------

    def _checklist(self, data) -> dict[str, bool]:
        return {
            str(document.pk): data.get(f"doc_{document.pk}") == "on"
            for document in self.object.scheme.required_documents.all()
        }

    def do_start_formal_review(self, data):
        services.start_formal_review(self.object, user=self.request.user)
        return _("Formal review started.")

    def do_save_checklist(self, data):
        services.save_formal_checklist(
            self.object,
            user=self.request.user,
            checklist=self._checklist(data),
            note=data.get("note", ""),
        )
        return _("Checklist saved.")

    def do_accept(self, data):
        services.accept_for_expert_review(
            self.object, user=self.request.user, checklist=self._checklist(data)
        )
        return _("Formal review passed; the application is in expert review.")

    def do_return(self, data):
        services.return_for_correction(
            self.object,
            user=self.request.user,
            reason=data.get("reason", ""),
            due_on=parse_date(data.get("due_on", "")),
        )
        return _("Returned to the applicant for correction.")

    def do_reject(self, data):
        services.reject(self.object, user=self.request.user, reason=data.get("reason", ""))
        return _("The application has been rejected.")

    def do_assign(self, data):
        expert_id = data.get("expert", "")
        expert = Expert.objects.filter(pk=expert_id).first() if expert_id.isdigit() else None
        if expert is None:
            raise CertificationError(_("Choose an expert."))
        review = services.assign_expert(
            self.object,
            expert,
            user=self.request.user,
            due_on=parse_date(data.get("due_on", "")),
            confirm_same_organization=data.get("confirm_same_organization") == "on",
        )
        return _("%(name)s has been assigned.") % {"name": review.expert.person.name}

    def _review(self, data) -> Review:
        review_id = data.get("review", "")
        review = self.object.reviews.filter(pk=review_id).first() if review_id.isdigit() else None
        if review is None:
            raise CertificationError(_("Choose a review."))
        return review

    def do_withdraw_review(self, data):
        services.withdraw_review(
            self._review(data), user=self.request.user, reason=data.get("reason", "")
        )
        return _("The assignment has been withdrawn.")

    def do_reopen_review(self, data):
        services.reopen_review(
            self._review(data), user=self.request.user, reason=data.get("reason", "")
        )
        return _("The review has been reopened for its expert.")

    def do_close_review(self, data):
        application = services.close_expert_review(self.object, user=self.request.user)
        return _("Expert review closed: %(score)s points, proposed grade %(grade)s.") % {
            "score": application.score,
            "grade": application.proposed_grade or "—",
        }

    def do_send_back(self, data):
        services.send_back_to_review(
            self.object, user=self.request.user, reason=data.get("reason", "")
        )
        return _("Sent back to expert review.")

    def do_start_publicity(self, data):
        application = services.start_publicity(
            self.object,
            user=self.request.user,
            grade=data.get("grade", ""),
            reason=data.get("reason", ""),
            starts_on=parse_date(data.get("starts_on", "")),
        )
        return _("Publicity from %(start)s to %(end)s.") % {
            "start": day(application.publicity_starts_on),
            "end": day(application.publicity_ends_on),
        }

    def do_resolve_objection(self, data):
        objection_id = data.get("objection", "")
        objection = (
            self.object.objections.filter(pk=objection_id).first()
            if objection_id.isdigit()
            else None
        )
        if objection is None:
            raise CertificationError(_("Choose an objection."))
        upheld = data.get("decision") == "upheld"
        services.resolve_objection(
            objection, user=self.request.user, upheld=upheld, outcome=data.get("outcome", "")
        )
        if upheld:
            return _("Objection upheld: the application is back in expert review.")
        return _("Objection dismissed.")

    def do_approve_decision(self, data):
        certificate = services.approve_without_publicity(
            self.object,
            user=self.request.user,
            grade=data.get("grade", ""),
            reason=data.get("reason", ""),
        )
        return _("Approved. Certificate %(number)s has been issued.") % {
            "number": certificate.number
        }

    def do_approve(self, data):
        certificate = services.approve(
            self.object, user=self.request.user, reason=data.get("reason", "")
        )
        return _("Approved. Certificate %(number)s has been issued.") % {
            "number": certificate.number
        }


class CertificateManageView(ActionView):
    template_name = "certification/admin/certificate_manage.html"
    actions = ("suspend", "reinstate", "revoke", "recheck")

    def get_object(self):
        return get_object_or_404(
            Certificate.objects.select_related("scheme", "application__criteria_set", "replaces"),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return f"{self.object.number} · {self.object.display_name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        context.update(
            certificate=certificate,
            changes=certificate.status_history(),
            checks=AnnualCheck.objects.filter(certificate=certificate).select_related(
                "decided_by", "new_certificate"
            ),
            replaced_by=certificate.replaced_by.all(),
            bands=certificate.application.criteria_set.ordered_bands(),
            outcomes=AnnualCheck.Outcome.choices,
        )
        return context

    def do_suspend(self, data):
        services.suspend_certificate(
            self.object, user=self.request.user, reason=data.get("reason", "")
        )
        return _("The certificate has been suspended.")

    def do_reinstate(self, data):
        services.reinstate_certificate(
            self.object, user=self.request.user, reason=data.get("reason", "")
        )
        return _("The certificate is valid again.")

    def do_revoke(self, data):
        services.revoke_certificate(
            self.object, user=self.request.user, reason=data.get("reason", "")
        )
        return _("The certificate has been revoked.")

    def do_recheck(self, data):
        check_id = data.get("check", "")
        check = (
            AnnualCheck.objects.filter(pk=check_id, certificate=self.object).first()
            if check_id.isdigit()
            else None
        )
        if check is None:
            raise CertificationError(_("Choose a re-check."))
        new = services.record_annual_check(
            check,
            user=self.request.user,
            outcome=data.get("outcome", ""),
            reason=data.get("reason", ""),
            grade=data.get("grade", ""),
        )
        if new is not None:
            self.redirect_to = reverse("certification_certificates:manage", args=[new.pk])
            return _("Downgraded: new certificate %(number)s issued.") % {"number": new.number}
        return _("The re-check has been recorded.")

    def get_success_url(self):
        return getattr(self, "redirect_to", None) or super().get_success_url()


class CriteriaSetManageView(ActionView):
    template_name = "certification/admin/criteria_manage.html"
    actions = ("publish", "copy", "retire")

    def get_object(self):
        return get_object_or_404(CriteriaSet.objects.select_related("scheme"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            criteria_set=self.object,
            criteria=self.object.ordered_criteria(),
            bands=self.object.ordered_bands(),
            problems=services.validate_tree(self.object),
            in_use=self.object.applications.count(),
        )
        return context

    def do_publish(self, data):
        services.publish_criteria_set(self.object, user=self.request.user)
        return _("The criteria set is published; new rounds can use it.")

    def do_copy(self, data):
        copy = services.copy_criteria_set(self.object, user=self.request.user)
        self.redirect_to = reverse("certification_criteria:edit", args=[copy.pk])
        return _("Version %(version)s has been created as a draft.") % {"version": copy.version}

    def do_retire(self, data):
        services.retire_criteria_set(self.object, user=self.request.user)
        return _("The criteria set has been retired.")

    def get_success_url(self):
        return getattr(self, "redirect_to", None) or super().get_success_url()


def state_counts() -> tuple[list[Scheme], dict[tuple[int, str], int]]:
    counts = {
        (row["scheme"], row["status"]): row["n"]
        for row in Application.objects.values("scheme", "status").annotate(n=Count("pk"))
    }
    return list(Scheme.objects.all()), counts


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "certification/admin/dashboard.html"
    page_title = gettext_lazy("Certification dashboard")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not (
            request.user.has_perm("certification.view_application")
            or request.user.has_perm("certification.process_application")
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schemes, counts = state_counts()
        statuses = Application.Status.choices
        applications_url = reverse("certification_applications:index")
        table = []
        for value, label in statuses:
            row = [counts.get((scheme.pk, value), 0) for scheme in schemes]
            table.append(
                {
                    "status": value,
                    "label": label,
                    "counts": list(zip(schemes, row, strict=True)),
                    "total": sum(row),
                    "url": f"{applications_url}?status={value}",
                }
            )
        today = timezone.localdate()
        certificates = {
            row["status"]: row["n"]
            for row in Certificate.objects.values("status").annotate(n=Count("pk"))
        }
        context.update(
            schemes=schemes,
            table=table,
            certificate_counts=[
                (value, label, certificates.get(value, 0))
                for value, label in Certificate.Status.choices
            ],
            certificates_url=reverse("certification_certificates:index"),
            checks_due=AnnualCheck.objects.filter(
                status=AnnualCheck.Status.PENDING, due_on__lte=today + datetime.timedelta(days=60)
            )
            .select_related("certificate")
            .order_by("due_on")[:20],
            open_objections=Objection.objects.filter(status=Objection.Status.OPEN)
            .select_related("application")
            .order_by("submitted_at")[:20],
            publicity_closed=Application.objects.filter(
                status=Application.Status.PUBLICITY, publicity_ends_on__lt=today
            ).order_by("publicity_ends_on")[:20],
            expiring=Certificate.objects.filter(
                status=Certificate.Status.VALID,
                valid_until__lte=today + datetime.timedelta(days=90),
            ).order_by("valid_until")[:20],
        )
        return context
