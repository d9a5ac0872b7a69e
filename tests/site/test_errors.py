import pytest
from django.test import RequestFactory

from website.core.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_page_gets_a_friendly_chinese_404(client, site_home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "页面不存在" in content
    assert "返回首页" in content


def test_server_error_page_renders_without_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器暂时出现问题" in response.content.decode()
