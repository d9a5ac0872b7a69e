"""Experts without an account: the signed, expiring, single-use invitation link."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.utils import timezone

from certification.models import Application, CertificationError, ExpertInvitation
from certification.services import invitations
from certification.services.reviews import assign_expert
from tests.factories import PASSWORD, UserFactory
from tests.members.factories import ExpertFactory, PersonFactory
from website.accounts.roles import EXPERTS

S = Application.Status


@pytest.fixture
def paper_expert(db):
    return ExpertFactory(person=PersonFactory(name="周无号", email="zhou@example.com", user=None))


@pytest.fixture
def invited(build, staff, paper_expert, django_capture_on_commit_callbacks):
    application = build(S.EXPERT_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        review = assign_expert(application, paper_expert, user=staff)
    invitation = ExpertInvitation.objects.get(expert=paper_expert)
    return review, invitation


def link_of(message) -> str:
    return next(line for line in message.body.splitlines() if "/experts/invitation/" in line)


def path_of(url: str) -> str:
    return url[url.index("/certification/") :]


def test_assigning_an_expert_without_account_emails_an_invitation(invited):
    review, invitation = invited
    message = next(m for m in mail.outbox if "zhou@example.com" in m.to)
    assert review.application.number in message.subject
    assert "/certification/experts/invitation/" in link_of(message)
    assert invitation.review == review and invitation.is_pending


def test_accepting_creates_the_account_and_opens_the_review(invited, client):
    review, invitation = invited
    url = path_of(link_of(mail.outbox[-1]))
    page = client.get(url)
    assert page.status_code == 200 and "周无号" in page.content.decode()
    # A weak or mismatched password is refused with a message, the link still good.
    response = client.post(url, {"new_password1": "x", "new_password2": "y"})
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="zhou@example.com").exists()
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/certification/reviews/{review.pk}/")
    user = get_user_model().objects.get(email="zhou@example.com")
    review.expert.person.refresh_from_db()
    assert review.expert.person.user == user
    assert user.groups.filter(name=EXPERTS).exists()
    assert user.check_password(PASSWORD)
    # Logged in: the review page (the conflict declaration) opens.
    assert client.get(f"/certification/reviews/{review.pk}/").status_code == 200


def test_the_link_works_once(invited, client):
    _review, invitation = invited
    url = path_of(link_of(mail.outbox[-1]))
    client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    again = client.get(url)
    assert again.status_code == 410
    response = client.post(
        url, {"new_password1": "Another-pass-9", "new_password2": "Another-pass-9"}
    )
    assert response.status_code == 410
    user = get_user_model().objects.get(email="zhou@example.com")
    assert user.check_password(PASSWORD)


def test_a_tampered_link_is_refused(invited, client):
    _review, invitation = invited
    token = invitations.invitation_token(invitation)
    forged = signing.TimestampSigner(salt="another").sign_object(
        {"i": invitation.pk, "e": invitation.email}
    )
    for bad in (token[:-2] + "xx", forged, "nonsense", token.replace(":", "", 1)):
        response = client.get(f"/certification/experts/invitation/{bad}/")
        assert response.status_code == 404, bad
    # A genuine signature over another address does not open this invitation.
    other = signing.TimestampSigner(salt=invitations.SALT).sign_object(
        {"i": invitation.pk, "e": "mallory@example.com"}
    )
    assert client.get(f"/certification/experts/invitation/{other}/").status_code == 404
    assert not get_user_model().objects.filter(email="zhou@example.com").exists()


def test_an_expired_link_is_refused(invited, client, monkeypatch):
    _review, invitation = invited
    token = invitations.invitation_token(invitation)
    later = timezone.now() + datetime.timedelta(days=ExpertInvitation.VALID_DAYS, minutes=1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response = client.get(f"/certification/experts/invitation/{token}/")
    assert response.status_code == 410
    with pytest.raises(invitations.InvitationError) as error:
        invitations.read_invitation(token)
    assert error.value.kind == "expired"


def test_a_new_invitation_replaces_the_old_link(invited, staff, client):
    review, first = invited
    old = invitations.invitation_token(first)
    invitations.invite_expert(review.expert, user=staff, review=review)
    assert client.get(f"/certification/experts/invitation/{old}/").status_code == 404


def test_an_existing_account_is_linked_after_logging_in(invited, client):
    review, invitation = invited
    owner = UserFactory(email="zhou@example.com")
    url = f"/certification/experts/invitation/{invitations.invitation_token(invitation)}/"
    page = client.get(url).content.decode()
    assert "/auth/login/" in page or "account_login" in page or "login" in page
    # Without logging in nothing is linked.
    client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    review.expert.person.refresh_from_db()
    assert review.expert.person.user is None
    # Someone else logged in cannot take the invitation.
    client.force_login(UserFactory())
    client.post(url)
    review.expert.person.refresh_from_db()
    assert review.expert.person.user is None
    client.force_login(owner)
    response = client.post(url)
    assert response.status_code == 302
    review.expert.person.refresh_from_db()
    assert review.expert.person.user == owner


def test_only_staff_invite_and_not_someone_with_an_account(invited, contact, staff):
    review, _invitation = invited
    with pytest.raises(CertificationError):
        invitations.invite_expert(review.expert, user=contact)
    review.expert.person.user = UserFactory()
    review.expert.person.save()
    with pytest.raises(CertificationError):
        invitations.invite_expert(review.expert, user=staff)
