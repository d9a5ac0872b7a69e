"""The session's user is loaded through kept SQL (accounts.models.UserManager.get): a signed-in
request compiles no query of the user table, and what the backend gets is what Django's own
`get()` gives: the same row, DoesNotExist for a deleted user, and the plain queryset for any
other lookup."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models.query import QuerySet
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_a_signed_in_request_compiles_no_user_query(client, compiled_models):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("portal:profile"))  # the first request of a shape compiles it once
    compiled_models.clear()
    response = client.get(reverse("portal:profile"))
    assert response.status_code == 200
    assert response.context["request"].user.pk == user.pk
    assert User not in compiled_models


def test_get_by_pk_gives_what_the_queryset_gives():
    user = UserFactory(phone="13800000000")
    kept = User.objects.get(pk=user.pk)
    plain = QuerySet.get(User.objects.all(), pk=user.pk)
    assert type(kept) is User
    assert [getattr(kept, f.attname) for f in User._meta.concrete_fields] == [
        getattr(plain, f.attname) for f in User._meta.concrete_fields
    ]
    assert kept._state.db == "default" and not kept._state.adding
    kept.first_name = "改"
    kept.save(update_fields=["first_name"])  # an instance like any other
    assert User.objects.get(pk=user.pk).first_name == "改"


def test_a_missing_user_raises_does_not_exist():
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=2_000_000_000)


def test_a_deleted_or_inactive_user_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("portal:dashboard")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("portal:dashboard")).status_code == 302
    client.force_login(UserFactory())
    User.objects.filter(pk=user.pk).delete()
    other = UserFactory()
    client.force_login(other)
    other.delete()
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_other_lookups_are_the_plain_queryset(compiled_models):
    user = UserFactory(email="Someone@Example.com".lower())
    assert User.objects.get(email=user.email) == user
    assert User.objects.get(pk=str(user.pk)) == user  # not an int: plain
    assert User in compiled_models
