import pytest

from . import factories


@pytest.fixture
def event(db):
    return factories.make_event()


@pytest.fixture
def member(db):
    """(user, organization) of a member organization's contact."""
    return factories.member_contact()


@pytest.fixture
def outsider(db):
    """(user, organization) of a non-member organization's contact."""
    return factories.non_member_contact()


@pytest.fixture
def staff(db):
    return factories.events_staff()


@pytest.fixture
def staff_client(staff):
    """A browser of its own, so a test can use `client` as a registrant at the same time."""
    from django.test import Client

    browser = Client()
    browser.force_login(staff)
    return browser
