"""The events back office in the Wagtail admin: one "Events" menu (a ViewSetGroup) with
events, activities, ticket types, orders, attendees, waiting list, invoice requests, halls,
booths and exhibitors, plus the on-site pages (check-in, badges, reports).

Records that only services may change (orders, attendees, invoices, waiting list, exhibitor
applications) are read-only here; their state actions are forms that call the services."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from website.core.backoffice import (
    ActionsMixin,
    ListingQueryMixin,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
    ViewableHistoryView,
)

from . import admin_actions
from .admin_forms import BoothAdminForm, TicketTypeAdminForm
from .models import (
    Activity,
    Attendee,
    Booth,
    Event,
    ExhibitorApplication,
    Hall,
    InvoiceRequest,
    Order,
    RegistrationError,
    TicketType,
    WaitingListEntry,
)


class SafeDeleteView(generic.DeleteView):
    """Deleting something still in use (an activity with registrations) explains instead of
    failing."""

    def post(self, request, *args, **kwargs):
        from django.contrib import messages

        try:
            return super().post(request, *args, **kwargs)
        except (ProtectedError, RestrictedError):
            messages.error(
                request,
                _(
                    "“%(object)s” is still in use (registrations, orders or booths) and cannot be deleted."
                )
                % {"object": self.object},
            )
            return redirect(self.index_url_name)


class EventsModelViewSet(ListingQueryMixin, ModelViewSet):
    index_view_class = SafeExportIndexView
    inspect_view_class = RecordInspectView
    delete_view_class = SafeDeleteView
    history_view_class = ViewableHistoryView
    copy_view_enabled = False
    # Read-only viewsets never show a form; the others set their own fields or panels.
    exclude_form_fields: list[str] = []


# ---- events, activities, tickets -------------------------------------------------------------


class EventInspectView(RecordInspectView):
    template_name = "events/admin/event_inspect.html"

    def get_context_data(self, **kwargs):
        from .services import activity_counts

        context = super().get_context_data(**kwargs)
        event = self.object
        context["counts"] = activity_counts(event)
        counts = dict(
            Order.objects.filter(event=event)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        # (status, label, count) in the table's order: the template compares no status.
        context["orders_by_status"] = [
            (status, status.label, counts[status]) for status in Order.Status if status in counts
        ]
        return context


class EventViewSet(EventsModelViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = EventInspectView
    list_display = ["title", "code", "kind", "starts_on", "city"]
    list_filter = ["kind", "has_expo"]
    search_fields = ["title", "code", "city"]
    ordering = ["-starts_on"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldRowPanel([FieldPanel("city"), FieldPanel("venue")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Event"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel([FieldPanel("requires_approval"), FieldPanel("payment_days")]),
                FieldPanel("payment_instructions"),
                FieldRowPanel(
                    [FieldPanel("max_attendees_per_order"), FieldPanel("replacement_deadline")]
                ),
            ],
            heading=pgettext_lazy("events", "Registration"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("max_open_orders_per_account"),
                        FieldPanel("max_held_places_per_account"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("max_open_orders_per_organization"),
                        FieldPanel("max_held_places_per_organization"),
                    ]
                ),
                FieldPanel("approval_hold_days"),
            ],
            heading=_("Places held without payment or approval"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cancellation_deadline"),
                FieldRowPanel(
                    [FieldPanel("cancellation_fee_kind"), FieldPanel("cancellation_fee_value")]
                ),
                FieldPanel("cancellation_requires_approval"),
                FieldRowPanel([FieldPanel("waiting_list_enabled"), FieldPanel("offer_hours")]),
            ],
            heading=_("Cancellation and waiting list"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("has_expo"), FieldPanel("expo_applications_open")]),
                FieldRowPanel(
                    [FieldPanel("standard_booth_price"), FieldPanel("raw_space_price_per_sqm")]
                ),
                FieldRowPanel(
                    [FieldPanel("corner_surcharge_percent"), FieldPanel("booth_payment_days")]
                ),
                FieldRowPanel(
                    [FieldPanel("passes_per_standard_booth"), FieldPanel("raw_space_sqm_per_pass")]
                ),
            ],
            heading=_("Exhibition"),
        ),
    ]


class ActivityFilterSet(WagtailFilterSet):
    class Meta:
        model = Activity
        fields = ["event", "kind"]


class ActivityViewSet(EventsModelViewSet):
    model = Activity
    icon = "list-ul"
    menu_label = _("Activities")
    list_display = ["name", "event", "kind", "starts_at", "capacity", "hours"]
    list_select_related = ("event",)
    filterset_class = ActivityFilterSet
    search_fields = ["name", "location"]
    form_fields = [
        "event",
        "name",
        "kind",
        "starts_at",
        "ends_at",
        "location",
        "description",
        "capacity",
        "hours",
        "is_optional",
        "sort_order",
    ]


class TicketTypeFilterSet(WagtailFilterSet):
    class Meta:
        model = TicketType
        fields = ["event", "members_only", "is_active"]


class TicketTypeViewSet(EventsModelViewSet):
    model = TicketType
    icon = "tag"
    menu_label = _("Ticket types")
    list_display = [
        "name",
        "event",
        "member_price",
        "non_member_price",
        BooleanColumn("members_only", label=_("members only"), sort_key="members_only"),
        BooleanColumn("is_active", label=_("active"), sort_key="is_active"),
    ]
    list_select_related = ("event",)
    filterset_class = TicketTypeFilterSet
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("event"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("badge_label")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("member_price"), FieldPanel("non_member_price")]),
            FieldRowPanel(
                [
                    FieldPanel("early_bird_member_price"),
                    FieldPanel("early_bird_non_member_price"),
                    FieldPanel("early_bird_until"),
                ]
            ),
            FieldRowPanel([FieldPanel("sales_start"), FieldPanel("sales_end")]),
            FieldPanel("activities", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel(
                [FieldPanel("members_only"), FieldPanel("is_active"), FieldPanel("sort_order")]
            ),
        ],
        base_form_class=TicketTypeAdminForm,
    )


# ---- orders and what hangs off them ----------------------------------------------------------


class OrderFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all(), label=_("Event"))
    status = django_filters.MultipleChoiceFilter(
        choices=Order.Status.choices, widget=forms.CheckboxSelectMultiple, label=_("Status")
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Placed"))
    with_organization = django_filters.BooleanFilter(
        field_name="organization",
        lookup_expr="isnull",
        exclude=True,
        label=_("Placed by an organization"),
    )
    cancellation_requested = django_filters.BooleanFilter(
        field_name="cancellation_requested_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("Cancellation requested"),
    )

    class Meta:
        model = Order
        fields = ["event", "status", "created_at"]


class OrderInspectView(RecordInspectView):
    template_name = "events/admin/order_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        context.update(
            {
                "order": order,
                "attendees": order.attendees.select_related("ticket_type").prefetch_related(
                    "places__activity", "checkins__activity"
                ),
                "payments": order.payments.select_related("recorded_by"),
                "refunds": order.refunds.select_related("recorded_by"),
                "proofs": order.proofs.all(),
                "invoice": InvoiceRequest.objects.filter(order=order).first(),
                "changes": order.history(),
                "paid": order.paid_amount(),
                "refund_due": order.refund_due(),
            }
        )
        return context


class EventsActionsMixin(ServiceManagedMixin, ActionsMixin):
    """Records that events services own, with their state actions (events.admin_actions)."""

    action_error = RegistrationError


class OrderViewSet(EventsActionsMixin, EventsModelViewSet):
    model = Order
    icon = "doc-full"
    menu_label = _("Orders")
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    list_display = [
        "code",
        "event",
        Column("registrant_label", label=_("Registrant")),
        "status",
        "total",
        "created_at",
    ]
    filterset_class = OrderFilterSet
    search_fields = ["code", "contact_name", "contact_email", "contact_phone", "organization__name"]
    list_export = [
        "code",
        "event",
        "registrant_label",
        "contact_name",
        "contact_phone",
        "contact_email",
        "status",
        "total",
        "created_at",
        "confirmed_at",
    ]
    export_filename = "orders"
    actions = admin_actions.ORDER_ACTIONS

    list_select_related = ("event", "organization")


class AttendeeFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        field_name="order__event", queryset=Event.objects.all(), label=_("Event")
    )
    activity = django_filters.ModelChoiceFilter(
        field_name="places__activity",
        queryset=Activity.objects.select_related("event"),
        label=_("Activity"),
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="order__status",
        choices=Order.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Order status"),
    )
    checked_in = django_filters.BooleanFilter(
        field_name="checkins",
        lookup_expr="isnull",
        exclude=True,
        distinct=True,
        label=_("Checked in"),
    )

    class Meta:
        model = Attendee
        fields = ["event", "activity", "status"]


class AttendeeViewSet(ServiceManagedMixin, EventsModelViewSet):
    model = Attendee
    icon = "user"
    menu_label = _("Attendees")
    inspect_view_enabled = True
    list_display = ["name", "organization_name", "job_title", "ticket_type", "order", "code"]
    filterset_class = AttendeeFilterSet
    search_fields = ["name", "organization_name", "mobile", "email", "code", "order__code"]
    list_export = [
        "name",
        "organization_name",
        "job_title",
        "mobile",
        "email",
        "ticket_type",
        "price",
        "member_price",
        "dietary",
        "dietary_note",
        "order",
        "code",
    ]
    export_filename = "attendees"
    inspect_view_fields = [
        "order",
        "ticket_type",
        "name",
        "organization_name",
        "job_title",
        "mobile",
        "email",
        "dietary",
        "dietary_note",
        "price",
        "member_price",
        "code",
    ]

    list_select_related = ("order__event", "ticket_type")


class WaitingListFilterSet(WagtailFilterSet):
    class Meta:
        model = WaitingListEntry
        fields = ["event", "activity", "status"]


class WaitingListViewSet(EventsActionsMixin, EventsModelViewSet):
    model = WaitingListEntry
    icon = "time"
    menu_label = _("Waiting list")
    inspect_view_enabled = True
    list_display = [
        "name",
        "activity",
        "organization_name",
        "status",
        "created_at",
        "offer_expires_at",
    ]
    filterset_class = WaitingListFilterSet
    search_fields = ["name", "email", "organization_name"]
    ordering = ["activity", "created_at", "pk"]
    inspect_view_fields = [
        "event",
        "activity",
        "attendee",
        "name",
        "email",
        "phone",
        "organization_name",
        "status",
        "created_at",
        "offered_at",
        "offer_expires_at",
    ]
    actions = admin_actions.WAITING_ACTIONS

    list_select_related = ("activity", "event")


class InvoiceFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        field_name="order__event", queryset=Event.objects.all(), label=_("Event")
    )

    class Meta:
        model = InvoiceRequest
        fields = ["event", "status", "kind"]


class InvoiceRequestViewSet(EventsActionsMixin, EventsModelViewSet):
    model = InvoiceRequest
    icon = "doc-full-inverse"
    menu_label = _("Invoice requests")
    inspect_view_enabled = True
    list_display = [
        "title",
        "order",
        "kind",
        "tax_number",
        "status",
        "invoice_number",
        "created_at",
    ]
    filterset_class = InvoiceFilterSet
    search_fields = ["title", "tax_number", "order__code", "invoice_number"]
    list_export = [
        "order",
        "status",
        "kind",
        "title",
        "tax_number",
        "address",
        "phone",
        "bank_name",
        "bank_account",
        "email",
        "amount",
        "invoice_number",
        "issued_at",
        "reversal_reason",
        "remarks",
    ]
    export_filename = "invoice-requests"
    inspect_view_fields = [*list_export]
    actions = admin_actions.INVOICE_ACTIONS

    list_select_related = ("order__event",)


# ---- expo ------------------------------------------------------------------------------------


class HallViewSet(EventsModelViewSet):
    model = Hall
    icon = "home"
    menu_label = _("Halls")
    list_display = ["name", "event", "description"]
    list_select_related = ("event",)
    list_filter = ["event"]
    form_fields = ["event", "name", "description", "sort_order"]


class BoothFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        field_name="hall__event", queryset=Event.objects.filter(has_expo=True), label=_("Event")
    )

    class Meta:
        model = Booth
        fields = ["event", "hall", "status", "kind", "is_corner"]


class BoothViewSet(ActionsMixin, EventsModelViewSet):
    """Booths are laid out by hand; holding one back goes through the service."""

    model = Booth
    icon = "table"
    menu_label = _("Booths")
    list_display = [
        "number",
        "hall",
        "kind",
        Column("area", label=_("Area (m²)")),
        BooleanColumn("is_corner", label=_("corner booth"), sort_key="is_corner"),
        "price",
        "status",
        "application",
    ]
    filterset_class = BoothFilterSet
    search_fields = ["number", "application__company_name"]
    list_export = [
        "hall",
        "number",
        "kind",
        "width",
        "depth",
        "area",
        "is_corner",
        "price",
        "status",
        "application",
    ]
    export_filename = "booths"
    inspect_view_enabled = True
    inspect_view_fields = [
        "hall",
        "number",
        "kind",
        "width",
        "depth",
        "is_corner",
        "price",
        "status",
        "application",
        "reserved_until",
    ]
    actions = admin_actions.BOOTH_ACTIONS
    action_error = RegistrationError
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("hall"), FieldPanel("number")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("width"), FieldPanel("depth")]),
            FieldRowPanel([FieldPanel("is_corner"), FieldPanel("price")]),
        ],
        base_form_class=BoothAdminForm,
    )

    list_select_related = ("hall__event", "application")


class ExhibitorFilterSet(WagtailFilterSet):
    class Meta:
        model = ExhibitorApplication
        fields = ["event", "status", "wanted_kind"]


class ExhibitorInspectView(RecordInspectView):
    template_name = "events/admin/exhibitor_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            {
                "application": application,
                "booths": application.booths.select_related("hall"),
                "payments": application.payments.all(),
                "passes": application.passes.all(),
                "paid": application.paid_amount(),
                "changes": application.history(),
            }
        )
        return context


class ExhibitorViewSet(EventsActionsMixin, EventsModelViewSet):
    model = ExhibitorApplication
    icon = "group"
    menu_label = _("Exhibitors")
    inspect_view_enabled = True
    inspect_view_class = ExhibitorInspectView
    list_display = [
        "company_name",
        "event",
        "wanted_kind",
        "wanted_area",
        "status",
        "amount",
        "payment_deadline",
    ]
    filterset_class = ExhibitorFilterSet
    search_fields = ["company_name", "credit_code", "contact_name"]
    list_export = [
        "company_name",
        "credit_code",
        "status",
        "booth_numbers",
        "amount",
        "payment_deadline",
        "contact_name",
        "contact_phone",
        "contact_email",
        "catalogue_text",
        "website",
    ]
    export_filename = "exhibitors"
    actions = admin_actions.EXHIBITOR_ACTIONS

    list_select_related = ("event",)


class OnSiteMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("events.check_in") or request.user.has_perm(
            "events.view_order"
        )


class OnSiteViewSet(ViewSet):
    """Check-in, badges, certificates and spreadsheets, per event (not a model listing)."""

    icon = "tasks"
    menu_label = _("On site and reports")
    menu_item_class = OnSiteMenuItem

    def get_urlpatterns(self):
        from . import admin_views

        return admin_views.urlpatterns

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


class EventsViewSetGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 300
    items = (
        EventViewSet("events_events", url_prefix="events/events"),
        ActivityViewSet("events_activities", url_prefix="events/activities"),
        TicketTypeViewSet("events_tickets", url_prefix="events/tickets"),
        OrderViewSet("events_orders", url_prefix="events/orders"),
        AttendeeViewSet("events_attendees", url_prefix="events/attendees"),
        WaitingListViewSet("events_waiting", url_prefix="events/waiting-list"),
        InvoiceRequestViewSet("events_invoices", url_prefix="events/invoices"),
        HallViewSet("events_halls", url_prefix="events/halls"),
        BoothViewSet("events_booths", url_prefix="events/booths"),
        ExhibitorViewSet("events_exhibitors", url_prefix="events/exhibitors"),
        OnSiteViewSet("events_onsite", url_prefix="events/on-site"),
    )


def inspect_url(viewset_name: str, pk: int) -> str:
    return reverse(f"{viewset_name}:inspect", args=[pk])
