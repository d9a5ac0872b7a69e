"""Member news submission (信息报送).

A member contact writes a news item in the portal; it becomes a draft NewsPage in the
member-news section and enters the editorial workflow. Editors publish it, edit it, request
changes with a comment (the submitter may revise), or decline it with a reason (final); the
signals in publications.signals report Wagtail's decisions here, `decline_submission` is
called by the back office, and the submitter sees the outcome in the portal and by email.
"""

from __future__ import annotations

import secrets
from html import unescape
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator, get_valid_filename
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, WorkflowState

from members.access import MemberAccess
from members.models import Organization
from publications.models import NewsIndexPage, NewsPage, NewsSubmission
from publications.models.common import PublicationError
from publications.models.news import NewsSection
from website.core.identity import absolute_url
from website.core.mail import send_templated_email
from website.core.notify import after_commit
from website.core.states import StatusChange, record_change

SUBMISSIONS_COLLECTION = "会员投稿"
MAX_IMAGES = 6


def member_news_index() -> NewsIndexPage | None:
    """The 会员动态 section of the Chinese site, where submitted items wait."""
    return (
        NewsIndexPage.objects.filter(
            section=NewsSection.MEMBERS, locale__language_code=settings.LANGUAGE_CODE
        )
        .order_by("path")
        .first()
    )


def organizations_for_submission(user) -> list[Organization]:
    """Member organizations in good standing that this user acts for (by name). A view that
    has the request asks `member_access(request).organizations_in_good_standing`, the same
    rule over the contacts the request already read."""
    return MemberAccess(user).organizations_in_good_standing


def _collection() -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    return collection or root.add_child(name=SUBMISSIONS_COLLECTION)


def _store_images(uploads: list[UploadedFile], *, user, title: str) -> list:
    image_model = get_image_model()
    collection = _collection()
    images = []
    for number, upload in enumerate(uploads, start=1):
        # The form checked the content; the stored name is ours, not the uploader's.
        extension = Path(upload.name).suffix.lower() or ".jpg"
        name = get_valid_filename(f"member-{secrets.token_hex(6)}{extension}")
        upload.seek(0)
        image = image_model(
            title=Truncator(f"{title}（{number}）").chars(250),
            collection=collection,
            uploaded_by_user=user,
            file=ImageFile(upload.file, name=name),
        )
        image._set_image_file_metadata()
        image.save()
        images.append(image)
    return images


def _body(text: str, images: list) -> list[tuple[str, object]]:
    paragraphs = [" ".join(part.split()) for part in text.replace("\r", "").split("\n")]
    body: list[tuple[str, object]] = [
        ("paragraph", f"<p>{escape(paragraph)}</p>") for paragraph in paragraphs if paragraph
    ]
    for image in images:
        body.append(("image", {"image": image, "alt_text": image.title, "decorative": False}))
    return body


