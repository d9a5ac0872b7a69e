import pytest
from wagtail.contrib.forms.models import FormSubmission

from website.core.demo import ensure_contact_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(site_home):
    ensure_contact_page(site_home)
    return site_home.get_children().get(slug="contact").specific


def form_data(page, **values_by_label):
    names = {field.label: field.clean_name for field in page.get_form_fields()}
    return {names[label]: value for label, value in values_by_label.items()}


def test_feedback_is_stored_and_emailed(client, contact_page, mailoutbox):
    data = form_data(
        contact_page,
        姓名="李明",
        单位="某市环境卫生管理处",
        电子邮箱="liming@example.com",
        留言类别="建议",
        留言内容="建议增加垃圾分类培训的场次。",
    )
    response = client.post("/contact/", data)
    assert response.status_code == 200
    assert "感谢您的留言" in response.content.decode()
    assert FormSubmission.objects.filter(page=contact_page).count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["office@example.org"]
    assert "建议增加垃圾分类培训的场次" in mailoutbox[0].body


def test_invalid_feedback_keeps_what_was_typed(client, contact_page, mailoutbox):
    data = form_data(contact_page, 姓名="李明", 电子邮箱="not-an-email", 留言内容="你好")
    response = client.post("/contact/", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "请输入有效的电子邮箱地址。" in content
    assert "必需字段" in content
    assert 'value="李明"' in content
    assert FormSubmission.objects.count() == 0
    assert mailoutbox == []
