"""The secretariat's records in the Wagtail admin: organizations, persons, memberships,
branches, experts and spreadsheet imports.

Listings select and prefetch what their columns show, so they run in a fixed number of
queries whatever the row count. State changes go through members.services: a membership's
status only by the "change status" action with a reason, branch seats and secretaries only
by their own actions, each recorded in the Wagtail log.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import registry as log_registry
from wagtail.permissions import register_permission_policy

from website.core.admin_views import LocalTimeInspectMixin
from website.core.backoffice import (
    Action,
    ActionsMixin,
    SafeExportIndexView,
    ServiceManagedPolicy,
    date_field,
)
from website.core.files import web_image
from website.core.forms import FilesAskedAgainMixin

from .. import services
from ..models import (
    Branch,
    BranchPosition,
    BusinessCategory,
    Expert,
    ExpertiseField,
    Membership,
    MembershipError,
    Organization,
    Person,
)
from ..regions import Province
from .columns import DateValueColumn

ORGANIZATION_TIERS = [(tier.value, tier.label) for tier in Membership.Tier if tier != "individual"]


# Memberships are never deleted: their number and history stay (terminate instead).
register_permission_policy(Membership, ServiceManagedPolicy(Membership, denied=["delete"]))


# Shared pieces --------------------------------------------------------------------------------


class HistoryInspectView(LocalTimeInspectMixin, generic.InspectView):
    """An inspect view that also shows the record's Wagtail log (and extra sections)."""

    template_name = "members/admin/inspect.html"
    history_limit = 30

    def get_history(self):
        return (
            log_registry.get_logs_for_instance(self.object)
            .select_related("user")
            .order_by("-timestamp", "-pk")[: self.history_limit]
        )

    def get_sections(self) -> list[dict]:
        """Extra tables: [{"title": ..., "template": ..., **context}]."""
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = self.get_sections()
        context["history"] = self.get_history()
        context["history_url"] = self.get_history_url()
        return context

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "-"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return value

    def get_history_url(self):
        name = self.index_url_name.rsplit(":", 1)[0] + ":history"
        return reverse(name, args=[self.object.pk])