def submission_text(page: NewsPage) -> str:
    """The plain text of a submitted item, paragraphs separated by empty lines."""
    paragraphs = [
        unescape(strip_tags(block.value.source))
        for block in page.body
        if block.block_type == "paragraph"
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _summary(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(120)


def submit_news(
    *,
    user,
    organization: Organization,
    title: str,
    text: str,
    images: list[UploadedFile] | None = None,
) -> NewsSubmission:
    """Turn a member's news item into a draft page in moderation."""
    images = images or []
    if organization not in organizations_for_submission(user):
        raise PublicationError(_("You can submit news only for a member organization you act for."))
    if len(images) > MAX_IMAGES:
        raise PublicationError(_("Attach at most %(count)d images.") % {"count": MAX_IMAGES})
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise PublicationError(_("A title and a text are required."))
    index = member_news_index()
    if index is None:
        raise PublicationError(_("Member news cannot be received at the moment."))
    with transaction.atomic():
        page = NewsPage(
            title=title,
            live=False,
            date=timezone.localdate(),
            summary=_summary(text),
            source=organization.short_name or organization.name,
            author=user.get_full_name(),
            owner=user,
            body=_body(text, _store_images(images, user=user, title=title)),
        )
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is None:
            raise PublicationError(_("Member news cannot be received at the moment."))
        workflow.start(page, user)
        submission = NewsSubmission.objects.create(
            submitted_by=user, organization=organization, page=page, title=title
        )
        record_change(submission, "", submission.status, user=user)
        log(page, "publications.submission.submit", user=user, data={"submission": submission.pk})
    return submission


def revise_submission(
    submission: NewsSubmission,
    *,
    user,
    title: str,
    text: str,
    images: list[UploadedFile] | None = None,
) -> NewsSubmission:
    """The submitter answers the editors' comments: a new revision goes back into review."""
    images = images or []
    if submission.submitted_by_id != user.pk:
        raise PublicationError(_("This is not your submission."))
    if not submission.can_be_revised:
        raise PublicationError(_("Only a returned submission can be revised."))
    if len(images) > MAX_IMAGES:
        raise PublicationError(_("Attach at most %(count)d images.") % {"count": MAX_IMAGES})
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise PublicationError(_("A title and a text are required."))
    with transaction.atomic():
        submission = NewsSubmission.objects.select_for_update().get(pk=submission.pk)
        page = submission.page.get_latest_revision_as_object()
        kept = [block.value.get("image") for block in page.body if block.block_type == "image"]
        new_images = _store_images(images, user=user, title=title)
        page.title = title
        page.summary = _summary(text)
        page.body = _body(text, [image for image in kept if image] + new_images)
        page.save_revision(user=user, log_action=True)
        state = page.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=user)
        elif state is None:
            page.get_workflow().start(page, user)
        submission.title = title
        submission.reason = ""
        submission.transition(
            NewsSubmission.Status.IN_REVIEW,
            user=user,
            update_fields=["title", "reason"],
            log_action="publications.submission.revise",
        )
    return submission


def _notify(submission: NewsSubmission, template: str) -> None:
    page = submission.page
    send_templated_email(
        submission.submitted_by.email,
        f"publications/email/{template}",
        {
            "submission": submission,
            "user": submission.submitted_by,
            # On BASE_URL: the Wagtail Site's host name may be a placeholder (localhost).
            "page_url": absolute_url(page.url) if page is not None and page.live else "",
            "portal_url": settings.BASE_URL + _portal_path(submission),
        },
    )


def _portal_path(submission: NewsSubmission) -> str:
    from django.urls import reverse

    return reverse("publications:submission_detail", args=[submission.pk])


def mark_published(page: NewsPage, *, user=None) -> NewsSubmission | None:
    """The submission's page went live (approved in the workflow or published directly)."""
    submission = NewsSubmission.objects.filter(page=page).first()
    if submission is None or submission.status == NewsSubmission.Status.PUBLISHED:
        return submission
    submission.decided_at = timezone.now()
    submission.decided_by = user if getattr(user, "is_authenticated", False) else None
    submission.reason = ""
    submission.transition(
        NewsSubmission.Status.PUBLISHED,
        user=user,
        update_fields=["decided_at", "decided_by", "reason"],
    )
    after_commit(_notify, submission, "submission_published")
    return submission


def record_decider(page, *, user) -> None:
    """Name the editor who approved or published, once Wagtail tells who it was."""
    if not getattr(user, "is_authenticated", False):
        return
    submission = NewsSubmission.objects.filter(
        page_id=page.pk, status=NewsSubmission.Status.PUBLISHED, decided_by__isnull=True
    ).first()
    if submission is None:
        return
    submission.decided_by = user
    submission.save(update_fields=["decided_by"])
    StatusChange.objects.for_object(submission).filter(
        to_status=NewsSubmission.Status.PUBLISHED, changed_by__isnull=True
    ).update(changed_by=user)


def mark_returned(page, *, user=None, reason: str = "") -> NewsSubmission | None:
    """An editor requested changes in the workflow, with a comment for the submitter."""
    submission = NewsSubmission.objects.filter(page_id=page.pk).first()
    if submission is None or submission.status != NewsSubmission.Status.IN_REVIEW:
        return submission
    reason = reason.strip() or _("The editors returned the item without a comment.")
    submission.reason = reason
    submission.decided_at = timezone.now()
    submission.decided_by = user if getattr(user, "is_authenticated", False) else None
    submission.transition(
        NewsSubmission.Status.RETURNED,
        user=user,
        reason=reason,
        update_fields=["reason", "decided_at", "decided_by"],
    )
    after_commit(_notify, submission, "submission_returned")
    return submission


def decline_submission(submission: NewsSubmission, *, user, reason: str) -> NewsSubmission:
    """An editor turns the item down for good, with a reason the submitter reads.

    The page's workflow is cancelled and the page stays an unpublished draft, so the record
    of what was sent remains; the submitter can no longer revise it.
    """
    reason = reason.strip()
    if not reason:
        raise PublicationError(_("Give the submitter a reason for declining."))
    page = submission.page
    if page is None or not page.permissions_for_user(user).can_publish():
        raise PublicationError(_("Only the editors who publish member news may decline it."))
    with transaction.atomic():
        submission = NewsSubmission.objects.select_for_update().get(pk=submission.pk)
        if not submission.can_be_declined:
            raise PublicationError(_("Only a submission in review or returned can be declined."))
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        submission.reason = reason
        submission.decided_at = timezone.now()
        submission.decided_by = user
        submission.transition(
            NewsSubmission.Status.DECLINED,
            user=user,
            reason=reason,
            update_fields=["reason", "decided_at", "decided_by"],
            log_action="publications.submission.decline",
        )
    after_commit(_notify, submission, "submission_declined")
    return submission


def mark_withdrawn(page) -> None:
    """The page was deleted in the admin: the submission remains, marked withdrawn (a
    declined one keeps its decision and reason)."""
    submission = NewsSubmission.objects.filter(page_id=page.pk).first()
    if submission is None or submission.status in (
        NewsSubmission.Status.WITHDRAWN,
        NewsSubmission.Status.DECLINED,
    ):
        return
    submission.transition(NewsSubmission.Status.WITHDRAWN)
