"""Projects as the subject of an application: start, details, completing units and persons.

Award nominations and achievement evaluations share these; the award's own steps
(recommendation, committee, consent) are in awards.py. Every change goes through the core
application's lock and state check, so a project can only change while its application is
a draft or returned for correction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import ExpertiseField, Organization

from ..models import (
    Application,
    AwardScheme,
    CertificationError,
    Nomination,
    Project,
    ProjectPerson,
    ProjectUnit,
    RecommendingUnit,
    Round,
)
from .applications import create_application, locked, update_details
from .common import actor, require_contact
from .eligibility import eligibility_problems

PROJECT_FIELDS = (
    "title",
    "field",
    "innovations",
    "application_and_benefits",
    "started_on",
    "completed_on",
)


def project_of(application: Application) -> Project | None:
    try:
        return application.project
    except Project.DoesNotExist:
        return None


def nomination_of(application: Application) -> Nomination | None:
    try:
        return application.nomination
    except Nomination.DoesNotExist:
        return None


def award_settings(scheme) -> AwardScheme | None:
    try:
        return scheme.award
    except AwardScheme.DoesNotExist:
        return None


def start_project(
    round: Round,
    organization: Organization,
    *,
    user,
    title: str,
    field: ExpertiseField | None = None,
    level: str = "",
    recommending_unit: RecommendingUnit | None = None,
) -> Application:
    """A project and its draft application (with the nomination record for an award)."""
    require_contact(user, organization)
    scheme = round.scheme
    if not scheme.uses_projects:
        raise CertificationError(_("This round does not take projects."))
    title = (title or "").strip()
    if not title:
        raise CertificationError(_("Give the project's title."))
    problems = eligibility_problems(scheme, organization)
    if problems:
        raise CertificationError(" ".join(problems))
    award = award_settings(scheme)
    if award is not None and level and award.level(level) is None:
        raise CertificationError(_("Choose one of the award's levels."))
    with transaction.atomic():
        project = Project.objects.create(organization=organization, title=title, field=field)
        application = create_application(round, organization, user=user, subject=project)
        project.application = application
        project.save(update_fields=["application"])
        if award is not None:
            Nomination.objects.create(
                application=application, level=level, recommending_unit=recommending_unit
            )
        # The applicant is normally the first completing unit.
        ProjectUnit.objects.create(
            project=project,
            position=1,
            name=organization.name,
            organization=organization,
            province=organization.province,
        )
        log(
            application,
            "certification.project.create",
            user=actor(user),
            data={"title": title},
        )
    return application


def update_project(
    application: Application,
    *,
    user,
    data: Mapping,
    application_data: Mapping | None = None,
) -> Project:
    """Save the project's details (and the application's contact, summary and declaration)."""
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Application.Status.editable_by_applicant())
        project = Project.objects.select_for_update().get(application=application)
        for name in PROJECT_FIELDS:
            if name in data:
                setattr(project, name, data[name])
        project.title = (project.title or "").strip()
        if not project.title:
            raise CertificationError(_("Give the project's title."))
        project.save()
        if application.subject_name != project.title:
            application.subject_name = project.title[:200]
            application.save(update_fields=["subject_name", "updated_at"])
        nomination = nomination_of(application)
        if nomination is not None:
            _update_nomination(application, nomination, data)
        if application_data:
            update_details(application, user=user, data=application_data)
        log(application, "certification.project.edit", user=actor(user))
    return project


def _update_nomination(application: Application, nomination: Nomination, data: Mapping) -> None:
    award = award_settings(application.scheme)
    if "level" in data:
        level = data["level"] or ""
        if level and award.level(level) is None:
            raise CertificationError(_("Choose one of the award's levels."))
        nomination.level = level
    if "recommending_unit" in data:
        unit = data["recommending_unit"]
        if unit is not None and not unit.is_active:
            raise CertificationError(_("This recommending unit no longer recommends."))
        nomination.recommending_unit = unit
    nomination.save()
    problems = cap_problems(application, nomination.level)
    if problems:
        raise CertificationError(" ".join(problems))


def cap_problems(application: Application, level: str | None = None) -> list[str]:
    """Completing persons and units beyond the cap of the level applied for."""
    award = award_settings(application.scheme)
    project = project_of(application)
    if award is None or project is None:
        return []
    nomination = nomination_of(application)
    code = level if level is not None else (nomination.level if nomination else "")
    cap = award.level(code) if code else None
    if cap is None:
        return []
    problems = []
    persons, units = project.persons.count(), project.units.count()
    if persons > cap.max_persons:
        problems.append(
            _("%(level)s allows at most %(max)s completing persons; %(count)s are listed.")
            % {"level": cap.code, "max": cap.max_persons, "count": persons}
        )
    if units > cap.max_units:
        problems.append(
            _("%(level)s allows at most %(max)s completing units; %(count)s are listed.")
            % {"level": cap.code, "max": cap.max_units, "count": units}
        )
    return problems


def _largest_cap(application: Application, attribute: str) -> int | None:
    award = award_settings(application.scheme)
    if award is None:
        return None
    nomination = nomination_of(application)
    level = award.level(nomination.level) if nomination and nomination.level else None
    if level is not None:
        return getattr(level, attribute)
    values = [getattr(level, attribute) for level in award.levels.all()]
    return max(values) if values else None


def save_units(application: Application, *, user, rows: Sequence[Mapping]) -> list[ProjectUnit]:
    """Replace the completing units by `rows`, in order (name, organization, province)."""
    require_contact(user, application.organization)
    rows = [row for row in rows if (row.get("name") or "").strip()]
    if not rows:
        raise CertificationError(_("List at least one completing unit."))
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Application.Status.editable_by_applicant())
        cap = _largest_cap(application, "max_units")
        if cap is not None and len(rows) > cap:
            raise CertificationError(
                _(
                    "At most %(max)s completing units may be listed for this level; you gave %(count)s."
                )
                % {"max": cap, "count": len(rows)}
            )
        names = [row["name"].strip() for row in rows]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise CertificationError(
                _("A unit is listed twice: %(names)s.") % {"names": "、".join(duplicates)}
            )
        # Link units to registered organizations by their exact name (for conflicts of interest).
        known = dict(Organization.objects.filter(name__in=names).values_list("name", "pk"))
        project = Project.objects.select_for_update().get(application=application)
        project.units.all().delete()
        units = ProjectUnit.objects.bulk_create(
            ProjectUnit(
                project=project,
                position=position,
                name=row["name"].strip(),
                organization_id=getattr(row.get("organization"), "pk", None)
                or known.get(row["name"].strip()),
                province=row.get("province") or "",
            )
            for position, row in enumerate(rows, start=1)
        )
        log(application, "certification.project.units", user=actor(user), data={"units": names})
    return units


def save_persons(application: Application, *, user, rows: Sequence[Mapping]) -> list[ProjectPerson]:
    """Replace the completing persons by `rows`, in order, each with a contribution."""
    require_contact(user, application.organization)
    rows = [row for row in rows if (row.get("name") or "").strip()]
    if not rows:
        raise CertificationError(_("List at least one completing person."))
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Application.Status.editable_by_applicant())
        cap = _largest_cap(application, "max_persons")
        if cap is not None and len(rows) > cap:
            raise CertificationError(
                _(
                    "At most %(max)s completing persons may be listed for this level; "
                    "you gave %(count)s."
                )
                % {"max": cap, "count": len(rows)}
            )
        missing = [
            row["name"].strip() for row in rows if not (row.get("contribution") or "").strip()
        ]
        if missing:
            raise CertificationError(
                _("Describe the contribution of %(names)s.") % {"names": "、".join(missing)}
            )
        project = Project.objects.select_for_update().get(application=application)
        project.persons.all().delete()
        persons = ProjectPerson.objects.bulk_create(
            ProjectPerson(
                project=project,
                position=position,
                name=row["name"].strip(),
                unit_name=(row.get("unit_name") or "").strip(),
                professional_title=(row.get("professional_title") or "").strip(),
                contribution=row["contribution"].strip(),
            )
            for position, row in enumerate(rows, start=1)
        )
        log(
            application,
            "certification.project.persons",
            user=actor(user),
            data={"persons": [row["name"].strip() for row in rows]},
        )
    return persons


def project_problems(application: Application) -> list[str]:
    """What a project's application needs before it goes out (the "submit" check)."""
    project = project_of(application)
    if project is None:
        return []
    problems = []
    if not project.field_id:
        problems.append(_("Choose the project's field."))
    if not (application.summary or "").strip():
        problems.append(_("Give a summary of the project."))
    if not (project.innovations or "").strip():
        problems.append(_("Describe the main innovations."))
    units = list(project.units.all())
    if not units:
        problems.append(_("List the completing units."))
    elif all(
        unit.organization_id != application.organization_id
        and unit.name != application.organization.name
        for unit in units
    ):
        problems.append(_("The applicant must be one of the completing units."))
    if not project.persons.exists():
        problems.append(_("List the completing persons with their contributions."))
    if project.started_on and project.completed_on and project.completed_on < project.started_on:
        problems.append(_("The project cannot be completed before it started."))
    if project.completed_on and project.completed_on > timezone.localdate():
        problems.append(_("Only completed projects may apply."))
    problems.extend(cap_problems(application))
    problems.extend(blind_document_problems(application))
    return problems


def blind_document_problems(application: Application) -> list[str]:
    """In blind review experts read only the documents marked for it (the anonymised
    report): one of them must be there, optional as it is when experts see everything."""
    scheme = application.scheme
    if not scheme.blind_review:
        return []
    documents = [d for d in scheme.required_documents.all() if d.blind_visible]
    if not documents or application.attachments.filter(requirement__in=documents).exists():
        return []
    return [
        _("Experts review blind and read only “%(name)s”: upload it.")
        % {"name": "、".join(document.name for document in documents)}
    ]


def project_parties(application: Application) -> list[Organization]:
    project = project_of(application)
    return project.related_organizations() if project is not None else []