class ProtectedDeleteView(generic.DeleteView):
    """Deleting a record others depend on shows a message instead of failing."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(object)s” cannot be deleted while other records depend on it.")
                % {"object": self.object},
            )
            return redirect(self.index_url_name)


class NameSearchFilterForm(BaseFilterForm):
    """Chooser search by substring: Chinese names have no word boundaries."""

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}),
    )
    search_fields: tuple[str, ...] = ("name",)

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class OrganizationFilterForm(NameSearchFilterForm):
    search_fields = ("name", "short_name", "credit_code")


class PersonFilterForm(NameSearchFilterForm):
    search_fields = ("name", "email", "organization__name")


class OrganizationChooseView(chooser_views.ChooseView):
    filter_form_class = OrganizationFilterForm


class OrganizationChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = OrganizationFilterForm


class PersonChooseView(chooser_views.ChooseView):
    filter_form_class = PersonFilterForm

    def get_object_list(self):
        return Person.objects.select_related("organization")


class PersonChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = PersonFilterForm

    def get_object_list(self):
        return Person.objects.select_related("organization")


class OrganizationChooserViewSet(ChooserViewSet):
    model = Organization
    icon = "site"
    choose_one_text = gettext_lazy("Choose an organization")
    choose_another_text = gettext_lazy("Choose another organization")
    choose_view_class = OrganizationChooseView
    choose_results_view_class = OrganizationChooseResultsView
    url_prefix = "members/choose-organization"


class PersonChooserViewSet(ChooserViewSet):
    model = Person
    icon = "user"
    choose_one_text = gettext_lazy("Choose a person")
    choose_another_text = gettext_lazy("Choose another person")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    url_prefix = "members/choose-person"


organization_chooser_viewset = OrganizationChooserViewSet("member_organization_chooser")
person_chooser_viewset = PersonChooserViewSet("member_person_chooser")


# Organizations --------------------------------------------------------------------------------


class OrganizationFilterSet(WagtailFilterSet):
    province = django_filters.ChoiceFilter(choices=Province.choices, label=gettext_lazy("Province"))
    kind = django_filters.ChoiceFilter(
        choices=Organization.Kind.choices, label=gettext_lazy("Type")
    )
    categories = django_filters.ModelChoiceFilter(
        queryset=BusinessCategory.objects.all(), label=gettext_lazy("Business category")
    )
    tier = django_filters.ChoiceFilter(
        field_name="membership__tier",
        choices=ORGANIZATION_TIERS,
        label=gettext_lazy("Membership tier"),
    )
    status = django_filters.ChoiceFilter(
        field_name="membership__status",
        choices=Membership.Status.choices,
        label=gettext_lazy("Membership status"),
    )
    is_member = django_filters.BooleanFilter(
        field_name="membership",
        lookup_expr="isnull",
        exclude=True,
        label=gettext_lazy("Has a membership"),
    )
    directory_opt_out = django_filters.BooleanFilter(
        label=gettext_lazy("Hidden from the directory")
    )

    class Meta:
        model = Organization
        fields: list[str] = []


class OrganizationIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return Organization.objects.select_related("membership").prefetch_related("categories")


class OrganizationInspectView(HistoryInspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Organization.objects.select_related("membership").prefetch_related("categories"),
            pk=self.pk,
        )

    def get_sections(self):
        organization = self.object
        membership = organization.current_membership
        return [
            {
                "title": _("Membership"),
                "template": "members/admin/sections/membership_summary.html",
                "membership": membership,
                "status_changes": membership.status_history() if membership else [],
            },
            {
                "title": _("Contacts"),
                "template": "members/admin/sections/contacts.html",
                "contacts": organization.contacts.select_related("user"),
            },
            {
                "title": _("People"),
                "template": "members/admin/sections/people.html",
                "people": organization.people.select_related("expert"),
            },
            {
                "title": _("Branch positions"),
                "template": "members/admin/sections/positions.html",
                "positions": organization.branch_positions.select_related("branch", "person"),
            },
        ]


class OrganizationViewSet(ModelViewSet):
    model = Organization
    icon = "site"
    menu_label = gettext_lazy("Organizations")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = OrganizationIndexView
    inspect_view_class = OrganizationInspectView
    delete_view_class = ProtectedDeleteView
    list_per_page = 50
    list_display = [
        "name",
        "credit_code",
        "province",
        Column("tier", label=gettext_lazy("Tier"), accessor="membership.get_tier_display"),
        Column("status", label=gettext_lazy("Status"), accessor="membership.get_status_display"),
        Column("number", label=gettext_lazy("Membership number"), accessor="membership.number"),
        Column("categories", label=gettext_lazy("Business"), accessor="category_names"),
    ]
    filterset_class = OrganizationFilterSet
    search_fields = ["name", "short_name", "credit_code"]
    list_export = [
        "name",
        "short_name",
        "credit_code",
        "get_kind_display",
        "get_province_display",
        "city",
        "address",
        "postcode",
        "legal_representative",
        "category_names",
        "get_size_display",
        "website",
        "phone",
        "membership.number",
        "membership.get_tier_display",
        "membership.get_status_display",
        "membership.joined_on",
        "membership.paid_through",
        "directory_opt_out",
    ]
    export_headings = {
        "get_kind_display": gettext_lazy("Type"),
        "get_province_display": gettext_lazy("Province"),
        "category_names": gettext_lazy("Business categories"),
        "get_size_display": gettext_lazy("Size"),
        "membership.number": gettext_lazy("Membership number"),
        "membership.get_tier_display": gettext_lazy("Tier"),
        "membership.get_status_display": gettext_lazy("Status"),
        "membership.joined_on": gettext_lazy("Joined on"),
        "membership.paid_through": gettext_lazy("Paid through"),
    }
    export_filename = "organizations"
    inspect_view_fields = [
        "name",
        "short_name",
        "credit_code",
        "kind",
        "province",
        "city",
        "address",
        "postcode",
        "legal_representative",
        "founded_on",
        "categories",
        "size",
        "website",
        "phone",
        "profile",
        "directory_opt_out",
        "created_at",
        "updated_at",
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("credit_code")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("size")]),
                FieldRowPanel([FieldPanel("legal_representative"), FieldPanel("founded_on")]),
            ],
            heading=gettext_lazy("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("province"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("address"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("website")]),
            ],
            heading=gettext_lazy("Location and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("logo"),
                FieldPanel("profile"),
                FieldPanel("directory_opt_out"),
            ],
            heading=gettext_lazy("Public profile"),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=OrganizationForm).bind_to_model(Organization)


class OrganizationForm(FilesAskedAgainMixin, WagtailAdminModelForm):
    """The organization's edit form: a chosen logo is asked for again after an error."""

    def clean_logo(self):
        # The directory shows the logo inline: keep a checked, web-sized copy of the upload.
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return web_image(logo)
        return logo


