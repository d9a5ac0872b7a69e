"""Who reads members-only content. Asked per object by the pages and the PDF view."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import PageViewRestriction

from members.access import has_member_rights
from website.accounts import roles


def is_member_reader(user) -> bool:
    """Members in good standing, the members' group and the secretariat read members-only
    issues. Membership is asked of the members app directly, so a member whose group
    membership lags behind their status still gets in."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    if any(group.name == roles.MEMBERS for group in user.groups.all()):
        return True
    return has_member_rights(user)


def _restriction_passes(restriction: PageViewRestriction, request: HttpRequest) -> bool:
    if restriction.accept_request(request):
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        names = {group.name for group in restriction.groups.all()}
        return roles.MEMBERS in names and is_member_reader(request.user)
    return False


def can_read_bulletin(request: HttpRequest, issue) -> bool:
    """Whether this request may read the issue's articles and PDF (remembered per request)."""
    cache = request.__dict__.setdefault("_bulletin_access", {})
    if issue.pk not in cache:
        restrictions = issue.get_view_restrictions()
        cache[issue.pk] = all(_restriction_passes(r, request) for r in restrictions)
    return cache[issue.pk]


def members_only_issue_of(document):
    """The members-only bulletin issue whose PDF this document is, or None.

    The rule follows the content, not the collection: moving the PDF to a public collection
    leaves it members-only while an issue that is members-only names it."""
    from .models import BulletinIssuePage

    return BulletinIssuePage.objects.filter(pdf_id=document.pk, members_only=True).first()
