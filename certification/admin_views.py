"""Back-office pages beyond listings: the dashboard, processing an application, managing a
certificate and a criteria version. Each action calls one service; a broken rule becomes a
message, never a 500."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from website.core.backoffice import Action, ActionPageMixin

from . import extensions, services
from .admin_actions import APPLICATION_ACTIONS, CERTIFICATE_ACTIONS, CRITERIA_ACTIONS, PROCESS
from .admin_panels import PANEL_ACTIONS, panel_context
from .models import (
    AnnualCheck,
    Application,
    Certificate,
    CertificationError,
    CriteriaSet,
    Objection,
    Scheme,
)
from .services.applications import missing_documents


class ManagePage(ActionPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """One record with the forms of the actions its state allows (admin_actions); a POST runs
    the action its button names."""

    header_icon = "tasks"
    action_error = CertificationError
    page_actions: tuple[Action, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PROCESS):
            raise PermissionDenied
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        raise NotImplementedError

    def get_page_actions(self):
        return self.page_actions

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("certification_dashboard:index"), "label": _("Certification")},
            {"url": "", "label": self.get_page_title()},
        ]


class ProcessExtension:
    """Sections and actions a kind of subject adds to the processing page (projects do).

    `template` is included with `extra` (from get_context); `actions` are kit Actions run from
    the page like the core's; `replaces` names core blocks the extension takes over
    ("decision": the panel's grade and publicity).
    """

    template = ""
    actions: tuple[Action, ...] = ()
    replaces: frozenset[str] = frozenset()

    def applies(self, application) -> bool:
        return False

    def get_context(self, view, application) -> dict:
        return {}

    def replaced_blocks(self, application) -> frozenset[str]:
        return self.replaces


class ApplicationProcessView(ManagePage):
    template_name = "certification/admin/application_process.html"

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

    def get_page_actions(self):
        return [
            *APPLICATION_ACTIONS,
            *PANEL_ACTIONS,
            *(action for extension in self.extensions for action in extension.actions),
        ]

    def get_page_title(self):
        return f"{self.object.number} · {self.object.subject_name}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        criteria = application.criteria_set.ordered_criteria()
        reviews = list(
            application.reviews.select_related(
                "expert__person__organization", "entered_by"
            ).prefetch_related("scores")
        )
        self_scores = {s.criterion_id: s for s in application.self_assessments.all()}
        # A withdrawn or declined assignment scores nothing: no column (an expert withdrawn
        # and assigned again would otherwise be named twice).
        scored = [
            review for review in reviews if not (review.state.withdrawn or review.state.declined)
        ]
        rows = []
        for criterion in criteria:
            per_review = []
            for review in scored:
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
            scored_reviews=scored,
            documents=documents,
            other_files=[f for f in files if f.requirement_id is None],
            missing=missing_documents(application),
            changes=application.status_history(),
            objections=application.objections.select_related("resolved_by"),
            certificates=application.certificates.all(),
            bands=application.criteria_set.ordered_bands(),
            panel=panel_context(application) if application.state.expert_review else None,
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


class CertificateManageView(ManagePage):
    template_name = "certification/admin/certificate_manage.html"

    def get_page_actions(self):
        from .plants.actions import PLAQUE_ACTION

        return (*CERTIFICATE_ACTIONS, PLAQUE_ACTION)

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


class CriteriaSetManageView(ManagePage):
    template_name = "certification/admin/criteria_manage.html"
    page_actions = CRITERIA_ACTIONS

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
