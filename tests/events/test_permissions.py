"""One organization never sees another's orders, invoices, uploads or exhibitor files: every
URL that takes an id or code answers 404 to someone else, and staff pages need staff rights."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from events import services

from .factories import events_staff, make_booths, place

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def owned(event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", organization.name, organization.credit_code, "fp@example.com"
        ),
    )
    proof = services.upload_proof(
        order, user=user, file=SimpleUploadedFile("slip.pdf", PDF, "application/pdf")
    )
    booths = make_booths(event)
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    return {
        "order": order,
        "proof": proof,
        "attendee": order.attendees.get(),
        "application": application,
        "booths": booths,
    }


def personal_urls(owned, event):
    order, attendee, application = owned["order"], owned["attendee"], owned["application"]
    return [
        ("get", f"/events/my/orders/{order.code}/"),
        ("post", f"/events/my/orders/{order.code}/cancel/"),
        ("post", f"/events/my/orders/{order.code}/invoice/"),
        ("post", f"/events/my/orders/{order.code}/proof/"),
        ("get", f"/events/my/orders/{order.code}/proof/{owned['proof'].pk}/"),
        ("get", f"/events/my/attendees/{attendee.pk}/replace/"),
        ("post", f"/events/my/attendees/{attendee.pk}/wait/{event.activities.first().pk}/"),
        ("get", f"/events/my/exhibitor/{application.pk}/"),
        ("get", f"/events/my/exhibitor/{application.pk}/passes.pdf"),
        ("post", f"/events/my/exhibitor/{application.pk}/withdraw/"),
    ]


def test_another_organization_gets_404_everywhere(client, event, owned, outsider):
    client.force_login(outsider[0])
    for method, url in personal_urls(owned, event):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
    owned["order"].refresh_from_db()
    assert owned["order"].status == "pending_payment"
    assert owned["application"].status == "submitted"


def test_anonymous_visitors_are_asked_to_log_in(client, event, owned):
    for method, url in personal_urls(owned, event):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/auth/login/" in response["Location"], url


def test_a_colleague_of_the_same_organization_sees_the_order(client, event, owned, member):
    from tests.members.factories import ContactFactory

    colleague = ContactFactory(organization=member[1]).user
    client.force_login(colleague)
    assert client.get(f"/events/my/orders/{owned['order'].code}/").status_code == 200
    response = client.get(f"/events/my/orders/{owned['order'].code}/proof/{owned['proof'].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_staff_download_proofs_but_members_not_staff_pages(client, event, owned, member):
    staff = events_staff()
    client.force_login(staff)
    response = client.get(f"/events/my/orders/{owned['order'].code}/proof/{owned['proof'].pk}/")
    assert response.status_code == 200
    client.force_login(member[0])
    for url in [
        "/admin/events/orders/",
        f"/admin/events/on-site/{event.pk}/checkin/",
        f"/admin/events/on-site/{event.pk}/export/attendees-by-activity.xlsx",
        f"/admin/events/on-site/activity/{event.activities.first().pk}/badges.pdf",
    ]:
        assert client.get(url).status_code in (302, 403), url


def test_proof_of_one_order_is_not_served_under_another_code(client, event, owned, member):
    user, organization = member
    other = place(event, user, organization=organization, names=("乙",), emails=["b@example.com"])
    client.force_login(user)
    assert (
        client.get(f"/events/my/orders/{other.code}/proof/{owned['proof'].pk}/").status_code == 404
    )


def test_ticket_link_needs_its_secret(client, event, owned):
    attendee = owned["attendee"]
    assert client.get(f"/events/ticket/{attendee.code}/wrong-secret/").status_code == 404
    assert client.get(f"/events/ticket/{attendee.code}/{attendee.secret}/").status_code == 200
    # Unconfirmed orders have no badge yet.
    assert (
        client.get(f"/events/ticket/{attendee.code}/{attendee.secret}/badge.pdf").status_code == 404
    )


def test_upload_checks_the_content_not_the_name(client, event, owned, member):
    client.force_login(member[0])
    fake = SimpleUploadedFile("slip.pdf", b"<html>not a pdf</html>", "application/pdf")
    client.post(f"/events/my/orders/{owned['order'].code}/proof/", {"file": fake})
    assert owned["order"].proofs.count() == 1
    png = SimpleUploadedFile(
        "../../etc/传真 slip.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, "image/png"
    )
    client.post(f"/events/my/orders/{owned['order'].code}/proof/", {"file": png})
    proof = owned["order"].proofs.order_by("-pk").first()
    assert (
        proof.content_type == "image/png"
        and "/" not in proof.original_name
        and ".." not in proof.file.name
    )
    # Private storage: never under the public media root.
    assert not proof.file.path.startswith(str(settings.MEDIA_ROOT))
    assert proof.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
