import pytest

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_chinese(client, site_home):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert "中国城市环境卫生协会" in content
    assert "登录" in content


def test_unknown_url_gets_friendly_404(client, site_home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert (
        "页面不存在" in response.content.decode() or "Page not found" in response.content.decode()
    )
