"""The back-office kit: one way, for every app, to show in the Wagtail admin the records that
services own and to act on them.

- `ServiceManagedPolicy` / `ServiceManagedMixin`: records that only services create and change
  (orders, applications, certificates ...) are listed, inspected and exported; the admin offers
  no add, copy, delete (and, unless the viewset lets staff edit some fields, no edit) for them.
- `ListingQueryMixin`: a listing's rows come with their relations (a fixed number of queries
  per page, whatever the rows per page).
- `SafeExportIndexView`: listings whose spreadsheet export never runs a formula and streams
  (website.core.exports), whatever the number of rows.
- `Action` + `ActionView` + `ActionsMixin`: a state action (approve, record a payment ...) is a
  Django form whose cleaned data go to one service function. The confirm page shows the form;
  POST runs the service; the app's domain error comes back as a message, never a 500.
- `RecordInspectView`: the inspect view with the available actions as header buttons and the
  record's status history (website.core.states).
"""

from __future__ import annotations

import csv
import gc
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic.edit import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_buttons import written_buttons
from .admin_views import LocalTimeInspectMixin
from .exports import SafeCSVExportMixin, Sheet, xlsx_response
from .rows import released

# ---- records that services own ----------------------------------------------------------------

# Wagtail's views for writing a record by hand, by the permission each one asks for.
HAND_WRITES = {"add": "add", "copy": "copy", "edit": "change", "delete": "delete"}


class ServiceManagedPolicy(ModelPermissionPolicy):
    """Staff may see these records and act on them through services, but not write them by
    hand: the permissions in `denied` are refused whatever the user's groups say."""

    def __init__(self, model, *, denied: Iterable[str] = ("add", "copy", "change", "delete")):
        super().__init__(model)
        self.denied = frozenset(denied)

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def service_managed(*models_: type[models.Model]) -> None:
    """The service-managed policy for models without a viewset of their own (committee votes),
    so that no other admin view (choosers, reports) writes them by hand either."""
    for model in models_:
        register_permission_policy(model, ServiceManagedPolicy(model))


class ViewableHistoryView(history.HistoryView):
    # Staff who may only view a service-managed record still see its audit history.
    any_permission_required = ["add", "change", "delete", "view"]


class ServiceManagedMixin:
    """For a ModelViewSet of records that services own: the hand-writing views not in
    `editable` are gone (no URL, no button, no link to them) and refused by the policy.

    `editable = ("edit",)` keeps the edit form for the fields staff may correct by hand."""

    editable: tuple[str, ...] = ()
    # A hand-writing view replaced by one of the viewset's own that calls a service
    # ({"add": "issue"}): Wagtail's buttons lead there and the permission stays.
    own_views: dict[str, str] = {}
    history_view_class = ViewableHistoryView

    @property
    def removed_views(self) -> list[str]:
        return [view for view in HAND_WRITES if view not in self.editable]

    def on_register(self):
        denied = [HAND_WRITES[v] for v in self.removed_views if v not in self.own_views]
        register_permission_policy(self.model, ServiceManagedPolicy(self.model, denied=denied))
        super().on_register()

    def get_common_view_kwargs(self, **kwargs):
        # A button naming a removed URL would answer 500 (NoReverseMatch).
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in self.removed_views:
            own = self.own_views.get(view)
            view_kwargs[f"{view}_url_name"] = self.get_url_name(own) if own else None
        return view_kwargs

    def get_exclude_form_fields(self):
        # Wagtail builds a form class even for a viewset that shows no form.
        if {"add", "edit"} <= set(self.removed_views):
            return []
        return super().get_exclude_form_fields()

    def get_urlpatterns(self):
        removed = set(self.removed_views)
        return [p for p in super().get_urlpatterns() if p.name not in removed]

    @property
    def url_finder_class(self):
        # Histories and reports link a logged object to its "edit" URL; without an edit view
        # they link to the inspect view (or to nothing).
        if "edit" in self.editable:
            return super().url_finder_class
        target = self.get_url_name("inspect") if self.inspect_view_enabled else None

        class URLFinder(ModelAdminURLFinder):
            def construct_edit_url(self, instance):
                return reverse(target, args=(quote(instance.pk),)) if target else None

            def get_edit_url(self, instance):
                # The link is to inspect, so viewing is the permission it needs.
                policy = ModelPermissionPolicy(type(instance))
                if self.user and not policy.user_has_any_permission(self.user, ["view", "change"]):
                    return None
                return self.construct_edit_url(instance)

        return URLFinder


