"""Who sees what of awards and achievement evaluations (DESIGN §3), URL by URL.

Roles: the public; the applicant's member contact and another organization's; the chosen
recommending unit's user and another unit's; the assigned expert (blind review) and an expert
not assigned; a branch secretary, a website editor, membership staff and certification staff.
Guessed numbers and ids give 404 (or a login); a POST by someone not allowed changes nothing.
"""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from certification import services
from certification.models import Application, AwardBan, Nomination, Review
from members import services as member_services
from tests.factories import UserFactory
from tests.members.factories import BranchFactory
from website.accounts.roles import EDITORS, MEMBERSHIP_STAFF

from .award_factories import (
    achievement_scheme,
    expert_with_account,
    nominate,
    recommending_unit,
    review_all,
)
from .factories import open_round

pytestmark = pytest.mark.django_db

S = Application.Status
# Users with access to the Wagtail admin but not to certification: Wagtail sends them back to
# the dashboard (302) or refuses (403); users without admin access go to the login (302).
ADMIN_DENIED = (302, 403, 404)


def staff_of(group: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world(site_home, award, nomination, staff, contact, other_contact, unit_and_user, org):
    award.blind_review = True
    award.save()
    experts = [expert_with_account(name="孙立新"), expert_with_account(name="钱明远")]
    approved = nomination(S.APPROVED, staff=staff, experts=experts, title="已授奖项目")
    publicity = nomination(
        S.PUBLICITY,
        staff=staff,
        experts=experts,
        title="公示中项目",
        publicity_start=timezone.localdate(),
    )
    pending = nomination(S.ENDORSEMENT, title="待推荐项目")
    in_review = nomination(S.EXPERT_REVIEW, staff=staff, title="评审中项目")
    assigned = expert_with_account(name="冯建华")
    review = services.assign_expert(in_review, assigned, user=staff)
    services.declare_no_conflict(review, user=assigned.person.user)
    # A concluded achievement evaluation of the same organization, for its report.
    evaluation = nominate(
        open_round(achievement_scheme()), org, contact, None, title="成果评价项目"
    )
    services.submit(evaluation, user=contact)
    services.start_formal_review(evaluation, user=staff)
    checklist = {str(d.pk): True for d in evaluation.scheme.required_documents.all()}
    services.accept_for_expert_review(evaluation, user=staff, checklist=checklist)
    review_all(
        evaluation,
        [expert_with_account(name=f"评价专家{i}") for i in range(5)],
        share=0.85,
        staff=staff,
    )
    services.close_expert_review(evaluation, user=staff)
    services.approve_without_publicity(evaluation, user=staff)

    secretary = UserFactory()
    member_services.add_secretary(BranchFactory(name="公厕建设管理专业委员会"), secretary)
    blind_document = in_review.scheme.required_documents.get(blind_visible=True)
    return {
        "approved": approved,
        "publicity": publicity,
        "pending": pending,
        "in_review": in_review,
        "evaluation": evaluation,
        "review": review,
        "shown_file": in_review.attachments.get(requirement=blind_document),
        "hidden_file": in_review.attachments.exclude(requirement=blind_document).first(),
        "users": {
            "anonymous": None,
            "contact": contact,
            "other_contact": other_contact,
            "unit": unit_and_user[1],
            "other_unit": recommending_unit(name="同济大学")[1],
            "expert": assigned.person.user,
            "other_expert": experts[0].person.user,
            "branch_secretary": secretary,
            "editor": staff_of(EDITORS),
            "membership_staff": staff_of(MEMBERSHIP_STAFF),
            "staff": staff,
        },
    }


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def status_for(client, user, url):
    as_user(client, user)
    return client.get(url).status_code


def check(client, world, url, allowed: set[str]):
    """Allowed roles get the page; everyone else a login (anonymous) or a 404."""
    for role, user in world["users"].items():
        code = status_for(client, user, url)
        if role in allowed:
            assert code == 200, (role, url, code)
        elif user is None:
            assert code == 302, (role, url, code)
        else:
            assert code == 404, (role, url, code)


def test_public_award_pages_are_open_to_everyone_and_cacheable(client, world):
    year = world["approved"].round.year
    certificate = world["approved"].certificates.order_by("-holder_order").first()
    for url in [
        "/certification/awards/",
        f"/certification/awards/science-award/{year}/accepted/",
        f"/certification/awards/science-award/{year}/publicity/",
        f"/certification/awards/science-award/{year}/winners/",
        f"/certification/verify/{certificate.number}/",
        f"/certification/verify/{world['evaluation'].certificates.get().number}/",
    ]:
        for role, user in world["users"].items():
            assert status_for(client, user, url) == 200, (role, url)
        client.logout()
        response = client.get(url)
        assert not response.cookies, url  # no session, no CSRF cookie: the page cache keeps it
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
    assert client.get("/certification/awards/science-award/1999/winners/").status_code == 404
    assert client.get("/certification/awards/credit-rating/2026/winners/").status_code == 404
    objection = f"/certification/publicity/{world['publicity'].number}/objection/"
    assert client.get(objection).status_code == 200
    assert (
        client.get(f"/certification/publicity/{world['pending'].number}/objection/").status_code
        == 404
    )


def test_project_pages_are_the_applicants_only(client, world):
    for number in (world["approved"].number, world["pending"].number):
        for url in [
            f"/certification/my/projects/{number}/",
            f"/certification/my/projects/{number}/units/",
            f"/certification/my/projects/{number}/persons/",
        ]:
            check(client, world, url, {"contact"})
    check(
        client,
        world,
        f"/certification/my/projects/{world['evaluation'].number}/report.pdf",
        {"contact"},
    )
    # The report is the achievement evaluation's; an award has none.
    as_user(client, world["users"]["contact"])
    assert (
        client.get(f"/certification/my/projects/{world['approved'].number}/report.pdf").status_code
        == 404
    )
    # Editing a decided nomination sends the contact back to its page; others get a 404.
    edit = f"/certification/my/projects/{world['approved'].number}/edit/"
    for role, user in world["users"].items():
        code = status_for(client, user, edit)
        assert code == (302 if role in ("contact", "anonymous") else 404), (role, code)


def test_starting_a_nomination_needs_a_member_organization(client, world):
    url = f"/certification/my/projects/start/{world['pending'].round_id}/"
    check(client, world, url, {"contact", "other_contact"})


def test_recommendation_pages_are_the_chosen_units_only(client, world):
    number = world["pending"].number
    check(client, world, f"/certification/recommendations/{number}/", {"unit"})
    check(client, world, "/certification/recommendations/", {"unit", "other_unit"})


def test_files_are_for_the_applicant_unit_staff_and_the_assigned_expert(client, world):
    shown, hidden = world["shown_file"], world["hidden_file"]
    check(
        client, world, f"/certification/files/{shown.pk}/", {"contact", "unit", "expert", "staff"}
    )
    # Blind review: the assigned expert reads only the anonymised report.
    check(client, world, f"/certification/files/{hidden.pk}/", {"contact", "unit", "staff"})


def test_expert_pages_show_only_the_own_assignment(client, world):
    check(client, world, f"/certification/reviews/{world['review'].pk}/", {"expert"})
    as_user(client, world["users"]["other_expert"])
    assert world["in_review"].number not in client.get("/certification/reviews/").content.decode()


def test_certificates_download_for_the_applicant_and_staff(client, world):
    for certificate in [
        world["approved"].certificates.get(holder_order=0),
        world["approved"].certificates.order_by("-holder_order").first(),
        world["evaluation"].certificates.get(),
    ]:
        check(
            client,
            world,
            f"/certification/certificates/{certificate.number}.pdf",
            {"contact", "staff"},
        )


def test_the_back_office_is_for_certification_staff(client, world):
    approved = world["approved"]
    urls = [
        "/admin/certification/nominations/",
        f"/admin/certification/applications/process/{approved.pk}/",
        f"/admin/certification/applications/process/{world['evaluation'].pk}/",
        f"/admin/certification/award-rounds/manage/{approved.round_id}/",
        f"/admin/certification/award-rounds/edit/{approved.round_id}/",
        "/admin/certification/award-rounds/",
        "/admin/certification/award-panels/",
        "/admin/certification/recommending-units/",
        "/admin/certification/award-settings/",
        f"/admin/certification/award-settings/edit/{approved.scheme_id}/",
        "/admin/certification/award-bans/",
    ]
    for url in urls:
        for role, user in world["users"].items():
            code = status_for(client, user, url)
            if role == "staff":
                assert code == 200, (role, url, code)
            else:
                assert code in ADMIN_DENIED, (role, url, code)


def test_posts_by_anyone_not_allowed_change_nothing(client, world):
    pending, publicity, in_review = world["pending"], world["publicity"], world["in_review"]
    review = world["review"]
    score_data = {"opinion": "很好", "recommendation": "一等奖", "submit": "1"}
    for criterion in in_review.criteria_set.criteria.all():
        score_data[f"score_{criterion.pk}"] = "1"
    posts = [
        # (url, data, roles allowed to act)
        (
            f"/certification/recommendations/{pending.number}/",
            {"decision": "confirm", "text": "同意推荐"},
            {"unit"},
        ),
        (f"/certification/my/projects/{pending.number}/recall/", {}, {"contact"}),
        (
            f"/certification/my/applications/{pending.number}/withdraw/",
            {"reason": "不再申报"},
            {"contact"},
        ),
        (
            f"/certification/my/projects/{publicity.number}/consent/",
            {"agree": "on", "signatory": "某人"},
            {"contact"},
        ),
        (f"/certification/reviews/{review.pk}/", score_data, {"expert"}),
        (
            f"/admin/certification/applications/process/{in_review.pk}/",
            {"action": "record_fraud", "reason": "伪造证明"},
            {"staff"},
        ),
        (
            f"/admin/certification/applications/process/{publicity.pk}/",
            {"action": "consent", "signatory": "某人"},
            {"staff"},
        ),
        (
            f"/admin/certification/award-rounds/manage/{publicity.round_id}/",
            {"action": "confer"},
            {"staff"},
        ),
    ]

    def snapshot():
        return (
            list(Application.objects.order_by("pk").values_list("status", flat=True)),
            list(Nomination.objects.order_by("pk").values_list("status", "consent_at")),
            list(Review.objects.order_by("pk").values_list("status", flat=True)),
            review.scores.count(),
            AwardBan.objects.count(),
        )

    before = snapshot()
    for url, data, allowed in posts:
        for role, user in world["users"].items():
            if role in allowed:
                continue
            as_user(client, user)
            response = client.post(url, data)
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
            if user is not None and not url.startswith("/admin/"):
                assert response.status_code == 404, (role, url, response.status_code)
    assert snapshot() == before

    # The same posts by the roles allowed do act (the checks above are not vacuous).
    as_user(client, world["users"]["unit"])
    client.post(posts[0][0], posts[0][1])
    pending.refresh_from_db()
    assert pending.status == S.SUBMITTED
    as_user(client, world["users"]["contact"])
    client.post(posts[3][0], posts[3][1])
    assert Nomination.objects.get(application=publicity).has_consent


def test_a_branch_secretary_confirms_for_the_branch_as_its_recommending_unit(
    client, site_home, award_round, org, contact
):
    branch = BranchFactory(name="生活垃圾分类与减量专业委员会")
    secretary, other_secretary = UserFactory(), UserFactory()
    member_services.add_secretary(branch, secretary)
    member_services.add_secretary(BranchFactory(name="道路清扫保洁专业委员会"), other_secretary)
    unit, _user = recommending_unit(name=branch.name, branch=branch)
    application = nominate(award_round, org, contact, unit)
    client.force_login(contact)
    client.post(f"/certification/my/projects/{application.number}/recommendation/")
    url = f"/certification/recommendations/{application.number}/"
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "confirm", "text": "同意推荐"}).status_code == 404
    application.refresh_from_db()
    assert application.status == S.ENDORSEMENT
    client.force_login(secretary)
    assert (
        application.project.title in client.get("/certification/recommendations/").content.decode()
    )
    client.post(url, {"decision": "confirm", "text": "同意推荐"})
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.nomination.recommended_by == secretary


def test_only_certification_staff_record_fraud_and_bans(client, world):
    before = AwardBan.objects.count()
    data = {
        "organization": world["approved"].organization_id,
        "starts_on": "2026-01-01",
        "ends_on": "2028-12-31",
        "reason": "伪造",
    }
    for role, user in world["users"].items():
        if role == "staff":
            continue
        as_user(client, user)
        assert client.post("/admin/certification/award-bans/new/", data).status_code in ADMIN_DENIED
    assert AwardBan.objects.count() == before
    as_user(client, world["users"]["staff"])
    assert client.get("/admin/certification/award-bans/new/").status_code == 200
