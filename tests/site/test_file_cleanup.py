"""A replaced or deleted upload leaves storage: no stale licence stays on disk."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from members.models import MembershipApplication
from tests.factories import UserFactory
from tests.members.helpers import pdf_upload
from tests.members.test_join import organization_data
from website.core import file_cleanup

pytestmark = pytest.mark.django_db(transaction=True)


def _exists(field_file_name: str) -> bool:
    storage = MembershipApplication._meta.get_field("licence").storage
    return storage.exists(field_file_name)


def test_replacing_the_licence_in_a_draft_removes_the_old_file(client, site_home):
    client.force_login(UserFactory())
    client.post(
        "/members/join/organization/",
        {**organization_data(), "licence": pdf_upload("旧执照.pdf"), "save": "1"},
    )
    application = MembershipApplication.objects.get()
    old = application.licence.name
    assert _exists(old)

    client.post(
        reverse("members:application", args=[application.pk]),
        {**organization_data(), "licence": pdf_upload("新执照.pdf"), "save": "1"},
    )

    application.refresh_from_db()
    assert application.licence.name != old
    assert _exists(application.licence.name)
    assert not _exists(old)


def test_a_deleted_row_takes_its_file_along(site_home):
    application = MembershipApplication.objects.create(
        kind=MembershipApplication.Kind.ORGANIZATION, applicant=UserFactory()
    )
    application.licence.save("licence.pdf", ContentFile(b"%PDF-1.4 test"))
    name = application.licence.name
    assert _exists(name)

    application.delete()

    assert not _exists(name)


def test_a_file_another_row_names_is_kept(site_home):
    first = MembershipApplication.objects.create(
        kind=MembershipApplication.Kind.ORGANIZATION, applicant=UserFactory()
    )
    first.licence.save("shared.pdf", ContentFile(b"%PDF-1.4 test"))
    second = MembershipApplication.objects.create(
        kind=MembershipApplication.Kind.ORGANIZATION,
        applicant=UserFactory(),
        licence=first.licence.name,
    )

    first.delete()

    assert _exists(second.licence.name)
    assert file_cleanup.still_used(second.licence.name)


def test_every_upload_field_of_ours_is_watched():
    watched = {
        f"{model._meta.label}.{field.name}"
        for model in file_cleanup._models_with_files()
        for field in file_cleanup._file_fields(model)
    }
    assert {
        "members.MembershipApplication.licence",
        "members.PaymentProof.file",
        "certification.Attachment.file",
        "events.PaymentProof.file",
    } <= watched
