"""Every back-office create and edit form of our models, posted with tampered values, answers
a form error or a 404, never a 5xx, and changes nothing of the other objects.

The forms come from the registered viewsets (Wagtail's registry), not from a hand list; each
is opened as a superuser and as the staff role of its app, its fields are read from the page
as a browser would, and then posted with: ids of choosers and selects that do not exist
(999999), that are not numbers ("abc", "1 OR 1=1"), inline rows that belong to another
parent or to no one, and NUL bytes in text.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import UserFactory
from website.accounts import roles

APPS = ("members", "certification", "events", "publications", "core")
ROLE_OF_APP = {
    "members": roles.MEMBERSHIP_STAFF,
    "certification": roles.CERTIFICATION_STAFF,
    "events": roles.EVENTS_STAFF,
    "publications": roles.EDITORS,
}
BAD_IDS = ("999999", "abc", "1 OR 1=1")


# Reading a form as a browser does ----------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of each <form method="post"> on a page, with the values a browser sends."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": [], "multipart": False}
            self._form["multipart"] = "multipart" in (attrs.get("enctype") or "")
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append(
                (name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "options": [],
                "selected": [],
                "multiple": "multiple" in attrs,
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            select = self._select
            values = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            for value in values:
                self._form["fields"].append((select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def main_form(html: str, url: str) -> list[tuple[str, str]] | None:
    parser = FormParser()
    parser.feed(html)
    candidates = [form for form in parser.forms if form["action"] in ("", url)]
    candidates = candidates or parser.forms
    if not candidates:
        return None
    return max(candidates, key=lambda form: len(form["fields"]))["fields"]


def as_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


# What the forms are ------------------------------------------------------------------------


def our_viewsets():
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    assert get_resolver().url_patterns  # building the admin's URLs registers the viewsets
    found = []
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ModelViewSet) and viewset.model._meta.app_label in APPS:
            found.append(viewset)
    return found


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def choice_fields(form) -> dict[str, models.Model]:
    """Names of the fields (also in inline formsets) that take an object id."""
    from django import forms

    names = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
            names[form.add_prefix(name)] = field.queryset.model
    for formset in getattr(form, "formsets", {}).values():
        for inline in [*formset.forms, formset.empty_form]:
            for name, field in inline.fields.items():
                if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
                    names[inline.add_prefix(name)] = field.queryset.model
    return names


def inline_rows(form) -> dict[str, tuple[type[models.Model], str]]:
    """Per inline formset prefix: the child model and the name of its link to the parent."""
    rows = {}
    for formset in getattr(form, "formsets", {}).values():
        rows[formset.prefix] = (formset.model, formset.fk.name)
    return rows


def snapshot(model: type[models.Model], exclude_pk=None, exclude_parent=None) -> dict:
    """Every row of the model except the edited object's (and its own inline rows), by pk."""
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    if exclude_parent is not None:
        queryset = queryset.exclude(**exclude_parent)
    return {
        row["id"] if "id" in row else row[model._meta.pk.attname]: json.dumps(
            row, default=str, sort_keys=True
        )
        for row in queryset.values()
    }


