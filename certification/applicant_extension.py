"""What the applicant side adds to the core (named in extensions.EXTENSIONS): the one live
certificate rule, the financial figures a credit rating needs before submission, and the
processing page's sections for the subject's history, the figures and the consolidated result.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin_actions import staff_action
from .admin_views import ProcessExtension
from .extensions import Extension
from .services import finance, holders, results


class ResultForm(forms.Form):
    reasoning = forms.CharField(
        label=gettext_lazy("The panel's reasoning"), required=False, widget=forms.Textarea
    )
    advice = forms.CharField(
        label=gettext_lazy("Consolidated improvement advice"),
        required=False,
        widget=forms.Textarea,
    )


def _consolidate(application, user, data):
    results.consolidate_result(
        application, user=user, reasoning=data["reasoning"], advice=data["advice"]
    )
    return _("The reasoning and advice have been saved; the applicant reads them after approval.")


class ApplicantProcessPage(ProcessExtension):
    template = "certification/applicant/process_section.html"
    actions = (
        staff_action(
            "consolidate_result",
            gettext_lazy("Save the reasoning and advice"),
            ResultForm,
            _consolidate,
            lambda application: application.status in results.CONSOLIDATION_STATES,
        ),
    )

    def applies(self, application) -> bool:
        return not application.scheme.uses_projects

    def get_context(self, view, application) -> dict:
        consolidated = getattr(application, "result", None) if application.pk else None
        return {
            "history": holders.subject_history(application),
            "finance": finance.summary(application),
            "can_consolidate": application.status in results.CONSOLIDATION_STATES,
            "dimensions": results.dimension_scores(application)
            if application.status in results.CONSOLIDATION_STATES
            else [],
            "consolidated": consolidated,
            "experts_advice": results.experts_advice(application)
            if application.status in results.CONSOLIDATION_STATES
            else "",
        }


class ApplicantExtension(Extension):
    process_page = ApplicantProcessPage()

    def problems(self, stage, application):
        if stage == "submit":
            return finance.financial_problems(application)
        return []

    def eligibility_problems(self, scheme, organization, subject, application, today):
        return holders.live_certificate_problems(scheme, organization, subject, application, today)
