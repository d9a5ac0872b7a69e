"""Fixtures of the certification tests: the shipped schemes with one open round each, a
member enterprise with its contact, a second enterprise, staff and two experts."""

import pytest

from certification.models import Scheme

from .factories import (
    advance,
    contact_of,
    expert_with_account,
    member_organization,
    open_round,
    plant_of,
    staff_member,
)


@pytest.fixture
def credit(db):
    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 2
    scheme.save()
    return scheme


@pytest.fixture
def plant_scheme(db):
    scheme = Scheme.objects.get(code="plant-grading")
    scheme.min_reviews = 1
    scheme.save()
    return scheme


@pytest.fixture
def credit_round(credit):
    return open_round(credit)


@pytest.fixture
def plant_round(plant_scheme):
    return open_round(plant_scheme)


@pytest.fixture
def org(db):
    return member_organization(name="深圳市绿色环卫服务有限公司")


@pytest.fixture
def contact(org):
    return contact_of(org)


@pytest.fixture
def other_org(db):
    return member_organization(name="杭州市清洁环境有限公司")


@pytest.fixture
def other_contact(other_org):
    return contact_of(other_org)


@pytest.fixture
def plant(org):
    return plant_of(org, name="深圳东部环保电厂", capacity=5000)


@pytest.fixture
def staff(db):
    return staff_member()


@pytest.fixture
def experts(db):
    return [
        expert_with_account(name="孙教授"),
        expert_with_account(name="钱工程师"),
    ]


@pytest.fixture
def build(credit_round, contact, staff, experts, org):
    """build(state) → a credit-rating application of `org` in that state."""
    from certification import services

    def _build(state, *, round=None, organization=None, user=None, **kwargs):
        round = round or credit_round
        application = services.create_application(
            round, organization or org, user=user or contact, subject=kwargs.pop("subject", None)
        )
        return advance(
            application,
            state,
            contact=user or contact,
            staff=staff,
            experts=kwargs.pop("use_experts", experts),
            **kwargs,
        )

    return _build


# Awards and achievement evaluations ------------------------------------------------------


@pytest.fixture
def award(db):
    from .award_factories import award_scheme

    return award_scheme(min_reviews=2)


@pytest.fixture
def award_round(award):
    from .award_factories import award_round as make_round

    return make_round(award)


@pytest.fixture
def unit_and_user(db):
    from .award_factories import recommending_unit

    return recommending_unit()


@pytest.fixture
def nomination(award_round, org, contact, unit_and_user):
    """nomination(state=S.DRAFT, **kwargs) → an award nomination of `org` in that state."""
    from .award_factories import advance_nomination, nominate

    def _nomination(state="draft", *, staff=None, experts=(), **kwargs):
        application = nominate(
            award_round,
            kwargs.pop("organization", org),
            kwargs.pop("contact", contact),
            unit_and_user[0],
            **{
                k: kwargs.pop(k)
                for k in list(kwargs)
                if k in ("title", "level", "person_count", "unit_count")
            },
        )
        return advance_nomination(
            application,
            state,
            contact=contact,
            unit_user=unit_and_user[1],
            staff=staff,
            experts=experts,
            **kwargs,
        )

    return _nomination
