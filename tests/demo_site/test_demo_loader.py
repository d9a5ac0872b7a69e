"""The demo loader (`load_demo`) run again on the loaded demo changes nothing, and every demo
account can log in."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q
from wagtail.models import Page

from members.demo_dues import ORGANIZATIONS
from members.models import Membership
from website.accounts import roles
from website.accounts.models import User
from website.core.demo import DEMO_PASSWORD, DEMO_USERS
from website.core.models import HomePage

pytestmark = pytest.mark.django_db

# Rows that say what the demo is: who exists and may do what, which memberships stand how,
# which pages, applications, orders and invoices there are. Times of the run are left out.
SNAPSHOT = {
    "accounts.User": ["email", "is_staff", "is_superuser", "is_active"],
    "auth.Group": ["name"],
    "members.Organization": ["credit_code", "name"],
    "members.Person": ["name", "email"],
    "members.OrganizationContact": ["organization__credit_code", "user__email", "role"],
    "members.Membership": [
        "number",
        "organization__credit_code",
        "person__email",
        "tier",
        "status",
        "paid_through",
    ],
    "core.StatusChange": ["content_type__model", "object_id", "from_status", "to_status", "reason"],
    "members.MembershipApplication": ["status"],
    "members.Invoice": ["number", "status", "amount", "period_start"],
    "wagtailcore.Page": ["url_path", "title", "live", "content_type__model", "locale_id"],
    "wagtailcore.PageViewRestriction": ["page__url_path", "restriction_type"],
    "certification.Application": ["number", "status"],
    "certification.Certificate": ["number", "status"],
    "events.Event": ["code", "kind"],
    "events.Order": ["code", "status", "total"],
    "publications.StandardComment": ["standard_id", "name", "comment"],
}


def _snapshot() -> dict:
    rows = {}
    for label, fields in SNAPSHOT.items():
        model = apps.get_model(label)
        rows[label] = sorted(
            model.objects.values_list(*fields).order_by(), key=lambda row: repr(row)
        )
    rows["user groups"] = sorted(
        User.objects.values_list("email", "groups__name").order_by(), key=repr
    )
    return rows


def _load():
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_loader_is_idempotent_row_for_row(demo, client):
    first = _snapshot()
    _load()
    second = _snapshot()
    for label in first:
        assert second[label] == first[label], f"a second load changed {label}"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert HomePage.objects.filter(locale__language_code="zh-hans").count() == 1
    assert client.get("/").status_code == 200


def test_a_second_load_keeps_the_lapsed_members_contact_out_of_the_members_group(demo):
    lapsed_email = next(row[6] for row in ORGANIZATIONS if row[-1] == "lapsed")
    _load()
    membership = Membership.objects.get(organization__contacts__user__email=lapsed_email)
    assert membership.status == Membership.Status.LAPSED
    contact = User.objects.get(email=lapsed_email)
    assert not contact.groups.filter(name=roles.MEMBERS).exists()
    # Nobody without member rights holds the members' group (members-only pages).
    good = Membership.Status.good_standing()
    for user in User.objects.filter(groups__name=roles.MEMBERS):
        assert (
            Membership.objects.filter(status__in=good)
            .filter(Q(organization__contacts__user=user) | Q(person__user=user))
            .exists()
        ), user.email


def test_every_demo_account_can_log_in(demo, client):
    for email, *_ in DEMO_USERS:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()
