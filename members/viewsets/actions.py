"""A back-office action on one object (approve, reject, record a payment ...): a small form,
a service call, the domain error shown as a form error, then back to the inspect view."""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic.edit import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from members.models import MembershipError


class ConfirmForm(forms.Form):
    """No fields: the button is the confirmation."""


class ObjectActionView(WagtailAdminTemplateMixin, FormView):
    model = None
    permission = "change"
    form_class = ConfirmForm
    template_name = "members/admin/action.html"
    header_icon = "tick"
    action_label = ""
    success_message = ""
    index_url_name = ""
    inspect_url_name = ""
    url_name = ""
    # Statuses from which this action is possible (None: any).
    allowed = None
    intro = ""

    @cached_property
    def permission_policy(self):
        return ModelPermissionPolicy(self.model)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, self.permission):
            raise PermissionDenied
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model._default_manager.all()

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": self.model._meta.verbose_name_plural,
                }
            )
        items.append({"url": self.get_success_url(), "label": str(self.object)})
        items.append({"url": "", "label": self.action_label})
        return items

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.get_extra_form_kwargs()}

    def get_extra_form_kwargs(self):
        return {}

    def get_success_url(self):
        if self.inspect_url_name:
            return reverse(self.inspect_url_name, args=[self.object.pk])
        return reverse(self.index_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action_url=self.request.path,
            submit_button_label=self.action_label,
            submit_button_active_label=self.action_label,
            intro=self.intro,
            cancel_url=self.get_success_url(),
        )
        return context

    def perform(self, form):  # pragma: no cover - subclasses say what the action does
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except MembershipError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        messages.validation_error(
            self.request, _("The action could not be completed; see the errors."), form
        )
        return super().form_invalid(form)


class ActionViewSetMixin:
    """A ModelViewSet whose records come from services: no add, copy or delete in the admin,
    plus action views (`actions = {"approve": ApproveView, ...}`) at <name>/<pk>/."""

    actions: dict = {}
    disabled_views = ("add", "delete", "copy")

    def get_common_view_kwargs(self, **kwargs):
        # Applied after Wagtail's defaults: ModelViewSet sets copy_url_name itself once the
        # kwargs are merged, and a button naming a removed URL answers 500 (NoReverseMatch).
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.disabled_views:
            if f"{name}_url_name" not in kwargs:
                view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    @property
    def url_finder_class(self):
        # History reports link each logged object to its "edit" URL; without an edit view,
        # link to the inspect view (or to nothing) instead of a removed URL name.
        if "edit" not in self.disabled_views:
            return super().url_finder_class
        target = self.get_url_name("inspect") if self.inspect_view_enabled else None

        class URLFinder(ModelAdminURLFinder):
            def construct_edit_url(self, instance):
                return reverse(target, args=(quote(instance.pk),)) if target else None

        return URLFinder

    def get_urlpatterns(self):
        from django.urls import path

        patterns = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in self.disabled_views
        ]
        for name, view_class in self.actions.items():
            view = view_class.as_view(
                model=self.model,
                index_url_name=self.get_url_name("index"),
                inspect_url_name=self.get_url_name("inspect"),
            )
            patterns.append(path(f"{name}/<int:pk>/", view, name=name))
        return patterns

    def action_url(self, name: str, pk) -> str:
        return reverse(self.get_url_name(name), args=[pk])
