"""What the applicant gets back: staff consolidate reasoning and advice in the decision step;
after approval the portal, the certificate email and the result letter PDF show the score per
dimension, the grade, the reasoning and the advice, to the applicant only."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from certification import services
from certification.models import Application, CertificationError
from certification.services import results

S = Application.Status
REASONING = "综合得分达到AA级标准，财务状况稳健。"
ADVICE = "加强应收账款管理；提高智慧环卫平台覆盖率。"


@pytest.fixture
def in_publicity(build):
    return build(S.PUBLICITY)


@pytest.fixture
def approved(in_publicity, staff, django_capture_on_commit_callbacks):
    results.consolidate_result(in_publicity, user=staff, reasoning=REASONING, advice=ADVICE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(in_publicity, user=staff)
    in_publicity.refresh_from_db()
    return in_publicity


def test_dimension_scores_follow_the_reviews(in_publicity):
    dimensions = results.dimension_scores(in_publicity)
    assert [d.code for d in dimensions] == ["1", "2", "3", "4", "5"]
    # Every expert gave 90% of each indicator (rounded to half points).
    first = dimensions[0]
    assert first.name == "综合素质" and first.max_points == 15
    assert 12 <= first.score <= 15


def test_only_staff_consolidate_and_only_in_the_decision_step(
    build, in_publicity, contact, staff, other_org, other_contact
):
    with pytest.raises(CertificationError):
        results.consolidate_result(in_publicity, user=contact, reasoning="x", advice="y")
    with pytest.raises(CertificationError, match="评定理由"):
        results.consolidate_result(in_publicity, user=staff, reasoning=" ", advice="y")
    expert_review = build(S.EXPERT_REVIEW, organization=other_org, user=other_contact)
    with pytest.raises(CertificationError):
        results.consolidate_result(expert_review, user=staff, reasoning="x", advice="y")


def test_the_applicant_sees_nothing_before_the_decision(client, in_publicity, staff, contact):
    results.consolidate_result(in_publicity, user=staff, reasoning=REASONING, advice=ADVICE)
    assert results.result_for_applicant(in_publicity) is None
    client.force_login(contact)
    page = client.get(reverse("certification:application_detail", args=[in_publicity.number]))
    assert ADVICE not in page.content.decode()
    letter = reverse("certification:result_letter", args=[in_publicity.number])
    assert client.get(letter).status_code == 404


def test_the_portal_shows_the_result_after_approval(client, approved, contact):
    client.force_login(contact)
    page = client.get(reverse("certification:application_detail", args=[approved.number]))
    html = page.content.decode()
    assert 'id="result"' in html
    assert REASONING in html and ADVICE.split("；")[0] in html
    assert "财务状况" in html  # a dimension
    assert reverse("certification:result_letter", args=[approved.number]) in html


def test_the_certificate_email_carries_the_result(approved, contact):
    message = next(m for m in mail.outbox if contact.email in m.to)
    assert approved.certificates.get().number in message.body
    assert ADVICE in message.body and REASONING in message.body
    assert "综合素质" in message.body


def test_the_result_letter_is_a_pdf_for_the_applicant(client, approved, contact):
    client.force_login(contact)
    response = client.get(reverse("certification:result_letter", args=[approved.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "评价结果通知书"
    assert len(reader.pages) >= 1


def test_another_enterprise_and_strangers_cannot_read_the_letter(client, approved, other_contact):
    url = reverse("certification:result_letter", args=[approved.number])
    response = client.get(url)
    assert response.status_code == 302  # to the login page
    client.force_login(other_contact)
    assert client.get(url).status_code == 404
    tampered = reverse("certification:result_letter", args=[approved.number + "9"])
    assert client.get(tampered).status_code == 404


def test_staff_consolidate_on_the_processing_page(client, in_publicity, staff):
    client.force_login(staff)
    url = reverse("certification_applications:process", args=[in_publicity.pk])
    page = client.get(url)
    html = page.content.decode()
    assert 'id="result-for-applicant"' in html
    assert "材料齐全" in html or "管理规范" in html or "textarea" in html
    # A missing reasoning is refused and what was typed comes back.
    response = client.post(
        url, {"action": "consolidate_result", "reasoning": "", "advice": "保留这段建议"}
    )
    assert response.status_code == 302
    again = client.get(url).content.decode()
    assert "保留这段建议" in again
    response = client.post(
        url, {"action": "consolidate_result", "reasoning": REASONING, "advice": ADVICE}
    )
    assert Application.objects.get(pk=in_publicity.pk).result.advice == ADVICE


def test_templates_are_filled_for_every_required_document(client, build, contact, other_contact):
    draft = build(S.DRAFT)
    client.force_login(contact)
    page = client.get(reverse("certification:application_detail", args=[draft.number]))
    documents = list(draft.scheme.required_documents.all())
    for document in documents:
        url = reverse("certification:document_template", args=[draft.number, document.pk])
        assert url in page.content.decode()
        response = client.get(url)
        assert response.status_code == 200, document.name
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.metadata.title == document.name
    # Per object: another enterprise, and a document of another scheme, are refused.
    client.force_login(other_contact)
    url = reverse("certification:document_template", args=[draft.number, documents[0].pk])
    assert client.get(url).status_code == 404
    from certification.models import RequiredDocument

    foreign = RequiredDocument.objects.exclude(scheme=draft.scheme).first()
    client.force_login(contact)
    url = reverse("certification:document_template", args=[draft.number, foreign.pk])
    assert client.get(url).status_code == 404


def test_the_result_letter_reads_as_a_letter_of_the_decision(client, approved, contact):
    """The grade is named once, as the scheme words it, and the letter is dated on the day of the
    decision however long after it is downloaded."""
    import datetime

    import pypdfium2

    from website.core.pdf import chinese_date

    certificate = approved.certificates.get()
    certificate.issued_on -= datetime.timedelta(days=40)  # downloaded weeks after the decision
    certificate.save(update_fields=["issued_on"])
    client.force_login(contact)
    response = client.get(reverse("certification:result_letter", args=[approved.number]))
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(page.get_textpage().get_text_range() for page in pdf).replace("\r", "")

    assert f"评定为{approved.grade_label}，" in text
    assert f"{approved.grade_label}级" not in text and " 级" not in text
    decided = chinese_date(certificate.issued_on)
    assert f"于{decided}评定为" in text
    assert text.count(decided) == 2  # in the decision and under the signature
