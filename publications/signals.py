"""Connections to other apps' models and to Wagtail's publishing and workflow signals."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.signals import (
    page_published,
    task_rejected,
    workflow_approved,
    workflow_cancelled,
)

from members.models import Branch
from members.services import sync_secretaries_group

from .models import BulletinIssuePage, GroupStandardPage, NewsPage


def branch_saved(sender, instance: Branch, created: bool, raw: bool = False, **kwargs):
    from .services.branches import ensure_branch_section, sync_branch_editors

    if raw:
        return
    if created or not instance.section_page_id:
        ensure_branch_section(instance)
    else:
        sync_branch_editors(instance)


def secretaries_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    from .services.branches import sync_branch_editors

    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if reverse:
        # user.branches_as_secretary changed: resync every branch concerned.
        branches = (
            Branch.objects.filter(pk__in=pk_set) if pk_set else instance.branches_as_secretary.all()
        )
        if action == "pre_clear":
            instance._cleared_branches = list(branches)
            return
        for branch in getattr(instance, "_cleared_branches", None) or branches:
            sync_branch_editors(branch)
        if action != "post_add":
            sync_secretaries_group([instance.pk])
        return
    if action == "pre_clear":
        instance._cleared_secretaries = list(instance.secretaries.values_list("pk", flat=True))
        return
    sync_branch_editors(instance)
    if action == "post_remove":
        sync_secretaries_group(pk_set or [])
    elif action == "post_clear":
        sync_secretaries_group(getattr(instance, "_cleared_secretaries", []))


def branch_deleted(sender, instance: Branch, **kwargs):
    from .services.branches import remove_branch_editors

    # Remembered for post_delete, when the secretaries' rows are gone with the branch.
    instance._former_secretaries = list(instance.secretaries.values_list("pk", flat=True))
    remove_branch_editors(instance)


def branch_gone(sender, instance: Branch, **kwargs):
    sync_secretaries_group(getattr(instance, "_former_secretaries", []))


def page_went_live(sender, instance, revision=None, **kwargs):
    from .services.bulletins import sync_bulletin_access
    from .services.standards import record_initial_status
    from .services.submissions import mark_published

    if isinstance(instance, NewsPage):
        mark_published(instance)
    elif isinstance(instance, BulletinIssuePage):
        sync_bulletin_access(instance)
    elif isinstance(instance, GroupStandardPage):
        record_initial_status(instance, user=getattr(revision, "user", None))


def workflow_finished(sender, instance, user=None, **kwargs):
    """Approved, or cancelled because an editor published directly: name the editor."""
    from .services.submissions import record_decider

    page = instance.content_object
    if isinstance(page, NewsPage) or getattr(page, "specific_class", None) is NewsPage:
        record_decider(page, user=user)


def task_was_rejected(sender, instance, user=None, **kwargs):
    from .services.submissions import mark_returned

    page = instance.workflow_state.content_object
    if getattr(page, "specific_class", None) is NewsPage:
        mark_returned(page, user=user, reason=instance.get_comment() or "")


def news_page_deleted(sender, instance, **kwargs):
    from .services.submissions import mark_withdrawn

    mark_withdrawn(instance)


def connect() -> None:
    post_save.connect(branch_saved, sender=Branch, dispatch_uid="publications.branch_saved")
    pre_delete.connect(branch_deleted, sender=Branch, dispatch_uid="publications.branch_deleted")
    post_delete.connect(branch_gone, sender=Branch, dispatch_uid="publications.branch_gone")
    m2m_changed.connect(
        secretaries_changed,
        sender=Branch.secretaries.through,
        dispatch_uid="publications.secretaries_changed",
    )
    page_published.connect(page_went_live, dispatch_uid="publications.page_published")
    workflow_approved.connect(workflow_finished, dispatch_uid="publications.workflow_approved")
    workflow_cancelled.connect(workflow_finished, dispatch_uid="publications.workflow_cancelled")
    task_rejected.connect(task_was_rejected, dispatch_uid="publications.task_rejected")
    pre_delete.connect(news_page_deleted, sender=NewsPage, dispatch_uid="publications.news_deleted")
