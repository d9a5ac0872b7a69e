"""The secretariat's formal review of nominations, the public list of accepted ones, expert
review by field panels (conflicts, recusal, blind review, recommended level) and progress."""

import datetime
import io
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from certification import services
from certification.models import Application, Review
from members.models import ExpertConflict
from tests.members.factories import OrganizationFactory

from .award_factories import (
    advance_nomination,
    expert_with_account,
    field,
    panel,
    score_sheet,
)

pytestmark = pytest.mark.django_db

S = Application.Status


def process_url(application):
    return f"/admin/certification/applications/process/{application.pk}/"


def act(client, application, action, follow=False, **data):
    response = client.post(process_url(application), {"action": action, **data}, follow=follow)
    application.refresh_from_db()
    return response


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def expert_scores(client, review, *, share=0.8, recommendation="二等奖", submit=True):
    data = {"opinion": "创新性突出，工程应用效果好。", "recommendation": recommendation}
    for pk, (score, _comment) in score_sheet(review.application.criteria_set, share).items():
        data[f"score_{pk}"] = str(score)
        data[f"comment_{pk}"] = ""
    if submit:
        data["submit"] = "1"
    return client.post(f"/certification/reviews/{review.pk}/", data, follow=True)


def test_formal_review_needs_the_paper_copy_then_accepts_and_lists_publicly(
    client, site_home, nomination, staff
):
    application = nomination(S.SUBMITTED, staff=staff)
    client.force_login(staff)
    act(client, application, "start_formal_review")
    assert application.status == S.FORMAL_REVIEW
    checklist = {f"doc_{d.pk}": "on" for d in application.scheme.required_documents.all()}
    response = act(client, application, "accept", follow=True, **checklist)
    assert any("纸质" in m or "paper copy" in m for m in messages_of(response))
    assert application.status == S.FORMAL_REVIEW
    accepted_url = f"/certification/awards/science-award/{application.round.year}/accepted/"
    assert application.project.title not in client.get(accepted_url).content.decode()

    act(client, application, "paper_copy", received_on=timezone.localdate().isoformat())
    assert application.nomination.paper_copy_received_on == timezone.localdate()
    act(client, application, "accept", **checklist)
    assert application.status == S.EXPERT_REVIEW
    client.logout()
    public = client.get(accepted_url)
    assert public.status_code == 200
    assert application.project.title in public.content.decode()
    assert application.nomination.recommending_unit.name in public.content.decode()


def test_return_for_correction_with_a_deadline_and_rejection_with_a_reason(
    client, site_home, nomination, staff, contact
):
    returned = nomination(S.FORMAL_REVIEW, staff=staff)
    client.force_login(staff)
    due = timezone.localdate() + datetime.timedelta(days=10)
    act(client, returned, "return", reason="成果信息表缺少完成单位盖章", due_on=due.isoformat())
    assert returned.status == S.RETURNED and returned.correction_due_on == due
    client.force_login(contact)
    page = client.get(f"/certification/my/projects/{returned.number}/").content.decode()
    assert "成果信息表缺少完成单位盖章" in page and str(due.year) in page
    response = client.post(f"/certification/my/applications/{returned.number}/resubmit/")
    returned.refresh_from_db()
    assert returned.status == S.RESUBMITTED, response

    rejected = nomination(S.FORMAL_REVIEW, staff=staff, title="另一项目")
    client.force_login(staff)
    response = act(client, rejected, "reject", follow=True, reason="")
    assert rejected.status == S.FORMAL_REVIEW
    act(client, rejected, "reject", reason="项目完成时间不足两年，不符合申报条件")
    assert rejected.status == S.REJECTED
    assert rejected.status_history().first().reason == "项目完成时间不足两年，不符合申报条件"


