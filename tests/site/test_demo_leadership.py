"""The demo 组织机构 page lists the association's leadership by (believable) name."""

import re

import pytest

from website.core import demo
from website.core.demo_names import block_name

pytestmark = pytest.mark.django_db


def test_structure_page_lists_the_leadership(client):
    demo.load()
    html = re.sub(r"\s+", "", client.get("/about/structure/").content.decode())
    for title in ("会长", "副会长", "秘书长", "副秘书长", "监事长"):
        assert f">{title}<" in html, title
    names = ["".join(block_name("leadership", n)) for n in range(len(demo.LEADERSHIP))]
    assert len(set(names)) == len(names)
    for name in names:
        assert f">{name}<" in html, name
        assert not re.search(r"联络\d|测试\d|用户\d", name)


def test_demo_accounts_have_believable_names():
    demo.load()
    for email, *_ in demo.DEMO_USERS:
        user = demo.User.objects.get(email=email)
        name = user.get_full_name()
        assert 2 <= len(name) <= 3, name
        assert not re.search(r"联络|联系人|管理员|会员|专家|编辑|秘书|评价|会务|\d", name), name
