"""Every spreadsheet the back office exports keeps typed text as text (no formula injection).

Two kinds of export exist: Wagtail's spreadsheet views (our listings, Wagtail's reports and
its form submissions, `?export=csv|xlsx`) and our own workbooks on `.xlsx` URLs. The first
test enumerates both from the URLconf, so a new export cannot be added without a case here.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log

from tests.factories import UserFactory
from tests.members.factories import BranchFactory, PersonFactory
from website.core.demo import ensure_contact_page

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","点我")'

# Our own workbook URLs, each with the test below that feeds it hostile text.
WORKBOOK_ROUTES = {
    "admin/members/my-branches/<int:pk>/export.xlsx": "test_branch_roster_keeps_text",
    "admin/members/import/template/<str:kind>.xlsx": "test_import_templates_hold_no_formula",
    "admin/publications/standards/<int:page_id>/comments.xlsx": (
        "tests/publications/test_comment_export_safety.py"
    ),
    "admin/events/on-site/<int:event_id>/export/<slug:kind>.xlsx": (
        "tests/events/test_exports.py::test_what_registrants_typed_never_becomes_a_formula"
    ),
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _spreadsheet_views():
    for route, pattern in _walk(get_resolver().url_patterns):
        cls = getattr(pattern.callback, "view_class", None)
        if cls is not None and issubclass(cls, SpreadsheetExportMixin):
            yield route, cls


def test_every_export_route_is_covered():
    workbook_routes = {
        route
        for route, _pattern in _walk(get_resolver().url_patterns)
        if route.endswith((".xlsx", ".csv", ".xls"))
    }
    assert workbook_routes == set(WORKBOOK_ROUTES)
    spreadsheet_views = dict(_spreadsheet_views())
    # Wagtail's reports are among them, not only our listings (form submissions are served
    # through a function that picks the page's view: tested end to end below).
    assert any(
        cls.__module__.startswith("wagtail.admin.views.reports")
        for cls in spreadsheet_views.values()
    )
    assert len(spreadsheet_views) >= 30


def test_every_spreadsheet_view_quotes_formulas_in_csv():
    unsafe = []
    for route, cls in _spreadsheet_views():
        view = cls()
        for value in (HOSTILE, "+86 10 5893", "-1", "@SUM(A1)", "\t=1+1"):
            if view.preprocess_field_value("name", value, cls.FORMAT_CSV) != "'" + value:
                unsafe.append(route)
                break
        assert view.preprocess_field_value("name", "北京洁城", cls.FORMAT_CSV) == "北京洁城"
    assert unsafe == []


def _csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def test_form_submissions_csv_keeps_text(client, site_home, staff_user):
    ensure_contact_page(site_home)
    page = site_home.get_children().get(slug="contact").specific
    name_field = page.get_form_fields()[0].clean_name
    FormSubmission.objects.create(page=page, form_data={name_field: HOSTILE})
    client.force_login(staff_user)

    response = client.get(f"/admin/forms/submissions/{page.pk}/?export=csv")

    assert response.status_code == 200
    hostile = [cell for cell in _csv_cells(response) if "HYPERLINK" in cell]
    assert hostile == ["'" + HOSTILE]


def test_site_history_csv_keeps_text(client, site_home, staff_user):
    signed_up = UserFactory(first_name=HOSTILE, last_name="")
    log(site_home, "wagtail.edit", user=signed_up)
    client.force_login(staff_user)

    response = client.get("/admin/reports/site-history/?export=csv")

    assert response.status_code == 200
    hostile = [cell for cell in _csv_cells(response) if "HYPERLINK" in cell]
    assert hostile and all(cell.startswith("'=") for cell in hostile)


def _formula_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_branch_roster_keeps_text(client, staff_user):
    from members.models import BranchPosition

    branch = BranchFactory()
    person = PersonFactory(name=HOSTILE, job_title="+86 13800000000")
    BranchPosition.objects.create(
        branch=branch, person=person, position=BranchPosition.Position.MEMBER
    )
    client.force_login(staff_user)

    response = client.get(f"/admin/members/my-branches/{branch.pk}/export.xlsx")

    assert response.status_code == 200
    body = response.getvalue()  # streamed from a temporary file
    assert _formula_cells(body) == []
    values = [
        cell.value for row in load_workbook(io.BytesIO(body)).active.iter_rows() for cell in row
    ]
    assert HOSTILE in values


@pytest.mark.parametrize("kind", ["organizations", "persons"])
def test_import_templates_hold_no_formula(client, staff_user, kind):
    client.force_login(staff_user)

    response = client.get(f"/admin/members/import/template/{kind}.xlsx")

    assert response.status_code == 200
    assert _formula_cells(response.content) == []
