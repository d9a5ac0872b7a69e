"""My events and the portal home's card list the orders of the user's organizations and the
user's own private ones: never a colleague's private order or another organization's."""

import pytest

from tests.members.factories import ContactFactory

from .factories import place

pytestmark = pytest.mark.django_db


def test_my_events_and_the_portal_card_list_only_what_the_user_may_see(
    client, event, member, outsider
):
    user, organization = member
    colleague = ContactFactory(organization=organization).user
    of_organization = place(event, user, organization=organization)
    private = place(event, user, names=("李四",))
    of_outsider = place(event, outsider[0], organization=outsider[1], names=("王五",))
    client.force_login(colleague)
    for url in ("/events/my/", "/account/"):
        page = client.get(url).content.decode()
        assert of_organization.code in page, url
        assert private.code not in page, url
        assert of_outsider.code not in page, url
    client.force_login(user)
    for url in ("/events/my/", "/account/"):
        page = client.get(url).content.decode()
        assert of_organization.code in page and private.code in page, url
        assert of_outsider.code not in page, url