# ---- listings at scale ------------------------------------------------------------------------


class ListingQueryMixin:
    """For ModelViewSets: the listing (and its export) loads each row's relations with it, so
    a page takes the same number of queries whatever its number of rows.

    Set ``list_select_related`` / ``list_prefetch_related`` on the viewset. Wagtail 8 gives a
    ModelViewSet's index view its rows from the view's ``queryset`` attribute
    (``BaseListingView.get_base_queryset``); a ``get_queryset(self, request)`` on the viewset,
    as snippet viewsets have, is never called. The queryset is built once here and cloned by
    the view on every request."""

    list_select_related: Iterable[str] = ()
    list_prefetch_related: Iterable[Any] = ()

    def get_listing_queryset(self) -> models.QuerySet:
        queryset = self.model._default_manager.all()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs.setdefault("queryset", self.get_listing_queryset())
        return view_kwargs


# ---- spreadsheet exports ----------------------------------------------------------------------


class _Echo:
    """A file for csv.writer that hands each line back instead of storing it."""

    def write(self, value):
        return value


class SafeExportIndexView(SafeCSVExportMixin, generic.IndexView):
    """A listing whose exports never start a formula (website.core.exports); a column that
    follows an optional relation (membership.number) stays empty where the relation is
    missing, instead of failing the whole export. CSV and XLSX exports stream: the rows are read
    with ``iterator()`` in chunks and written out as they come (website.core.exports), so
    100,000 rows start at once and keep the worker's memory flat."""

    viewset = None

    def get_list_buttons(self, instance):
        # Each row's "more" menu written without the template engine (website.core.admin_buttons).
        return written_buttons(super().get_list_buttons(instance))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if getattr(self.viewset, "actions_in_listing", False):
            return [*self.viewset.action_buttons(instance, self.request.user), *buttons]
        return buttons

    # Rows (with what they prefetch) held at once: 500 keeps a 100,000-row export at +22 MB
    # of worker memory against +38 MB at 2,000, for the same time (tests/perf/README.md).
    export_chunk_size = 500
    export_sheet_title = "Sheet1"

    def get(self, request, *args, **kwargs):
        # An export never builds the listing: Wagtail's index view makes the table and takes
        # len() of the whole queryset before writing the first row (17 s at 100,000 rows).
        if self.is_export:
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def export_rows(self, queryset, export_format):
        """The rows as lists of cell values, read from the database in chunks. Each object is
        released once its row is written (`website.core.rows`): refcounting then frees a chunk
        at once, instead of the garbage collector at its next full pass. The garbage earlier
        requests left (reference cycles the collector has not reached yet) is collected first,
        once per export, so the rows reuse its memory instead of growing the worker."""
        gc.collect()
        for item in released(queryset.iterator(chunk_size=self.export_chunk_size)):
            yield [
                self.preprocess_field_value(field, value, export_format)
                for field, value in self.to_row_dict(item).items()
            ]

    def stream_csv(self, queryset):
        writer = csv.writer(_Echo())
        yield writer.writerow([self.get_heading(queryset, field) for field in self.list_export])
        for row in self.export_rows(queryset, self.FORMAT_CSV):
            yield writer.writerow(row)

    def write_xlsx_response(self, queryset):
        header = [self.get_heading(queryset, field) for field in self.list_export]
        sheet = Sheet(self.export_sheet_title, header, self.export_rows(queryset, self.FORMAT_XLSX))
        return xlsx_response(f"{self.get_filename()}.xlsx", [sheet])

    def to_row_dict(self, item):
        row = OrderedDict()
        for name in self.list_export:
            try:
                row[name] = multigetattr(item, name)
            except AttributeError:  # includes RelatedObjectDoesNotExist
                row[name] = None
        return row


# ---- actions ----------------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """No fields: the button is the confirmation."""


def date_field(label, **kwargs) -> forms.DateField:
    """A date in an action form: parsed and checked by Django, picked with the admin's widget."""
    return forms.DateField(label=label, widget=AdminDateInput(), **kwargs)


class Outcome(NamedTuple):
    """What `perform` may return instead of a message: the message, where to go next (a new
    version, a replacing certificate) and warnings (experts skipped, awards still waiting)."""

    message: str
    url: str = ""
    warnings: tuple[str, ...] = ()


class Refused(Exception):
    """Why an action did not run, in words for the user."""


