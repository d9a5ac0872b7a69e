"""Forms of the public and portal pages. They check what a person typed; the services check
the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.models import ModelChoiceIterator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.validators import normalize_credit_code, validate_credit_code
from website.core.files import IMAGES, UploadField
from website.core.forms import FilesAskedAgainMixin

from .models import Activity, Attendee, Booth, CheckIn, InvoiceRequest, Order, TicketType
from .models.expo import LOGO_MAX_SIZE
from .services import AttendeeData, ContactData, InvoiceData

mobile_validator = RegexValidator(
    r"^(\+?86[\- ]?)?1[3-9]\d{9}$", _("Enter an 11-digit mobile number, e.g. 13912345678.")
)
phone_validator = RegexValidator(
    r"^[\d\-\+\(\) ]{7,20}$", _("Enter a phone number, e.g. 010-58930000.")
)


class CreditCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("validators", [validate_credit_code])
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_credit_code(super().to_python(value))


class ContactForm(forms.Form):
    on_behalf = forms.ChoiceField(label=_("Register for"), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(
        label=_("Contact mobile"), max_length=32, validators=[mobile_validator]
    )
    contact_email = forms.EmailField(label=_("Contact email"))
    notes = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    need_invoice = forms.BooleanField(label=_("We need an invoice (发票)"), required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(org.pk): org for org in organizations}
        if self.organizations:
            self.fields["on_behalf"].choices = [
                ("", _("Myself")),
                *[(pk, org.name) for pk, org in self.organizations.items()],
            ]
        else:
            del self.fields["on_behalf"]

    def organization(self):
        return self.organizations.get(self.cleaned_data.get("on_behalf") or "")

    def contact(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(
            name=data["contact_name"], phone=data["contact_phone"], email=data["contact_email"]
        )


class RowsChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows:
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows)


class RowsChoiceMixin:
    """A model choice field over rows the view has read once for the whole formset (the
    event's tickets and activities): showing and checking a choice costs no query."""

    iterator = RowsChoiceIterator
    rows: list = []
    by_pk: dict = {}

    def set_rows(self, rows) -> None:
        self.rows = list(rows)
        self.by_pk = {str(row.pk): row for row in self.rows}
        self.widget.choices = self.choices

    def _row(self, value):
        row = self.by_pk.get(str(getattr(value, "pk", value)))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row


class TicketChoiceField(RowsChoiceMixin, forms.ModelChoiceField):
    def to_python(self, value):
        return None if value in self.empty_values else self._row(value)

    def label_from_instance(self, ticket: TicketType) -> str:
        member = ticket.price_for(member=True)
        if ticket.members_only:
            label = _("%(name)s — members ¥%(member)s") % {"name": ticket.name, "member": member}
        else:
            label = _("%(name)s — members ¥%(member)s, others ¥%(other)s") % {
                "name": ticket.name,
                "member": member,
                "other": ticket.price_for(member=False),
            }
        if ticket.is_early_bird() and (
            ticket.early_bird_member_price is not None
            or ticket.early_bird_non_member_price is not None
        ):
            label += _(" (early bird until %(date)s)") % {
                "date": date_format(ticket.early_bird_until, "DATE_FORMAT")
            }
        if ticket.members_only:
            label += _(" — members only")
        return label


class ActivityCheckboxes(forms.CheckboxSelectMultiple):
    """Optional activities as boxes. `hidden_values` are left out (a full activity is offered
    in the waiting-list group instead); `disabled_values` are shown but cannot be ticked (a full
    activity of an event without a waiting list). The server checks places again anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values: set = set()
        self.hidden_values: set = set()

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        for _group, options, _index in groups:
            options[:] = [
                option
                for option in options
                if option["selected"]
                or getattr(option["value"], "value", option["value"]) not in self.hidden_values
            ]
        return [group for group in groups if group[1]]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "value", value) in self.disabled_values and not selected:
            option["attrs"]["disabled"] = True
        return option


class RowsMultipleChoiceField(RowsChoiceMixin, forms.ModelMultipleChoiceField):
    def clean(self, value):
        # Nothing chosen is an empty list, not an empty queryset to compile when read.
        return super().clean(value) if value or self.required else []

    def _check_values(self, value):
        wanted = {str(self._row(pk).pk) for pk in value}
        return [row for row in self.rows if str(row.pk) in wanted]


class ActivityChoiceField(RowsMultipleChoiceField):
    def __init__(self, *args, availability=None, **kwargs):
        self.availability = availability or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, activity: Activity) -> str:
        counts = self.availability.get(activity.pk)
        if counts is None:
            return activity.name
        if counts.is_full:
            return _("%(name)s (full)") % {"name": activity.name}
        return _("%(name)s (%(free)d places left)") % {"name": activity.name, "free": counts.free}


class WaitingListChoiceField(RowsMultipleChoiceField):
    """The full optional activities: ticking one puts the attendee on its waiting list."""

    def label_from_instance(self, activity: Activity) -> str:
        return _("%(name)s is full: tick to join its waiting list") % {"name": activity.name}


class AttendeeForm(forms.Form):
    ticket_type = TicketChoiceField(queryset=TicketType.objects.none(), label=_("Ticket"))
    name = forms.CharField(label=_("Full name"), max_length=50)
    organization_name = forms.CharField(label=_("Organization"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=80, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=32, validators=[mobile_validator])
    email = forms.EmailField(label=_("Email"))
    dietary = forms.ChoiceField(
        label=_("Dietary needs"), choices=Attendee.Dietary.choices, required=False
    )
    dietary_note = forms.CharField(label=_("Dietary note"), max_length=200, required=False)
    activities = ActivityChoiceField(
        queryset=Activity.objects.none(),
        label=_("Forums and sessions"),
        required=False,
        widget=ActivityCheckboxes,
    )
    waiting_list = WaitingListChoiceField(
        queryset=Activity.objects.none(),
        label=_("Waiting list"),
        required=False,
        widget=ActivityCheckboxes,
        help_text=_(
            "The attendee is registered now and queued for the forums ticked here; "
            "when a place frees up we email you an offer to take it."
        ),
    )

    def __init__(self, *args, event=None, tickets=(), activities=(), **kwargs):
        """`tickets` on sale and the event's `activities`, read once by the view."""
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].set_rows(tickets)
        optional = [activity for activity in activities if activity.is_optional]
        self.fields["activities"].set_rows(optional)
        self.fields["waiting_list"].set_rows(optional)
        if not optional:
            del self.fields["activities"]
        if not optional or not (event and event.waiting_list_enabled):
            del self.fields["waiting_list"]

    def clean(self):
        data = super().clean()
        both = set(data.get("activities") or []) & set(data.get("waiting_list") or [])
        if both:
            self.add_error(
                "waiting_list",
                _("Choose either a place or the waiting list for %(names)s.")
                % {"names": "、".join(activity.name for activity in both)},
            )
        return data

    def show_availability(self, availability: dict) -> None:
        """Label optional activities with their places left. A full one moves to the
        waiting-list boxes, or, without a waiting list, is shown but cannot be ticked."""
        field = self.fields.get("activities")
        if field is None:
            return
        field.availability = availability
        full = {pk for pk, counts in availability.items() if counts.is_full}
        waiting = self.fields.get("waiting_list")
        if waiting is None:
            field.widget.disabled_values = full
            return
        field.widget.hidden_values = full
        waiting.widget.hidden_values = {pk for pk in availability if pk not in full}
        chosen = {getattr(value, "pk", value) for value in (self["waiting_list"].value() or [])}
        if not full and not chosen:
            del self.fields["waiting_list"]

    def attendee(self) -> AttendeeData:
        data = self.cleaned_data
        return AttendeeData(
            ticket_type=data["ticket_type"],
            name=data["name"],
            organization_name=data["organization_name"],
            job_title=data.get("job_title", ""),
            mobile=data["mobile"],
            email=data["email"],
            dietary=data.get("dietary", ""),
            dietary_note=data.get("dietary_note", ""),
            activities=list(data.get("activities") or []),
            waiting_list=list(data.get("waiting_list") or []),
        )


class BaseAttendeeFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        emails = [form.cleaned_data.get("email", "").lower() for form in self.forms]
        if len(set(emails)) != len(emails):
            raise forms.ValidationError(_("Each attendee needs their own email address."))


class AttendeeCountForm(forms.Form):
    """How many attendees the registration form has fields for: sent by GET (the page shows
    that many; register.js adds or removes them in place instead). A widget, so it is written
    by the form renderer: twenty options through the template language cost a refused
    registration in a rush more than all its queries' Python."""

    n = forms.TypedChoiceField(label=_("Number of attendees"), coerce=int)

    def __init__(self, *args, maximum: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["n"].choices = [(value, str(value)) for value in range(1, maximum + 1)]


def attendee_formset(count: int, maximum: int):
    return forms.formset_factory(
        AttendeeForm,
        formset=BaseAttendeeFormSet,
        extra=0,
        min_num=count,
        validate_min=True,
        max_num=maximum,
        validate_max=True,
        absolute_max=maximum,
    )


class InvoiceForm(forms.ModelForm):
    tax_number = CreditCodeField(
        label=_("Taxpayer number"), help_text=_("The unified social credit code, 18 characters.")
    )

    class Meta:
        model = InvoiceRequest
        fields = [
            "kind",
            "title",
            "tax_number",
            "address",
            "phone",
            "bank_name",
            "bank_account",
            "email",
            "remarks",
        ]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InvoiceRequest.Kind.choices

    def typed_details(self) -> list[str]:
        """Labels of the fields of a bound form filled in beyond what the form suggested.

        Registration shows the invoice fields with the organization's details suggested; what
        the registrant typed on top of that must not be dropped without telling them.
        """
        typed = []
        for name, field in self.fields.items():
            value = str(self.data.get(self.add_prefix(name)) or "").strip()
            suggested = str(self.get_initial_for_field(field, name) or "").strip()
            if value and value != suggested:
                typed.append(str(field.label))
        return typed

    def clean(self):
        data = super().clean()
        if data.get("kind") == InvoiceRequest.Kind.SPECIAL:
            for name in ("address", "phone", "bank_name", "bank_account"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Required for a special VAT invoice."))
        return data

    def invoice(self) -> InvoiceData:
        data = self.cleaned_data
        return InvoiceData(
            kind=data["kind"],
            title=data["title"],
            tax_number=data["tax_number"],
            email=data["email"],
            address=data.get("address", ""),
            phone=data.get("phone", ""),
            bank_name=data.get("bank_name", ""),
            bank_account=data.get("bank_account", ""),
            remarks=data.get("remarks", ""),
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("events", "Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProofForm(FilesAskedAgainMixin, forms.Form):
    file = UploadField(label=_("Transfer slip (PDF, JPEG or PNG)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReplaceForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=50)
    organization_name = forms.CharField(label=_("Organization"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=80, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=32, validators=[mobile_validator])
    email = forms.EmailField(label=_("Email"))
    dietary = forms.ChoiceField(
        label=_("Dietary needs"), choices=Attendee.Dietary.choices, required=False
    )
    dietary_note = forms.CharField(label=_("Dietary note"), max_length=200, required=False)
    reason = forms.CharField(
        label=pgettext_lazy("events", "Reason"), max_length=500, required=False
    )


class WaitingListForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=50)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Mobile"), max_length=32, validators=[mobile_validator])
    organization_name = forms.CharField(label=_("Organization"), max_length=200, required=False)


class ExhibitorApplicationForm(forms.Form):
    company_name = forms.CharField(label=_("Company"), max_length=200)
    credit_code = CreditCodeField(label=_("Unified social credit code"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(
        label=_("Contact mobile"), max_length=32, validators=[mobile_validator]
    )
    contact_email = forms.EmailField(label=_("Contact email"))
    wanted_kind = forms.ChoiceField(label=_("Booth type"), choices=Booth.Kind.choices)
    wanted_area = forms.DecimalField(
        label=_("Area (m²)"),
        min_value=Decimal("9"),
        max_value=Decimal("2000"),
        decimal_places=1,
        initial=Decimal("9"),
        help_text=_("Standard booths are 9 m² each; raw space starts at 36 m²."),
    )
    wanted_booth = forms.ModelChoiceField(
        label=_("Preferred booth"), queryset=Booth.objects.none(), required=False
    )
    products = forms.CharField(
        label=_("Products and services shown"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.URLField(
        label=pgettext_lazy("events", "Website"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["wanted_booth"].queryset = Booth.objects.filter(
                hall__event=event, status=Booth.Status.AVAILABLE
            ).select_related("hall")

    def clean(self):
        data = super().clean()
        if data.get("wanted_kind") == Booth.Kind.RAW and (data.get("wanted_area") or 0) < 36:
            self.add_error("wanted_area", _("Raw space starts at 36 m²."))
        return data


class CatalogueForm(FilesAskedAgainMixin, forms.Form):
    catalogue_text = forms.CharField(
        label=_("Catalogue entry (会刊)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    logo = UploadField(
        label=_("Logo (JPEG or PNG, at most 2 MB)"),
        required=False,
        kinds=IMAGES,
        max_size=LOGO_MAX_SIZE,
    )
    website = forms.URLField(
        label=pgettext_lazy("events", "Website"), required=False, assume_scheme="https"
    )


class PassForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=50, required=False)
    mobile = forms.CharField(
        label=_("Mobile"), max_length=32, required=False, validators=[mobile_validator]
    )
    job_title = forms.CharField(label=_("Job title"), max_length=80, required=False)


class ReleaseHoldForm(forms.Form):
    """Staff release one open order's places on the holds page, with a reason."""

    order = forms.ModelChoiceField(
        queryset=Order.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This order does not exist.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["order"].queryset = Order.objects.filter(event=event)


class CheckInForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())
    code = forms.CharField(
        label=_("Code"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    method = forms.ChoiceField(
        choices=CheckIn.Method.choices,
        initial=CheckIn.Method.SCAN,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["activity"].queryset = event.activities.all()
