"""The policy library: a filterable list (django-filter) and document pages."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from publications.models import PolicyAttachment, PolicyDocumentPage, PolicyIndexPage
from tests.publications import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home):
    return factories.publish(home, PolicyIndexPage(title="政策法规", slug="policies"))


def _document(library, title, **fields):
    defaults = {
        "issuing_body": "住房和城乡建设部",
        "category": PolicyDocumentPage.Category.DEPARTMENTAL_RULE,
        "status": PolicyDocumentPage.Status.IN_FORCE,
        "issued_on": datetime.date(2020, 1, 1),
    }
    defaults.update(fields)
    slug = f"doc-{PolicyDocumentPage.objects.count() + 1}"
    return factories.publish(library, PolicyDocumentPage(title=title, slug=slug, **defaults))


def test_filters_by_category_status_year_and_keywords(client, library):
    _document(
        library,
        "中华人民共和国固体废物污染环境防治法",
        category="law",
        issuing_body="全国人民代表大会常务委员会",
        issued_on=datetime.date(2020, 4, 29),
    )
    _document(
        library,
        "城市生活垃圾管理办法",
        document_number="建设部令第157号",
        issued_on=datetime.date(2007, 4, 28),
    )
    _document(
        library,
        "关于印发重点工作的通知",
        category="association_document",
        document_number="中环卫〔2024〕4号",
        issuing_body="中国城市环境卫生协会",
        issued_on=datetime.date(2024, 2, 28),
    )
    _document(
        library,
        "城市生活垃圾分类标志",
        category="standard",
        status="repealed",
        issued_on=datetime.date(2008, 6, 4),
    )

    def titles(query):
        html = client.get("/policies/" + query).content.decode()
        return {
            t
            for t in [
                "固体废物污染环境防治法",
                "城市生活垃圾管理办法",
                "重点工作",
                "城市生活垃圾分类标志",
            ]
            if t in html
        }

    assert titles("?category=law") == {"固体废物污染环境防治法"}
    assert titles("?status=repealed") == {"城市生活垃圾分类标志"}
    assert titles("?year=2024") == {"重点工作"}
    assert titles("?q=中环卫〔2024〕4号") == {"重点工作"}
    assert titles("?q=垃圾 管理") == {"城市生活垃圾管理办法"}
    assert titles("?q=全国人民代表大会") == {"固体废物污染环境防治法"}
    assert len(titles("")) == 4


@pytest.mark.parametrize(
    "query",
    [
        "?category=nope",
        "?status=<script>",
        "?year=abc",
        "?year=99999",
        "?page=x",
        "?ordering=evil",
        "?q=" + "长" * 300,
    ],
)
def test_bad_filters_never_fail(client, library, query):
    _document(library, "城市生活垃圾管理办法")
    assert client.get("/policies/" + query).status_code == 200


def test_list_queries_are_fixed(client, library, django_assert_max_num_queries):
    for number in range(3):
        _document(library, f"文件{number}")
    client.get("/policies/")
    with django_assert_max_num_queries(25) as few:
        client.get("/policies/?status=in_force")
    for number in range(3, 25):
        _document(library, f"文件{number}")
    with django_assert_max_num_queries(25) as many:
        client.get("/policies/?status=in_force&page=2")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_document_page_shows_its_facts_and_attachments(client, library):
    newer = _document(library, "生活垃圾分类标志（2019）")
    page = _document(
        library,
        "城市生活垃圾分类标志（2008）",
        document_number="GB/T 19095—2008",
        category="standard",
        status="repealed",
        repealed_on=datetime.date(2019, 12, 1),
        superseded_by=newer,
    )
    document = get_document_model()(title="标准文本")
    document.file.save("standard.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    PolicyAttachment.objects.create(page=page, document=document, title="标准文本（PDF）")
    html = client.get(page.url).content.decode()
    assert "GB/T 19095—2008" in html
    assert "标准文本（PDF）" in html
    assert newer.url in html
