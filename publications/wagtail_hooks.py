from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import PageViewRestriction

from . import admin_views
from .access import can_read_bulletin, is_member_reader, members_only_issue_of
from .models import BulletinIssuePage, GroupStandardPage, NewsPage, NewsSubmission
from .viewsets import DECLINE, PublicationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PublicationsViewSetGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import include

    urls = [
        path("<int:page_id>/status/", admin_views.standard_status, name="standard_status"),
        path("<int:page_id>/comments.xlsx", admin_views.comments_xlsx, name="comments_xlsx"),
    ]
    return [path("publications/standards/", include((urls, "publications_admin")))]


class StandardStatusButton(PageMenuItem):
    label = _("Change status")
    icon_name = "tasks"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_publish()

    @property
    def url(self):
        return reverse("publications_admin:standard_status", args=[self.page.pk])


class DeclineSubmissionButton(PageMenuItem):
    label = _("Decline member news")
    icon_name = "cross"

    def __init__(self, *, submission, **kwargs):
        super().__init__(page=submission.page, **kwargs)
        self.submission = submission

    def is_shown(self, user):
        return DECLINE.has_permission(user, self.submission) and DECLINE.is_available(
            self.submission, user
        )

    @property
    def url(self):
        return reverse("publications_submissions:decline", args=[self.submission.pk])


class CommentsTableButton(PageMenuItem):
    label = _("Comments table (xlsx)")
    icon_name = "download"

    def is_shown(self, user):
        return user.has_perm("publications.view_standardcomment")

    @property
    def url(self):
        return reverse("publications_admin:comments_xlsx", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def standard_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is GroupStandardPage:
        yield StandardStatusButton(page=page, priority=12)
        yield CommentsTableButton(page=page, priority=13)


@hooks.register("register_page_header_buttons")
def submission_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is NewsPage:
        submission = (
            NewsSubmission.objects.filter(page_id=page.pk)
            .select_related("page")
            .filter(status__in=[NewsSubmission.Status.IN_REVIEW, NewsSubmission.Status.RETURNED])
            .first()
        )
        if submission is not None:
            yield DeclineSubmissionButton(submission=submission, priority=14)


@hooks.register("before_serve_page")
def serve_bulletin_contents_to_everyone(page, request, serve_args, serve_kwargs):
    """A members-only issue shows its contents to everyone and the rest to members.

    Wagtail's own check would send non-members to the login page instead; this hook answers
    first for issues restricted to groups or logged-in users (password restrictions are left
    to Wagtail).
    """
    if not isinstance(page, BulletinIssuePage):
        return None
    restrictions = page.get_view_restrictions()
    if not restrictions or any(
        r.restriction_type == PageViewRestriction.PASSWORD for r in restrictions
    ):
        return None
    response = page.serve(request, *serve_args, **serve_kwargs)
    if can_read_bulletin(request, page):
        add_never_cache_headers(response)  # a member's page is theirs alone
    return response


@hooks.register("before_serve_document", order=-10)
def serve_members_only_pdfs_to_members(document, request):
    """A members-only issue's PDF goes to members only, whatever collection it sits in
    (Wagtail's collection restrictions alone would follow an editor's move to a public
    collection). Visitors are sent to log in, other accounts are refused. Runs before Wagtail's
    collection check, which knows the members' group but not membership in good standing."""
    from website.core.documents import serve_document

    from .views import members_only_refusal

    issue = members_only_issue_of(document)
    if issue is None:
        return None
    if is_member_reader(request.user):
        return serve_document(request, document)
    return members_only_refusal(request, issue)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "publications.branch.section", _("Link branch section"), _("Branch section linked")
    )
    actions.register_action(
        "publications.submission.submit", _("Submit member news"), _("Member news submitted")
    )
    actions.register_action(
        "publications.submission.revise", _("Revise member news"), _("Member news revised")
    )
    actions.register_action(
        "publications.submission.decline", _("Decline member news"), _("Member news declined")
    )
    actions.register_action(
        "publications.standard.status",
        _("Change standard status"),
        _("Standard status changed"),
    )
    actions.register_action(
        "publications.comment.submit", _("Submit public comment"), _("Public comment received")
    )
    actions.register_action(
        "publications.comment.handle", _("Handle public comment"), _("Public comment handled")
    )
