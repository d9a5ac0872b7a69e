"""Schemes, criteria, rounds, applications, reviews, publicity and certificates (DESIGN §4).

One core serves every scheme: credit rating and plant grading now, awards and other
evaluations later. A scheme says who its subject is (an organization, a plant or a project),
its criteria come in versions, and everything downstream (review, publicity, certificates)
only reads the scheme's configuration.
"""

from ..awards.models import (
    AwardBan,
    AwardCallPage,
    AwardLevel,
    AwardPanel,
    AwardRound,
    AwardScheme,
    CommitteeVote,
    Nomination,
    RecommendingUnit,
)
from .applicant import (
    AnnualCheckFile,
    AnnualCheckReminder,
    AnnualCheckSubmission,
    ApplicationResult,
    FinancialYear,
)
from .applications import (
    Application,
    ApplicationQuerySet,
    Attachment,
    SelfAssessment,
)
from .base import CertificationError
from .certificates import AnnualCheck, Certificate, CertificateQuerySet
from .inspections import (
    Finding,
    FindingPhoto,
    Inspection,
    InspectionMember,
    Plaque,
    Rectification,
    RectificationEvidence,
)
from .panels import ExpertInvitation, PanelDraw
from .projects import Project, ProjectPerson, ProjectUnit
from .publicity import Holiday, Objection
from .reviews import Review, ReviewScore
from .schemes import CriteriaSet, Criterion, GradeBand, RequiredDocument, Round, Scheme
from .subjects import Plant

__all__ = [
    "AnnualCheck",
    "AnnualCheckFile",
    "AnnualCheckReminder",
    "AnnualCheckSubmission",
    "ApplicationResult",
    "FinancialYear",
    "Application",
    "AwardBan",
    "AwardCallPage",
    "AwardLevel",
    "AwardPanel",
    "AwardRound",
    "AwardScheme",
    "CommitteeVote",
    "ExpertInvitation",
    "Nomination",
    "PanelDraw",
    "Finding",
    "FindingPhoto",
    "Inspection",
    "InspectionMember",
    "Plaque",
    "Rectification",
    "RectificationEvidence",
    "Project",
    "ProjectPerson",
    "ProjectUnit",
    "RecommendingUnit",
    "ApplicationQuerySet",
    "Attachment",
    "Certificate",
    "CertificateQuerySet",
    "CertificationError",
    "CriteriaSet",
    "Criterion",
    "GradeBand",
    "Holiday",
    "Objection",
    "Plant",
    "RequiredDocument",
    "Review",
    "ReviewScore",
    "Round",
    "Scheme",
    "SelfAssessment",
]
