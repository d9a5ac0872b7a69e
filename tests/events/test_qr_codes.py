"""Every QR code of the events app reads with a real decoder as a regular QR code (not Micro
QR, which phones and WeChat cannot read) and carries what the check-in desk expects: the
ticket page, the attendee's badge, the batch badges, exhibitor passes and the training
certificate."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from events import services
from events.models import Activity, Event, TrainingCertificate
from tests.qr import assert_scales_to_its_box, read_pdf, read_svg, svg_elements

from .factories import main, make_booths, make_event, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(event, member, staff):
    user, organization = member
    order = place(event, user, organization=organization, names=("张建国", "李晓梅"))
    services.record_payment(order, user=staff, amount=order.total)
    return order


def test_the_ticket_page_qr_code_reads_as_the_attendee_code(client, confirmed):
    attendee = confirmed.attendees.order_by("pk").first()
    page = client.get(attendee.get_ticket_url()).content.decode()
    box = re.search(r'<div class="ticket__qr"[^>]*>(.*?)</div>', page, flags=re.DOTALL)
    assert box, "the ticket page shows no QR code"
    (svg,) = svg_elements(box.group(1))
    assert_scales_to_its_box(svg)
    assert read_svg(svg) == [attendee.code]
    # What the decoder read is what the check-in desk accepts.
    assert services.normalize_code(read_svg(svg)[0]) == attendee.code


def test_the_attendee_badge_qr_code_reads(client, confirmed):
    attendee = confirmed.attendees.order_by("pk").first()
    response = client.get(attendee.get_ticket_url() + "badge.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert read_pdf(response.content) == [[attendee.code]]


def test_batch_badges_read_one_code_a_page(staff_client, event, confirmed):
    response = staff_client.get(f"/admin/events/on-site/activity/{main(event).pk}/badges.pdf")
    assert response.status_code == 200
    codes = sorted(confirmed.attendees.values_list("code", flat=True))
    assert sorted(code for (code,) in read_pdf(response.content)) == codes


def test_exhibitor_passes_read(client, event, member, staff):
    user, organization = member
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
    passes = services.set_exhibitor_passes(
        application, user=user, people=[services.PassData("展商甲"), services.PassData("展商乙")]
    )
    client.force_login(user)
    response = client.get(f"/events/my/exhibitor/{application.pk}/passes.pdf")
    assert response.status_code == 200
    assert read_pdf(response.content) == [[badge.code] for badge in passes]


def test_the_training_certificate_qr_code_reads_as_its_number(staff_client, member, staff):
    training = make_event("px2031", kind=Event.Kind.TRAINING)
    Activity.objects.filter(event=training).update(hours=Decimal("3"))
    order = place(training, member[0], organization=member[1], names=("全勤",))
    services.record_payment(order, user=staff, amount=order.total)
    attendee = order.attendees.get()
    services.check_in(training, attendee.code, activity=main(training), user=staff)
    staff_client.post(f"/admin/events/on-site/{training.pk}/certificates/")
    certificate = TrainingCertificate.objects.get(attendee=attendee)
    for response in [
        staff_client.get(f"/admin/events/on-site/certificate/{certificate.pk}.pdf"),
        Client().get(attendee.get_ticket_url() + "certificate.pdf"),
    ]:
        assert response.status_code == 200
        assert read_pdf(response.content) == [[certificate.number]]