def test_resubmission_after_the_deadline_is_refused(client, site_home, nomination, staff, contact):
    application = nomination(S.RETURNED, staff=staff)
    Application.objects.filter(pk=application.pk).update(
        correction_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(contact)
    client.post(f"/certification/my/applications/{application.number}/resubmit/")
    application.refresh_from_db()
    assert application.status == S.RETURNED


def test_a_panel_is_assigned_without_experts_in_conflict_with_any_completing_unit(
    client, site_home, nomination, staff, org
):
    application = nomination(S.EXPERT_REVIEW, staff=staff, unit_count=2)
    partner = OrganizationFactory(name="合作研究院1")  # the second completing unit, registered
    application.project.units.filter(position=2).update(organization=partner)
    free = expert_with_account(name="孙立新")
    conflicted = expert_with_account(name="钱明远")
    ExpertConflict.objects.create(expert=conflicted, organization=partner, reason="曾任该院顾问")
    colleague = expert_with_account(name="郑立", organization=org)
    item = panel(application.round, [free, conflicted, colleague], fields=[field()])
    client.force_login(staff)
    response = act(client, application, "assign_panel", follow=True, panel=item.pk)
    text = " ".join(messages_of(response))
    assert "钱明远" in text and "郑立" in text
    assert list(application.reviews.values_list("expert__person__name", flat=True)) == ["孙立新"]
    assert application.nomination.panel == item


def signed_pdf(author: str) -> bytes:
    """A PDF as a word processor saves it: the author and company in its metadata."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setAuthor(author)
    pdf.setTitle(f"{author}技术报告")
    pdf.setSubject(author)
    pdf.drawString(72, 760, "Technical report")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_blind_review_hides_applicant_units_persons_and_their_documents(
    client, site_home, award, nomination, staff, contact, org
):
    award.blind_review = True
    award.save()
    application = nomination(S.DRAFT)
    anonymous_report = application.scheme.required_documents.get(blind_visible=True)
    # The applicant uploads the anonymised report under a file name and with PDF metadata
    # that name it, as word processors do.
    application.attachments.filter(requirement=anonymous_report).delete()
    client.force_login(contact)
    # Optional without blind review, the anonymised report is needed with it.
    detail = client.get(f"/certification/my/projects/{application.number}/").content.decode()
    assert "专家匿名评审" in detail and anonymous_report.name in detail
    client.post(f"/certification/my/projects/{application.number}/recommendation/")
    application.refresh_from_db()
    assert application.status == S.DRAFT
    upload = SimpleUploadedFile(
        f"{org.name}技术报告.pdf", signed_pdf(org.name), content_type="application/pdf"
    )
    client.post(
        f"/certification/my/applications/{application.number}/files/",
        {"requirement": anonymous_report.pk, "file": upload},
    )
    visible = application.attachments.get(requirement=anonymous_report)
    assert visible.original_name == f"{org.name}技术报告.pdf"
    # The form warns that experts read the project's texts.
    edit = client.get(f"/certification/my/projects/{application.number}/edit/").content.decode()
    assert "专家匿名评审" in edit

    unit = application.nomination.recommending_unit
    application = advance_nomination(
        application, S.EXPERT_REVIEW, contact=contact, unit_user=unit.users.first(), staff=staff
    )
    expert = expert_with_account(name="冯建华")
    review = services.assign_expert(application, expert, user=staff)
    client.force_login(expert.person.user)
    names = [
        application.organization.name,
        "合作研究院1",
        *application.project.persons.values_list("name", flat=True),
        unit.name,
    ]
    declaration = client.get(f"/certification/reviews/{review.pk}/").content.decode()
    assert application.project.title in declaration
    assert "匿名评审：不显示申报单位" in declaration  # recuse if the work is recognised
    for name in names:
        assert name not in declaration, name
    client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
    page = client.get(f"/certification/reviews/{review.pk}/").content.decode()
    for name in names:
        assert name not in page, name
    hidden = application.attachments.exclude(requirement=anonymous_report).first()
    assert f"{application.number}-技术报告（匿名版）.pdf" in page
    assert hidden.original_name not in page

    download = client.get(f"/certification/files/{visible.pk}/")
    assert download.status_code == 200
    assert org.name not in unquote(download["Content-Disposition"])
    assert "技术报告（匿名版）.pdf" in unquote(download["Content-Disposition"])
    body = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 1
    assert not reader.metadata or org.name not in str(dict(reader.metadata))
    assert org.name.encode("utf-16-be") not in body and org.name.encode() not in body
    assert client.get(f"/certification/files/{hidden.pk}/").status_code == 404
    inbox = client.get("/certification/reviews/").content.decode()
    assert application.organization.name not in inbox

    # The applicant and the secretariat still get the file as it was uploaded.
    for user in (contact, staff):
        client.force_login(user)
        original = client.get(f"/certification/files/{visible.pk}/")
        assert org.name in unquote(original["Content-Disposition"])
        assert org.name in str(
            dict(PdfReader(io.BytesIO(b"".join(original.streaming_content))).metadata)
        )


def test_without_blind_review_experts_see_units_and_persons(client, site_home, nomination, staff):
    application = nomination(S.EXPERT_REVIEW, staff=staff)
    expert = expert_with_account(name="韩志刚")
    from certification import services

    review = services.assign_expert(application, expert, user=staff)
    client.force_login(expert.person.user)
    client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
    page = client.get(f"/certification/reviews/{review.pk}/").content.decode()
    assert application.organization.name in page and "合作研究院1" in page


def test_an_expert_recuses_with_a_reason_and_staff_see_it(client, site_home, nomination, staff):
    application = nomination(S.EXPERT_REVIEW, staff=staff)
    expert = expert_with_account(name="孙教授")
    from certification import services

    review = services.assign_expert(application, expert, user=staff)
    client.force_login(expert.person.user)
    response = client.post(
        f"/certification/reviews/{review.pk}/", {"declaration": "conflict", "reason": ""}
    )
    assert response.status_code == 200  # a recusal needs its reason
    client.post(
        f"/certification/reviews/{review.pk}/",
        {"declaration": "conflict", "reason": "本人是第二完成单位的兼职研究员"},
    )
    review.refresh_from_db()
    assert review.status == Review.Status.DECLINED
    assert ExpertConflict.objects.filter(
        expert=expert, organization=application.organization
    ).exists()
    client.force_login(staff)
    page = client.get(process_url(application)).content.decode()
    assert "本人是第二完成单位的兼职研究员" in page


def test_each_expert_must_recommend_a_level_to_submit(client, site_home, nomination, staff):
    application = nomination(S.EXPERT_REVIEW, staff=staff)
    expert = expert_with_account(name="郑立新")
    from certification import services

    review = services.assign_expert(application, expert, user=staff)
    client.force_login(expert.person.user)
    client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
    expert_scores(client, review, recommendation="")
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS
    expert_scores(client, review, recommendation="一等奖")
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED and review.recommendation == "一等奖"


def test_staff_follow_each_panels_progress(client, site_home, nomination, staff):
    application = nomination(S.EXPERT_REVIEW, staff=staff)
    experts = [expert_with_account(name=name) for name in ("甲专家", "乙专家")]
    item = panel(application.round, experts, name="垃圾焚烧评审组")
    from certification.awards import services as awards

    awards.assign_panel(application, item, user=staff)
    review = application.reviews.get(expert=experts[0])
    client.force_login(experts[0].person.user)
    client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
    expert_scores(client, review)
    client.force_login(staff)
    page = client.get(f"/admin/certification/award-rounds/manage/{application.round_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "垃圾焚烧评审组" in text and "50%" in text
