"""A signed paper score sheet entered by staff on an expert's behalf, with its scan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.models import Application, CertificationError, Review
from certification.services.reviews import assign_expert, enter_paper_review
from tests.files import pdf_bytes
from tests.members.factories import ExpertFactory, PersonFactory

from .factories import score_sheet

S = Application.Status


def scan(name="评分表.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def open_review(build, staff, db):
    application = build(S.EXPERT_REVIEW)
    expert = ExpertFactory(person=PersonFactory(name="吴纸质", email="", user=None))
    return assign_expert(application, expert, user=staff)


def test_staff_enter_a_paper_sheet_and_the_review_is_marked(open_review, staff):
    entries = score_sheet(open_review.application.criteria_set, 0.8)
    review = enter_paper_review(
        open_review, user=staff, entries=entries, sheet=scan(), opinion="纸质意见"
    )
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED
    assert review.entered_by == staff and review.entered_at is not None
    assert review.paper_sheet and review.paper_sheet_name.endswith(".pdf")
    assert review.total is not None and review.opinion == "纸质意见"
    last = review.status_history().first()
    assert last.changed_by == staff and last.data["on_paper"] is True
    assert "paper" in last.reason.lower() or "纸质" in last.reason


def test_a_paper_sheet_needs_its_scan_and_every_score(open_review, staff):
    entries = score_sheet(open_review.application.criteria_set, 0.8)
    with pytest.raises(CertificationError):
        enter_paper_review(open_review, user=staff, entries=entries, sheet=None)
    fake = SimpleUploadedFile("评分表.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(Exception):  # noqa: B017 - the upload check's ValidationError
        enter_paper_review(open_review, user=staff, entries=entries, sheet=fake)
    partial = dict(list(entries.items())[:3])
    with pytest.raises(CertificationError):
        enter_paper_review(open_review, user=staff, entries=partial, sheet=scan())
    open_review.refresh_from_db()
    assert open_review.status == Review.Status.ASSIGNED and not open_review.paper_sheet


def test_only_certification_staff_enter_paper_sheets(open_review, contact, experts):
    entries = score_sheet(open_review.application.criteria_set, 0.8)
    for user in (contact, experts[0].person.user):
        with pytest.raises(CertificationError):
            enter_paper_review(open_review, user=user, entries=entries, sheet=scan())


def test_the_paper_page_is_for_staff_only(open_review, staff, contact, experts, client):
    url = f"/admin/certification/reviews/paper/{open_review.pk}/"
    client.force_login(contact)
    assert client.get(url).status_code in (302, 403)
    client.force_login(experts[0].person.user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff)
    assert client.get(url).status_code == 200
    data = {
        f"score_{pk}": str(value)
        for pk, (value, _comment) in score_sheet(open_review.application.criteria_set, 0.8).items()
    }
    # Without the scan: the form comes back with an error and the scores typed.
    response = client.post(url, data)
    assert response.status_code == 200
    open_review.refresh_from_db()
    assert open_review.status == Review.Status.ASSIGNED
    response = client.post(url, {**data, "sheet": scan()})
    assert response.status_code == 302
    open_review.refresh_from_db()
    assert open_review.status == Review.Status.SUBMITTED and open_review.entered_by == staff
    page = client.get(f"/admin/certification/applications/process/{open_review.application_id}/")
    assert open_review.paper_sheet_name in page.content.decode()


def test_the_scan_is_private(open_review, staff, contact, experts, client):
    entries = score_sheet(open_review.application.criteria_set, 0.8)
    enter_paper_review(open_review, user=staff, entries=entries, sheet=scan())
    url = f"/certification/reviews/{open_review.pk}/paper-sheet/"
    assert client.get(url).status_code == 302  # to the login
    for outsider in (contact, experts[0].person.user):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_expert_can_neither_see_nor_score(build, staff, experts, client):
    application = build(S.EXPERT_REVIEW)
    review = assign_expert(application, experts[0], user=staff)
    client.force_login(experts[1].person.user)
    assert client.get(f"/certification/reviews/{review.pk}/").status_code == 404
    assert (
        client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"}).status_code
        == 404
    )
    from certification.services.reviews import declare_no_conflict

    with pytest.raises(CertificationError):
        declare_no_conflict(review, user=experts[1].person.user)
    review.refresh_from_db()
    assert review.status == Review.Status.ASSIGNED


def test_the_paper_page_names_the_expert_once(open_review, staff, client):
    """The page title (the breadcrumb) says whose sheet it is; the intro under it does not
    repeat the name."""
    client.force_login(staff)
    html = client.get(f"/admin/certification/reviews/paper/{open_review.pk}/").content.decode()
    title, body = html.split('<div class="cert-admin">', 1)
    assert "吴纸质" in title.split("<body", 1)[1]
    assert "吴纸质" not in body
    assert "请按已签字的评分表录入分数" in body
