"""Who may apply to a scheme. Each rule is a function; subjects add theirs as an extension.

A rule takes the scheme, the applying organization, the subject (a plant or other model,
or None for the organization itself), the application when there is one, and today; it
returns the problems it finds as translated sentences.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization

from .. import extensions
from ..models import Application, Plant, Scheme
from .dates import add_months, full_accounting_years


def good_standing(scheme, organization, subject, application, today) -> list[str]:
    if scheme.require_good_standing and not organization.is_member_in_good_standing:
        return [_("Only member organizations in good standing may apply.")]
    return []


def accounting_years(scheme, organization, subject, application, today) -> list[str]:
    needed = scheme.min_accounting_years
    if not needed:
        return []
    if organization.founded_on:
        years = full_accounting_years(organization.founded_on, today)
        if years < needed:
            return [
                _(
                    "At least %(needed)s full accounting years are required; "
                    "founded on %(founded)s, the organization has %(years)s."
                )
                % {"needed": needed, "founded": organization.founded_on, "years": years}
            ]
    declared = application.accounting_years if application else None
    if application is not None and (declared is None or declared < needed):
        return [
            _("Declare at least %(needed)s full accounting years with revenue.")
            % {"needed": needed}
        ]
    return []


def plant_operation(scheme, organization, subject, application, today) -> list[str]:
    if not scheme.uses_plants:
        return []
    if not isinstance(subject, Plant):
        return [_("Choose the plant to be graded.")]
    problems = []
    if subject.organization_id != organization.pk:
        problems.append(_("The plant must belong to the applying organization."))
    if not subject.is_active:
        problems.append(_("The plant is not in operation."))
    months = scheme.min_operation_months
    if months:
        since = subject.formal_operation_on
        if since is None or add_months(since, months) >= today:
            problems.append(
                _("The plant must have been in formal operation for more than %(months)s months.")
                % {"months": months}
            )
    return problems


def eligibility_problems(
    scheme: Scheme,
    organization: Organization,
    subject=None,
    application: Application | None = None,
    today: datetime.date | None = None,
) -> list[str]:
    today = today or timezone.localdate()
    problems: list[str] = []
    for check in (good_standing, accounting_years, plant_operation):
        problems.extend(check(scheme, organization, subject, application, today))
    problems.extend(
        extensions.eligibility_problems(scheme, organization, subject, application, today)
    )
    return problems
