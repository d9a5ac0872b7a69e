"""The directory's filter form, count and rows are kept rendered per filter and page number.

What a visitor typed decides which rendering is shown (a rejected value shows its own message
and keeps what was typed), and a change of the directory's data shows at once, also to
signed-in members, whom the page cache never serves.
"""

import pytest

from members.models import Organization
from tests.members.test_directory import URL, listed, member  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_rejected_value_shows_its_own_message_and_input(signed_in, listed):  # noqa: F811
    first = _html(signed_in, f"{URL}?province=99&q=甲公司")
    second = _html(signed_in, f"{URL}?province=98&q=乙公司")
    assert 'value="甲公司"' in first and "请更正" in first
    assert 'value="乙公司"' in second and 'value="甲公司"' not in second


def test_a_change_shows_at_once_to_a_signed_in_member(signed_in, listed):  # noqa: F811
    assert "新加入环卫有限公司" not in _html(signed_in, URL)
    member("新加入环卫有限公司")
    html = _html(signed_in, URL)
    assert "新加入环卫有限公司" in html and 'data-count="4"' in html
    renamed = Organization.objects.get(name="新加入环卫有限公司")
    renamed.name = "更名后环卫有限公司"
    renamed.save()
    html = _html(signed_in, URL)
    assert "更名后环卫有限公司" in html and "新加入环卫有限公司" not in html


def test_a_kept_page_reads_no_rows(signed_in, listed, django_assert_max_num_queries):  # noqa: F811
    _html(signed_in, f"{URL}?province=44")
    with django_assert_max_num_queries(12) as kept:
        html = _html(signed_in, f"{URL}?province=44")
    assert "深圳市能源环保有限公司" in html
    tables = [q["sql"] for q in kept.captured_queries if "members_organization" in q["sql"]]
    assert tables == []
