"""Badges (PDF with Chinese name, organization, attendee type, QR), batch per activity, and
training certificates with the hours attended."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from events import services
from events.models import Activity, Event, TrainingCertificate

from .factories import forum_a, main, make_event, place

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_batch_badges_for_an_activity(staff_client, event, member, staff):
    user, organization = member
    order = place(
        event, user, organization=organization, names=("张建国", "李晓梅"), forums=[forum_a(event)]
    )
    services.record_payment(order, user=staff, amount=order.total)
    response = staff_client.get(f"/admin/events/on-site/activity/{forum_a(event).pk}/badges.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages == 2
    assert (
        "张建国" in text and "李晓梅" in text and organization.name in text and "参会代表" in text
    )
    assert order.attendees.first().code in text


def test_attendee_downloads_own_badge_from_the_ticket_link(client, event, member, staff):
    order = place(event, member[0])
    services.record_payment(order, user=staff, amount=order.total)
    attendee = order.attendees.get()
    page = client.get(attendee.get_ticket_url())
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    response = client.get(attendee.get_ticket_url() + "badge.pdf")
    assert response.status_code == 200
    assert "张三" in pdf_text(response.content)[1]


@pytest.fixture
def training(db):
    event = make_event("px2030", kind=Event.Kind.TRAINING)
    event.activities.update(hours=Decimal("0"))
    Activity.objects.filter(event=event, name="主论坛").update(hours=Decimal("3"))
    Activity.objects.filter(event=event, name="分论坛B").update(hours=Decimal("4.5"))
    return event


def test_certificates_follow_check_in_with_hours(staff_client, training, member, staff):
    user, organization = member
    order = place(
        training,
        user,
        organization=organization,
        names=("全勤", "半勤", "缺勤"),
        forums=[training.activities.get(name="分论坛B")],
    )
    services.record_payment(order, user=staff, amount=order.total)
    full, half, absent = order.attendees.order_by("pk")
    for activity in training.activities.filter(name__in=["主论坛", "分论坛B"]):
        services.check_in(training, full.code, activity=activity, user=staff)
    services.check_in(training, half.code, activity=main(training), user=staff)
    response = staff_client.post(f"/admin/events/on-site/{training.pk}/certificates/")
    assert response.status_code == 302
    hours = dict(TrainingCertificate.objects.values_list("attendee__name", "hours"))
    assert hours == {"全勤": Decimal("7.5"), "半勤": Decimal("3.0")}
    staff_client.post(f"/admin/events/on-site/{training.pk}/certificates/")
    assert TrainingCertificate.objects.count() == 2  # idempotent
    certificate = TrainingCertificate.objects.get(attendee=full)
    response = staff_client.get(f"/admin/events/on-site/certificate/{certificate.pk}.pdf")
    _pages, text = pdf_text(response.content)
    assert "结" in text and "全勤" in text and "7.5" in text and certificate.number in text
    assert absent.get_ticket_url()
    assert client_get_ok(full)


def client_get_ok(attendee):
    from django.test import Client

    client = Client()
    page = client.get(attendee.get_ticket_url()).content.decode()
    return (
        "certificate.pdf" in page
        and client.get(attendee.get_ticket_url() + "certificate.pdf").status_code == 200
    )


def test_certificates_only_for_attendees_who_attended_an_activity_with_hours(
    client, staff_client, training, member, outsider, staff
):
    user, organization = member
    order = place(training, user, organization=organization, names=("到场", "未到"))
    services.record_payment(order, user=staff, amount=order.total)
    came, absent = order.attendees.order_by("pk")
    services.check_in(training, came.code, activity=main(training), user=staff)
    # Checked in to an activity without training hours only: no certificate.
    visitor = place(training, outsider[0], names=("参观",), forums=[forum_a(training)])
    services.record_payment(visitor, user=staff, amount=visitor.total)
    services.check_in(
        training, visitor.attendees.get().code, activity=forum_a(training), user=staff
    )
    # Checked in, then the order was cancelled: no certificate either.
    cancelled = place(training, outsider[0], names=("取消",), emails=["c@example.com"])
    services.record_payment(cancelled, user=staff, amount=cancelled.total)
    services.check_in(training, cancelled.attendees.get().code, activity=main(training), user=staff)
    services.cancel_order(cancelled, user=staff, by_staff=True)
    staff_client.post(f"/admin/events/on-site/{training.pk}/certificates/")
    assert list(TrainingCertificate.objects.values_list("attendee__name", flat=True)) == ["到场"]
    assert client.get(absent.get_ticket_url() + "certificate.pdf").status_code == 404
    assert "certificate.pdf" not in client.get(absent.get_ticket_url()).content.decode()
    assert client.get(came.get_ticket_url() + "certificate.pdf").status_code == 200


def test_badges_only_for_confirmed_orders(client, staff_client, event, member, staff):
    user, organization = member
    unpaid = place(event, user, organization=organization, names=("待付",))
    paid = place(event, user, organization=organization, names=("已付",), emails=["p@example.com"])
    services.record_payment(paid, user=staff, amount=paid.total)
    response = staff_client.get(f"/admin/events/on-site/activity/{main(event).pk}/badges.pdf")
    pages, text = pdf_text(response.content)
    assert pages == 1 and "已付" in text and "待付" not in text
    assert (
        staff_client.get(f"/admin/events/on-site/order/{unpaid.pk}/badges.pdf").status_code == 404
    )
    ticket_url = unpaid.attendees.get().get_ticket_url()
    assert client.get(ticket_url + "badge.pdf").status_code == 404
    assert "<svg" not in client.get(ticket_url).content.decode()  # no QR before confirmation
