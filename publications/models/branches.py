"""Branch sections: each branch (分支机构) has a part of the site its secretaries edit."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from website.core.i18n import localized_children
from website.core.models import SeoMixin
from website.core.routing import public


class BranchIndexPage(SeoMixin, Page):
    """分支机构: the list of the association's branches and their sections."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["publications.BranchPage"]
    max_count_per_parent = 1
    template = "publications/branch_index_page.html"
    cache_areas = ("pages", "directory")

    class Meta:
        verbose_name = _("branch index")
        verbose_name_plural = _("branch indexes")

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        from members.models import Branch

        context = super().get_context(request, *args, **kwargs)
        pages = list(
            public(localized_children(self, BranchPage.objects.all()).live()).order_by("path")
        )
        branches = {
            branch.section_page_id: branch
            for branch in Branch.objects.filter(section_page__in=pages, is_active=True)
        }
        groups: dict[str, list] = {}
        for page in pages:
            branch = branches.get(page.pk)
            page.branch_record = branch
            label = branch.get_kind_display() if branch else _("Other")
            groups.setdefault(str(label), []).append(page)
        context["branch_groups"] = groups
        return context


class BranchPage(SeoMixin, Page):
    """A branch's section: overview, officers (from the branch record) and its news."""

    introduction = models.TextField(_("introduction"), blank=True)
    overview = RichTextField(_("overview"), blank=True)
    contact = models.TextField(
        _("contact"), blank=True, help_text=_("Secretariat address, phone and email.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("overview"),
        FieldPanel("contact"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("overview"),
    ]
    parent_page_types = ["publications.BranchIndexPage"]
    subpage_types = ["publications.NewsIndexPage", "core.StandardPage"]
    template = "publications/branch_page.html"
    cache_areas = ("pages", "news", "directory")

    class Meta:
        verbose_name = _("branch section")
        verbose_name_plural = _("branch sections")

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    @cached_property
    def branch(self):
        from members.models import Branch

        return Branch.objects.filter(section_page=self).first()

    def officers(self) -> list:
        """The branch's chair, vice chairs and secretary general, from the branch record."""
        from members.models import BranchPosition

        if self.branch is None:
            return []
        return list(
            BranchPosition.objects.filter(branch=self.branch)
            .exclude(position=BranchPosition.Position.MEMBER)
            .select_related("person__organization", "organization")
            .order_by("sort_order", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        from members.models import BranchPosition

        from .news import NewsIndexPage, NewsPage

        context = super().get_context(request, *args, **kwargs)
        branch = self.branch
        context["branch"] = branch
        context["officers"] = self.officers()
        context["member_count"] = (
            BranchPosition.objects.filter(
                branch=branch, position=BranchPosition.Position.MEMBER
            ).count()
            if branch
            else 0
        )
        context["news_index"] = NewsIndexPage.objects.child_of(self).live().first()
        context["latest_news"] = list(
            public(NewsPage.objects.live()).descendant_of(self).order_by("-date", "-pk")[:8]
        )
        context["subpages"] = list(
            public(Page.objects.child_of(self).live()).not_type(NewsIndexPage).order_by("path")
        )
        return context


class BranchEditorGroup(models.Model):
    """The Wagtail group through which a branch's secretaries edit its section.

    Kept in sync with Branch.secretaries by publications.services.branches.
    """

    branch = models.OneToOneField(
        "members.Branch",
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        related_name="editor_group",
    )
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("branch editor group")
        verbose_name_plural = _("branch editor groups")

    def __str__(self) -> str:
        return self.group.name
