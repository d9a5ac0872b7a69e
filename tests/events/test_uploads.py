"""Transfer slips: the type is read from the content, names are made safe, files stay in
private storage and are served only to the order's registrants and events staff (who may
reach them is tested URL by URL in test_isolation)."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from events import services
from tests.files import pdf_bytes, png_bytes

from .factories import events_staff, place

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


@pytest.fixture
def owned(event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    proof = services.upload_proof(
        order, user=user, file=SimpleUploadedFile("slip.pdf", PDF, "application/pdf")
    )
    return {"order": order, "proof": proof}


def test_staff_and_the_registrants_download_proofs_privately(
    client, event, owned, member, settings
):
    url = f"/events/my/orders/{owned['order'].code}/proof/{owned['proof'].pk}/"
    for user in (events_staff(), member[0]):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
        assert "no-store" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_protected/"
    response = client.get(url)
    assert response["X-Accel-Redirect"] == f"/_protected/{owned['proof'].file.name}"


def test_upload_checks_the_content_not_the_name(client, event, owned, member):
    client.force_login(member[0])
    fake = SimpleUploadedFile("slip.pdf", b"<html>not a pdf</html>", "application/pdf")
    client.post(f"/events/my/orders/{owned['order'].code}/proof/", {"file": fake})
    assert owned["order"].proofs.count() == 1
    png = SimpleUploadedFile("../../etc/传真 slip.png", png_bytes(), "image/png")
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


def test_too_large_too_many_and_paid_orders_are_refused_with_a_message(
    client, event, owned, member, staff, settings
):
    url = f"/events/my/orders/{owned['order'].code}/proof/"
    client.force_login(member[0])
    settings.PRIVATE_UPLOAD_MAX_SIZE = 100
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 200, "application/pdf")
    response = client.post(url, {"file": big}, follow=True)
    assert "文件过大" in response.content.decode()
    response = client.post(url, {}, follow=True)  # no file at all
    assert response.status_code == 200 and owned["order"].proofs.count() == 1
    settings.PRIVATE_UPLOAD_MAX_SIZE = 10 * 1024 * 1024
    for number in range(9):
        client.post(url, {"file": SimpleUploadedFile(f"{number}.pdf", PDF, "application/pdf")})
    assert owned["order"].proofs.count() == 10
    client.post(url, {"file": SimpleUploadedFile("11.pdf", PDF, "application/pdf")})
    assert owned["order"].proofs.count() == 10
    services.record_payment(owned["order"], user=staff, amount=owned["order"].total)
    response = client.post(
        url, {"file": SimpleUploadedFile("late.pdf", PDF, "application/pdf")}, follow=True
    )
    assert owned["order"].proofs.count() == 10
