"""Every back-office listing that exports keeps typed text from running as a formula."""

import csv
import io

import pytest
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from website.core.exports import SafeCSVExportMixin, csv_safe

pytestmark = pytest.mark.django_db


def _exporting_viewsets() -> list[ModelViewSet]:
    viewsets.populate()
    found = []
    for viewset in viewsets.viewsets:
        children = getattr(viewset, "viewsets", None) or [viewset]  # ViewSetGroups hold several
        found += [
            v
            for v in children
            if isinstance(v, ModelViewSet)
            and isinstance(v.list_export, list | tuple)
            and v.list_export
        ]
    return found


def test_every_exporting_listing_quotes_formulas():
    exporting = _exporting_viewsets()
    assert len(exporting) >= 20, [v.name for v in exporting]
    unsafe = [v.name for v in exporting if not issubclass(v.index_view_class, SafeCSVExportMixin)]
    assert unsafe == []


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("+86 10 5893", "'+86 10 5893"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("北京洁城环境服务有限公司", "北京洁城环境服务有限公司"),
        (42, 42),
        (None, None),
    ],
)
def test_csv_safe(typed, exported):
    assert csv_safe(typed) == exported


def test_an_organization_named_like_a_formula_exports_as_text(client, staff_user):
    from tests.members.factories import OrganizationFactory

    OrganizationFactory(name='=HYPERLINK("http://evil.example","点我")')
    client.force_login(staff_user)
    response = client.get("/admin/members/organizations/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert names == ['\'=HYPERLINK("http://evil.example","点我")']
