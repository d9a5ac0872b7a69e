"""Every page checks its object: guessed numbers and ids of others give 404 (or a login)."""

import pytest

from certification.models import Application, Review

from .factories import expert_with_account

pytestmark = pytest.mark.django_db

S = Application.Status


def portal_urls(application, attachment):
    number = application.number
    return {
        "get": [
            f"/certification/my/applications/{number}/",
            f"/certification/my/applications/{number}/edit/",
            f"/certification/my/applications/{number}/self-assessment/",
            f"/certification/files/{attachment.pk}/",
        ],
        "post": [
            f"/certification/my/applications/{number}/edit/",
            f"/certification/my/applications/{number}/self-assessment/",
            f"/certification/my/applications/{number}/files/",
            f"/certification/my/applications/{number}/files/{attachment.pk}/delete/",
            f"/certification/my/applications/{number}/submit/",
            f"/certification/my/applications/{number}/resubmit/",
            f"/certification/my/applications/{number}/withdraw/",
        ],
    }


def test_one_enterprise_cannot_see_or_touch_another_enterprises_application(
    client, site_home, build, other_contact
):
    application = build(S.DRAFT)
    from .factories import fill

    fill(application, application.organization.contacts.first().user)
    attachment = application.attachments.first()
    client.force_login(other_contact)
    urls = portal_urls(application, attachment)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"reason": "x", "declaration": "on"}).status_code == 404, url
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.attachments.count() == attachment.application.attachments.count()


def test_anonymous_visitors_are_sent_to_log_in(client, site_home, build):
    application = build(S.DRAFT)
    for url in [
        "/certification/my/",
        f"/certification/my/applications/{application.number}/",
        "/certification/reviews/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login/" in response["Location"], url


def test_the_own_contact_sees_the_application_and_its_files(client, site_home, build, contact):
    application = build(S.SUBMITTED)
    attachment = application.attachments.first()
    client.force_login(contact)
    for url in portal_urls(application, attachment)["get"]:
        expected = 302 if url.endswith("/edit/") else 200  # submitted: no more editing
        assert client.get(url).status_code == expected, url


def test_an_expert_cannot_open_another_experts_assignment(client, site_home, build, staff):
    from certification import services

    application = build(S.EXPERT_REVIEW)
    mine, theirs = expert_with_account(name="甲专家"), expert_with_account(name="乙专家")
    my_review = services.assign_expert(application, mine, user=staff)
    their_review = services.assign_expert(application, theirs, user=staff)
    client.force_login(mine.person.user)
    assert client.get(f"/certification/reviews/{my_review.pk}/").status_code == 200
    assert client.get(f"/certification/reviews/{their_review.pk}/").status_code == 404
    assert (
        client.post(
            f"/certification/reviews/{their_review.pk}/", {"declaration": "none"}
        ).status_code
        == 404
    )
    their_review.refresh_from_db()
    assert their_review.status == Review.Status.ASSIGNED
    inbox = client.get("/certification/reviews/")
    assert list(inbox.context["reviews"]) == [my_review]


def test_evidence_is_for_the_expert_only_after_the_declaration(client, site_home, build, staff):
    from certification import services

    application = build(S.EXPERT_REVIEW)
    expert = expert_with_account(name="丙专家")
    review = services.assign_expert(application, expert, user=staff)
    attachment = application.attachments.first()
    client.force_login(expert.person.user)
    assert client.get(f"/certification/files/{attachment.pk}/").status_code == 404
    services.declare_no_conflict(review, user=expert.person.user)
    response = client.get(f"/certification/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_certificate_pdf_only_for_its_holder_and_staff(
    client, site_home, build, other_contact, contact, staff
):
    application = build(S.APPROVED)
    certificate = application.certificates.get()
    url = f"/certification/certificates/{certificate.number}.pdf"
    client.force_login(other_contact)
    assert client.get(url).status_code == 404
    client.force_login(contact)
    assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_back_office_is_for_certification_staff(client, site_home, build, contact, staff):
    application = build(S.SUBMITTED)
    url = f"/admin/certification/applications/process/{application.pk}/"
    client.force_login(contact)
    response = client.post(url, {"action": "start_formal_review"})
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    client.force_login(staff)
    assert client.get(url).status_code == 200
    for listing in [
        "/admin/certification/",
        "/admin/certification/applications/",
        "/admin/certification/reviews/",
        "/admin/certification/objections/",
        "/admin/certification/certificates/",
        "/admin/certification/annual-checks/",
        "/admin/certification/schemes/",
        "/admin/certification/criteria/",
        "/admin/certification/rounds/",
        "/admin/certification/plants/",
        "/admin/certification/holidays/",
    ]:
        assert client.get(listing).status_code == 200, listing
    # Records come from the services: no hand-made or deleted applications in the admin.
    for view in ("new/", f"delete/{application.pk}/", f"copy/{application.pk}/"):
        assert client.get(f"/admin/certification/applications/{view}").status_code == 404


def test_plants_belong_to_their_organization(client, site_home, contact, other_contact, plant):
    client.force_login(other_contact)
    assert client.get(f"/certification/my/plants/{plant.pk}/").status_code == 404
    client.force_login(contact)
    assert client.get(f"/certification/my/plants/{plant.pk}/").status_code == 200


def test_unknown_numbers_and_bad_ids_are_404_not_500(client, site_home, contact):
    client.force_login(contact)
    for url in [
        "/certification/my/applications/NOPE/",
        "/certification/my/apply/999999/",
        "/certification/files/999999/",
        "/certification/certificates/NOPE.pdf",
        "/certification/reviews/999999/",
        "/certification/my/plants/new/?organization=abc",
    ]:
        assert client.get(url).status_code in (404, 200), url
