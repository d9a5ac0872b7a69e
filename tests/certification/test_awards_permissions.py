"""Who sees what of awards and achievement evaluations (DESIGN §3), URL by URL.

Roles: the public; the applicant's member contact and another organization's; the chosen
recommending unit's user and another unit's; an assigned expert and another expert;
certification staff and staff of another duty. Guessed numbers and ids give 404 (or a login).
"""

import pytest
from django.contrib.auth.models import Group

from certification import services
from certification.models import Application
from tests.factories import UserFactory
from website.accounts.roles import MEMBERSHIP_STAFF

from .award_factories import expert_with_account, recommending_unit

pytestmark = pytest.mark.django_db

S = Application.Status


@pytest.fixture
def world(site_home, nomination, staff, contact, other_contact, unit_and_user):
    experts = [expert_with_account(name="孙立新"), expert_with_account(name="钱明远")]
    approved = nomination(S.APPROVED, staff=staff, experts=experts, title="已授奖项目")
    pending = nomination(S.ENDORSEMENT, title="待推荐项目")
    in_review = nomination(S.EXPERT_REVIEW, staff=staff, title="评审中项目")
    assigned = expert_with_account(name="冯建华")
    review = services.assign_expert(in_review, assigned, user=staff)
    services.declare_no_conflict(review, user=assigned.person.user)
    membership_staff = UserFactory(is_staff=True)
    membership_staff.groups.add(Group.objects.get(name=MEMBERSHIP_STAFF))
    return {
        "approved": approved,
        "pending": pending,
        "in_review": in_review,
        "review": review,
        "users": {
            "anonymous": None,
            "contact": contact,
            "other_contact": other_contact,
            "unit": unit_and_user[1],
            "other_unit": recommending_unit(name="同济大学")[1],
            "expert": assigned.person.user,
            "other_expert": experts[0].person.user,
            "staff": staff,
            "membership_staff": membership_staff,
        },
    }


def status_for(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def check(client, world, url, allowed: set[str], *, denied: int = 404):
    for role, user in world["users"].items():
        code = status_for(client, user, url)
        if role in allowed:
            assert code == 200, (role, url, code)
        elif user is None:
            assert code == 302, (role, url, code)  # to the login page
        else:
            assert code == denied, (role, url, code)


def test_public_award_pages_are_open_to_everyone_and_cacheable(client, world):
    year = world["approved"].round.year
    for url in [
        "/certification/awards/",
        f"/certification/awards/science-award/{year}/accepted/",
        f"/certification/awards/science-award/{year}/publicity/",
        f"/certification/awards/science-award/{year}/winners/",
        f"/certification/verify/{world['approved'].certificates.first().number}/",
    ]:
        for role, user in world["users"].items():
            assert status_for(client, user, url) == 200, (role, url)
        client.logout()
        response = client.get(url)
        assert not response.cookies, url  # no session, no CSRF cookie: the page cache keeps it
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
    assert client.get("/certification/awards/science-award/1999/winners/").status_code == 404
    assert client.get("/certification/awards/credit-rating/2026/winners/").status_code == 404


def test_project_pages_are_the_applicants_only(client, world):
    number = world["approved"].number
    for url in [
        f"/certification/my/projects/{number}/",
        f"/certification/my/projects/{number}/units/",
        f"/certification/my/projects/{number}/persons/",
    ]:
        check(client, world, url, {"contact"})
    # Editing a decided nomination sends the contact back to its page.
    assert (
        status_for(client, world["users"]["contact"], f"/certification/my/projects/{number}/edit/")
        == 302
    )
    assert (
        status_for(
            client, world["users"]["other_contact"], f"/certification/my/projects/{number}/edit/"
        )
        == 404
    )


def test_posts_to_another_organizations_project_change_nothing(client, world):
    pending = world["pending"]
    client.force_login(world["users"]["other_contact"])
    number = pending.number
    for url in [
        f"/certification/my/projects/{number}/recall/",
        f"/certification/my/projects/{number}/recommendation/",
        f"/certification/my/projects/{number}/consent/",
        f"/certification/my/projects/{number}/units/",
        f"/certification/my/applications/{number}/withdraw/",
    ]:
        assert client.post(url, {"signatory": "某人", "agree": "on"}).status_code == 404, url
    pending.refresh_from_db()
    assert pending.status == S.ENDORSEMENT


def test_recommendation_pages_are_the_chosen_units_only(client, world):
    number = world["pending"].number
    check(client, world, f"/certification/recommendations/{number}/", {"unit"})
    for role in ("unit", "other_unit"):
        assert status_for(client, world["users"][role], "/certification/recommendations/") == 200
    for role in ("contact", "expert", "staff"):
        assert status_for(client, world["users"][role], "/certification/recommendations/") == 404


def test_files_are_for_the_applicant_unit_staff_and_assigned_experts(client, world):
    in_review = world["in_review"].attachments.first()
    check(
        client,
        world,
        f"/certification/files/{in_review.pk}/",
        {"contact", "unit", "expert", "staff"},
    )


def test_expert_pages_show_only_the_own_assignment(client, world):
    check(client, world, f"/certification/reviews/{world['review'].pk}/", {"expert"})


def test_certificates_and_reports_download_for_the_applicant_and_staff(client, world):
    number = world["approved"].certificates.order_by("-holder_order").first().number
    check(client, world, f"/certification/certificates/{number}.pdf", {"contact", "staff"})


def test_the_back_office_is_for_certification_staff(client, world):
    approved = world["approved"]
    urls = [
        "/admin/certification/nominations/",
        f"/admin/certification/applications/process/{approved.pk}/",
        f"/admin/certification/award-rounds/manage/{approved.round_id}/",
        "/admin/certification/award-panels/",
        "/admin/certification/recommending-units/",
        "/admin/certification/award-settings/",
        "/admin/certification/award-bans/",
        "/admin/certification/award-rounds/",
    ]
    for url in urls:
        for role, user in world["users"].items():
            code = status_for(client, user, url)
            if role == "staff":
                assert code == 200, (role, url, code)
            elif user is None or role != "membership_staff":
                assert code == 302, (role, url, code)  # no admin access: to the admin login
            else:
                assert code in (302, 403, 404), (role, url, code)
