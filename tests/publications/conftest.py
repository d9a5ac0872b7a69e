import pytest

from tests.publications import factories


@pytest.fixture
def home(site_home):
    from wagtail.models import Site

    from website.core.models import SiteSettings

    # Made now rather than by the first request, which would also reset the page cache.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return site_home


@pytest.fixture
def sections(home):
    return factories.news_centre(home)


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def member_contact(db):
    """A user who acts for a member organization in good standing."""
    from tests.members.factories import ContactFactory, MembershipFactory

    membership = MembershipFactory()
    contact = ContactFactory(organization=membership.organization)
    return contact.user


@pytest.fixture
def member_news(sections):
    """The 会员动态 section, where member submissions wait in the editors' workflow."""
    from publications.models import NewsSection
    from publications.services import assign_editorial_workflow

    index = sections[NewsSection.MEMBERS]
    assign_editorial_workflow(index)
    return index