def tampered_posts(data: dict[str, list[str]], form, instance) -> list[tuple[str, dict]]:
    """(what, data) for each hostile submission of the form."""
    posts = []
    choosers = [name for name in choice_fields(form) if "__prefix__" not in name]
    for bad in BAD_IDS:
        if choosers:
            posts.append((f"chooser ids {bad!r}", {**data, **{name: [bad] for name in choosers}}))
    for prefix, (child, link) in inline_rows(form).items():
        id_fields = [
            name for name in data if name.startswith(f"{prefix}-") and name.endswith("-id")
        ]
        other = (
            child._default_manager.exclude(**{link: instance}).order_by("pk").first()
            if instance is not None
            else child._default_manager.order_by("pk").first()
        )
        total = int((data.get(f"{prefix}-TOTAL_FORMS") or ["0"])[0] or 0)
        bad_rows = ["999999", "abc"] + ([str(other.pk)] if other is not None else [])
        for bad in bad_rows:
            tampered = dict(data)
            if id_fields:
                tampered.update({name: [bad] for name in id_fields})
            else:  # no existing row: claim one
                tampered[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
                tampered[f"{prefix}-{total}-id"] = [bad]
            posts.append((f"inline {prefix} row id {bad!r}", tampered))
    text = {
        name: [value + "\x00x" for value in values]
        for name, values in data.items()
        if name not in choosers
        # Row ids are tampered above; formset and stream counts are bookkeeping the page's
        # JavaScript writes (a tampered StreamField count still answers 500 in Wagtail).
        and not name.endswith(
            ("-id", "TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS", "-count")
        )
        and name != "csrfmiddlewaretoken"
    }
    if text:
        posts.append(("NUL bytes", {**data, **text}))
    posts.append(("ids as text in every field", {**data, **{name: ["1 OR 1=1"] for name in text}}))
    return posts


def check_viewset(client: Client, viewset, *, who: str) -> list[str]:
    """Post every tampered variant of the viewset's add and edit forms; the failures."""
    model = viewset.model
    instance = model._default_manager.order_by("pk").first()
    targets = []
    add_url = url_or_none(viewset.get_url_name("add"))
    if add_url:
        targets.append((add_url, None))
    if instance is not None:
        edit_url = url_or_none(viewset.get_url_name("edit"), instance.pk)
        if edit_url:
            targets.append((edit_url, instance))
    return check_forms(client, model, targets, who=who)


def check_forms(client: Client, model, targets, *, who: str) -> list[str]:
    """Post every tampered variant of each (url, edited object) form; the failures."""
    failures = []
    for url, target in targets:
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001
            failures.append(f"{who} GET {url}: {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500:
            failures.append(f"{who} GET {url}: {response.status_code}")
            continue
        if response.status_code != 200 or not response.context or "form" not in response.context:
            continue  # not this role's form (403/redirect), or no form
        fields = main_form(response.content.decode(), url)
        if fields is None:
            continue
        form = response.context["form"]
        data = as_data(fields)
        for name, field in form.fields.items():
            # A StreamField's inputs are written by the page's JavaScript, which a test
            # client does not run: send it empty, as a browser would for an emptied stream.
            if type(field).__name__ == "BlockField":
                data.setdefault(f"{form.add_prefix(name)}-count", ["0"])
        watched = [(model, None), *inline_rows(form).values()]

        def others(child, link, target=target):
            if target is None:
                return snapshot(child)
            if child is model:
                return snapshot(child, exclude_pk=target.pk)
            return snapshot(child, exclude_parent={link: target})

        before = {child: others(child, link) for child, link in watched}
        for what, tampered in tampered_posts(data, form, target):
            try:
                response = client.post(url, tampered)
            except Exception as error:  # noqa: BLE001 - the test client re-raises a 500's cause
                failures.append(f"{who} POST {url} with {what}: {type(error).__name__}: {error}")
                continue
            if response.status_code >= 500:
                failures.append(f"{who} POST {url} with {what}: {response.status_code}")
        # Rows of other objects are all still there, unchanged (a create may add rows).
        for child, link in watched:
            after = others(child, link)
            changed = [pk for pk, row in before[child].items() if after.get(pk) != row]
            if changed:
                failures.append(f"{who} POST {url} changed {child.__name__} rows {changed[:5]}")
    return failures


def settings_targets():
    """(model, url, settings object) of our apps' settings forms (they are not viewsets)."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    for model in registry:
        if model._meta.app_label not in APPS:
            continue
        args = [model._meta.app_label, model._meta.model_name]
        if issubclass(model, BaseSiteSetting):
            args.append(site.pk)
            instance = model.for_site(site)
        else:
            instance = model.load()
        url = url_or_none("wagtailsettings:edit", *args)
        if url:
            yield model, url, instance


# The tests --------------------------------------------------------------------------------


def staff(role: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.django_db
def test_tampered_admin_forms_never_answer_5xx_nor_touch_other_objects(demo):
    viewsets = our_viewsets()
    assert len(viewsets) >= 30, "the viewsets were not found"
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failures = []
    for viewset in viewsets:
        failures += check_viewset(client, viewset, who="superuser")
    for model, url, instance in settings_targets():
        failures += check_forms(client, model, [(url, instance)], who="superuser")
    for app, role in ROLE_OF_APP.items():
        client.force_login(staff(role))
        for viewset in viewsets:
            if viewset.model._meta.app_label == app:
                failures += check_viewset(client, viewset, who=role)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_tamper_check_finds_a_form_that_fails(demo, monkeypatch):
    """The check is not blind: a form whose chooser breaks on "abc" is reported."""
    from wagtail.admin.widgets.chooser import BaseChooser

    def fragile(self, value):
        return self.model_class.objects.get(pk=value) if value else None

    monkeypatch.setattr(BaseChooser, "get_instance", fragile)
    viewset = next(v for v in our_viewsets() if v.model.__name__ == "Branch")
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failures = check_viewset(client, viewset, who="superuser")
    assert any("'abc'" in failure for failure in failures), failures
