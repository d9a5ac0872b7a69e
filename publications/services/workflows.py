"""The editorial workflow: a secretariat editor approves what branches and members submit."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from website.accounts import roles

WORKFLOW_NAME = "秘书处审核"
TASK_NAME = "网站编辑审核"


@transaction.atomic
def editorial_workflow() -> Workflow:
    """The workflow with one task approved by the editors' group (created when missing)."""
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    editors, _ = Group.objects.get_or_create(name=roles.EDITORS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(editors)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    return workflow


def assign_editorial_workflow(page: Page) -> Workflow:
    """Make pages below `page` go through the editors' approval."""
    workflow = editorial_workflow()
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
