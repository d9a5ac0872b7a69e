"""Template tags of the applicant side, so the shared pages need one include line each."""

from __future__ import annotations

from django import template

from ..services import annual, finance, results

register = template.Library()


@register.simple_tag
def financial_summary(application):
    return finance.summary(application)


@register.simple_tag
def criterion_figures(application, criterion):
    """The ratios an indicator (2.1–2.4 of the credit rating) is scored from, per year."""
    if application is None or criterion is None:
        return []
    found = finance.summary(application)
    return found.lines_for(criterion.code) if found else []


@register.simple_tag
def applicant_result(application):
    return results.result_for_applicant(application)


@register.simple_tag
def annual_check_open(check):
    return annual.is_open_for_material(check)