def run_action(action: Action, obj, user, data: dict, error_class) -> Outcome:
    """Call the action's service if the object's state allows it; the service's domain error
    (`error_class`) becomes Refused."""
    if not action.is_available(obj, user):
        raise Refused(_("This action is not available in the current state."))
    try:
        outcome = action.perform(obj, user, data)
    except error_class as error:
        raise Refused(str(error)) from error
    return outcome if isinstance(outcome, Outcome) else Outcome(outcome or "")


def report(request, outcome: Outcome) -> None:
    if outcome.message:
        messages.success(request, outcome.message)
    for warning in outcome.warnings:
        messages.warning(request, warning)


@dataclass(frozen=True)
class Action:
    """One state action on one object.

    `perform(obj, user, cleaned_data)` calls the service and returns the success message (or
    an Outcome). `available(obj)` says whether the object's state allows it; with `transition`
    set, the model's state machine decides instead (`obj.can(user, transition)`).
    `permission` is checked on the object: a Django permission ("app.codename", or "change"
    for the model's own; "" for none) and, if given, `allowed(user, obj)` for rules per
    object."""

    name: str
    label: Any
    form_class: type[forms.Form]
    perform: Callable[[Any, Any, dict], str | Outcome | None]
    available: Callable[[Any], bool] = lambda obj: True
    transition: str = ""
    permission: str = "change"
    allowed: Callable[[Any, Any], bool] | None = None
    initial: Callable[[Any], dict] = lambda obj: {}
    form_kwargs: Callable[[Any], dict] = lambda obj: {}
    intro: Any = ""
    danger: bool = False

    def is_available(self, obj, user) -> bool:
        if self.transition:
            return obj.can(user, self.transition)
        return self.available(obj)

    def has_permission(self, user, obj) -> bool:
        policy = ModelPermissionPolicy(type(obj))
        if not self.permission:  # `allowed` alone decides (page permissions)
            permitted = True
        elif "." in self.permission:
            permitted = user.is_active and user.has_perm(self.permission)
        else:
            permitted = policy.user_has_permission_for_instance(user, self.permission, obj)
        return permitted and (self.allowed is None or self.allowed(user, obj))


