"""The credit grade in the public member directory: a filter, a column and a profile section.

One correlated subquery per annotation keeps the directory at a fixed number of queries.
"""

from __future__ import annotations

import django_filters
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from website.core.i18n import label_in_language

from .models import Certificate, GradeBand

CREDIT_SCHEME = "credit-rating"


def _current_credit(field: str) -> Subquery:
    return Subquery(
        Certificate.objects.filter(
            organization=OuterRef("pk"),
            scheme__code=CREDIT_SCHEME,
            status=Certificate.Status.VALID,
            plant__isnull=True,
        )
        .order_by("-issued_on", "-pk")
        .values(field)[:1]
    )


def annotate_credit_grade(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        credit_grade=_current_credit("grade_label"), credit_grade_code=_current_credit("grade")
    )


def credit_grade_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    bands = (
        GradeBand.objects.filter(criteria_set__scheme__code=CREDIT_SCHEME, certified=True)
        .order_by("-min_score", "-criteria_set__version")
        .values_list("code", "label")
    )
    for code, label in bands:
        seen.setdefault(code, label_in_language(label))  # AAA级, or AAA in English
    return list(seen.items())


def grade_filter() -> django_filters.Filter:
    return django_filters.ChoiceFilter(
        field_name="credit_grade_code",
        choices=credit_grade_choices,
        label=_("Credit grade"),
        empty_label=_("All credit grades"),
    )


def profile_certificates(request, organization) -> dict | None:
    certificates = list(
        Certificate.objects.current()
        .filter(organization=organization)
        .select_related("scheme")
        .order_by("scheme__sort_order", "-issued_on")
    )
    if not certificates:
        return None
    return {"certificates": certificates}


def register() -> None:
    try:
        from members.directory import directory
    except ImportError:  # the members directory is optional for this app
        return
    directory.register_queryset_hook("credit_grade", annotate_credit_grade, areas=["register"])
    directory.register_filter("credit_grade", grade_filter)
    if hasattr(directory, "register_column"):
        directory.register_column(
            "credit_grade",
            label=_("Credit grade"),
            template="certification/directory/grade_cell.html",
        )
    directory.profile_sections.register(
        "certificates",
        template="certification/directory/profile_section.html",
        get_context=profile_certificates,
        order=50,
        areas=["register"],
    )
