"""The project's form renderer (website.core.form_renderer) writes the commonest widgets in
Python: what it writes must be byte for byte what Django's templates write, for every widget
it takes over, in both languages, with hostile and localized values; and a template that an
app overrides must still be used."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property, lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from website.core.form_renderer import FormRenderer, template_text

HOSTILE = "\"><script>alert(1)</script>&amp;'{{ x }}"

CHOICES = [
    ("", "---------"),
    ("a", "甲 <b>"),
    (3, 12345),
    (
        gettext_lazy("Name"),
        [("g1", gettext_lazy("Email")), ("g2", HOSTILE)],
    ),
    (Decimal("1.5"), mark_safe("<i>safe</i>")),
]


class UnwrappedChoices(forms.CheckboxSelectMultiple):
    """Options without the label around them (a widget may turn `wrap_label` off)."""

    def create_option(self, *args, **kwargs):
        return {**super().create_option(*args, **kwargs), "wrap_label": False}


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="help", initial=HOSTILE)
    optional = forms.CharField(required=False)
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    number = forms.IntegerField(min_value=1, initial=1234567)
    amount = forms.DecimalField(max_digits=10, decimal_places=2, initial=Decimal("12345.60"))
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<already safe>"))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(initial=datetime.datetime(2026, 12, 6, 8, 30))
    at = forms.TimeField(required=False)
    phone = forms.CharField(widget=forms.TelInput, required=False)
    query = forms.CharField(widget=forms.SearchInput, required=False)
    colour = forms.CharField(widget=forms.ColorInput, required=False)
    agree = forms.BooleanField(required=False, initial=True)
    off = forms.BooleanField(widget=forms.CheckboxInput(attrs={"disabled": True, "x": False}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="第一行\n<第二行>")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=CHOICES, initial="g2")
    kinds = forms.MultipleChoiceField(choices=CHOICES, initial=["a", "g1"])
    ticks = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, initial=["a", 3]
    )
    ticks_classed = forms.MultipleChoiceField(
        choices=[("x", "X")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "inline <x>"}),
        required=False,
    )
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, initial="g2")
    unwrapped = forms.MultipleChoiceField(
        choices=CHOICES, widget=UnwrappedChoices, required=False, initial=["a"]
    )
    yes_no = forms.NullBooleanField()
    model_like = forms.TypedChoiceField(choices=[(1, "一"), (2, "二")], coerce=int)


BOUND = {
    "text": HOSTILE,
    "email": "not an email <x>",
    "number": "-5",
    "amount": "1e400",
    "password": HOSTILE,
    "hidden": HOSTILE,
    "day": "2026-13-01",
    "moment": "yesterday",
    "agree": "on",
    "notes": "  \n" + HOSTILE,
    "kind": "g1",
    "kinds": ["a", "nope"],
    "ticks": ["g2"],
    "radio": HOSTILE,
    "yes_no": "unknown",
    "model_like": "2",
}


def _rendered(form_class, renderer, data=None) -> list[str]:
    form = form_class(data, renderer=renderer, auto_id="id_%s")
    form.is_valid() if data is not None else None
    return [str(form[name]) for name in form.fields]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "bound"])
@pytest.mark.parametrize("thousands", [False, True])
def test_every_widget_is_written_as_djangos_templates_write_it(language, bound, thousands):
    data = BOUND if bound else None
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=thousands):
        ours = _rendered(EveryWidget, FormRenderer(), data)
        djangos = _rendered(EveryWidget, DjangoTemplates(), data)
    for name, mine, theirs in zip(EveryWidget.base_fields, ours, djangos, strict=True):
        assert mine == theirs, name


def test_it_takes_over_the_widgets_it_says_it_does(monkeypatch):
    """The comparison above means something only if our code wrote them."""
    used = []
    renderer = FormRenderer()
    real = DjangoTemplates.render

    def through_templates(self, template_name, context, request=None):
        used.append(template_name)
        return real(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", through_templates)
    _rendered(EveryWidget, renderer, BOUND)
    widgets = [name for name in used if "/widgets/" in name]
    assert widgets == [], widgets


def test_a_template_an_app_overrides_is_still_used(tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "attrs.html").write_text(
        '{% for name, value in widget.attrs.items %} data-{{ name }}="{{ value }}"{% endfor %}'
    )

    class Overridden(FormRenderer):
        @cached_property
        def engine(self):
            return self.backend(
                {
                    "APP_DIRS": True,
                    "DIRS": [tmp_path, Path(forms.__file__).parent / "templates"],
                    "NAME": "overridden",
                    "OPTIONS": {},
                }
            )

    class Small(forms.Form):
        name = forms.CharField()
        kind = forms.ChoiceField(choices=[("a", "A")])

    form = Small(renderer=Overridden())
    assert 'data-required="True"' in str(form["name"])
    assert 'data-id="id_kind"' in str(form["kind"])


def test_a_widget_with_its_own_option_template_keeps_it():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class Small(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")], widget=Fancy)

    ours = str(Small(renderer=FormRenderer())["kind"])
    assert ours == str(Small(renderer=DjangoTemplates())["kind"])
    assert "<option" not in ours


def test_the_site_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce="|_TOKEN": ")[^"]+')


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["members:join", "account_login", "account_signup"])
def test_public_forms_read_the_same_with_django_templates(client, site_home, name):
    """Whole pages, both renderers: the same HTML but for the tokens each request draws."""

    def page(renderer: str) -> str:
        get_default_renderer.cache_clear()
        try:
            with override_settings(FORM_RENDERER=renderer):
                response = client.post(reverse(name), {"email": HOSTILE, "name": HOSTILE})
        finally:
            get_default_renderer.cache_clear()
        content = response.content.decode()
        assert response.status_code == 200
        assert "<input" in content
        return TOKEN.sub(r"\1", content)

    assert page("website.core.form_renderer.FormRenderer") == page(
        "django.forms.renderers.DjangoTemplates"
    )


@pytest.mark.django_db
def test_model_choices_are_written_as_djangos_templates_write_them():
    from django.contrib.auth.models import Group

    for name in ["甲组 <x>", "乙组", "丙组 & co"]:
        Group.objects.create(name=name)

    class Choose(forms.Form):
        one = forms.ModelChoiceField(Group.objects.order_by("pk"))
        some = forms.ModelMultipleChoiceField(Group.objects.order_by("pk"), required=False)
        ticks = forms.ModelMultipleChoiceField(
            Group.objects.order_by("pk"), widget=forms.CheckboxSelectMultiple
        )
        radio = forms.ModelChoiceField(Group.objects.order_by("pk"), widget=forms.RadioSelect)

    first = Group.objects.order_by("pk").first()
    for data in (None, {"one": first.pk, "some": [first.pk], "ticks": ["x"], "radio": "99"}):
        assert _rendered(Choose, FormRenderer(), data) == _rendered(Choose, DjangoTemplates(), data)


@pytest.mark.django_db
def test_a_back_office_edit_form_reads_the_same_with_django_templates(client):
    """Wagtail's admin forms (their own widgets fall back to their templates)."""
    from django.contrib.auth import get_user_model

    from tests.members.factories import OrganizationFactory

    organization = OrganizationFactory()
    admin = get_user_model().objects.create_superuser("boss@example.org", "x")
    client.force_login(admin)
    url = reverse("member_organization:edit", args=[organization.pk])

    def page(renderer: str) -> str:
        get_default_renderer.cache_clear()
        try:
            with override_settings(FORM_RENDERER=renderer):
                response = client.post(url, {"name": "", "credit_code": HOSTILE})
        finally:
            get_default_renderer.cache_clear()
        assert response.status_code == 200
        return TOKEN.sub(r"\1", response.content.decode())

    assert page("website.core.form_renderer.FormRenderer") == page(
        "django.forms.renderers.DjangoTemplates"
    )


def _lazy(text):
    return lazy(lambda: text, str)()


@pytest.mark.parametrize(
    "value",
    [
        HOSTILE,
        mark_safe("<i>safe</i>"),
        gettext_lazy("Name"),
        _lazy(HOSTILE),
        mark_safe(_lazy("<i>lazy and safe</i>")),  # noqa: S308 - a constant
        12345,
        Decimal("12345.60"),
        datetime.date(2026, 12, 7),
        datetime.datetime(2026, 12, 7, 8, 30, tzinfo=datetime.UTC),
        None,
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_value_is_written_as_a_template_variable_shows_it(value, language):
    """template_text() is `{{ value }}`: strings, safe strings, lazy (translated, hostile or
    safe) text, numbers and dates localized, in both languages."""
    with translation.override(language):
        assert template_text(value) == Template("{{ value }}").render(Context({"value": value}))
