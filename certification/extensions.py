"""The one way a kind of subject adds its own rules to the shared certification core.

The core runs every scheme the same way. Projects and award nominations need more: checks
before a step, organizations an expert must not be in conflict with, more certificates at
approval, more readers of the files, a certificate layout and sections of the processing page.
Such a subject is an `Extension` named in `EXTENSIONS`; the core asks each of them at the
points below. Nothing registers itself on import: this list is the whole wiring.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.utils.module_loading import import_string

EXTENSIONS = (
    "certification.awards.extension.AwardExtension",
    "certification.applicant_extension.ApplicantExtension",
    "certification.plants.extension.PlantExtension",
)

# "submit" (is the application complete?), "self_submit" (may the applicant submit it directly,
# or must a third party endorse it?), "accept" (formal review), "close_review" and "approve".
STAGES = ("submit", "self_submit", "accept", "close_review", "approve")


class Extension:
    """What a subject adds; each default adds nothing. Override only what the subject needs."""

    # Sections and actions of the back office's processing page (an admin_views.ProcessExtension).
    process_page = None

    def problems(self, stage: str, application) -> list[str]:
        """Why the application may not pass `stage` yet, as translated sentences."""
        return []

    def eligibility_problems(
        self, scheme, organization, subject, application, today: datetime.date
    ) -> list[str]:
        """Why the organization may not apply to the scheme, as translated sentences."""
        return []

    def parties(self, application) -> Iterable:
        """Organizations besides the applicant the application concerns (conflict checks)."""
        return ()

    def approved(self, application, certificate, user) -> None:
        """Inside the approving transaction, so that more certificates are issued atomically."""

    def reads_files(self, user, application) -> bool:
        """Whether someone besides the applicant, staff and experts may read the files."""
        return False

    def render_certificate(self, certificate, request=None) -> bytes | None:
        """The certificate's PDF when the subject has a layout of its own, else None."""
        return None


@functools.cache
def extensions() -> tuple[Extension, ...]:
    # Imported when first asked: the extensions build on the core modules that ask them.
    return tuple(import_string(path)() for path in EXTENSIONS)


def problems(stage: str, application) -> list[str]:
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    return [found for ext in extensions() for found in ext.problems(stage, application)]


def eligibility_problems(scheme, organization, subject, application, today) -> list[str]:
    return [
        found
        for ext in extensions()
        for found in ext.eligibility_problems(scheme, organization, subject, application, today)
    ]


def parties(application) -> list:
    """The applicant first, then every other organization the application concerns."""
    found = [application.organization]
    for ext in extensions():
        for organization in ext.parties(application):
            if organization is not None and all(organization.pk != o.pk for o in found):
                found.append(organization)
    return found


def approved(application, certificate, user) -> None:
    for ext in extensions():
        ext.approved(application, certificate, user)


def reads_files(user, application) -> bool:
    return any(ext.reads_files(user, application) for ext in extensions())


def render_certificate(certificate, request=None) -> bytes | None:
    for ext in extensions():
        pdf = ext.render_certificate(certificate, request)
        if pdf is not None:
            return pdf
    return None


def process_pages(application) -> list:
    """The processing page's extensions that apply to this application."""
    return [
        ext.process_page
        for ext in extensions()
        if ext.process_page is not None and ext.process_page.applies(application)
    ]
