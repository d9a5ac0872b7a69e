"""`{% form_fields form %}` writes what components/form_fields.html renders, character for
character, for every kind of field, error and label the site's forms have, and for whole
pages; a template that is not the one it was checked against is rendered by the engine."""

import hashlib
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import engines
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from website.core.templatetags import form_fields as tag


class Everything(forms.Form):
    name = forms.CharField(label="Name <&>", help_text="<b>bold</b> help", max_length=5)
    optional = forms.CharField(required=False, label=mark_safe("<em>safe</em>"))
    agree = forms.BooleanField(label="I agree & more")
    optional_box = forms.BooleanField(required=False, help_text=gettext_lazy("Inclusive."))
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B <x>")])
    grouped = forms.ChoiceField(choices=[("Group", [("c", "C"), ("d", "D")]), ("e", "E")])
    many = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y & Z")], widget=forms.CheckboxSelectMultiple, required=False
    )
    one = forms.ChoiceField(choices=[("p", "P"), ("q", "Q")], widget=forms.RadioSelect)
    when = forms.DateField(label=gettext_lazy("Date"))
    amount = forms.DecimalField(required=False)
    note = forms.CharField(widget=forms.Textarea, help_text=gettext_lazy("Inclusive."))
    upload = forms.FileField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput)
    other_secret = forms.CharField(widget=forms.HiddenInput, required=False, initial='a"b<c')

    def clean(self):
        raise ValidationError(["first <error>", "second & last"])


class OnlyHidden(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def by_template(form) -> str:
    return get_template(tag.TEMPLATE).render({"form": form})


BAD = {"name": "<too long>", "agree": "", "kind": "z", "many": ["x", "w"], "when": "soon"}
GOOD = {
    "name": "ok",
    "agree": "on",
    "kind": "b",
    "grouped": "d",
    "one": "q",
    "when": "2026-12-03",
    "amount": "12.50",
    "note": "多行\n文字 <script>",
    "secret": "s",
}


def forms_of_every_kind():
    yield Everything()
    yield Everything(BAD)
    yield Everything(GOOD)
    yield Everything(GOOD, auto_id=False)
    yield Everything(BAD, prefix="p-1")
    yield Everything(initial={"name": "初始", "many": ["y"], "when": "2026-01-02"})
    yield OnlyHidden()
    yield OnlyHidden({})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_writer_renders_what_the_template_renders(language):
    with override(language):
        for form in forms_of_every_kind():
            assert tag.write(form) == by_template(form), form


@pytest.mark.django_db
def test_the_sites_forms_render_as_the_template_renders(rf):
    from allauth.account.forms import LoginForm, SignupForm

    from events.forms import ContactForm, InvoiceForm, attendee_formset
    from tests.events.factories import make_event

    event = make_event("fields")
    tickets = list(event.ticket_types.all())
    activities = list(event.activities.all())
    FormSet = attendee_formset(2, event.max_attendees_per_order)
    kwargs = {"event": event, "tickets": tickets, "activities": activities}
    sent = {
        "attendee-TOTAL_FORMS": "2",
        "attendee-INITIAL_FORMS": "0",
        "attendee-0-name": "张三",
        "attendee-0-email": "not an email",
        "attendee-1-ticket_type": "999999",
    }
    request = rf.get("/")
    every = [
        ContactForm(organizations=[]),
        ContactForm({"contact_email": "x"}, organizations=[]),
        InvoiceForm(prefix="invoice"),
        InvoiceForm({"invoice-kind": "special"}, prefix="invoice"),
        *FormSet(prefix="attendee", form_kwargs=kwargs).forms,
        *FormSet(sent, prefix="attendee", form_kwargs=kwargs).forms,
        LoginForm(request=request),
        LoginForm({"login": "", "password": "x"}, request=request),
        SignupForm(),
        SignupForm({"email": "bad", "password1": "1"}),
    ]
    for language in ("zh-hans", "en"):
        with override(language):
            for form in every:
                form.errors  # noqa: B018 - validated as a view validates it
                assert tag.write(form) == by_template(form), type(form)


def test_the_writer_was_checked_against_the_template_as_it_is():
    """Changing components/form_fields.html switches the tag to the template engine (slower,
    still right): bring `write` in line, then update WRITTEN_SHA256 to this hash."""
    source = get_template(tag.TEMPLATE).template.source
    assert hashlib.sha256(source.encode()).hexdigest() == tag.WRITTEN_SHA256


def test_another_template_is_rendered_by_the_engine(monkeypatch):
    other = engines["django"].from_string("<p>{{ form.prefix }} {{ label }}</p>")
    monkeypatch.setattr(tag, "get_template", lambda name: other)
    page = engines["django"].from_string("{% form_fields form %}")
    form = OnlyHidden(prefix="mine")
    assert page.render({"form": form, "label": "outer"}) == "<p>mine outer</p>"


@pytest.mark.django_db
def test_pages_are_the_same_with_the_writer_and_with_the_template(client, monkeypatch):
    """The sign-in page and the registration form (shown, and sent back with errors) as the
    user gets them, written and rendered by the template: the same page but for the tokens."""
    from tests.events.factories import (
        attendee_row,
        make_event,
        non_member_contact,
        registration_data,
        ticket,
    )

    event = make_event("samepage")
    user, _organization = non_member_contact()
    wrong = registration_data([attendee_row(ticket(event), "新人", "not an email")])

    def pages() -> list[str]:
        client.logout()
        shown = [client.get("/auth/login/")]
        client.force_login(user)
        url = f"/events/{event.code}/register/"
        shown += [client.get(url), client.post(url, wrong)]
        assert all(response.status_code == 200 for response in shown)
        return [
            re.sub(r'(name="(?:csrfmiddlewaretoken|submission)" value=)"[^"]*"', r"\1", p)
            for p in (response.content.decode() for response in shown)
        ]

    written = pages()
    monkeypatch.setattr(tag, "WRITTEN_SHA256", "0" * 64)
    rendered = pages()
    assert written == rendered
    assert 'class="field' in written[1]


def test_no_template_includes_the_layout_directly():
    """The tag is the one way to show a form's fields: an {% include %} of the template would
    render it through the engine on every request, and never be compared with the writer."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    including = [
        str(path.relative_to(root))
        for folder in ("site", "members", "events", "certification", "publications")
        for path in (root / folder).rglob("*.html")
        if tag.TEMPLATE in path.read_text(encoding="utf-8")
    ]
    assert including == []
