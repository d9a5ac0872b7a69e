"""Attendees can be replaced before the deadline; the new person gets their own code, the old
code stops working at check-in."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import AttendeeReplacement, RegistrationError

from .factories import main, place

pytestmark = pytest.mark.django_db

NEW = {
    "name": "新人",
    "organization_name": "测试单位",
    "job_title": "",
    "mobile": "13911112222",
    "email": "new@example.com",
    "dietary": "",
    "dietary_note": "",
    "reason": "工作调整",
}


def test_replace_before_the_deadline(
    client, event, member, staff, django_capture_on_commit_callbacks
):
    user, organization = member
    order = place(event, user, organization=organization, emails=["old@example.com"])
    services.record_payment(order, user=staff, amount=order.total)
    attendee = order.attendees.get()
    old_code = attendee.code
    client.force_login(user)
    assert client.get(f"/events/my/attendees/{attendee.pk}/replace/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/my/attendees/{attendee.pk}/replace/", NEW)
    assert response.status_code == 302
    attendee.refresh_from_db()
    assert attendee.name == "新人" and attendee.code != old_code
    assert AttendeeReplacement.objects.get().old_code == old_code
    assert {m.to[0] for m in mail.outbox} == {"old@example.com", "new@example.com"}
    with pytest.raises(RegistrationError):
        services.check_in(event, old_code, activity=main(event), user=staff)
    assert not services.check_in(event, attendee.code, activity=main(event), user=staff).already


def test_no_replacement_after_the_deadline(client, event, member):
    event.replacement_deadline = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    user, organization = member
    order = place(event, user, organization=organization)
    client.force_login(user)
    client.post(f"/events/my/attendees/{order.attendees.get().pk}/replace/", NEW)
    assert order.attendees.get().name == "张三"


def test_member_price_does_not_pass_to_a_non_member(event, outsider):
    from tests.members.factories import MembershipFactory, PersonFactory

    user, _org = outsider
    person = PersonFactory(email="member-person@example.com")
    MembershipFactory(organization=person.organization)
    order = place(event, user, emails=["member-person@example.com"])
    attendee = order.attendees.get()
    assert attendee.member_price
    with pytest.raises(RegistrationError):
        services.replace_attendee(attendee, user=user, **{k: v for k, v in NEW.items()})
