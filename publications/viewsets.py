"""The publications back office: public comments on draft standards and member submissions.

Pages (news, bulletins, policies, standards) are edited in the page explorer; these listings
cover what is not a page. Comments come from the public and submissions from the portal, so
neither is added here; a comment's handling goes through the service.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from website.core.admin_views import LocalTimeInspectMixin
from website.core.backoffice import (
    Action,
    ActionsMixin,
    ListingQueryMixin,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
)

from .forms import DeclineSubmissionForm
from .models import NewsSubmission, PublicationError, StandardComment
from .services import decline_submission, handle_comment


class CommentHandlingForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == StandardComment.Decision.PENDING:
            self.add_error("decision", _("Choose how the comment was handled."))
        elif decision and decision != StandardComment.Decision.ACCEPTED:
            if not (cleaned.get("handling_note") or "").strip():
                self.add_error(
                    "handling_note",
                    _("Explain why the comment was not, or only partly, accepted."),
                )
        return cleaned


class CommentEditView(EditView):
    def save_instance(self):
        return handle_comment(
            self.object,
            user=self.request.user,
            decision=self.form.cleaned_data["decision"],
            note=self.form.cleaned_data["handling_note"],
        )


class CommentInspectView(LocalTimeInspectMixin, InspectView):
    pass


class StandardCommentViewSet(ListingQueryMixin, ServiceManagedMixin, ModelViewSet):
    """Comments arrive from the public site: handled (edit) or removed here, never added."""

    editable = ("edit", "delete")
    model = StandardComment
    name = "publications_comments"
    icon = "comment"
    menu_label = _("Public comments")
    url_prefix = "publications/comments"
    add_to_admin_menu = False
    index_view_class = SafeExportIndexView
    edit_view_class = CommentEditView
    list_display = ["clause", "organization", "name", "standard", "decision", "submitted_at"]
    list_select_related = ("standard",)
    list_filter = ["decision", "standard"]
    search_fields = ["comment", "organization", "name", "clause", "proposed_change"]
    ordering = ["-submitted_at"]
    inspect_view_enabled = True
    inspect_view_class = CommentInspectView
    copy_view_enabled = False
    list_export = [
        "standard",
        "clause",
        "comment",
        "proposed_change",
        "organization",
        "name",
        "contact",
        "submitted_at",
        "get_decision_display",
        "handling_note",
    ]
    export_headings = {
        "standard": "标准名称",
        "clause": "章条编号",
        "comment": "意见内容",
        "proposed_change": "修改建议",
        "organization": "提出单位",
        "name": "提出人",
        "contact": "联系方式",
        "submitted_at": "提出时间",
        "get_decision_display": "处理意见",
        "handling_note": "处理说明",
    }
    export_filename = "意见汇总处理表"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("standard", read_only=True),
                    FieldRowPanel(
                        [
                            FieldPanel("name", read_only=True),
                            FieldPanel("organization", read_only=True),
                            FieldPanel("contact", read_only=True),
                        ]
                    ),
                    FieldPanel("clause", read_only=True),
                    FieldPanel("comment", read_only=True),
                    FieldPanel("proposed_change", read_only=True),
                ],
                heading=pgettext_lazy("publications", "Comment"),
            ),
            FieldPanel("decision", widget=forms.RadioSelect),
            FieldPanel("handling_note"),
        ],
        base_form_class=CommentHandlingForm,
    )


def _decline(submission, user, data):
    decline_submission(submission, user=user, reason=data["reason"])
    return _("“%(title)s” was declined; the submitter has been told.") % {"title": submission.title}


# Declining a member's news item with a reason (the submitter is told by email): for whoever
# may publish its page.
DECLINE = Action(
    "decline",
    pgettext_lazy("publications", "Decline"),
    DeclineSubmissionForm,
    _decline,
    lambda submission: submission.can_be_declined,
    permission="",
    allowed=lambda user, submission: (
        submission.page is not None and submission.page.permissions_for_user(user).can_publish()
    ),
    intro=_(
        "Declining is final: the item is not published and the submitter cannot revise it. "
        "To ask for changes instead, use “Request changes” in the page's workflow."
    ),
    danger=True,
)


class SubmissionInspectView(RecordInspectView):
    """A submission with the way to its page and, while undecided, to declining it."""

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.object.page_id:
            url = reverse("wagtailadmin_pages:edit", args=[self.object.page_id])
            buttons.append(HeaderButton(_("Open the page"), url=url, icon_name="edit"))
        return buttons


class NewsSubmissionViewSet(ListingQueryMixin, ServiceManagedMixin, ActionsMixin, ModelViewSet):
    """Decided through the page workflow (or declined here), so only listed and inspected."""

    model = NewsSubmission
    list_select_related = ("organization", "submitted_by")
    name = "publications_submissions"
    icon = "mail"
    menu_label = _("Member news submissions")
    url_prefix = "publications/submissions"
    add_to_admin_menu = False
    index_view_class = SafeExportIndexView
    list_display = ["title", "organization", "submitted_by", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    ordering = ["-submitted_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = ["title", "organization", "submitted_by", "get_status_display", "submitted_at"]
    inspect_view_class = SubmissionInspectView
    actions = (DECLINE,)
    action_error = PublicationError
    inspect_view_fields = [
        "title",
        "organization",
        "submitted_by",
        "submitted_at",
        "status",
        "reason",
        "decided_by",
        "decided_at",
    ]


class PublicationsViewSetGroup(ViewSetGroup):
    menu_label = _("Publications")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (StandardCommentViewSet, NewsSubmissionViewSet)