class ActionView(WagtailAdminTemplateMixin, FormView):
    """GET: the confirm page with the action's form. POST: the form, then the service; the
    domain error (the viewset's `action_error`) is shown as a message with the form kept.
    Then back to the record. The viewset (ActionsMixin) passes `viewset`."""

    template_name = "core/admin/action.html"
    header_icon = "tick"
    http_method_names = ["get", "post"]
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        self.object = self.viewset.get_action_object(request, kwargs["pk"])
        self.action = self.viewset.get_action(kwargs["action"])
        if not self.action.has_permission(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.action.is_available(self.object, request.user):
            messages.error(request, _("This action is not available in the current state."))
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.action.label)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse(self.viewset.get_url_name("index")),
                "label": self.viewset.model._meta.verbose_name_plural,
            },
            {"url": self.get_success_url(), "label": str(self.object)},
            {"url": "", "label": str(self.action.label)},
        ]

    def get_form_class(self):
        return self.action.form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.action.form_kwargs(self.object)}

    def get_initial(self):
        return self.action.initial(self.object)

    def get_success_url(self):
        return self.viewset.get_action_return_url(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            action=self.action,
            intro=self.action.intro,
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            outcome = run_action(
                self.action,
                self.object,
                self.request.user,
                form.cleaned_data,
                self.viewset.action_error,
            )
        except Refused as refusal:
            # Say why, with the form as it was typed.
            messages.error(self.request, str(refusal))
            return self.render_to_response(self.get_context_data(form=form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        report(self.request, outcome)
        return HttpResponseRedirect(outcome.url or self.get_success_url())

    def form_invalid(self, form):
        if form.errors:
            messages.validation_error(
                self.request, _("The action could not be completed; see the errors."), form
            )
        return super().form_invalid(form)


POSTED = "backoffice_posted"


def errors_in_words(form) -> str:
    """A form's errors as one message, for pages whose forms are written by hand."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)


class ActionPageMixin:
    """For a page that hosts several actions' forms (certification's processing page) instead
    of a confirm page each: a POST names its action in `action` (the button's value) and runs
    it as ActionView does. A refusal comes back as a message, with what was typed in
    `posted` for the page's form, after a redirect."""

    action_error: type[Exception] | tuple[type[Exception], ...] = ()

    def get_page_actions(self) -> Iterable[Action]:
        return ()

    def post(self, request, *args, **kwargs):
        name = request.POST.get("action", "")
        action = next((a for a in self.get_page_actions() if a.name == name), None)
        if action is None:
            messages.error(request, _("Unknown action."))
            return HttpResponseRedirect(request.path)
        if not action.has_permission(request.user, self.object):
            raise PermissionDenied
        form = action.form_class(request.POST, **action.form_kwargs(self.object))
        if not form.is_valid():
            return self.action_refused(form, errors_in_words(form))
        try:
            outcome = run_action(
                action, self.object, request.user, form.cleaned_data, self.action_error
            )
        except Refused as refusal:
            return self.action_refused(form, str(refusal))
        report(request, outcome)
        return HttpResponseRedirect(outcome.url or request.path)

    def action_refused(self, form, message: str):
        messages.error(self.request, message)
        typed = {
            key: value
            for key, value in form.data.items()
            if key != "csrfmiddlewaretoken" and "\x00" not in key + value
        }
        self.request.session[POSTED] = {"path": self.request.path, "data": typed}
        return HttpResponseRedirect(self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posted = self.request.session.pop(POSTED, None)
        context["posted"] = posted["data"] if posted and posted["path"] == self.request.path else {}
        return context


class BoundAction(NamedTuple):
    """An action the user may take on an object now, with its URL (for buttons and templates)."""

    name: str
    label: Any
    url: str
    danger: bool


class ActionsMixin:
    """For a ViewSet: the `actions` at <pk>/action/<name>/ (URL name: the action's name), the
    app's domain error in `action_error`, and the list of what a user may do on an object."""

    actions: tuple[Action, ...] = ()
    # Also in each row's "more" menu (where `available` costs no query per row).
    actions_in_listing = False
    action_error: type[Exception] | tuple[type[Exception], ...] = ()
    action_view_class = ActionView

    def get_urlpatterns(self):
        view = self.action_view_class.as_view(viewset=self)
        return [
            *super().get_urlpatterns(),
            *(
                path(f"<int:pk>/action/{a.name}/", view, {"action": a.name}, name=a.name)
                for a in self.actions
            ),
        ]

    def get_common_view_kwargs(self, **kwargs):
        # Inspect and listing views that have a `viewset` attribute list the actions.
        return super().get_common_view_kwargs(**{"viewset": self, **kwargs})

    def get_action(self, name: str) -> Action:
        for action in self.actions:
            if action.name == name:
                return action
        raise Http404

    def get_action_queryset(self, request):
        return self.model._default_manager.all()

    def get_action_object(self, request, pk):
        return get_object_or_404(self.get_action_queryset(request), pk=pk)

    def get_action_return_url(self, obj) -> str:
        if getattr(self, "inspect_view_enabled", False):
            return reverse(self.get_url_name("inspect"), args=[quote(obj.pk)])
        return reverse(self.get_url_name("index"))

    def action_url(self, name: str, pk) -> str:
        return reverse(self.get_url_name(name), args=[pk])

    def available_actions(self, obj, user) -> list[BoundAction]:
        return [
            BoundAction(a.name, a.label, self.action_url(a.name, obj.pk), a.danger)
            for a in self.actions
            if a.has_permission(user, obj) and a.is_available(obj, user)
        ]

    def action_buttons(self, obj, user, *, header: bool = False) -> list[Button]:
        button = HeaderButton if header else Button
        return [
            button(a.label, url=a.url, priority=index, icon_name="")
            for index, a in enumerate(self.available_actions(obj, user))
        ]


# ---- inspect ----------------------------------------------------------------------------------


class RecordInspectView(LocalTimeInspectMixin, generic.InspectView):
    """Inspect with the actions the user may take as header buttons (`actions` in the
    context, for templates that place them) and the status history (`changes`)."""

    template_name = "core/admin/inspect.html"
    viewset = None

    @cached_property
    def actions(self) -> list[BoundAction]:
        if isinstance(self.viewset, ActionsMixin):
            return self.viewset.available_actions(self.object, self.request.user)
        return []

    def get_header_buttons(self):
        return [
            *(
                HeaderButton(a.label, url=a.url, priority=index)
                for index, a in enumerate(self.actions)
            ),
            *super().get_header_buttons(),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = self.actions
        if hasattr(self.object, "status_history"):
            context["changes"] = self.object.status_history()
        return context
