"""Publications: news, branch sections, member submissions, bulletins, the ISWA column,
the policy library and group standards (DESIGN §4 publications, §5 group standards)."""

from .branches import BranchEditorGroup, BranchIndexPage, BranchPage
from .bulletins import BulletinIndexPage, BulletinIssuePage
from .common import PublicationError
from .iswa import IswaArticlePage, IswaIndexPage
from .news import NewsIndexPage, NewsPage, NewsPageTag, NewsRelatedPage, NewsSection
from .policies import PolicyAttachment, PolicyDocumentPage, PolicyIndexPage
from .standards import (
    GroupStandardPage,
    StandardComment,
    StandardDocument,
    StandardIndexPage,
)
from .submissions import NewsSubmission

__all__ = [
    "BranchEditorGroup",
    "BranchIndexPage",
    "BranchPage",
    "BulletinIndexPage",
    "BulletinIssuePage",
    "GroupStandardPage",
    "IswaArticlePage",
    "IswaIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "NewsRelatedPage",
    "NewsSection",
    "NewsSubmission",
    "PolicyAttachment",
    "PolicyDocumentPage",
    "PolicyIndexPage",
    "PublicationError",
    "StandardComment",
    "StandardDocument",
    "StandardIndexPage",
]
