"""The demo's notices, bulletins and policies carry real documents: a 回执 workbook and the
signed notice, issues as linked multi-page PDFs, policies with their text and file."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from publications.models import BulletinIssuePage, NewsPage, PolicyDocumentPage

pytestmark = pytest.mark.django_db


def _documents(page) -> list:
    return [block.value for block in page.body if block.block_type == "document"]


def test_notice_carries_the_signed_pdf_and_the_reply_form(demo, client):
    notice = NewsPage.objects.live().get(slug="annual-conference-notice-2024")
    documents = _documents(notice)
    kinds = sorted(document.file_extension for document in documents)
    assert kinds == ["pdf", "xlsx"]
    signed = next(document for document in documents if document.file_extension == "pdf")
    with signed.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "中环卫〔2024〕21号" in text and "中国城市环境卫生协会" in text
    form = next(document for document in documents if document.file_extension == "xlsx")
    assert "回执" in form.title
    with form.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert "回执" in sheet["A1"].value and sheet["A3"].value == "姓名"

    html = client.get(notice.url).content.decode()
    assert signed.url in html and form.url in html
    assert "data-print" in html and "onclick" not in html  # strict CSP: no inline script


def test_the_print_view_hides_the_site_chrome_and_the_button_has_its_script():
    static = Path(settings.BASE_DIR) / "site" / "static"
    css = (static / "css" / "site.css").read_text()
    rules = css[css.index("@media print") :]
    assert ".site-header" in rules and ".site-footer" in rules and "nav" in rules
    assert "window.print()" in (static / "js" / "site.js").read_text()


def test_bulletin_issues_are_multi_page_pdfs_with_linked_contents(demo, client):
    issues = BulletinIssuePage.objects.live()
    assert issues.exists()
    for issue in issues:
        with issue.pdf.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        entries = [block.value for block in issue.contents if block.block_type == "entry"]
        assert len(reader.pages) == len(entries) + 1 > 1, issue.title
        links = [
            annotation.get_object()
            for annotation in reader.pages[0].get("/Annots", [])
            if annotation.get_object().get("/Subtype") == "/Link"
        ]
        assert len(links) == len(entries), issue.title
        pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
        targets = [pages[link["/Dest"][0].idnum] for link in links]
        assert sorted(targets) == list(range(1, len(entries) + 1)), issue.title
        contents_text = reader.pages[0].extract_text()
        for entry in entries:
            assert entry["title"] in contents_text
    public = issues.filter(members_only=False).first()
    html = client.get(public.url).content.decode()
    for block in public.contents:
        if block.block_type == "entry":
            assert block.value["title"] in html


def test_every_policy_has_its_text_and_document(demo):
    for policy in PolicyDocumentPage.objects.live():
        text = " ".join(str(block.value) for block in policy.body)
        assert len(re.sub(r"<[^>]+>", "", text)) > len(policy.summary) + 50, policy.title
        assert policy.attachments.exists(), policy.title
