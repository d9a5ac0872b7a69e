"""Another organization's registrant reaches nothing of ours: every URL that names an order,
attendee, ticket, badge, QR code, invoice request, upload, offer or exhibitor application
answers 404 to them, and afterwards nothing has changed. Staff pages answer only to staff with
the events permissions."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events import services
from events.models import (
    Activity,
    Attendee,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    PaymentProof,
    TrainingCertificate,
    WaitingListEntry,
)
from tests.files import pdf_bytes, png_bytes
from website.core.states import StatusChange

from .factories import events_staff, forum_a, main, make_booths, place

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
PNG = png_bytes()


@pytest.fixture
def ours(event, member, outsider, staff):
    """Everything a member organization holds at the event, in the states that expose most."""
    user, organization = member
    main(event).__class__.objects.filter(pk=main(event).pk).update(hours=Decimal("3"))
    order = place(event, user, organization=organization, names=("甲",), emails=["a@example.com"])
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
    services.record_payment(order, user=staff, amount=order.total)
    attendee = order.attendees.get()
    services.check_in(event, attendee.code, activity=main(event), user=staff)
    services.issue_training_certificates(event, user=staff)

    # A waiting-list entry with a live offer: forum A is full, one place frees up.
    blocker = place(event, outsider[0], names=("乙", "丙"), forums=[forum_a(event)])
    entry = services.join_waiting_list(forum_a(event), user=user, attendee=attendee)
    services.cancel_order(blocker, user=outsider[0])
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED

    booths = make_booths(event)
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    application = services.allocate_booth(application, booths[0], user=staff)
    services.record_booth_payment(application, user=staff, amount=application.amount)
    services.save_catalogue_entry(application, user=user, text="原会刊文字")
    services.set_exhibitor_passes(application, user=user, people=[services.PassData("展商甲")])
    return {
        "order": order,
        "attendee": attendee,
        "proof": proof,
        "entry": entry,
        "application": application,
        "certificate": TrainingCertificate.objects.get(attendee=attendee),
    }


def snapshot() -> dict:
    """What a stranger must not be able to change."""
    return {
        "orders": list(Order.objects.order_by("pk").values()),
        "attendees": list(Attendee.objects.order_by("pk").values()),
        "places": sorted(Attendee.activities.through.objects.values_list("attendee", "activity")),
        "invoices": list(InvoiceRequest.objects.values()),
        "proofs": PaymentProof.objects.count(),
        "entries": list(WaitingListEntry.objects.order_by("pk").values()),
        "applications": list(ExhibitorApplication.objects.values()),
        "passes": sorted(ExhibitorApplication.objects.values_list("passes__name", "passes__code")),
        "changes": StatusChange.objects.count(),
    }


def stranger_requests(ours, event):
    order, attendee, entry = ours["order"], ours["attendee"], ours["entry"]
    application = ours["application"]
    activity = forum_a(event)
    invoice = {
        "invoice-kind": "special",
        "invoice-title": "冒名单位",
        "invoice-tax_number": "91110000100000000K",
        "invoice-address": "x",
        "invoice-phone": "010-1",
        "invoice-bank_name": "x",
        "invoice-bank_account": "1",
        "invoice-email": "thief@example.com",
    }
    replacement = {
        "name": "冒名",
        "organization_name": "x",
        "mobile": "13911112222",
        "email": "thief@example.com",
    }
    passes = {
        "form": "passes",
        "pass-TOTAL_FORMS": "1",
        "pass-INITIAL_FORMS": "0",
        "pass-0-name": "冒名",
    }
    return [
        ("get", f"/events/my/orders/{order.code}/", None),
        ("post", f"/events/my/orders/{order.code}/cancel/", {"reason": "x"}),
        ("post", f"/events/my/orders/{order.code}/invoice/", invoice),
        (
            "post",
            f"/events/my/orders/{order.code}/proof/",
            {"file": SimpleUploadedFile("x.pdf", PDF, "application/pdf")},
        ),
        ("get", f"/events/my/orders/{order.code}/proof/{ours['proof'].pk}/", None),
        ("get", f"/events/my/attendees/{attendee.pk}/replace/", None),
        ("post", f"/events/my/attendees/{attendee.pk}/replace/", replacement),
        ("post", f"/events/my/attendees/{attendee.pk}/wait/{activity.pk}/", {}),
        ("post", f"/events/my/waiting/{entry.pk}/withdraw/", {}),
        ("get", f"/events/offer/{entry.offer_token}/", None),
        ("post", f"/events/offer/{entry.offer_token}/", {"action": "accept"}),
        ("post", f"/events/offer/{entry.offer_token}/", {"action": "decline"}),
        ("get", f"/events/{event.code}/register/?offer={entry.offer_token}", None),
        ("get", f"/events/my/exhibitor/{application.pk}/", None),
        (
            "post",
            f"/events/my/exhibitor/{application.pk}/",
            {
                "form": "catalogue",
                "catalogue_text": "冒名",
                "logo": SimpleUploadedFile("l.png", PNG, "image/png"),
            },
        ),
        ("post", f"/events/my/exhibitor/{application.pk}/", passes),
        ("get", f"/events/my/exhibitor/{application.pk}/passes.pdf", None),
        ("post", f"/events/my/exhibitor/{application.pk}/withdraw/", {}),
    ]


def test_another_organization_gets_404_on_every_url_and_nothing_changes(
    client, event, ours, outsider
):
    before = snapshot()
    client.force_login(outsider[0])
    for method, url, data in stranger_requests(ours, event):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot() == before
    # Their own portal lists none of it.
    page = client.get("/events/my/").content.decode()
    assert ours["order"].code not in page
    assert f"/events/my/exhibitor/{ours['application'].pk}/" not in page


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_changes(client, event, ours):
    before = snapshot()
    for method, url, data in stranger_requests(ours, event):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 302 and "/auth/login/" in response["Location"], url
    assert snapshot() == before


def test_ticket_badge_qr_and_certificate_need_the_attendees_own_secret(
    client, event, ours, outsider
):
    attendee = ours["attendee"]
    other = place(event, outsider[0], names=("丁",), emails=["d@example.com"]).attendees.get()
    base = f"/events/ticket/{attendee.code}"
    for secret in ("wrong", other.secret, attendee.secret[:-1], attendee.secret.upper()):
        for suffix in ("", "badge.pdf", "certificate.pdf"):
            assert client.get(f"{base}/{secret}/{suffix}").status_code == 404, (secret, suffix)
    # Another attendee's code with our secret, and our code with theirs.
    assert client.get(f"/events/ticket/{other.code}/{attendee.secret}/").status_code == 404
    for suffix in ("", "badge.pdf", "certificate.pdf"):
        assert client.get(f"{base}/{attendee.secret}/{suffix}").status_code == 200, suffix
    page = client.get(f"{base}/{attendee.secret}/").content.decode()
    assert "<svg" in page  # the QR code is on the ticket page only


def test_proof_of_one_order_is_not_served_under_another_order_code(client, event, ours, member):
    user, organization = member
    other = place(event, user, organization=organization, names=("乙",), emails=["b@x.com"])
    client.force_login(user)
    url = f"/events/my/orders/{other.code}/proof/{ours['proof'].pk}/"
    assert client.get(url).status_code == 404


def test_a_colleague_of_the_same_organization_may_act_on_its_orders(client, event, ours, member):
    from tests.members.factories import ContactFactory

    colleague = ContactFactory(organization=member[1]).user
    client.force_login(colleague)
    assert client.get(f"/events/my/orders/{ours['order'].code}/").status_code == 200
    assert client.get(f"/events/my/exhibitor/{ours['application'].pk}/").status_code == 200


def staff_urls(event, ours):
    order, activity = ours["order"], main(event)
    onsite = f"/admin/events/on-site/{event.pk}"
    # The completion-certificates page exists for trainings only (404 for a conference).
    certificates = [f"{onsite}/certificates/"] if event.gives_training_certificates else []
    return [
        "/admin/events/on-site/",
        f"{onsite}/checkin/",
        f"{onsite}/counts.json",
        f"{onsite}/holds/",
        *certificates,
        f"{onsite}/exhibitor-passes.pdf",
        f"{onsite}/export/attendees-by-activity.xlsx",
        f"{onsite}/export/attendees-by-organization.xlsx",
        f"{onsite}/export/invoice-requests.xlsx",
        f"{onsite}/export/exhibitors.xlsx",
        f"/admin/events/on-site/activity/{activity.pk}/",
        f"/admin/events/on-site/activity/{activity.pk}/badges.pdf",
        f"/admin/events/on-site/order/{order.pk}/badges.pdf",
        f"/admin/events/on-site/certificate/{ours['certificate'].pk}.pdf",
        "/admin/events/orders/",
        f"/admin/events/orders/inspect/{order.pk}/",
        f"/admin/events/orders/{order.pk}/action/refund/",
        "/admin/events/attendees/?export=xlsx",
        "/admin/events/invoices/?export=xlsx",
        "/admin/events/exhibitors/?export=xlsx",
        f"/admin/events/invoices/inspect/{InvoiceRequest.objects.get().pk}/",
        f"/admin/events/exhibitors/inspect/{ours['application'].pk}/",
        f"/admin/events/waiting-list/inspect/{ours['entry'].pk}/",
    ]


def test_staff_pages_are_for_events_staff_only(event, ours, member):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory
    from website.accounts import roles

    editor = UserFactory(is_staff=True)  # secretariat, but of the web editors
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    member_browser, editor_browser, staff_browser = Client(), Client(), Client()
    member_browser.force_login(member[0])
    editor_browser.force_login(editor)
    staff_browser.force_login(events_staff())
    before = snapshot()
    for url in staff_urls(event, ours):
        assert member_browser.get(url).status_code in (302, 403), url
        assert editor_browser.get(url).status_code in (302, 403), url
        assert staff_browser.get(url).status_code == 200, url
    for browser in (member_browser, editor_browser):
        response = browser.post(
            f"/admin/events/on-site/{event.pk}/checkin/",
            {"activity": forum_a(event).pk, "code": ours["attendee"].code},
        )
        assert response.status_code in (302, 403)
        response = browser.post(
            f"/admin/events/orders/{ours['order'].pk}/action/cancel/", {"reason": "x"}
        )
        assert response.status_code in (302, 403)
    assert snapshot() == before


def test_activity_of_another_event_is_not_reachable_through_ours(client, event, ours):
    """URLs that combine an event with an activity check that they belong together."""
    from .factories import make_event

    other = make_event("other2030")
    foreign: Activity = main(other)
    client.force_login(ours["order"].created_by)
    assert client.get(f"/events/{event.code}/waiting-list/{foreign.pk}/").status_code == 404


def test_someone_who_left_the_organization_no_longer_reaches_its_orders(
    client, event, ours, member
):
    from members.models import OrganizationContact

    user, organization = member
    OrganizationContact.objects.filter(user=user, organization=organization).delete()
    before = snapshot()
    client.force_login(user)
    for method, url, data in stranger_requests(ours, event):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot() == before


def test_private_registrations_stay_with_the_person_who_placed_them(client, event, member):
    from tests.factories import UserFactory

    person = UserFactory()
    order = place(event, person, names=("个人",), emails=["me@example.com"])
    client.force_login(person)
    assert client.get(f"/events/my/orders/{order.code}/").status_code == 200
    client.force_login(member[0])
    assert client.get(f"/events/my/orders/{order.code}/").status_code == 404
