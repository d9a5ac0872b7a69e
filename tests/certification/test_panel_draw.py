"""Drawing a panel at random: who is left out and why, reserves, and a draw that repeats."""

import datetime

import pytest
from django.utils import timezone

from certification.models import Application, CertificationError, PanelDraw, Review
from certification.services import panels
from members.models import Expert, ExpertConflict, ExpertiseField
from tests.members.factories import ExpertFactory, OrganizationFactory, PersonFactory

from .factories import expert_with_account

S = Application.Status


@pytest.fixture
def finance(db):
    return ExpertiseField.objects.get_or_create(name="财务")[0]


@pytest.fixture
def pool(finance, org):
    """Eight finance experts from other organizations, plus the ones a draw must leave out."""
    experts = []
    for n in range(8):
        expert = expert_with_account(name=f"池{n}", province="11")
        expert.fields.add(finance)
        experts.append(expert)
    colleague = ExpertFactory(person=PersonFactory(name="同事", organization=org))
    colleague.fields.add(finance)
    conflicted = expert_with_account(name="回避")
    conflicted.fields.add(finance)
    ExpertConflict.objects.create(expert=conflicted, organization=org, reason="曾任顾问")
    away = expert_with_account(name="休假")
    away.availability = Expert.Availability.UNAVAILABLE
    away.save()
    away.fields.add(finance)
    other_field = expert_with_account(name="设备")
    return {
        "experts": experts,
        "colleague": colleague,
        "conflicted": conflicted,
        "away": away,
        "other_field": other_field,
    }


@pytest.fixture
def application(build, credit, finance, pool):
    credit.panel_fields.add(finance)
    return build(S.EXPERT_REVIEW)


def names(draw_ids):
    return sorted(Expert.objects.get(pk=pk).person.name for pk in draw_ids)


def test_the_draw_leaves_out_conflicts_with_their_reasons(application, pool, staff):
    draw = panels.draw_panel(application, user=staff, size=3, reserves=2)
    excluded = {row["name"]: " ".join(row["reasons"]) for row in draw.excluded}
    assert "同事" in excluded
    assert "回避" in excluded
    assert "休假" in excluded
    # Another field of expertise is not in the pool at all.
    assert pool["other_field"].pk not in draw.pool
    left_out = {pool[key].pk for key in ("colleague", "conflicted", "away")}
    assert left_out.isdisjoint(draw.drawn + draw.reserves + draw.pool)
    assert len(draw.drawn) == 3 and len(draw.reserves) == 2
    assert set(draw.drawn).isdisjoint(draw.reserves)
    # The drawn experts are assigned; reserves are not.
    assigned = set(application.reviews.values_list("expert_id", flat=True))
    assert assigned == set(draw.drawn)


def test_same_seed_and_same_pool_draw_the_same_experts(application, staff):
    draw = panels.draw_panel(application, user=staff, size=3, reserves=2, seed=20261204)
    assert panels.repeat_draw(draw) == (draw.drawn, draw.reserves)
    assert panels.pick(20261204, draw.pool, 3, 2) == (draw.drawn, draw.reserves)
    # Another seed over the same pool gives another order (with eight candidates).
    others = {tuple(sum(panels.pick(seed, draw.pool, 3, 2), [])) for seed in range(20)}
    assert len(others) > 1


def test_the_pool_is_read_in_a_fixed_order(application, staff, pool):
    first = panels.panel_candidates(application).pool
    assert [e.pk for e in first] == sorted(e.pk for e in first)


def test_region_rule_applies_only_where_the_scheme_says_so(application, staff, credit, org):
    org.province = "11"
    org.save()
    application.province = "11"
    application.save(update_fields=["province"])
    assert len(panels.panel_candidates(application).pool) == 8
    credit.exclude_applicant_region = True
    credit.save()
    application.refresh_from_db()
    candidates = panels.panel_candidates(application)
    assert candidates.pool == []
    assert len(candidates.excluded) >= 8
    with pytest.raises(CertificationError):
        panels.draw_panel(application, user=staff, size=3)


