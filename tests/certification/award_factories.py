"""Test data for awards and achievement evaluations: schemes, rounds, recommending units,
panels, and projects driven through the services to any state."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from certification import services
from certification.awards import services as awards
from certification.models import (
    Application,
    AwardPanel,
    AwardRound,
    Criterion,
    RecommendingUnit,
    Round,
    Scheme,
)
from certification.services import projects
from members.models import ExpertiseField
from tests.factories import UserFactory

from .factories import PdfFile, contact_of, expert_with_account, member_organization, open_round

S = Application.Status


def award_scheme(*, min_reviews: int = 2, blind: bool = False) -> Scheme:
    scheme = Scheme.objects.get(code="science-award")
    scheme.min_reviews = min_reviews
    scheme.blind_review = blind
    scheme.save()
    return scheme


def achievement_scheme() -> Scheme:
    return Scheme.objects.get(code="achievement-evaluation")


def award_round(scheme: Scheme, *, paper_copy: bool = True, committee: int = 15, **kwargs) -> Round:
    round = open_round(scheme, **kwargs)
    AwardRound.objects.filter(round=round).update(
        paper_copy_required=paper_copy, committee_size=committee
    )
    return round


def field(name: str = "垃圾焚烧") -> ExpertiseField:
    return ExpertiseField.objects.get_or_create(name=name)[0]


def recommending_unit(name: str = "生活垃圾分类与减量专业委员会", **kwargs):
    user = kwargs.pop("user", None) or UserFactory()
    unit = RecommendingUnit.objects.create(
        name=name, kind=kwargs.pop("kind", RecommendingUnit.Kind.BRANCH), **kwargs
    )
    unit.users.add(user)
    return unit, user


def panel(round: Round, experts, *, name: str = "固废处理评审组", fields=()) -> AwardPanel:
    item = AwardPanel.objects.create(round=round, name=name)
    item.experts.add(*experts)
    item.fields.add(*fields)
    return item


def persons(count: int) -> list[dict]:
    names = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞"]
    return [
        {
            "name": f"{names[i % len(names)]}{i // len(names) or ''}",
            "unit_name": "某环境工程有限公司",
            "professional_title": "高级工程师",
            "contribution": "负责关键技术研发与工程应用",
        }
        for i in range(count)
    ]


def units(organization, count: int) -> list[dict]:
    rows = [{"name": organization.name, "organization": organization}]
    rows += [{"name": f"合作研究院{i}"} for i in range(1, count)]
    return rows


def nominate(
    round: Round,
    organization,
    contact,
    unit: RecommendingUnit | None,
    *,
    title: str = "生活垃圾焚烧烟气超低排放关键技术研究与应用",
    level: str = "二等奖",
    person_count: int = 5,
    unit_count: int = 2,
    expertise=None,
) -> Application:
    """A complete draft nomination (or achievement application when unit is None)."""
    application = projects.start_project(
        round,
        organization,
        user=contact,
        title=title,
        field=expertise or field(),
        level=level if unit is not None else "",
        recommending_unit=unit,
    )
    data = {
        "innovations": "研发了高效脱硝与活性炭协同吸附工艺。",
        "application_and_benefits": "已在12座焚烧厂应用。",
        "started_on": datetime.date(2019, 1, 1),
        "completed_on": datetime.date(2023, 12, 31),
    }
    projects.update_project(
        application,
        user=contact,
        data=data,
        application_data={
            "contact_name": "张三",
            "contact_phone": "13800000000",
            "contact_email": "zhang@example.com",
            "summary": "项目针对焚烧烟气污染物协同控制难题开展研究。",
            "declaration": True,
        },
    )
    projects.save_units(application, user=contact, rows=units(organization, unit_count))
    projects.save_persons(application, user=contact, rows=persons(person_count))
    for document in round.scheme.required_documents.all():
        services.add_attachment(
            application, user=contact, file=PdfFile(f"{document.name}.pdf"), requirement=document
        )
    application.refresh_from_db()
    return application


def score_sheet(criteria_set, share: float) -> dict:
    entries = {}
    for criterion in criteria_set.criteria.all():
        if criterion.kind == Criterion.Kind.INDICATOR:
            entries[criterion.pk] = (
                (criterion.max_points * Decimal(str(share))).quantize(Decimal("0.5")),
                "",
            )
    return entries


def review_all(application: Application, experts, *, share: float, staff, recommend: str = ""):
    for expert in experts:
        review = services.assign_expert(application, expert, user=staff)
        user = expert.person.user
        services.declare_no_conflict(review, user=user)
        services.save_scores(
            review,
            user=user,
            entries=score_sheet(application.criteria_set, share),
            recommendation=recommend,
        )
        services.submit_review(review, user=user)


def advance_nomination(
    application: Application,
    target: str,
    *,
    contact,
    unit_user,
    staff,
    experts=(),
    share: float = 0.8,
    level: str = "二等奖",
    publicity_start: datetime.date | None = None,
    consent: bool = True,
) -> Application:
    """Drive a complete draft nomination through the services to `target`."""
    if target == S.DRAFT:
        return application
    awards.request_recommendation(application, user=contact)
    if target == S.ENDORSEMENT:
        return _fresh(application)
    awards.confirm_recommendation(application, user=unit_user, opinion="同意推荐")
    if target == S.SUBMITTED:
        return _fresh(application)
    awards.record_paper_copy(application, user=staff)
    services.start_formal_review(application, user=staff)
    if target == S.FORMAL_REVIEW:
        return _fresh(application)
    if target in (S.RETURNED, S.RESUBMITTED):
        services.return_for_correction(application, user=staff, reason="请补充应用证明")
        if target == S.RESUBMITTED:
            services.resubmit(application, user=contact)
        return _fresh(application)
    checklist = {str(d.pk): True for d in application.scheme.required_documents.all()}
    services.accept_for_expert_review(application, user=staff, checklist=checklist)
    if target == S.EXPERT_REVIEW:
        return _fresh(application)
    review_all(application, experts, share=share, staff=staff, recommend=level)
    services.close_expert_review(application, user=staff)
    if target == S.PANEL_DECISION:
        return _fresh(application)
    awards.record_committee_vote(
        application, user=staff, level=level, members_present=13, votes_for=12, votes_against=1
    )
    start = publicity_start or timezone.localdate() - datetime.timedelta(days=40)
    awards.start_award_publicity(application, user=staff, starts_on=start)
    if target == S.PUBLICITY:
        return _fresh(application)
    if consent:
        awards.record_consent(application, user=contact, signatory="王建国")
    services.approve(application, user=staff)
    return _fresh(application)


def _fresh(application: Application) -> Application:
    application.refresh_from_db()
    return application


__all__ = [
    "achievement_scheme",
    "advance_nomination",
    "award_round",
    "award_scheme",
    "contact_of",
    "expert_with_account",
    "field",
    "member_organization",
    "nominate",
    "panel",
    "recommending_unit",
    "review_all",
    "score_sheet",
]
