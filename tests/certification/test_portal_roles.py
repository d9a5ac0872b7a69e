"""The portal home asks once, in one query, whether the user reviews, recommends or inspects:
each role's card follows it, and a member with none of them costs no more queries."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from certification.access import PortalRoles, portal_roles
from certification.models import Application
from tests.factories import UserFactory
from tests.members.factories import BranchFactory

from .award_factories import recommending_unit

pytestmark = pytest.mark.django_db

S = Application.Status


def _roles(user) -> PortalRoles:
    request = RequestFactory().get("/account/")
    request.user = user
    return portal_roles(request)


def test_a_member_contact_has_no_role_and_the_home_asks_once(client, site_home, contact):
    assert _roles(contact) == PortalRoles()
    client.force_login(contact)
    client.get("/account/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/account/")
    assert response.status_code == 200
    role_queries = [
        q["sql"]
        for q in captured.captured_queries
        if "certification_review" in q["sql"]
        or "certification_recommendingunit" in q["sql"]
        or "certification_inspectionmember" in q["sql"]
    ]
    assert len(role_queries) == 1, role_queries


def test_an_assigned_expert_reviews(client, site_home, build, experts, staff):
    from django.urls import reverse

    from certification import services

    application = build(S.EXPERT_REVIEW)
    user = experts[0].person.user
    client.force_login(user)
    assert _roles(user) == PortalRoles()
    assert reverse("certification:reviews") not in (client.get("/account/").content.decode())
    review = services.assign_expert(application, experts[0], user=staff)
    assert _roles(user) == PortalRoles(reviews=True)
    card = client.get("/account/").content.decode()
    assert reverse("certification:review_detail", args=[review.pk]) in card


def test_unit_users_and_branch_secretaries_recommend(db):
    _unit, named = recommending_unit()
    assert _roles(named) == PortalRoles(recommends=True)
    secretary = UserFactory()
    branch = BranchFactory()
    branch.secretaries.add(secretary)
    assert _roles(secretary) == PortalRoles()
    recommending_unit(name="某分会推荐单位", user=UserFactory(), branch=branch)
    assert _roles(secretary) == PortalRoles(recommends=True)


def test_experts_and_staff_on_an_inspection_team_inspect(
    plant_round, org, contact, plant, staff, experts
):
    from .plant_helpers import on_site_application, planned_with_expert

    application = on_site_application(plant_round, org, contact, plant, staff)
    assert _roles(experts[0].person.user).inspects is False
    planned_with_expert(application, staff, experts[0])
    assert _roles(experts[0].person.user).inspects is True
    assert _roles(staff).inspects is True
    assert _roles(contact) == PortalRoles()


def test_anonymous_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert _roles(AnonymousUser()) == PortalRoles()
