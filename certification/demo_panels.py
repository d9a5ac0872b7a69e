"""Demo data for experts as people first: pool experts without an account (one invited by
email, one who scores on paper), and a recorded panel draw with reserves and exclusions, one
of its reviews entered by staff from a signed paper sheet."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from members.models import Expert, ExpertConflict, ExpertiseField, Person
from members.regions import Province

from . import services
from .models import Application, PanelDraw, Review, Scheme
from .services import panels
from .services.reviews import enter_paper_review

S = Application.Status
SEED = 20261204

# name, email (empty: none on file), employer, province, field
WITHOUT_ACCOUNT = [
    ("陈静怡", "chen.jingyi@example.org", "中国环境科学研究院", Province.BEIJING, "财务"),
    ("刘卫东", "", "湖南省城市环境卫生协会", Province.HUNAN, "财务"),
    (
        "许文博",
        "xu.wenbo@example.org",
        "华中科技大学环境科学与工程学院",
        Province.HUBEI,
        "环卫装备",
    ),
]


def ensure_experts_without_account() -> list[Expert]:
    experts = []
    for name, email, employer, province, field_name in WITHOUT_ACCOUNT:
        person = Person.objects.filter(name=name, user__isnull=True).first()
        if person is None:
            person = Person.objects.create(
                name=name,
                employer_name=employer,
                province=province,
                email=email,
                job_title="研究员",
                professional_title=Person.ProfessionalTitle.SENIOR_FULL,
            )
        expert, _ = Expert.objects.get_or_create(
            person=person,
            defaults={"biography": f"{employer}，长期参与行业信用评价和财务审查。"},
        )
        expert.fields.add(ExpertiseField.objects.get_or_create(name=field_name)[0])
        experts.append(expert)
    return experts


def load(builder, stdout=None) -> None:
    """Idempotent: one credit-rating application drawn once, with seed SEED."""
    from .demo import demo_pdf, say

    ensure_experts_without_account()
    scheme = Scheme.objects.get(code="credit-rating")
    if PanelDraw.objects.filter(application__scheme=scheme, seed=SEED).exists():
        return
    organization, quality = builder.organizations[15 % len(builder.organizations)]
    if services.open_application_for(scheme, organization, None) is not None:
        return
    # One conflict the draw visibly leaves out (with its reason in the record).
    ExpertConflict.objects.get_or_create(
        expert=builder.experts[1],
        organization=organization,
        defaults={"reason": "近两年为该公司提供过财务咨询"},
    )
    with transaction.atomic():
        round = builder.round_for(scheme, builder.today.year)
        contact = builder.contact_for(organization)
        application = services.create_application(round, organization, user=contact)
        builder.fill(application, quality, contact)
        services.submit(application, user=contact)
        services.start_formal_review(application, user=builder.staff)
        checklist = {str(d.pk): True for d in scheme.required_documents.all()}
        services.accept_for_expert_review(application, user=builder.staff, checklist=checklist)
        draw = panels.draw_panel(application, user=builder.staff, size=3, reserves=2, seed=SEED)
        # A drawn expert without an account returned a signed paper sheet; staff entered it.
        review = (
            Review.objects.filter(application=application, expert__person__user__isnull=True)
            .order_by("pk")
            .first()
        )
        if review is not None:
            entries = {
                criterion.pk: (
                    criterion.max_points * 8 / 10 if criterion.kind == "indicator" else 0,
                    "",
                )
                for criterion in application.criteria_set.criteria.all()
                if criterion.is_scored
            }
            enter_paper_review(
                review,
                user=builder.staff,
                entries=entries,
                sheet=ContentFile(demo_pdf("专家评分表（已签字）"), name="专家评分表.pdf"),
                opinion="纸质评分表：财务状况稳健，建议完善应收账款管理制度。",
            )
    say(stdout, f"certification: panel drawn for {application.number} (seed {draw.seed})\n")
