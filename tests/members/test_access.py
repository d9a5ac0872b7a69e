"""One organization's users never see another's invoices, applications, uploads or contacts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Invoice, MembershipApplication, OrganizationContact
from tests.factories import UserFactory
from tests.members.helpers import (
    PNG,
    fee_schedule,
    individual_member,
    member_organization,
    pdf_upload,
)
from website.accounts import roles

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def world():
    """Organization A with everything a member can have, and outsiders."""
    fee_schedule(YEAR)
    org_a, membership_a, admin_a = member_organization(paid_through=datetime.date(YEAR, 12, 31))
    colleague = UserFactory()
    contact = OrganizationContact.objects.create(organization=org_a, user=colleague)
    invoice = services.issue_invoice(membership_a, kind=Invoice.Kind.RENEWAL, year=YEAR)
    proof = services.submit_payment_proof(
        invoice,
        user=admin_a,
        file=SimpleUploadedFile("回单.png", PNG),
        amount=Decimal("3000"),
        paid_on=timezone.localdate(),
    )
    invitation = services.invite_contact(org_a, user=admin_a, email="invitee@example.com")
    change = services.request_profile_change(
        org_a,
        user=admin_a,
        name="A的新名字有限公司",
        reason="更名",
        document=pdf_upload(),
    )
    application = MembershipApplication.objects.create(
        kind="organization", applicant=admin_a, organization_name="A申请", licence=pdf_upload()
    )
    _org_b, _membership_b, admin_b = member_organization()
    _person, individual, person_user = individual_member()
    return {
        "org": org_a,
        "membership": membership_a,
        "admin": admin_a,
        "contact": contact,
        "invoice": invoice,
        "proof": proof,
        "invitation": invitation,
        "change": change,
        "application": application,
        "other_admin": admin_b,
        "individual": individual,
        "person_user": person_user,
    }


def urls_of(w) -> list[tuple[str, str]]:
    """(method, url) of everything that belongs to organization A."""
    org = w["org"].pk
    return [
        ("get", reverse("member_portal:organization", args=[org])),
        ("post", reverse("member_portal:organization", args=[org])),
        ("get", reverse("member_portal:change_request", args=[org])),
        ("get", reverse("member_portal:contacts", args=[org])),
        ("post", reverse("member_portal:contacts", args=[org])),
        ("post", reverse("member_portal:contact_remove", args=[org, w["contact"].pk])),
        ("post", reverse("member_portal:contact_role", args=[org, w["contact"].pk])),
        ("post", reverse("member_portal:invitation_cancel", args=[org, w["invitation"].pk])),
        ("get", reverse("member_portal:invoice", args=[w["invoice"].pk])),
        ("post", reverse("member_portal:invoice", args=[w["invoice"].pk])),
        ("get", reverse("member_portal:invoice_pdf", args=[w["invoice"].pk])),
        ("get", reverse("member_portal:proof_file", args=[w["proof"].pk])),
        ("get", reverse("member_portal:change_request_document", args=[w["change"].pk])),
        ("get", reverse("member_portal:certificate", args=[w["membership"].pk])),
        ("post", reverse("member_portal:renew", args=[w["membership"].pk])),
        ("get", reverse("members:application", args=[w["application"].pk])),
        ("post", reverse("members:application", args=[w["application"].pk])),
        ("get", reverse("members:application_licence", args=[w["application"].pk])),
    ]


def test_the_owner_reaches_every_url(client, world, payment_settings):
    client.force_login(world["admin"])
    for method, url in urls_of(world):
        if method == "get":
            assert client.get(url).status_code in (200, 302), url


@pytest.mark.parametrize("who", ["other_admin", "person_user"])
def test_other_members_get_404_or_403_on_every_url(client, world, who):
    client.force_login(world[who])
    for method, url in urls_of(world):
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), (method, url, response.status_code)


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for method, url in urls_of(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response.url


def test_lists_show_only_own_records(client, world):
    client.force_login(world["other_admin"])
    assert world["invoice"].number not in client.get(reverse("member_portal:invoices")).text
    page = client.get(reverse("member_portal:membership")).text
    assert world["membership"].number not in page
    assert world["org"].name not in page


def test_guessed_invoice_ids_are_404(client, world):
    client.force_login(world["other_admin"])
    for pk in range(1, 30):
        assert client.get(reverse("member_portal:invoice", args=[pk])).status_code in (200, 404)
        response = client.get(reverse("member_portal:invoice", args=[pk]))
        if response.status_code == 200:
            assert (
                response.context["invoice"]
                .membership.organization.contacts.filter(user=world["other_admin"])
                .exists()
            )


def test_staff_contact_cannot_manage_contacts_or_key_fields(client, world):
    client.force_login(world["contact"].user)
    org = world["org"].pk
    assert client.get(reverse("member_portal:change_request", args=[org])).status_code == 403
    assert (
        client.get(
            reverse("member_portal:change_request_document", args=[world["change"].pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("member_portal:invitation_cancel", args=[org, world["invitation"].pk])
        ).status_code
        == 403
    )
    # But a colleague does see the organization's invoices and proofs.
    assert (
        client.get(reverse("member_portal:invoice", args=[world["invoice"].pk])).status_code == 200
    )
    assert (
        client.get(reverse("member_portal:proof_file", args=[world["proof"].pk])).status_code == 200
    )


def test_private_files_are_served_to_staff_with_the_membership_permission_only(
    client, world, settings
):
    files = [
        reverse("member_portal:proof_file", args=[world["proof"].pk]),
        reverse("members:application_licence", args=[world["application"].pk]),
        reverse("member_portal:change_request_document", args=[world["change"].pk]),
    ]
    events_staff = UserFactory(is_staff=True)
    events_staff.groups.add(Group.objects.get(name=roles.EVENTS_STAFF))
    client.force_login(events_staff)
    for url in files:
        assert client.get(url).status_code == 404, url
    membership_staff = UserFactory(is_staff=True)
    membership_staff.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    client.force_login(membership_staff)
    for url in files:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
    # In production nginx sends them, after the same check.
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_protected/"
    for url in files:
        assert client.get(url)["X-Accel-Redirect"].startswith("/_protected/"), url


def test_private_files_are_not_under_the_media_url(client, world, settings):
    path = world["proof"].file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    name = world["proof"].file.name
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404


def test_the_admin_queue_is_closed_to_other_staff(client, world):
    events_staff = UserFactory(is_staff=True)
    events_staff.groups.add(Group.objects.get(name=roles.EVENTS_STAFF))
    client.force_login(events_staff)
    for name in ("membership_applications:index", "invoices:index", "payment_proofs:index"):
        assert client.get(reverse(name)).status_code in (302, 403), name
    assert client.post(
        reverse("membership_applications:approve", args=[world["application"].pk]),
        {"tier": "member"},
    ).status_code in (302, 403)
    world["application"].refresh_from_db()
    assert world["application"].status == MembershipApplication.Status.DRAFT


def test_the_portal_reads_the_same_memberships_as_the_access_rule(rf, world):
    """member_access(request) (one read per request) and visible_membership_ids(user) agree:
    an organization's contact, an individual member, an outsider."""
    from members.access import member_access, visible_membership_ids

    for user in (world["admin"], world["contact"].user, world["person_user"], UserFactory()):
        request = rf.get("/account/")
        request.user = user
        assert sorted(member_access(request).membership_ids) == sorted(visible_membership_ids(user))
    assert visible_membership_ids(world["admin"]) == [world["membership"].pk]
    assert visible_membership_ids(world["person_user"]) == [world["individual"].pk]


def test_the_portal_home_shows_only_own_outstanding_invoices(client, world):
    client.force_login(world["other_admin"])
    assert world["invoice"].number not in client.get(reverse("portal:dashboard")).text
    client.force_login(world["contact"].user)
    assert world["invoice"].number in client.get(reverse("portal:dashboard")).text
