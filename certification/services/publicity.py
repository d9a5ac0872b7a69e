"""Objections during publicity (公示): lodged under a real name, resolved in writing."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.notify import after_commit

from ..models import Application, CertificationError, Objection
from ..tasks import notify_objector, notify_staff
from .common import actor, invalidate_public_pages, require_reason, require_staff

# Names that say "anonymous" rather than who is objecting.
ANONYMOUS = re.compile(
    r"^(匿名|无名|佚名|不详|某某|群众|网友|知情人|anonymous|anon|n/?a|none|unknown|x+)$", re.I
)


def is_real_name(name: str) -> bool:
    name = re.sub(r"\s+", "", name or "")
    return len(name) >= 2 and not ANONYMOUS.match(name)


def lodge_objection(
    application: Application,
    *,
    name: str,
    organization: str,
    phone: str,
    email: str = "",
    grounds: str,
) -> Objection:
    """Anyone may object while the window is open; anonymous objections are refused."""
    if not is_real_name(name):
        raise CertificationError(_("Objections are accepted under a real name only."))
    if not (organization or "").strip() or not (phone or "").strip():
        raise CertificationError(_("Give your organization and a phone number."))
    grounds = require_reason(grounds, _("State the grounds of the objection."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.publicity_is_open():
            raise CertificationError(_("The publicity period of this application is not open."))
        objection = Objection.objects.create(
            application=application,
            name=name.strip(),
            organization=organization.strip(),
            phone=phone.strip(),
            email=(email or "").strip(),
            grounds=grounds,
        )
        log(application, "certification.objection.lodge", data={"objection": objection.pk})
    after_commit(notify_staff, application.pk, "objection")
    return objection


def resolve_objection(objection: Objection, *, user, upheld: bool, outcome: str) -> Objection:
    """Record the written outcome. An upheld objection sends the application back to review."""
    require_staff(user)
    outcome = require_reason(outcome, _("Write the outcome of the objection."))
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if not objection.is_open:
            raise CertificationError(_("This objection has already been resolved."))
        application = Application.objects.select_for_update().get(pk=objection.application_id)
        objection.outcome = outcome
        objection.resolved_by = actor(user)
        objection.resolved_at = timezone.now()
        objection.transition(
            Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED,
            user=user,
            reason=outcome,
            data={"upheld": upheld},
            update_fields=["outcome", "resolved_by", "resolved_at"],
            log_action="certification.objection.resolve",
        )
        if upheld and application.status == Application.Status.PUBLICITY:
            application.transition(
                Application.Status.EXPERT_REVIEW,
                user=user,
                reason=outcome,
                data={"objection": objection.pk},
            )
    if upheld:
        invalidate_public_pages()
    if objection.email:
        after_commit(notify_objector, objection.pk)
    return objection