def test_recent_review_of_an_earlier_application_excludes(
    build, credit, finance, pool, staff, contact
):
    from certification import services

    credit.panel_fields.add(finance)
    earlier = build(S.EXPERT_REVIEW)
    Review.objects.create(
        application=earlier,
        expert=pool["experts"][0],
        status=Review.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=200),
    )
    Review.objects.create(
        application=earlier,
        expert=pool["experts"][1],
        status=Review.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=365 * 4),
    )
    services.withdraw(earlier, user=contact)
    current = build(S.EXPERT_REVIEW)
    candidates = panels.panel_candidates(current)
    pool_ids = [e.pk for e in candidates.pool]
    assert pool["experts"][0].pk not in pool_ids
    assert pool["experts"][1].pk in pool_ids  # four years ago: outside the three-year rule
    reasons = {r["expert"]: r["reasons"] for r in candidates.excluded}
    assert reasons[pool["experts"][0].pk]


def test_a_reserve_replaces_a_declined_expert(application, staff):
    from certification import services

    draw = panels.draw_panel(application, user=staff, size=3, reserves=2, seed=7)
    declined = application.reviews.get(expert_id=draw.drawn[0])
    services.declare_conflict(declined, user=declined.expert.person.user, reason="亲属任职")
    replacement = panels.replace_with_reserve(declined, user=staff)
    assert replacement.expert_id == draw.reserves[0]
    # The panel is complete again: no second replacement for the same seat.
    with pytest.raises(CertificationError):
        panels.replace_with_reserve(declined, user=staff)


def test_an_unavailable_drawn_expert_is_withdrawn_and_replaced(application, staff):
    draw = panels.draw_panel(application, user=staff, size=3, reserves=1, seed=11)
    review = application.reviews.get(expert_id=draw.drawn[1])
    replacement = panels.replace_with_reserve(review, user=staff, reason="出国")
    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN
    assert replacement.expert_id == draw.reserves[0]
    assert panels.unused_reserves(application) == []


def test_only_staff_draw(application, contact, pool):
    with pytest.raises(CertificationError):
        panels.draw_panel(application, user=contact, size=3)
    with pytest.raises(CertificationError):
        panels.draw_panel(application, user=pool["experts"][0].person.user, size=3)
    assert not PanelDraw.objects.exists()


def test_a_draw_needs_enough_candidates(application, staff):
    with pytest.raises(CertificationError):
        panels.draw_panel(application, user=staff, size=9)
    assert not PanelDraw.objects.exists()
    assert not application.reviews.exists()


def test_the_draw_is_shown_on_the_processing_page(application, staff, client):
    draw = panels.draw_panel(application, user=staff, size=3, reserves=2, seed=99)
    client.force_login(staff)
    html = client.get(f"/admin/certification/applications/process/{application.pk}/").content
    html = html.decode()
    assert "99" in html
    assert "回避" in html  # left out, with the reason
    for expert in draw.experts(draw.drawn + draw.reserves):
        assert expert.person.name in html


def test_staff_draw_from_the_processing_page(application, staff, client):
    client.force_login(staff)
    url = f"/admin/certification/applications/process/{application.pk}/"
    response = client.post(url, {"action": "draw_panel", "size": "3", "reserves": "1", "seed": "5"})
    assert response.status_code == 302
    draw = PanelDraw.objects.get()
    assert draw.seed == 5 and draw.drawn_by == staff
    # Bad input: a message, no draw, no 500.
    response = client.post(url, {"action": "draw_panel", "size": "abc", "reserves": "1"})
    assert response.status_code == 302
    assert PanelDraw.objects.count() == 1


def test_organization_of_other_field(db):
    # The employer rule also matches an expert whose employer is only named, not registered.
    organization = OrganizationFactory(name="某某环境集团有限公司")
    person = PersonFactory(organization=None, employer_name="某某环境集团有限公司")
    from certification.services.applications import employer_of

    assert employer_of(person)[0] == panels.employer_of_organization(organization)
