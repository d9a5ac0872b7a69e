"""One live certificate per subject and scheme: a holder is offered the annual check or a
re-evaluation, never a first evaluation; staff see the subject's history across rounds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import Application, CertificationError

from .factories import open_round

S = Application.Status


@pytest.fixture
def approved(build):
    return build(S.APPROVED)


@pytest.fixture
def certificate(approved):
    return approved.certificates.get()


def next_round(scheme):
    # The next year's call, open now (two rounds of one scheme may be open side by side).
    return open_round(scheme, name="下一年度", year=timezone.localdate().year + 1)


def test_a_first_evaluation_is_refused_while_the_certificate_is_valid(
    approved, certificate, org, contact
):
    with pytest.raises(CertificationError) as error:
        services.create_application(next_round(approved.scheme), org, user=contact)
    message = str(error.value)
    assert certificate.number in message and "复评" in message
    assert Application.objects.filter(organization=org).count() == 1


def test_staff_cannot_bypass_the_rule_either(approved, org, staff):
    with pytest.raises(CertificationError):
        services.create_application(next_round(approved.scheme), org, user=staff)


def test_a_suspended_certificate_still_counts(approved, certificate, org, contact, staff):
    services.suspend_certificate(certificate, user=staff, reason="核查中")
    with pytest.raises(CertificationError):
        services.create_application(next_round(approved.scheme), org, user=contact)


def test_after_revocation_a_first_evaluation_is_possible(
    approved, certificate, org, contact, staff
):
    services.revoke_certificate(certificate, user=staff, reason="严重失信")
    application = services.create_application(next_round(approved.scheme), org, user=contact)
    assert application.kind == Application.Kind.NEW


def test_after_expiry_a_first_evaluation_is_possible(approved, certificate, org, contact):
    services.expire_certificates(today=certificate.valid_until + datetime.timedelta(days=1))
    application = services.create_application(next_round(approved.scheme), org, user=contact)
    assert application.kind == Application.Kind.NEW


def test_re_evaluation_is_the_way_for_a_holder(approved, certificate, contact):
    today = certificate.valid_until - datetime.timedelta(days=30)
    assert services.can_reevaluate(certificate, today)
    application = services.create_application(
        next_round(approved.scheme),
        approved.organization,
        user=contact,
        kind=Application.Kind.REEVALUATION,
        previous_certificate=certificate,
    )
    problems = services.eligibility_problems(
        application.scheme, application.organization, None, application
    )
    assert not any(certificate.number in problem for problem in problems)


def test_another_enterprise_is_not_affected(approved, other_org, other_contact):
    application = services.create_application(
        next_round(approved.scheme), other_org, user=other_contact
    )
    assert application.organization == other_org


def test_one_plant_certificate_does_not_block_another_plant(
    plant_round, plant, contact, org, staff
):
    from .factories import advance, expert_with_account, plant_of

    first = services.create_application(plant_round, org, user=contact, subject=plant)
    advance(first, S.APPROVED, contact=contact, staff=staff, experts=[expert_with_account()])
    with pytest.raises(CertificationError):
        services.create_application(
            next_round(plant_round.scheme), org, user=contact, subject=plant
        )
    other = plant_of(org, name="深圳西部环保电厂")
    assert (
        services.create_application(
            next_round(plant_round.scheme), org, user=contact, subject=other
        ).plant
        == other
    )


def test_the_eligibility_check_names_the_certificate(approved, certificate, org):
    # The start page and the submission ask this too (a draft is re-checked on submission).
    problems = services.eligibility_problems(approved.scheme, org)
    assert any(certificate.number in problem for problem in problems)
    assert not services.eligibility_problems(approved.scheme, approved.organization, None, approved)


def test_the_portal_start_page_tells_the_holder(client, approved, certificate, org, contact):
    later = next_round(approved.scheme)
    client.force_login(contact)
    page = client.get(reverse("certification:application_start", args=[later.pk]))
    assert certificate.number in page.content.decode()
    response = client.post(
        reverse("certification:application_start", args=[later.pk]), {"organization": org.pk}
    )
    assert response.status_code == 200
    assert certificate.number in response.content.decode()
    assert Application.objects.filter(organization=org).count() == 1


def test_staff_see_the_subject_history_on_the_processing_page(
    client, approved, certificate, org, contact, staff
):
    services.revoke_certificate(certificate, user=staff, reason="严重失信")
    again = services.create_application(next_round(approved.scheme), org, user=contact)
    client.force_login(staff)
    page = client.get(reverse("certification_applications:process", args=[again.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="subject-history"' in html
    assert approved.number in html and certificate.number in html
