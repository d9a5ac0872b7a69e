"""Who may act in the on-site step, and who may see its pages and files: only the team
records findings; another enterprise, a guessed id or an anonymous visitor gets nothing."""

import pytest
from django.urls import reverse

from certification.models import CertificationError, Finding
from certification.services import inspections

from .factories import PdfFile, contact_of, member_organization, plant_of, staff_member
from .plant_helpers import due, on_site_application, on_site_criterion, png_upload, visited


@pytest.fixture
def application(plant_round, org, contact, plant, staff):
    return on_site_application(plant_round, org, contact, plant, staff)


@pytest.fixture
def inspection(application, staff):
    return visited(application, staff)


@pytest.fixture
def finding(inspection, staff, application):
    return inspections.add_finding(
        inspection,
        user=staff,
        description="渗滤液调节池盖板破损",
        criterion=on_site_criterion(application),
        deduction=2,
        photos=[png_upload()],
    )


@pytest.fixture
def rectification(inspection, staff, contact, finding):
    item = inspections.request_rectification(
        inspection, user=staff, request="修复盖板", due_on=due(), finding=finding
    )
    return inspections.submit_evidence(
        item, user=contact, files=[PdfFile("修复记录.pdf")], response="已修复"
    )


def test_staff_outside_the_team_cannot_record_findings(inspection):
    outsider = staff_member()
    with pytest.raises(CertificationError, match="核查组|team"):
        inspections.add_finding(inspection, user=outsider, description="发现问题")
    assert not Finding.objects.exists()


def test_the_applicant_cannot_record_findings_or_judge_rectification(
    inspection, contact, rectification
):
    with pytest.raises(CertificationError):
        inspections.add_finding(inspection, user=contact, description="自查问题")
    with pytest.raises(CertificationError):
        inspections.accept_rectification(rectification, user=contact)


def test_an_expert_on_the_team_records_findings(application, staff, experts):
    from django.utils import timezone

    expert = experts[0]
    inspection = inspections.plan_inspection(
        application, user=staff, planned_on=timezone.localdate(), experts=[expert], staff=[staff]
    )
    inspections.record_visit(inspection, user=expert.person.user, visited_on=timezone.localdate())
    finding = inspections.add_finding(
        inspection, user=expert.person.user, description="炉渣堆放区未硬化"
    )
    assert finding.recorded_by == expert.person.user


def test_only_staff_plan_the_inspection(application, contact, experts):
    from django.utils import timezone

    with pytest.raises(CertificationError):
        inspections.plan_inspection(
            application, user=contact, planned_on=timezone.localdate(), experts=experts
        )


def test_another_enterprise_gets_404_on_every_page_and_file(
    client, application, finding, rectification, other_contact
):
    client.force_login(other_contact)
    urls = [
        reverse("certification:inspection", args=[application.number]),
        reverse(
            "certification:rectification_evidence", args=[application.number, rectification.pk]
        ),
        reverse("certification:finding_photo", args=[finding.photos.get().pk]),
        reverse("certification:rectification_file", args=[rectification.evidence.get().pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(urls[1], {"response": "冒充"})
    assert response.status_code == 404


def test_the_plant_sees_its_findings_photos_and_evidence(
    client, application, finding, rectification, contact
):
    client.force_login(contact)
    page = client.get(reverse("certification:inspection", args=[application.number]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "渗滤液调节池盖板破损" in text and "修复盖板" in text
    photo = client.get(reverse("certification:finding_photo", args=[finding.photos.get().pk]))
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    file = client.get(
        reverse("certification:rectification_file", args=[rectification.evidence.get().pk])
    )
    assert file.status_code == 200


def test_a_rectification_of_another_application_is_404_under_this_number(
    client, plant_round, application, rectification, staff
):
    # The other enterprise's own application, with a rectification of its own.
    other = member_organization(name="苏州市固废处置有限公司")
    other_user = contact_of(other)
    other_application = on_site_application(
        plant_round, other, other_user, plant_of(other, name="苏州焚烧厂"), staff
    )
    other_inspection = visited(other_application, staff)
    theirs = inspections.request_rectification(
        other_inspection, user=staff, request="整改", due_on=due()
    )
    client.force_login(other_user)
    # Their number with our rectification's id, and the other way round.
    tampered = reverse(
        "certification:rectification_evidence", args=[other_application.number, rectification.pk]
    )
    assert client.get(tampered).status_code == 404
    mine = reverse("certification:rectification_evidence", args=[application.number, theirs.pk])
    assert client.get(mine).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, application, finding):
    response = client.get(reverse("certification:finding_photo", args=[finding.photos.get().pk]))
    assert response.status_code == 302


def test_the_team_reads_the_photos(client, application, finding, inspection):
    member = inspection.members.exclude(role="leader").get().user
    client.force_login(member)
    url = reverse("certification:finding_photo", args=[finding.photos.get().pk])
    assert client.get(url).status_code == 200


def test_the_grading_expert_sees_the_findings_and_photos(
    client, application, finding, inspection, staff, experts
):
    from certification import services

    inspections.close_inspection(inspection, user=staff)
    review = services.assign_expert(application, experts[0], user=staff)
    photo_url = reverse("certification:finding_photo", args=[finding.photos.get().pk])
    user = experts[0].person.user
    client.force_login(user)
    # Not before declaring no conflict of interest.
    assert client.get(photo_url).status_code == 404
    services.declare_no_conflict(review, user=user)
    page = client.get(reverse("certification:review_detail", args=[review.pk]))
    assert "渗滤液调节池盖板破损" in page.content.decode()
    assert client.get(photo_url).status_code == 200
    client.force_login(experts[1].person.user)
    assert client.get(photo_url).status_code == 404