# Persons --------------------------------------------------------------------------------------


class PersonFilterSet(WagtailFilterSet):
    professional_title = django_filters.ChoiceFilter(
        choices=Person.ProfessionalTitle.choices, label=gettext_lazy("Professional title")
    )
    province = django_filters.ChoiceFilter(choices=Province.choices, label=gettext_lazy("Province"))
    individual_member = django_filters.BooleanFilter(
        field_name="membership",
        lookup_expr="isnull",
        exclude=True,
        label=gettext_lazy("Individual member"),
    )
    is_expert = django_filters.BooleanFilter(
        field_name="expert", lookup_expr="isnull", exclude=True, label=gettext_lazy("Expert")
    )
    has_account = django_filters.BooleanFilter(
        field_name="user", lookup_expr="isnull", exclude=True, label=gettext_lazy("Has an account")
    )

    class Meta:
        model = Person
        fields: list[str] = []


class PersonIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return Person.objects.select_related("organization", "membership", "expert", "user")


class PersonInspectView(HistoryInspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Person.objects.select_related("organization", "membership", "expert", "user"),
            pk=self.pk,
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if not hasattr(self.object, "expert") and self.request.user.has_perm("members.add_expert"):
            url = reverse("member_expert:add") + f"?person={self.object.pk}"
            buttons.append(Button(_("Add to the expert pool"), url=url, icon_name="group"))
        return buttons

    def get_sections(self):
        person = self.object
        membership = getattr(person, "membership", None)
        return [
            {
                "title": _("Individual membership"),
                "template": "members/admin/sections/membership_summary.html",
                "membership": membership,
                "status_changes": membership.status_history() if membership else [],
            },
            {
                "title": _("Branch positions"),
                "template": "members/admin/sections/positions.html",
                "positions": person.branch_positions.select_related("branch", "organization"),
            },
        ]


class PersonViewSet(ModelViewSet):
    model = Person
    icon = "user"
    menu_label = gettext_lazy("Persons")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = PersonIndexView
    inspect_view_class = PersonInspectView
    delete_view_class = ProtectedDeleteView
    list_per_page = 50
    list_display = [
        "name",
        "organization",
        "job_title",
        "professional_title",
        "phone",
        "email",
        Column(
            "membership",
            label=gettext_lazy("Individual membership"),
            accessor="membership.number",
        ),
        BooleanColumn("expert", label=gettext_lazy("Expert"), accessor="expert"),
    ]
    filterset_class = PersonFilterSet
    search_fields = ["name", "email", "phone", "organization__name", "employer_name"]
    list_export = [
        "name",
        "organization.name",
        "employer_name",
        "job_title",
        "get_professional_title_display",
        "expertise",
        "get_province_display",
        "phone",
        "email",
        "membership.number",
        "membership.get_status_display",
    ]
    export_headings = {
        "organization.name": gettext_lazy("Employer"),
        "get_professional_title_display": gettext_lazy("Professional title"),
        "get_province_display": gettext_lazy("Province"),
        "membership.number": gettext_lazy("Membership number"),
        "membership.get_status_display": gettext_lazy("Status"),
    }
    export_filename = "persons"
    inspect_view_fields = [
        "name",
        "organization",
        "employer_name",
        "job_title",
        "professional_title",
        "expertise",
        "province",
        "phone",
        "email",
        "user",
        "created_at",
    ]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("province")]),
        FieldRowPanel([FieldPanel("organization"), FieldPanel("employer_name")]),
        FieldRowPanel([FieldPanel("job_title"), FieldPanel("professional_title")]),
        FieldPanel("expertise"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("user", read_only=True),
    ]


