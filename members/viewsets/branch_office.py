"""A branch secretary's view of their branches in the admin: members and their contacts.

A secretary sees only the branches they are secretary of (members.Branch.objects.visible_to);
any other branch id is a 404, as is the export of it. Membership staff see every branch.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from website.core.exports import Sheet, xlsx_response

from ..models import Branch, BranchPosition, OrganizationContact


def branch_roster(branch: Branch) -> list[BranchPosition]:
    """The seats of a branch with every contact detail the secretary needs, in four queries."""
    contacts = Prefetch(
        "organization__contacts",
        queryset=OrganizationContact.objects.select_related("user").order_by("role", "pk"),
    )
    return list(
        branch.positions.select_related(
            "person", "person__organization", "organization", "organization__membership"
        ).prefetch_related(contacts)
    )


class MyBranchesViewSet(ViewSet):
    icon = "group"
    menu_label = gettext_lazy("My branches")
    url_prefix = "members/my-branches"
    add_to_admin_menu = True
    menu_order = 210

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            # Only for secretaries: the membership staff use the Branches listing.
            return Branch.objects.for_secretary(request.user).exists()

        return type("MyBranchesMenuItem", (MenuItem,), {"is_shown": is_shown})

    def _branches(self, request):
        branches = Branch.objects.visible_to(request.user)
        return branches

    def index_view(self, request):
        branches = list(self._branches(request))
        if not branches and not request.user.has_perm("members.view_branch"):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "members/admin/my_branches/index.html",
            {"branches": branches, "page_title": self.menu_label, "header_icon": self.icon},
        )

    def detail_view(self, request, pk):
        branch = get_object_or_404(self._branches(request), pk=pk)
        return TemplateResponse(
            request,
            "members/admin/my_branches/detail.html",
            {
                "branch": branch,
                "positions": branch_roster(branch),
                "page_title": str(branch),
                "header_icon": self.icon,
                "index_url": reverse(self.get_url_name("index")),
                "export_url": reverse(self.get_url_name("export"), args=[branch.pk]),
            },
        )

    def export_view(self, request, pk):
        branch = get_object_or_404(self._branches(request), pk=pk)
        header = (
            _("Position"),
            _("Name"),
            _("Organization"),
            _("Job title"),
            _("Phone"),
            _("Email"),
            _("Address"),
        )
        return xlsx_response(
            f"branch-{branch.slug}.xlsx",
            [
                Sheet(
                    _("Members"), header, (self._roster_row(seat) for seat in branch_roster(branch))
                )
            ],
        )

    @staticmethod
    def _roster_row(seat: BranchPosition) -> list:
        organization = seat.organization or (seat.person.organization if seat.person else None)
        if seat.person:
            name, phone, email = seat.person.name, seat.person.phone, seat.person.email
            job_title = seat.person.job_title
        else:
            contact = next(iter(seat.organization.contacts.all()), None)
            name = contact.user.get_full_name() if contact else ""
            phone = contact.user.phone if contact else seat.organization.phone
            email = contact.user.email if contact else ""
            job_title = ""
        return [
            seat.get_position_display(),
            name,
            organization.name if organization else "",
            job_title,
            phone,
            email,
            organization.address if organization else "",
        ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("<int:pk>/", self.detail_view, name="detail"),
            path("<int:pk>/export.xlsx", self.export_view, name="export"),
        ]


my_branches_viewset = MyBranchesViewSet("member_my_branches")
