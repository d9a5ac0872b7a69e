"""A branch's section for the public: overview, officers pulled from the branch record, its
news with a feed; the branch list groups sections by kind; branch news joins the news centre
under the branch's name."""

import pytest

from members import services as members_services
from members.models import BranchPosition
from publications.models import NewsIndexPage, NewsSection
from tests.members.conftest import member_organization, member_person
from tests.members.factories import BranchFactory
from tests.publications import factories

pytestmark = pytest.mark.django_db
Position = BranchPosition.Position


@pytest.fixture
def branch(sections):
    branch = BranchFactory(name="生活垃圾分类与减量专业委员会", slug="waste-sorting")
    branch.refresh_from_db()
    organization = member_organization("深圳市能源环保有限公司")
    chair = member_person(organization, name="李建国")
    members_services.add_position(branch, position=Position.CHAIR, person=chair)
    members_services.add_position(
        branch, position=Position.MEMBER, organization=member_organization("某环卫集团")
    )
    return branch


def test_branch_page_shows_officers_news_and_feed(client, branch):
    news_index = NewsIndexPage.objects.child_of(branch.section_page).get()
    factories.news(news_index, "垃圾分类宣传周活动启动")
    html = client.get(branch.section_page.url).content.decode()
    assert "李建国" in html and "深圳市能源环保有限公司" in html  # the chair, from the record
    assert "某环卫集团" not in html  # ordinary seats are counted, not listed
    assert "委员1名" in html
    assert "垃圾分类宣传周活动启动" in html
    assert news_index.url in html
    assert f'href="{news_index.url}feed/"' in html


def test_branch_list_and_news_centre(client, branch, sections):
    news_index = NewsIndexPage.objects.child_of(branch.section_page).get()
    factories.news(news_index, "分类委员会年会召开")
    factories.news(sections[NewsSection.NOTICES], "普通通知")
    listing = client.get(branch.section_page.get_parent().url).content.decode()
    assert "生活垃圾分类与减量专业委员会" in listing and "专业委员会" in listing
    centre = client.get("/news/?section=branch").content.decode()
    assert "分类委员会年会召开" in centre and "普通通知" not in centre
    assert "生活垃圾分类与减量专业委员会" in centre  # the item's label is the branch's name
