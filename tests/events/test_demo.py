"""The events demo: every state exists, and loading twice changes nothing."""

import pytest
from django.core.management import call_command

from events.models import (
    Booth,
    Event,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    TrainingCertificate,
    WaitingListEntry,
)

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_is_idempotent():
    from events import demo
    from website.core import demo as site_demo

    site_demo.load()
    demo.load()
    counts = (
        Event.objects.count(),
        Order.objects.count(),
        Booth.objects.count(),
        ExhibitorApplication.objects.count(),
    )
    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    assert set(Booth.objects.values_list("status", flat=True)) == set(Booth.Status.values)
    assert {"submitted", "approved", "allocated", "confirmed", "released", "rejected"} <= set(
        ExhibitorApplication.objects.values_list("status", flat=True)
    )
    assert {"waiting", "offered"} <= set(WaitingListEntry.objects.values_list("status", flat=True))
    assert TrainingCertificate.objects.count() == 3
    assert {"issued", "reversal_requested"} <= set(
        InvoiceRequest.objects.values_list("status", flat=True)
    )
    demo.load()
    assert counts == (
        Event.objects.count(),
        Order.objects.count(),
        Booth.objects.count(),
        ExhibitorApplication.objects.count(),
    )
    call_command("events_sweep", stdout=open("/dev/null", "w"))
