"""Every back-office page a staff role can reach works on the demo data and reads as Chinese.

The demo is loaded once for the package (tests/demo_site/conftest.py, rolled back at the end). Each
staff role of README's demo accounts opens every admin listing (found from the URL patterns
under /admin/, so a new viewset is crawled without touching this test) and, for what it may
list, the inspect, edit, history and usage views of one object per model, and pages of each
type. A page fails on a 5xx, on Python's True/False/None shown as a listing cell or inspect
value, on a business date shown as a relative time ("2 小时之前"), and on the English that
Wagtail leaves in its Chinese admin ("Exploring:", "Referenced 1 time", "Autosave is paused",
"Pages created in localhost"). 403 and redirects for what a role may not see are fine.
"""

import pytest
from wagtail.models import Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from website.accounts.models import User

from . import admin_crawl

pytestmark = pytest.mark.django_db

STAFF = [
    "admin@example.org",
    "membership@example.org",
    "certification@example.org",
    "events@example.org",
    "editor@example.org",
    "branch@example.org",
    "finance@example.org",
]


@pytest.fixture(scope="module")
def targets(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return admin_crawl.admin_targets(per_model=1)


@pytest.fixture(scope="module")
def page_sample(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return admin_crawl.sample_pages()


def _pages_for(user: User, sample: list[Page]) -> list[Page]:
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    own = list(editable.filter(depth__gt=1).order_by("depth", "pk")[:2])
    if user.is_superuser:
        return sample
    return [page for page in sample if editable.filter(pk=page.pk).exists()] or own


@pytest.mark.parametrize("email", STAFF)
def test_staff_role_crawls_the_back_office(demo, targets, page_sample, client, email):
    user = User.objects.get(email=email)
    client.force_login(user)
    pages = _pages_for(user, page_sample)
    page_targets = admin_crawl.page_targets(pages)
    report = admin_crawl.crawl(client, email, targets, page_targets, full=user.is_superuser)
    assert report.fetched > 10, report
    assert report.statuses.get(200, 0) > 3, report.statuses
    assert not report.failures, "\n".join(report.failures)


def test_the_admin_names_the_site_after_the_association(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "中国城市环境卫生协会"
    client.force_login(User.objects.get(email="admin@example.org"))
    html = client.get("/admin/").content.decode()
    assert "localhost" not in html
    assert "个页面" in html
