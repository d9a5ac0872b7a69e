"""What awards and projects add to the certification back office (registered by wagtail_hooks)."""

import functools
from collections import Counter

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from website.core.backoffice import (
    ConfirmForm,
    ListingQueryMixin,
    Outcome,
    SafeExportIndexView,
    ServiceManagedMixin,
    date_field,
    service_managed,
)

from ..admin_actions import ReasonForm, staff_action, with_application
from ..admin_views import ManagePage, ProcessExtension
from ..models import (
    AwardBan,
    AwardPanel,
    AwardRound,
    AwardScheme,
    CommitteeVote,
    Nomination,
    RecommendingUnit,
)
from ..services import projects
from ..services.common import day
from . import services as awards

LOG_ACTIONS = [
    ("certification.project.create", _("Start project"), _("Project started")),
    ("certification.project.edit", _("Edit project"), _("Project details saved")),
    ("certification.project.units", _("Edit completing units"), _("Completing units saved")),
    ("certification.project.persons", _("Edit completing persons"), _("Completing persons saved")),
    (
        "certification.award.request_recommendation",
        _("Request recommendation"),
        _("Sent to the recommending unit"),
    ),
    (
        "certification.award.recall",
        _("Recall from recommending unit"),
        _("Recalled from the recommending unit"),
    ),
    (
        "certification.award.confirm_recommendation",
        _("Confirm recommendation"),
        _("Recommendation confirmed"),
    ),
    (
        "certification.award.decline_recommendation",
        _("Decline recommendation"),
        _("Recommendation declined"),
    ),
    ("certification.award.paper_copy", _("Record paper copy"), _("Paper copy recorded")),
    ("certification.award.assign_panel", _("Assign panel"), _("Expert panel assigned")),
    ("certification.award.vote", _("Record committee vote"), _("Committee vote recorded")),
    ("certification.award.consent", _("Record consent"), _("Awardee's consent recorded")),
    ("certification.award.fraud", _("Record fraud"), _("Fraud recorded and applicant barred")),
    ("certification.award.lift_ban", _("Lift ban"), _("Award ban lifted")),
]


# The processing page of a project's application ---------------------------------------


class PaperCopyForm(forms.Form):
    received_on = date_field(_("Paper copy received on"), required=False)


