"""The back office's panel actions on the processing page: draw a panel at random, replace a
drawn expert with a reserve, invite an expert without an account; and the page where staff
enter a signed paper score sheet for an expert."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from members.models import ExpertConflict
from website.core.backoffice import Action, date_field
from website.core.files import SCANS, UploadField

from .forms import ReviewForm as ScoreForm
from .models import CertificationError, Review
from .services import panels
from .services.invitations import invite_expert
from .services.reviews import assignable_experts, enter_paper_review

PROCESS = "certification.process_application"


class DrawForm(forms.Form):
    size = forms.IntegerField(
        label=gettext_lazy("Experts to draw"), min_value=1, max_value=15, initial=3
    )
    reserves = forms.IntegerField(
        label=gettext_lazy("Reserve experts"), min_value=0, max_value=10, initial=2
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Seed (empty for a new random draw)"),
        min_value=0,
        max_value=panels.MAX_SEED - 1,
        required=False,
    )
    due_on = date_field(gettext_lazy("Reviews due on"), required=False)


class ReviewChoiceForm(forms.Form):
    review = forms.ModelChoiceField(label=gettext_lazy("Review"), queryset=None)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=500)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = application.reviews.select_related("expert__person")


def _with_application(application) -> dict:
    return {"application": application}


def _draw(application, user, data):
    draw = panels.draw_panel(
        application,
        user=user,
        size=data["size"],
        reserves=data["reserves"],
        seed=data["seed"],
        due_on=data["due_on"],
    )
    names = "、".join(expert.person.name for expert in draw.experts(draw.drawn))
    return _("Drawn with seed %(seed)s: %(names)s.") % {"seed": draw.seed, "names": names}


def _reserve(application, user, data):
    review = panels.replace_with_reserve(data["review"], user=user, reason=data["reason"])
    return _("%(name)s, a reserve, has been assigned.") % {"name": review.expert.person.name}


def _invite(application, user, data):
    review = data["review"]
    invitation = invite_expert(review.expert, user=user, review=review)
    return _("An invitation has been sent to %(email)s.") % {"email": invitation.email}


def _expert_review(application) -> bool:
    return application.state.expert_review


PANEL_ACTIONS = (
    Action(
        "draw_panel",
        gettext_lazy("Draw a panel"),
        DrawForm,
        _draw,
        _expert_review,
        permission=PROCESS,
    ),
    Action(
        "replace_reserve",
        gettext_lazy("Replace with a reserve"),
        ReviewChoiceForm,
        _reserve,
        _expert_review,
        permission=PROCESS,
        form_kwargs=_with_application,
    ),
    Action(
        "invite_expert",
        gettext_lazy("Invite the expert to create an account"),
        ReviewChoiceForm,
        _invite,
        _expert_review,
        permission=PROCESS,
        form_kwargs=_with_application,
    ),
)


def panel_context(application) -> dict:
    """What the processing page's panel section shows in expert review: the candidates with
    what staff weigh (expertise, region, employer, conflicts, workload, login), the draws and
    the unused reserves."""
    experts = list(
        assignable_experts(application).prefetch_related(
            Prefetch(
                "conflicts",
                queryset=ExpertConflict.objects.select_related("organization"),
            )
        )
    )
    workload = panels.round_workload(application)
    for expert in experts:
        expert.workload = workload.get(expert.pk, 0)
        expert.can_log_in = bool(expert.person.user_id)
    draws = list(application.panel_draws.select_related("drawn_by"))
    for draw in draws:
        draw.drawn_experts = draw.experts(draw.drawn)
        draw.reserve_experts = draw.experts(draw.reserves)
    return {
        "candidates": experts,
        "draws": draws,
        "reserves_left": panels.unused_reserves(application) if draws else [],
    }


class PaperReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Staff copy a signed paper score sheet into the system for the expert, with its scan."""

    template_name = "certification/admin/paper_review.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PROCESS):
            raise PermissionDenied
        self.review = get_object_or_404(
            Review.objects.select_related(
                "application__scheme", "application__criteria_set", "expert__person"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Paper score sheet of %(name)s · %(number)s") % {
            "name": self.review.expert.person.name,
            "number": self.review.application.number,
        }

    def get_breadcrumbs_items(self):
        application = self.review.application
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {
                "url": reverse("certification_applications:process", args=[application.pk]),
                "label": f"{application.number} · {application.subject_name}",
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(self):
        application = self.review.application
        criteria_set = application.criteria_set
        values = {s.criterion_id: (s.score, s.comment) for s in self.review.scores.all()}
        bound = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        form = ScoreForm(
            *bound,
            criteria=list(criteria_set.criteria.all()),
            values=values,
            grades=[(band.code, band.label) for band in criteria_set.ordered_bands()],
            initial={"opinion": self.review.opinion, "recommendation": self.review.recommendation},
        )
        form.fields["sheet"] = UploadField(
            label=_("Scan of the signed score sheet"), kinds=SCANS, required=True
        )
        return form

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                enter_paper_review(
                    self.review,
                    user=request.user,
                    entries=form.entries(),
                    sheet=form.cleaned_data["sheet"],
                    opinion=form.cleaned_data["opinion"],
                    recommendation=form.cleaned_data["recommendation"],
                )
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("The paper score sheet of %(name)s has been entered and submitted.")
                    % {"name": self.review.expert.person.name},
                )
                return redirect("certification_applications:process", self.review.application_id)
        else:
            messages.error(request, _("Please correct the scores marked below."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            review=self.review,
            application=self.review.application,
            editable=self.review.is_open,
        )
        return context
