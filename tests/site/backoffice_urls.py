"""A viewset on the back-office kit for tests/site/test_backoffice_kit.py: groups (any model
would do) with a rename action whose form has a date, and a domain error of its own."""

from django import forms
from django.contrib.auth.models import Group
from django.urls import include, path
from wagtail.admin.viewsets.model import ModelViewSet

from website import urls as site_urls
from website.core.backoffice import (
    Action,
    ActionsMixin,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
    date_field,
)


class KitError(Exception):
    """The domain error a service raises for what the user did wrong."""


class RenameForm(forms.Form):
    name = forms.CharField(max_length=150)
    on = date_field("On")


def rename(group, user, data):
    if data["name"] == "taken":
        raise KitError("That name is taken.")
    group.name = data["name"]
    group.save(update_fields=["name"])
    return f"Renamed on {data['on']:%Y-%m-%d}."


class GroupViewSet(ServiceManagedMixin, ActionsMixin, ModelViewSet):
    model = Group
    name = "kit_groups"
    url_prefix = "kit/groups"
    inspect_view_enabled = True
    index_view_class = SafeExportIndexView
    inspect_view_class = RecordInspectView
    list_display = ["name"]
    action_error = KitError
    actions_in_listing = True
    actions = (
        Action(
            "rename",
            "Rename",
            RenameForm,
            rename,
            lambda group: not group.name.startswith("locked"),
            initial=lambda group: {"name": group.name},
        ),
    )


viewset = GroupViewSet()

urlpatterns = [
    path("kit/groups/", include((viewset.get_urlpatterns(), viewset.name))),
    *site_urls.urlpatterns,
]