class PanelForm(forms.Form):
    panel = forms.ModelChoiceField(label=_("Expert panel"), queryset=None)
    due_on = date_field(pgettext_lazy("certification", "Due on"), required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = AwardPanel.objects.filter(round=application.round)


def _count(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10_000, **kwargs)


class VoteForm(forms.Form):
    level = forms.CharField(label=_("Level"), required=False)
    members_present = _count(_("Members present"))
    votes_for = _count(_("Votes for"))
    votes_against = _count(_("Votes against"))
    abstentions = _count(_("Abstentions"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class StartsOnForm(forms.Form):
    starts_on = date_field(_("Publicity starts on"), required=False)


class ConsentForm(forms.Form):
    signatory = forms.CharField(label=_("Signed by"), max_length=50, required=False)


def _paper_copy(application, user, data):
    awards.record_paper_copy(application, user=user, on=data["received_on"])
    return gettext("Paper copy recorded as received.")


def _paper_copy_undo(application, user, data):
    awards.record_paper_copy(application, user=user, received=False)
    return gettext("“Paper copy received” has been unticked.")


def _assign_panel(application, user, data):
    panel = data["panel"]
    assigned, skipped = awards.assign_panel(application, panel, user=user, due_on=data["due_on"])
    return Outcome(
        gettext("%(count)s experts of %(panel)s assigned.")
        % {"count": len(assigned), "panel": panel.name},
        warnings=tuple(f"{name}: {reason}" for name, reason in skipped),
    )


def _committee_vote(application, user, data):
    vote = awards.record_committee_vote(
        application,
        user=user,
        level=data["level"],
        members_present=data["members_present"],
        votes_for=data["votes_for"],
        votes_against=data["votes_against"],
        abstentions=data["abstentions"] or 0,
        note=data["note"],
    )
    if vote.passed:
        return gettext("The committee voted %(level)s.") % {"level": vote.level}
    return gettext("The vote on %(level)s did not pass; a lower level may be put to the vote.") % {
        "level": vote.level
    }


def _award_publicity(application, user, data):
    application = awards.start_award_publicity(application, user=user, starts_on=data["starts_on"])
    return gettext("Pre-award publicity from %(start)s to %(end)s.") % {
        "start": day(application.publicity_starts_on),
        "end": day(application.publicity_ends_on),
    }


def _consent(application, user, data):
    awards.record_consent(application, user=user, signatory=data["signatory"])
    return gettext("The awardee's consent has been recorded.")


def _record_fraud(application, user, data):
    ban = awards.record_fraud(application, user=user, reason=data["reason"])
    return gettext("Fraud recorded: %(organization)s is barred until %(date)s.") % {
        "organization": ban.organization,
        "date": day(ban.ends_on),
    }


class ProjectProcessExtension(ProcessExtension):
    template = "certification/awards/admin/process.html"
    actions = (
        staff_action("paper_copy", _("Record paper copy"), PaperCopyForm, _paper_copy),
        staff_action("paper_copy_undo", _("Untick paper copy"), ConfirmForm, _paper_copy_undo),
        staff_action(
            "assign_panel",
            _("Assign panel"),
            PanelForm,
            _assign_panel,
            form_kwargs=with_application,
        ),
        staff_action("committee_vote", _("Record committee vote"), VoteForm, _committee_vote),
        staff_action("award_publicity", _("Start publicity"), StartsOnForm, _award_publicity),
        staff_action("consent", _("Record consent"), ConsentForm, _consent),
        staff_action("record_fraud", _("Record fraud"), ReasonForm, _record_fraud, danger=True),
    )

    def applies(self, application) -> bool:
        return projects.project_of(application) is not None

    def replaced_blocks(self, application) -> frozenset[str]:
        # The award committee decides a nomination's level; the core's grade form is hidden.
        if projects.nomination_of(application) is not None:
            return frozenset({"decision"})
        return frozenset()

    def get_context(self, view, application) -> dict:
        project = application.project
        nomination = projects.nomination_of(application)
        context = {
            "project": project,
            "units": list(project.units.all()),
            "persons": list(project.persons.all()),
            "nomination": nomination,
            "ban": awards.ban_in_force(application.organization),
        }
        if nomination is None:
            return context
        award = projects.award_settings(application.scheme)
        panels = list(
            AwardPanel.objects.filter(round=application.round).prefetch_related("fields", "experts")
        )
        for panel in panels:
            panel.matches = project.field_id in {field.pk for field in panel.fields.all()}
        recommended = Counter(
            review.recommendation
            for review in application.reviews.submitted()
            if review.recommendation
        )
        context.update(
            award=award,
            award_round=awards.award_round(application.round),
            cap=award.level(nomination.level) if nomination.level else None,
            cap_problems=projects.cap_problems(application),
            levels=list(award.levels.all()),
            panels=panels,
            votes=list(application.committee_votes.select_related("recorded_by")),
            recommended=sorted(recommended.items()),
            paper_copy_open=application.status in awards.PAPER_COPY_STATES,
            fraud_open=application.status in awards.FRAUD_STATES,
            today=timezone.localdate(),
        )
        return context


# The round's award page: panels' progress, the committee's ranking, batch steps -------------


def _start_round_publicity(award_round, user, data):
    started = awards.start_round_publicity(
        award_round.round, user=user, starts_on=data["starts_on"]
    )
    return gettext("%(count)s projects are in pre-award publicity.") % {"count": len(started)}


def _confer(award_round, user, data):
    conferred, waiting = awards.confer_round(award_round.round, user=user)
    return Outcome(
        gettext("%(count)s awards conferred.") % {"count": len(conferred)},
        warnings=tuple(f"{application.number}: {reason}" for application, reason in waiting),
    )


class AwardRoundManageView(ManagePage):
    template_name = "certification/awards/admin/round_manage.html"
    page_actions = (
        staff_action("start_publicity", _("Start publicity"), StartsOnForm, _start_round_publicity),
        staff_action("confer", _("Confer awards"), ConfirmForm, _confer),
    )

    def get_object(self):
        return get_object_or_404(
            AwardRound.objects.select_related("round__scheme"), pk=checked_pk(self.kwargs["pk"])
        )

    def get_page_title(self):
        return f"{self.object.round} · {gettext('Award')}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.object.round
        statuses = Counter(
            round.applications.filter(nomination__isnull=False).values_list("status", flat=True)
        )
        from ..models import Application

        context.update(
            award_round=self.object,
            round=round,
            progress=awards.panel_progress(round),
            ranking=awards.ranking(round),
            counts=[(label, statuses.get(value, 0)) for value, label in Application.Status.choices],
            today=timezone.localdate(),
        )
        return context


# Viewsets -----------------------------------------------------------------------------------

BIGGEST_ID = 2**63 - 1


def checked_pk(value) -> int:
    """The id from a URL, or a 404: the primary key of award rounds and award settings is a
    one-to-one link, which neither Wagtail's views nor SQLite check for a number in range."""
    value = str(value)
    if not value.isascii() or not value.isdigit() or int(value) > BIGGEST_ID:
        raise Http404
    return int(value)


class OneToOnePkMixin:
    """Every view of the viewset answers a guessed, malformed or huge id with a 404."""

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @functools.wraps(view)
        def checked(request, *args, **view_kwargs):
            if "pk" in view_kwargs:
                checked_pk(view_kwargs["pk"])
            return view(request, *args, **view_kwargs)

        return checked


# Committee votes are recorded through the processing page only.
service_managed(CommitteeVote)


def _linked_index(url_name: str, attribute: str = "pk"):
    from ..viewsets import LinkedIndexView

    class IndexView(LinkedIndexView):
        row_url_name = url_name
        row_pk = attribute

    return IndexView


class NominationViewSet(ListingQueryMixin, ServiceManagedMixin, ModelViewSet):
    model = Nomination
    name = "certification_nominations"
    url_prefix = "certification/nominations"
    icon = "trophy"
    menu_label = _("Award nominations")
    menu_order = 15
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        Column("number", label=_("Number"), accessor="application.number"),
        Column("title", label=_("Project"), accessor="application.subject_name"),
        Column(
            "applicant",
            label=pgettext_lazy("certification", "Applicant"),
            accessor="application.organization",
        ),
        "level",
        "recommending_unit",
        Column("recommendation", label=_("Recommendation"), accessor="get_status_display"),
        "paper_copy_received_on",
        Column("status", label=_("Status"), accessor="application.get_status_display"),
        Column("score", label=_("Score"), accessor="application.score"),
        "committee_level",
    ]
    list_filter = [
        "application__round",
        "application__status",
        "status",
        "level",
        "recommending_unit",
        "panel",
    ]
    search_fields = [
        "application__number",
        "application__subject_name",
        "application__organization__name",
    ]
    list_export = [
        "application",
        "level",
        "recommending_unit",
        "status",
        "recommended_at",
        "paper_copy_received_on",
        "panel",
        "committee_level",
        "consent_at",
    ]
    export_filename = "award-nominations"
    list_select_related = ("application__organization", "recommending_unit", "panel")

    @property
    def index_view_class(self):
        return _linked_index("certification_applications:process", "application_id")


class AwardRoundViewSet(ListingQueryMixin, OneToOnePkMixin, ModelViewSet):
    model = AwardRound
    name = "certification_award_rounds"
    url_prefix = "certification/award-rounds"
    icon = "date"
    menu_label = _("Award rounds")
    menu_order = 16
    copy_view_enabled = False
    list_display = [
        "round",
        "recommendation_deadline",
        BooleanColumn("paper_copy_required", label=_("paper copy required")),
        "paper_copy_deadline",
        "committee_size",
        "committee_meets_on",
    ]
    list_select_related = ("round__scheme",)
    form_fields = [
        "round",
        "recommendation_deadline",
        "paper_copy_required",
        "paper_copy_deadline",
        "committee_size",
        "committee_meets_on",
    ]

    @property
    def index_view_class(self):
        return _linked_index("certification_award_rounds:manage")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("manage/<int:pk>/", AwardRoundManageView.as_view(), name="manage"),
        ]


class AwardPanelViewSet(ListingQueryMixin, ModelViewSet):
    model = AwardPanel
    name = "certification_award_panels"
    url_prefix = "certification/award-panels"
    icon = "group"
    menu_label = _("Expert panels")
    menu_order = 17
    list_display = ["name", "round"]
    list_select_related = ("round__scheme",)
    list_filter = ["round", "fields"]
    search_fields = ["name"]
    form_fields = ["round", "name", "fields", "experts"]


class RecommendingUnitViewSet(ModelViewSet):
    model = RecommendingUnit
    name = "certification_recommending_units"
    url_prefix = "certification/recommending-units"
    icon = "site"
    menu_label = _("Recommending units")
    menu_order = 18
    list_display = [
        "name",
        "kind",
        "province",
        "contact",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["kind", "province", "is_active"]
    search_fields = ["name", "contact"]
    list_export = ["name", "kind", "province", "branch", "organization", "contact", "is_active"]
    export_filename = "recommending-units"
    form_fields = [
        "name",
        "kind",
        "province",
        "branch",
        "organization",
        "users",
        "contact",
        "is_active",
    ]

    index_view_class = SafeExportIndexView


class AwardSchemeViewSet(ListingQueryMixin, OneToOnePkMixin, ModelViewSet):
    model = AwardScheme
    name = "certification_award_settings"
    url_prefix = "certification/award-settings"
    icon = "cog"
    menu_label = _("Award settings")
    menu_order = 19
    add_view_enabled = True
    list_display = ["scheme", "category", "ban_years"]
    list_select_related = ("scheme",)

    @property
    def panels(self):
        from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

        return [
            FieldRowPanel([FieldPanel("scheme"), FieldPanel("category"), FieldPanel("ban_years")]),
            FieldPanel("consent_text"),
            InlinePanel(
                "levels",
                label=_("Level"),
                heading=_("Levels: caps on completing persons and units, votes needed"),
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("code"),
                            FieldPanel("max_persons"),
                            FieldPanel("max_units"),
                            FieldPanel("majority"),
                        ]
                    )
                ],
            ),
        ]


class AwardBanViewSet(ListingQueryMixin, ModelViewSet):
    model = AwardBan
    name = "certification_award_bans"
    url_prefix = "certification/award-bans"
    icon = "warning"
    menu_label = _("Award bans")
    menu_order = 21
    list_display = ["organization", "starts_on", "ends_on", "reason", "lifted_at"]
    list_select_related = ("organization",)
    list_filter = ["starts_on"]
    search_fields = ["organization__name", "reason"]
    list_export = [
        "organization",
        "application",
        "starts_on",
        "ends_on",
        "reason",
        "lifted_at",
        "lift_reason",
    ]
    export_filename = "award-bans"
    form_fields = ["organization", "starts_on", "ends_on", "reason", "lifted_at", "lift_reason"]

    index_view_class = SafeExportIndexView


VIEWSETS = (
    NominationViewSet,
    AwardRoundViewSet,
    AwardPanelViewSet,
    RecommendingUnitViewSet,
    AwardSchemeViewSet,
    AwardBanViewSet,
)
