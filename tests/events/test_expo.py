"""The exhibition: booth rules, applications, approval and allocation (one booth, one
exhibitor), payment deadline, passes per booth size, catalogue entry on the public page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import Booth, ExhibitorApplication, Hall, RegistrationError

from .factories import make_booths

pytestmark = pytest.mark.django_db


def apply(event, user, organization, **overrides):
    data = services.ApplicationData(
        organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return services.apply_for_booth(event, user=user, data=data)


def test_booth_sizes_prices_and_passes(event):
    booths = make_booths(event)
    standard, raw = booths[0], booths[-1]
    assert standard.price == Decimal("10000.00") and standard.pass_allowance() == 2
    assert raw.area == Decimal("48") and raw.price == Decimal(
        "52800.00"
    )  # 48 m² × 1000 + 10 % corner
    assert raw.pass_allowance() == 6
    bad = Booth(
        hall=standard.hall,
        number="X",
        kind=Booth.Kind.STANDARD,
        width=Decimal("4"),
        depth=Decimal("3"),
    )
    with pytest.raises(ValidationError):
        bad.clean()
    small = Booth(
        hall=standard.hall, number="Y", kind=Booth.Kind.RAW, width=Decimal("5"), depth=Decimal("5")
    )
    with pytest.raises(ValidationError):
        small.clean()


def test_admin_booth_form_enforces_the_rules(staff_client, event):
    hall = Hall.objects.create(event=event, name="2号馆")
    response = staff_client.post(
        "/admin/events/booths/new/",
        {"hall": hall.pk, "number": "C01", "kind": "raw", "width": "5", "depth": "5", "price": ""},
    )
    assert response.status_code == 200 and not Booth.objects.filter(number="C01").exists()
    response = staff_client.post(
        "/admin/events/booths/new/",
        {"hall": hall.pk, "number": "C02", "kind": "raw", "width": "6", "depth": "6", "price": ""},
    )
    assert response.status_code == 302 and Booth.objects.get(number="C02").price == Decimal("0.00")


def test_apply_approve_allocate_pay_and_publish(client, staff_client, event, member, site_home):
    booths = make_booths(event)
    user, organization = member
    client.force_login(user)
    response = client.post(
        f"/events/{event.code}/exhibit/",
        {
            "company_name": organization.name,
            "credit_code": "BAD",
            "contact_name": "林",
            "contact_phone": "13700000000",
            "contact_email": "x@example.com",
            "wanted_kind": "standard",
            "wanted_area": "9",
        },
    )
    assert response.status_code == 200 and not ExhibitorApplication.objects.exists()
    response = client.post(
        f"/events/{event.code}/exhibit/",
        {
            "company_name": organization.name,
            "credit_code": organization.credit_code,
            "contact_name": "林",
            "contact_phone": "13700000000",
            "contact_email": "x@example.com",
            "wanted_kind": "standard",
            "wanted_area": "9",
        },
    )
    application = ExhibitorApplication.objects.get()
    assert response.status_code == 302 and application.organization == organization
    staff_client.post(f"/admin/events/exhibitors/{application.pk}/action/approve/", {"reason": ""})
    response = staff_client.post(
        f"/admin/events/exhibitors/{application.pk}/action/allocate/", {"booth": booths[1].pk}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "allocated" and application.amount == Decimal("10000.00")
    assert application.payment_deadline > timezone.now() + datetime.timedelta(days=9)
    booths[1].refresh_from_db()
    assert booths[1].status == "reserved" and booths[1].application == application
    staff_client.post(
        f"/admin/events/exhibitors/{application.pk}/action/payment/",
        {"amount": "10000", "reference": "ZL1", "payer": "x", "received_on": "2026-01-01"},
    )
    application.refresh_from_db()
    booths[1].refresh_from_db()
    assert application.status == "confirmed" and booths[1].status == "sold"
    # Catalogue entry and passes from the portal; the public event page lists the exhibitor.
    client.post(
        f"/events/my/exhibitor/{application.pk}/",
        {"form": "catalogue", "catalogue_text": "环卫装备制造商", "website": ""},
    )
    pass_data = {
        "form": "passes",
        "pass-TOTAL_FORMS": "3",
        "pass-INITIAL_FORMS": "0",
        "pass-MIN_NUM_FORMS": "0",
        "pass-MAX_NUM_FORMS": "2",
    }
    for index, name in enumerate(["甲", "乙", "丙"]):
        pass_data[f"pass-{index}-name"] = name
    client.post(f"/events/my/exhibitor/{application.pk}/", pass_data)
    assert application.passes.count() == 0  # three names for a 2-pass booth: refused
    pass_data["pass-TOTAL_FORMS"] = "2"
    client.post(f"/events/my/exhibitor/{application.pk}/", pass_data)
    assert list(application.passes.values_list("name", flat=True)) == ["甲", "乙"]
    assert client.get(f"/events/my/exhibitor/{application.pk}/passes.pdf").status_code == 200

    from events.models import EventIndexPage, EventPage

    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    page = index.add_child(instance=EventPage(title=event.title, slug=event.code, event=event))
    page.save_revision().publish()
    anonymous = type(client)()
    body = anonymous.get(page.url).content.decode()
    assert organization.name in body and "环卫装备制造商" in body and "A02" in body


def test_one_booth_goes_to_one_exhibitor(event, member, outsider, staff):
    booths = make_booths(event)
    first = apply(event, member[0], member[1])
    second = apply(event, outsider[0], outsider[1])
    services.allocate_booth(first, booths[0], user=staff)
    with pytest.raises(RegistrationError):
        services.allocate_booth(second, booths[0], user=staff)
    booths[0].refresh_from_db()
    assert booths[0].application == first


def test_unpaid_booths_are_released_after_the_deadline(event, member, staff):
    booths = make_booths(event)
    application = services.allocate_booth(apply(event, member[0], member[1]), booths[0], user=staff)
    later = timezone.now() + datetime.timedelta(days=event.booth_payment_days + 1)
    assert services.sweep(now=timezone.now())["booths_released"] == 0
    assert services.sweep(now=later)["booths_released"] == 1
    assert services.sweep(now=later)["booths_released"] == 0
    application.refresh_from_db()
    booths[0].refresh_from_db()
    assert (
        application.status == "released"
        and booths[0].status == "available"
        and booths[0].application is None
    )
    # Released exhibitors may get a booth again.
    services.allocate_booth(application, booths[0], user=staff)


def test_raw_space_passes_follow_the_area(event, member, staff):
    booths = make_booths(event)
    application = services.allocate_booth(
        apply(event, member[0], member[1], wanted_kind="raw", wanted_area=Decimal("48")),
        booths[-1],
        user=staff,
    )
    assert application.pass_allowance() == 6
    services.set_exhibitor_passes(
        application, user=member[0], people=[services.PassData(f"人{n}") for n in range(6)]
    )
    with pytest.raises(RegistrationError):
        services.set_exhibitor_passes(
            application, user=member[0], people=[services.PassData(f"人{n}") for n in range(7)]
        )


def test_applications_need_open_expo_and_a_valid_code(event, member):
    with pytest.raises(RegistrationError):
        apply(event, member[0], member[1])  # no expo yet
    make_booths(event)
    with pytest.raises(RegistrationError):
        apply(event, member[0], member[1], credit_code="91110000000000000X")
    apply(event, member[0], member[1])
    with pytest.raises(RegistrationError):
        apply(event, member[0], member[1])  # the same company twice


def test_exhibitor_listing_and_export(
    staff_client, event, member, staff, django_assert_max_num_queries
):
    booths = make_booths(event)
    services.allocate_booth(apply(event, member[0], member[1]), booths[0], user=staff)
    with django_assert_max_num_queries(30):
        assert staff_client.get("/admin/events/exhibitors/").status_code == 200
    with django_assert_max_num_queries(30):
        assert staff_client.get("/admin/events/booths/").status_code == 200
    response = staff_client.get(f"/admin/events/on-site/{event.pk}/export/exhibitors.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxml"
    )


def test_staff_hold_back_and_release_a_booth(staff_client, event):
    booth = make_booths(event)[0]
    assert staff_client.get(f"/admin/events/booths/inspect/{booth.pk}/").status_code == 200
    staff_client.post(f"/admin/events/booths/{booth.pk}/action/block/", {"reason": "主办方服务台"})
    booth.refresh_from_db()
    assert booth.status == Booth.Status.BLOCKED
    assert booth.history().first().reason == "主办方服务台"
    response = staff_client.post(f"/admin/events/booths/{booth.pk}/action/block/", {"reason": ""})
    assert response.status_code == 200  # not available in this state
    staff_client.post(f"/admin/events/booths/{booth.pk}/action/unblock/", {"reason": ""})
    booth.refresh_from_db()
    assert booth.status == Booth.Status.AVAILABLE


def test_public_exhibitor_list_shows_confirmed_exhibitors_only_and_follows_payment(
    client, event, member, outsider, staff, site_home
):
    from events.models import EventIndexPage, EventPage

    booths = make_booths(event)
    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    page = index.add_child(instance=EventPage(title=event.title, slug=event.code, event=event))
    page.save_revision().publish()
    unpaid = services.allocate_booth(apply(event, member[0], member[1]), booths[0], user=staff)
    rejected = apply(event, outsider[0], outsider[1])
    services.reject_application(rejected, user=staff, reason="不符")
    services.save_catalogue_entry(unpaid, user=member[0], text="<script>alert(1)</script>")
    body = client.get(page.url).content.decode()  # also fills the page cache
    assert member[1].name not in body and outsider[1].name not in body
    services.record_booth_payment(unpaid, user=staff, amount=unpaid.amount)
    body = client.get(page.url).content.decode()
    assert member[1].name in body and "A01" in body  # the cache was invalidated
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert outsider[1].name not in body
