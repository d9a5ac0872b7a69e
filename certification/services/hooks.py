"""Where a kind of subject adds its own rules to the shared application steps.

The core runs every scheme the same way; an award nomination also needs its recommending
unit's confirmation, a paper copy and the awardee's consent, and issues certificates to each
completing unit and person. Such rules register here instead of forking the services:

- ``@check(stage)``: a function taking the application and returning the problems it finds
  (translated sentences); the step is refused while there are any. Stages: "submit" (is the
  application complete?), "self_submit" (may the applicant submit it directly, or must a
  third party endorse it?), "accept" (formal review), "close_review" and "approve".
- ``application_approved``: sent inside the approving transaction with the application, its
  certificate and the acting user, so more certificates can be issued atomically.
- ``parties``: functions returning the organizations (besides the applicant) an application
  concerns; experts with a conflict with any of them are not assigned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.dispatch import Signal

STAGES = ("submit", "self_submit", "accept", "close_review", "approve")

Check = Callable[[object], list[str]]
_checks: dict[str, list[Check]] = defaultdict(list)
_parties: list[Callable[[object], Iterable]] = []

application_approved = Signal()


def check(stage: str) -> Callable[[Check], Check]:
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")

    def register(function: Check) -> Check:
        if function not in _checks[stage]:
            _checks[stage].append(function)
        return function

    return register


def problems(stage: str, application) -> list[str]:
    found: list[str] = []
    for function in _checks[stage]:
        found.extend(function(application))
    return found


def register_parties(function: Callable[[object], Iterable]) -> Callable[[object], Iterable]:
    if function not in _parties:
        _parties.append(function)
    return function


def parties(application) -> list:
    """The applicant first, then every other organization the application concerns."""
    found = [application.organization]
    for function in _parties:
        for organization in function(application):
            if organization is not None and all(organization.pk != o.pk for o in found):
                found.append(organization)
    return found
