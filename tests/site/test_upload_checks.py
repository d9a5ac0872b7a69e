"""Uploads are accepted when they parse as what they claim, in every upload field.

One table of good and hostile files goes through each field's check: a PNG or PDF header in
front of HTML, a truncated PDF, a PNG that would decode to 900 million pixels, a zip renamed
.docx, .xlsx or .ofd, a Word package whose text is not XML are refused everywhere; real PDF,
PNG, JPEG, docx, xlsx, OFD and zip files are accepted where the field takes them and refused
(naming the kinds it takes) where it does not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import files
from website.core.files import EVIDENCE, KINDS, SCANS, UploadField, accept, check_file

GOOD = {
    "pdf": ("报告.pdf", files.pdf_bytes),
    "png": ("照片.png", files.png_bytes),
    "jpeg": ("照片.jpg", files.jpeg_bytes),
    "docx": ("自评.docx", files.docx_bytes),
    "xlsx": ("得分.xlsx", files.xlsx_bytes),
    "ofd": ("发票.ofd", files.ofd_bytes),
    "zip": ("附件.zip", files.zip_bytes),
}
HOSTILE = {
    "png header + html": ("x.png", lambda: b"\x89PNG\r\n\x1a\n" + files.HTML),
    "pdf header + html": ("x.pdf", lambda: b"%PDF-1.7\n" + files.HTML),
    "truncated pdf": ("x.pdf", lambda: files.pdf_bytes()[: len(files.pdf_bytes()) // 2]),
    "30000x30000 png": ("x.png", files.bomb_png),
    "zip renamed docx": ("x.docx", files.zip_bytes),
    "zip renamed xlsx": ("x.xlsx", files.zip_bytes),
    "docx renamed xlsx": ("x.xlsx", files.docx_bytes),
    "docx with html for text": ("x.docx", files.docx_with_broken_xml),
    "ofd without OFD.xml": ("x.ofd", files.ofd_without_root),
    "zip renamed ofd": ("x.ofd", files.zip_bytes),
    "jpeg header + html": ("x.jpg", lambda: b"\xff\xd8\xff\xe0" + files.HTML),
    "html": ("x.html", lambda: files.HTML),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# Each upload field's check: (what it is, the kinds it takes, a function that raises
# ValidationError when it refuses the file).


def private_upload(file):
    from website.core.files import accept

    accept(file)


def members_form_field(file):
    from members.forms import PaymentProofForm

    PaymentProofForm.base_fields["file"].clean(file)


def certification_evidence(file):
    from certification.forms import AttachmentForm

    AttachmentForm.base_fields["file"].clean(file)


def events_proof(file):
    from events.forms import ProofForm

    ProofForm.base_fields["file"].clean(file)


def events_logo(file):
    from events.forms import CatalogueForm

    form = CatalogueForm(data={"catalogue_text": "", "website": ""}, files={"logo": file})
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())


def news_images(file):
    from publications.forms import MultipleImageField

    MultipleImageField(required=False).clean([file])


def wagtail_image(file):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form
    from wagtail.models import Collection

    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "t", "collection": Collection.get_first_root_node().pk},
        files={"file": file},
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())


def wagtail_document(file):
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.models import Collection

    form_class = get_document_form(get_document_model())
    form = form_class(
        data={"title": "t", "collection": Collection.get_first_root_node().pk},
        files={"file": file},
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())


def organization_logo(file):
    from django.forms import modelform_factory

    from members.models import Organization
    from members.viewsets.records import OrganizationForm

    form_class = modelform_factory(Organization, form=OrganizationForm, fields=["logo"])
    form = form_class(data={}, files={"logo": file}, instance=Organization())
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())


FIELDS = {
    "private upload (services)": (private_upload, {"pdf", "png", "jpeg"}),
    "members licence/proof/change document field": (members_form_field, {"pdf", "png", "jpeg"}),
    "certification evidence": (
        certification_evidence,
        {"pdf", "png", "jpeg", "docx", "xlsx", "ofd", "zip"},
    ),
    "events payment proof": (events_proof, {"pdf", "png", "jpeg"}),
    "events exhibitor logo": (events_logo, {"png", "jpeg"}),
    "member news images": (news_images, {"png", "jpeg"}),
    "wagtail images": (wagtail_image, {"png", "jpeg"}),
    "organization logo (admin)": (organization_logo, {"png", "jpeg"}),
    "wagtail documents": (wagtail_document, {"pdf", "docx", "xlsx", "ofd", "zip"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("sample", [*GOOD, *HOSTILE])
def test_every_upload_field_parses_the_file(field, sample):
    check, accepted = FIELDS[field]
    name, content = {**GOOD, **HOSTILE}[sample]
    file = upload(name, content())
    if sample in accepted:
        check(file)
    else:
        with pytest.raises(ValidationError) as error:
            check(file)
        assert error.value.messages


@pytest.mark.parametrize("sample", HOSTILE)
def test_the_checker_refuses_hostile_files_of_any_claimed_kind(sample):
    name, content = HOSTILE[sample]
    with pytest.raises(ValidationError):
        check_file(upload(name, content()), [*KINDS])


@pytest.mark.parametrize(
    "name, content, kinds, code, words",
    [
        # A Word file offered where only scans go: the refusal says what it is and what fits.
        ("自评.docx", files.docx_bytes, SCANS, "file_type", ["DOCX", "PDF, JPG, PNG"]),
        ("x.pdf", lambda: b"%PDF-1.7\n" + files.HTML, ["pdf"], "damaged", ["PDF"]),
        ("x.png", lambda: b"\x89PNG\r\n\x1a\n" + files.HTML, SCANS, "damaged", ["PNG", "PDF"]),
        ("x.docx", files.zip_bytes, EVIDENCE, "damaged", ["DOCX", "OFD", "ZIP"]),
        ("x.html", lambda: files.HTML, EVIDENCE, "file_type", ["PDF, JPG, PNG, DOCX"]),
    ],
)
def test_refusals_name_the_kinds_the_field_takes(name, content, kinds, code, words):
    with pytest.raises(ValidationError) as error:
        check_file(upload(name, content()), kinds)
    message = error.value.messages[0]
    assert error.value.code == code
    assert all(word in message for word in words), message


def test_a_file_is_refused_above_its_fields_size_limit(settings):
    from certification.forms import AttachmentForm
    from events.forms import CatalogueForm

    settings.PRIVATE_UPLOAD_MAX_SIZE = len(files.pdf_bytes()) - 1
    for field in (AttachmentForm.base_fields["file"], UploadField()):
        with pytest.raises(ValidationError) as error:
            field.clean(upload("x.pdf", files.pdf_bytes()))
        assert error.value.code == "too_large"
    settings.PRIVATE_UPLOAD_MAX_SIZE = 20 * 1024 * 1024
    UploadField().clean(upload("x.pdf", files.pdf_bytes()))
    logo = CatalogueForm.base_fields["logo"]  # 2 MB whatever the private limit
    big = upload("logo.png", files.png_bytes() + b"\0" * 2 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        logo.clean(big)
    assert error.value.code == "too_large"


def test_an_accepted_upload_is_renamed_by_its_content_and_parsed_once(monkeypatch):
    import website.core.files as core_files

    file = upload("../../etc/营业 执照.JPG", files.png_bytes())
    kind = accept(file)
    assert (kind.name, file.name) == ("png", "营业-执照.png")
    monkeypatch.setattr(core_files.Image, "open", None)  # a second parse would fail
    assert accept(file) is kind
    with pytest.raises(ValidationError):
        check_file(file, ["pdf"])  # remembered as a PNG, which a PDF field does not take


def test_the_pixel_limit_is_checked_before_decoding(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 40_000_000
    with pytest.raises(ValidationError) as error:
        check_file(upload("x.png", files.bomb_png()), ["png"])
    assert error.value.code == "too_many_pixels"
    settings.UPLOAD_MAX_IMAGE_PIXELS = 63
    with pytest.raises(ValidationError):
        check_file(upload("x.png", files.png_bytes()), ["png"])


def test_a_zip_that_claims_to_expand_too_far_is_refused(monkeypatch):
    import website.core.files as core_files

    monkeypatch.setattr(core_files, "MAX_ZIP_EXPANDED", 10)
    with pytest.raises(ValidationError):
        check_file(upload("x.docx", files.docx_bytes()), ["docx"])


def test_the_kind_found_is_returned_and_the_file_rewound():
    file = upload("scan.pdf", files.pdf_bytes())
    kind = check_file(file, ["png", "pdf"])
    assert (kind.name, kind.content_type, kind.extension) == ("pdf", "application/pdf", ".pdf")
    assert file.tell() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/images/add/", "/admin/images/multiple/add/"])
@pytest.mark.parametrize("sample", ["png header + html", "30000x30000 png"])
def test_wagtail_image_upload_answers_a_form_error(client, staff_user, url, sample):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    client.force_login(staff_user)
    name, content = HOSTILE[sample]
    file = upload(name, content())
    data = {"title": "x", "collection": Collection.get_first_root_node().pk}
    data["files[]" if "multiple" in url else "file"] = file
    response = client.post(url, data)
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_logos_are_stored_web_sized_without_trailing_bytes():
    from io import BytesIO

    from PIL import Image

    from website.core.files import web_image

    buffer = BytesIO()
    Image.new("RGB", (2400, 1200), (10, 90, 40)).save(buffer, format="PNG")
    original = upload("logo.png", buffer.getvalue() + files.HTML)
    stored = web_image(original)
    content = stored.read()
    assert files.HTML not in content and stored.name == "logo.png"
    with Image.open(BytesIO(content)) as image:
        assert image.size == (800, 400)
