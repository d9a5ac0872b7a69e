"""Both schemes end to end through the views: the member applies, staff and experts work in
their pages, the public objects and verifies."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from certification.models import Application, Certificate, Objection, Review
from certification.services import finance

from .factories import pass_inspection, pdf_upload, sample_figures, score_sheet

pytestmark = pytest.mark.django_db

S = Application.Status


def process_url(application):
    return f"/admin/certification/applications/process/{application.pk}/"


def act(client, application, action, **data):
    response = client.post(process_url(application), {"action": action, **data})
    assert response.status_code == 302, response
    application.refresh_from_db()
    return response


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def member_prepares(client, application, *, share=0.9):
    number = application.number
    response = client.post(
        f"/certification/my/applications/{number}/edit/",
        {
            "contact_name": "张三",
            "contact_phone": "0755-8888 6666",
            "contact_email": "zhang@example.com",
            "accounting_years": "6",
            "summary": "公司从事道路清扫保洁和垃圾收运服务。",
            "declaration": "on",
        },
    )
    assert response.status_code == 302
    sheet = {}
    for pk, (score, comment) in score_sheet(application.criteria_set, share).items():
        sheet[f"score_{pk}"] = str(score)
        sheet[f"comment_{pk}"] = comment
    response = client.post(f"/certification/my/applications/{number}/self-assessment/", sheet)
    assert response.status_code == 302
    if finance.needs_financials(application.scheme):
        # Three years of figures (the ratios experts score 2.1–2.4 from).
        figures = {
            f"{field}_{year}": str(value)
            for year, row in sample_figures(finance.required_years(application)).items()
            for field, value in row.items()
        }
        response = client.post(f"/certification/my/applications/{number}/financials/", figures)
        assert response.status_code == 302
    for document in application.scheme.required_documents.all():
        response = client.post(
            f"/certification/my/applications/{number}/files/",
            {"requirement": document.pk, "file": pdf_upload(f"{document.name}.pdf")},
        )
        assert response.status_code == 302


def expert_scores(client, review, *, share, submit=True):
    data = {"opinion": "管理规范", "recommendation": ""}
    for pk, (score, _comment) in score_sheet(review.application.criteria_set, share).items():
        data[f"score_{pk}"] = str(score)
        data[f"comment_{pk}"] = "符合要求"
    if submit:
        data["submit"] = "1"
    return client.post(f"/certification/reviews/{review.pk}/", data)


def test_credit_rating_journey_from_application_to_verification(
    client,
    site_home,
    credit_round,
    org,
    contact,
    staff,
    experts,
    django_capture_on_commit_callbacks,
):
    # The member starts, completes and submits an application in the portal.
    client.force_login(contact)
    response = client.post(f"/certification/my/apply/{credit_round.pk}/", {"organization": org.pk})
    application = Application.objects.get(organization=org)
    assert response.status_code == 302 and application.status == S.DRAFT
    member_prepares(client, application)
    application.refresh_from_db()
    assert application.self_score == 90
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/certification/my/applications/{application.number}/submit/")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert any(contact.email in m.to for m in mail.outbox)
    assert any(staff.email in m.to for m in mail.outbox)

    # Staff return it for correction; the member resubmits.
    client.force_login(staff)
    act(client, application, "start_formal_review")
    with django_capture_on_commit_callbacks(execute=True):
        act(client, application, "return", reason="审计报告缺少签章页")
    assert application.status == S.RETURNED
    assert "审计报告缺少签章页" in mail.outbox[-1].body
    client.force_login(contact)
    page = client.get(f"/certification/my/applications/{application.number}/")
    assert "审计报告缺少签章页" in page.content.decode()
    client.post(f"/certification/my/applications/{application.number}/resubmit/")
    application.refresh_from_db()
    assert application.status == S.RESUBMITTED

    # Formal review passes with the checklist ticked; two experts are assigned.
    client.force_login(staff)
    act(client, application, "start_formal_review")
    checklist = {f"doc_{d.pk}": "on" for d in application.scheme.required_documents.all()}
    act(client, application, "accept", **checklist)
    assert application.status == S.EXPERT_REVIEW
    for expert in experts:
        with django_capture_on_commit_callbacks(execute=True):
            act(client, application, "assign", expert=expert.pk)
    assert mail.outbox[-1].to == [experts[1].person.user.email]

    # Each expert declares no conflict and scores in the portal.
    for expert, share in zip(experts, (0.9, 0.8), strict=True):
        review = Review.objects.get(application=application, expert=expert)
        client.force_login(expert.person.user)
        assert client.get("/certification/reviews/").status_code == 200
        client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
        response = expert_scores(client, review, share=share)
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.status == Review.Status.SUBMITTED

    # The panel decides on the proposed grade; publicity opens today.
    client.force_login(staff)
    act(client, application, "close_review")
    assert application.score == 85 and application.proposed_grade == "AA"
    today = timezone.localdate()
    act(client, application, "start_publicity", grade="AA", starts_on=today.isoformat())
    assert application.status == S.PUBLICITY
    assert application.publicity_ends_on == today + datetime.timedelta(days=9)

    # The public sees it and objects under a real name; staff dismiss the objection.
    client.logout()
    listing = client.get("/certification/publicity/").content.decode()
    assert application.subject_name in listing and "AA级" in listing
    response = client.post(
        f"/certification/publicity/{application.number}/objection/",
        {
            "name": "王五",
            "organization": "某公司",
            "phone": "13900000000",
            "grounds": "该公司存在拖欠分包款的情况，请核查。",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get(application=application)
    client.force_login(staff)
    response = client.post(process_url(application), {"action": "approve"}, follow=True)
    assert application.certificates.count() == 0
    assert any("公示" in m or "publicity" in m.lower() for m in messages_of(response))
    act(
        client,
        application,
        "resolve_objection",
        objection=objection.pk,
        decision="dismissed",
        outcome="经核查，款项已结清。",
    )
    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED

    # After the window closes, staff approve and the certificate is issued.
    Application.objects.filter(pk=application.pk).update(
        publicity_starts_on=today - datetime.timedelta(days=20),
        publicity_ends_on=today - datetime.timedelta(days=11),
    )
    with django_capture_on_commit_callbacks(execute=True):
        act(client, application, "approve")
    assert application.status == S.APPROVED
    certificate = Certificate.objects.get(application=application)
    assert certificate.number == f"XY-{today.year}-0001"
    assert certificate.grade == "AA" and certificate.status == Certificate.Status.VALID
    assert certificate.annual_checks.count() == 2
    assert certificate.number in mail.outbox[-1].body

    # The member downloads the PDF; anyone verifies the number.
    client.force_login(contact)
    response = client.get(f"/certification/certificates/{certificate.number}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(__import__("io").BytesIO(response.content))
    assert certificate.number in reader.metadata.title
    client.logout()
    page = client.get(f"/certification/verify/{certificate.number}/")
    assert page.status_code == 200
    assert org.name in page.content.decode() and "有效" in page.content.decode()


def test_plant_grading_journey(client, site_home, plant_round, org, contact, plant, staff, experts):
    client.force_login(contact)
    response = client.post(
        f"/certification/my/apply/{plant_round.pk}/", {"organization": org.pk, "plant": plant.pk}
    )
    application = Application.objects.get(plant=plant)
    assert application.subject_name == "深圳东部环保电厂"
    member_prepares(client, application, share=0.95)
    client.post(f"/certification/my/applications/{application.number}/submit/")
    client.force_login(staff)
    act(client, application, "start_formal_review")
    checklist = {f"doc_{d.pk}": "on" for d in application.scheme.required_documents.all()}
    act(client, application, "accept", **checklist)
    # Plant grading visits the plant first (tests/certification/test_inspection_*.py).
    assert application.status == Application.Status.ON_SITE_INSPECTION
    pass_inspection(application, staff=staff)
    act(client, application, "assign", expert=experts[0].pk)
    review = Review.objects.get(application=application)
    client.force_login(experts[0].person.user)
    client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
    expert_scores(client, review, share=0.95)
    client.force_login(staff)
    act(client, application, "close_review")
    assert application.proposed_grade == "AAA"
    start = timezone.localdate() - datetime.timedelta(days=30)
    act(client, application, "start_publicity", grade="AAA", starts_on=start.isoformat())
    assert application.publicity_ends_on.weekday() < 5
    act(client, application, "approve")
    certificate = application.certificates.get()
    assert certificate.number.startswith("FS-") and certificate.plant == plant
    assert certificate.annual_checks.count() == 0
    response = client.get("/certification/register/plant-grading/?q=东部")
    assert certificate.number in response.content.decode()