# Memberships ----------------------------------------------------------------------------------


class MembershipFilterSet(WagtailFilterSet):
    tier = django_filters.ChoiceFilter(choices=Membership.Tier.choices, label=gettext_lazy("Tier"))
    status = django_filters.ChoiceFilter(
        choices=Membership.Status.choices, label=gettext_lazy("Status")
    )
    individual = django_filters.BooleanFilter(
        field_name="person", lookup_expr="isnull", exclude=True, label=gettext_lazy("Individual")
    )
    joined_on = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Joined on"), widget=DateRangePickerWidget
    )
    paid_through = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Paid through"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Membership
        fields: list[str] = []


class MembershipCreateForm(WagtailAdminModelForm):
    """Opens a membership through members.services.create_membership (number, history)."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            (Membership.Status.ACTIVE, Membership.Status.ACTIVE.label),
            (Membership.Status.PENDING, Membership.Status.PENDING.label),
        ],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        help_text=gettext_lazy("Recorded in the membership's history, e.g. the council decision."),
    )

    def clean(self):
        cleaned = super().clean()
        organization, person = cleaned.get("organization"), cleaned.get("person")
        if bool(organization) == bool(person):
            raise forms.ValidationError(_("Choose either an organization or a person."))
        tier = cleaned.get("tier")
        if person and tier and tier != Membership.Tier.INDIVIDUAL:
            self.add_error("tier", _("A person can only hold an individual membership."))
        if organization and tier == Membership.Tier.INDIVIDUAL:
            self.add_error("tier", _("An organization cannot hold an individual membership."))
        subject = organization or person
        if (
            subject is not None
            and Membership.objects.filter(
                **{"organization" if organization else "person": subject}
            ).exists()
        ):
            raise forms.ValidationError(_("This member already has a membership."))
        return cleaned


class MembershipCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        try:
            return services.create_membership(
                data.get("organization") or data.get("person"),
                tier=data["tier"],
                user=self.request.user,
                status=data["status"],
                joined_on=data.get("joined_on"),
                paid_through=data.get("paid_through"),
                reason=data.get("reason", ""),
            )
        except MembershipError as error:
            # Checked in the form already; a race ends here with a message, not a 500.
            raise PermissionDenied(str(error)) from error


class MembershipIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return Membership.objects.select_related("organization", "person", "person__organization")


class MembershipInspectView(HistoryInspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Membership.objects.select_related("organization", "person", "person__organization"),
            pk=self.pk,
        )

    viewset = None

    def get_header_buttons(self):
        return [
            *self.viewset.action_buttons(self.object, self.request.user, header=True),
            *super().get_header_buttons(),
        ]

    def get_sections(self):
        return [
            {
                "title": _("Status history"),
                "template": "members/admin/sections/status_changes.html",
                "status_changes": self.object.status_history(),
            }
        ]


class MembershipStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the membership's history; say who decided and why."),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = Membership.TRANSITIONS.get(membership.status, set())
        self.fields["status"].choices = [
            (value, label) for value, label in Membership.Status.choices if value in allowed
        ]


def _change_status(membership, user, data):
    services.change_status(membership, data["status"], user=user, reason=data["reason"])
    return _("The membership %(number)s is now “%(status)s”.") % {
        "number": membership.number,
        "status": Membership.Status(data["status"]).label,
    }


class MembershipViewSet(ActionsMixin, ModelViewSet):
    model = Membership
    icon = "tag"
    menu_label = gettext_lazy("Memberships")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    inspect_view_class = MembershipInspectView
    list_per_page = 50
    list_display = [
        "number",
        Column("subject", label=gettext_lazy("Member"), accessor="subject"),
        "tier",
        "status",
        DateValueColumn("joined_on", label=gettext_lazy("Joined on"), sort_key="joined_on"),
        DateValueColumn(
            "paid_through", label=gettext_lazy("Paid through"), sort_key="paid_through"
        ),
    ]
    filterset_class = MembershipFilterSet
    search_fields = [
        "number",
        "organization__name",
        "organization__short_name",
        "organization__credit_code",
        "person__name",
    ]
    list_export = [
        "number",
        "subject",
        "get_tier_display",
        "get_status_display",
        "joined_on",
        "paid_through",
    ]
    export_headings = {
        "subject": gettext_lazy("Member"),
        "get_tier_display": gettext_lazy("Tier"),
        "get_status_display": gettext_lazy("Status"),
    }
    export_filename = "memberships"
    inspect_view_fields = [
        "number",
        "organization",
        "person",
        "tier",
        "status",
        "joined_on",
        "paid_through",
        "created_at",
    ]
    # Editing never touches the number or the status: the status changes by its action.
    actions = (
        Action(
            "status",
            gettext_lazy("Change status"),
            MembershipStatusForm,
            _change_status,
            lambda membership: bool(Membership.TRANSITIONS.get(membership.status)),
            form_kwargs=lambda membership: {"membership": membership},
        ),
    )
    action_error = MembershipError
    actions_in_listing = True
    panels = [
        FieldPanel("tier"),
        FieldRowPanel([FieldPanel("joined_on"), FieldPanel("paid_through")]),
    ]
    create_panels = [
        FieldRowPanel([FieldPanel("organization"), FieldPanel("person")]),
        FieldRowPanel([FieldPanel("tier"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("joined_on"), FieldPanel("paid_through")]),
        FieldPanel("reason"),
    ]

    @cached_property
    def _create_handler(self):
        return ObjectList(self.create_panels, base_form_class=MembershipCreateForm).bind_to_model(
            Membership
        )

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            panel=self._create_handler, form_class=self._create_handler.get_form_class(), **kwargs
        )


# Branches -------------------------------------------------------------------------------------


class BranchFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=Branch.Kind.choices, label=gettext_lazy("Type"))
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Active"))

    class Meta:
        model = Branch
        fields: list[str] = []


class BranchForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "supervising_staff" in self.fields:
            self.fields["supervising_staff"].queryset = get_user_model().objects.filter(
                is_staff=True, is_active=True
            )


class BranchIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return Branch.objects.select_related("supervising_staff").annotate(
            seat_count=Count("positions", distinct=True),
            secretary_count=Count("secretaries", distinct=True),
        )


class BranchInspectView(HistoryInspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(Branch.objects.select_related("supervising_staff"), pk=self.pk)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change"):
            buttons += [
                Button(
                    _("Add a position"),
                    url=reverse("member_branch:add_position", args=[self.object.pk]),
                    icon_name="plus",
                ),
                Button(
                    _("Add a secretary"),
                    url=reverse("member_branch:add_secretary", args=[self.object.pk]),
                    icon_name="user",
                ),
            ]
        return buttons

    def get_sections(self):
        can_change = self.user_has_permission("change")
        return [
            {
                "title": _("Positions"),
                "template": "members/admin/sections/branch_positions.html",
                "positions": self.object.positions.select_related(
                    "person", "organization", "person__organization"
                ),
                "can_change": can_change,
            },
            {
                "title": _("Secretaries"),
                "template": "members/admin/sections/branch_secretaries.html",
                "branch": self.object,
                "secretaries": self.object.secretaries.order_by("email"),
                "can_change": can_change,
            },
        ]


class PositionForm(forms.Form):
    position = forms.ChoiceField(
        label=gettext_lazy("Position"), choices=BranchPosition.Position.choices
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"),
        queryset=Person.objects.all(),
        required=False,
        widget=person_chooser_viewset.widget_class(),
        help_text=gettext_lazy("A member person, or someone working for a member organization."),
    )
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organization"),
        queryset=Organization.objects.all(),
        required=False,
        widget=organization_chooser_viewset.widget_class(),
        help_text=gettext_lazy("A member organization (leave empty when a person sits alone)."),
    )
    since = date_field(gettext_lazy("Since"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("organization"):
            raise forms.ValidationError(
                _("Choose the person or organization who holds the position.")
            )
        return cleaned


class SecretaryForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email of the user account"),
        help_text=gettext_lazy("The person must already have an account on the website."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No user account has this email address."))
        self.cleaned_data["user"] = user
        return email


class RemovePositionForm(forms.Form):
    seat = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False)

    def __init__(self, *args, branch: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = branch.positions.all()


class RemoveSecretaryForm(forms.Form):
    secretary = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, branch: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = branch.secretaries.all()


def _add_position(branch, user, data):
    seat = services.add_position(
        branch,
        position=data["position"],
        person=data["person"],
        organization=data["organization"],
        since=data["since"],
        user=user,
    )
    return _("%(holder)s is now %(position)s of %(branch)s.") % {
        "holder": seat.holder,
        "position": seat.get_position_display(),
        "branch": branch,
    }


def _remove_position(branch, user, data):
    services.remove_position(data["seat"], user=user, reason=data["reason"])
    return _("The position has been removed.")


def _add_secretary(branch, user, data):
    services.add_secretary(branch, data["user"], user=user)
    return _("%(user)s is now a secretary of %(branch)s.") % {
        "user": data["user"].email,
        "branch": branch,
    }


def _remove_secretary(branch, user, data):
    services.remove_secretary(branch, data["secretary"], user=user)
    return _("%(user)s is no longer a secretary.") % {"user": data["secretary"].email}


def _of_branch(branch) -> dict:
    return {"branch": branch}


class BranchViewSet(ActionsMixin, ModelViewSet):
    model = Branch
    # Seats and secretaries change only through members.services, each logged.
    actions = (
        Action("add_position", gettext_lazy("Add a position"), PositionForm, _add_position),
        Action(
            "remove_position",
            gettext_lazy("Remove"),
            RemovePositionForm,
            _remove_position,
            form_kwargs=_of_branch,
            danger=True,
        ),
        Action("add_secretary", gettext_lazy("Add a secretary"), SecretaryForm, _add_secretary),
        Action(
            "remove_secretary",
            gettext_lazy("Remove"),
            RemoveSecretaryForm,
            _remove_secretary,
            form_kwargs=_of_branch,
            danger=True,
        ),
    )
    action_error = MembershipError
    icon = "group"
    menu_label = gettext_lazy("Branches")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = BranchIndexView
    inspect_view_class = BranchInspectView
    delete_view_class = ProtectedDeleteView
    list_display = [
        "name",
        "kind",
        DateValueColumn("established_on", label=gettext_lazy("Established on")),
        Column("seat_count", label=gettext_lazy("Positions"), sort_key="seat_count"),
        Column("secretary_count", label=gettext_lazy("Secretaries"), sort_key="secretary_count"),
        BooleanColumn("is_active", label=gettext_lazy("Active")),
    ]
    filterset_class = BranchFilterSet
    search_fields = ["name", "description"]
    list_export = ["name", "get_kind_display", "established_on", "seat_count", "secretary_count"]
    export_headings = {
        "get_kind_display": gettext_lazy("Type"),
        "seat_count": gettext_lazy("Positions"),
        "secretary_count": gettext_lazy("Secretaries"),
    }
    export_filename = "branches"
    inspect_view_fields = [
        "name",
        "kind",
        "established_on",
        "description",
        "supervising_staff",
        "section_page",
        "publish_directly",
        "is_active",
    ]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("established_on")]),
        FieldPanel("description"),
        FieldPanel("supervising_staff"),
        FieldPanel("section_page"),
        FieldPanel("publish_directly"),
        FieldPanel("is_active"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=BranchForm).bind_to_model(Branch)


# Experts --------------------------------------------------------------------------------------


class ExpertFilterSet(WagtailFilterSet):
    fields = django_filters.ModelChoiceFilter(
        queryset=ExpertiseField.objects.all(), label=gettext_lazy("Field of expertise")
    )
    availability = django_filters.ChoiceFilter(
        choices=Expert.Availability.choices, label=gettext_lazy("Availability")
    )
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Active"))

    class Meta:
        model = Expert
        fields: list[str] = []


class ExpertIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return (
            Expert.objects.select_related("person", "person__organization")
            .prefetch_related("fields")
            .annotate(conflict_count=Count("conflicts"))
        )


class ExpertCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        person = self.request.GET.get("person", "")
        if person.isdigit():
            initial["person"] = person
        return initial


class ExpertInspectView(HistoryInspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Expert.objects.select_related("person", "person__organization"), pk=self.pk
        )

    def get_sections(self):
        return [
            {
                "title": _("Declared conflicts of interest"),
                "template": "members/admin/sections/conflicts.html",
                "conflicts": self.object.conflicts.select_related("organization"),
            }
        ]


class ExpertViewSet(ModelViewSet):
    model = Expert
    icon = "user"
    menu_label = gettext_lazy("Expert pool")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ExpertIndexView
    add_view_class = ExpertCreateView
    inspect_view_class = ExpertInspectView
    list_per_page = 50
    list_display = [
        Column(
            "person", label=gettext_lazy("Name"), accessor="person.name", sort_key="person__name"
        ),
        Column("organization", label=gettext_lazy("Employer"), accessor="person.organization"),
        Column("fields", label=gettext_lazy("Fields of expertise"), accessor="field_names"),
        "availability",
        Column("conflict_count", label=gettext_lazy("Conflicts"), sort_key="conflict_count"),
        BooleanColumn("is_active", label=gettext_lazy("Active")),
    ]
    filterset_class = ExpertFilterSet
    search_fields = ["person__name", "person__organization__name", "biography"]
    list_export = [
        "person.name",
        "person.organization.name",
        "person.get_professional_title_display",
        "field_names",
        "get_availability_display",
        "is_active",
        "since",
        "conflict_count",
    ]
    export_headings = {
        "person.name": gettext_lazy("Name"),
        "person.organization.name": gettext_lazy("Employer"),
        "person.get_professional_title_display": gettext_lazy("Professional title"),
        "field_names": gettext_lazy("Fields of expertise"),
        "get_availability_display": gettext_lazy("Availability"),
        "conflict_count": gettext_lazy("Conflicts"),
    }
    export_filename = "experts"
    inspect_view_fields = ["person", "fields", "availability", "biography", "is_active", "since"]
    panels = [
        FieldPanel("person"),
        FieldPanel("fields", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("availability"), FieldPanel("since")]),
        FieldPanel("biography"),
        FieldPanel("is_active"),
        InlinePanel(
            "conflicts",
            heading=gettext_lazy("Declared conflicts of interest"),
            label=gettext_lazy("Conflict"),
            panels=[FieldPanel("organization"), FieldPanel("reason"), FieldPanel("declared_on")],
        ),
    ]


organization_viewset = OrganizationViewSet(
    "member_organization", url_prefix="members/organizations"
)
person_viewset = PersonViewSet("member_person", url_prefix="members/persons")
membership_viewset = MembershipViewSet("member_membership", url_prefix="members/memberships")
branch_viewset = BranchViewSet("member_branch", url_prefix="members/branches")
expert_viewset = ExpertViewSet("member_expert", url_prefix="members/experts")


def _import_viewset():
    from .imports import import_viewset

    return import_viewset


# members.wagtail_hooks puts these in the one "Members" menu, after the join queue.
viewsets = [
    organization_viewset,
    person_viewset,
    membership_viewset,
    branch_viewset,
    expert_viewset,
    _import_viewset(),
]

# Registered on their own (no menu item): the choosers used by the forms above.
chooser_viewsets = [organization_chooser_viewset, person_chooser_viewset]
