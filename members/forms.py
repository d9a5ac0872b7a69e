"""Forms of the join application, the member portal and the back-office actions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from website.core.files import UploadField, accept
from website.core.forms import FilesAskedAgainMixin

from .models import (
    BusinessCategory,
    Membership,
    MembershipApplication,
    Organization,
    OrganizationContact,
    Payment,
    Person,
)
from .services import REQUIRED_ON_SUBMIT
from .validators import normalize_credit_code, validate_credit_code

phone_validator = RegexValidator(
    r"^[0-9+\-() ]{7,20}$",
    _("Enter a phone number of digits, e.g. 13800000000 or 010-12345678."),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CreditCodeField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(*args, **kwargs)
        self.validators = [validate_credit_code]
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_credit_code(value) if value else value


ORGANIZATION_FIELDS = [
    "tier",
    "organization_name",
    "short_name",
    "credit_code",
    "organization_kind",
    "legal_representative",
    "founded_on",
    "size",
    "website",
    "categories",
    "province",
    "city",
    "address",
    "profile",
    "contact_name",
    "contact_job_title",
    "contact_phone",
    "contact_email",
    "invoice_title",
    "invoice_tax_number",
    "licence",
    "message",
    "accepts_charter",
]
INDIVIDUAL_FIELDS = [
    "person_name",
    "employer",
    "job_title",
    "professional_title",
    "expertise",
    "province",
    "city",
    "address",
    "contact_phone",
    "contact_email",
    "invoice_title",
    "licence",
    "message",
    "accepts_charter",
]


class ApplicationForm(FilesAskedAgainMixin, forms.ModelForm):
    """The join application. Saving a draft asks for little; submitting asks for everything
    REQUIRED_ON_SUBMIT names, with the errors next to the fields."""

    credit_code = CreditCodeField(label=_("Unified social credit code"), required=False)
    invoice_tax_number = CreditCodeField(
        label=_("Taxpayer number on invoices"),
        required=False,
        help_text=_("Usually the unified social credit code."),
    )
    licence = UploadField(
        label=_("Business licence"), required=False, help_text=_("PDF, JPEG or PNG.")
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = MembershipApplication
        fields = ORGANIZATION_FIELDS + [
            f for f in INDIVIDUAL_FIELDS if f not in ORGANIZATION_FIELDS
        ]
        widgets = {
            "founded_on": DateInput(),
            "categories": forms.CheckboxSelectMultiple(),
            "profile": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.submitting = submitting
        self.stored_licence = self.instance.licence.name
        wanted = (
            INDIVIDUAL_FIELDS
            if kind == MembershipApplication.Kind.INDIVIDUAL
            else ORGANIZATION_FIELDS
        )
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.order_fields(wanted)
        if "tier" in self.fields:
            self.fields["tier"].choices = [
                (value, label)
                for value, label in Membership.Tier.choices
                if value != Membership.Tier.INDIVIDUAL
            ]
            self.fields["tier"].help_text = _(
                "Most organizations join as member units; the council elects directors and "
                "higher tiers. The secretariat confirms the tier on approval."
            )
        if "categories" in self.fields:
            self.fields["categories"].queryset = BusinessCategory.objects.all()
        if kind == MembershipApplication.Kind.INDIVIDUAL:
            self.fields["licence"].label = _("Professional qualification certificate")
            self.fields["licence"].help_text = _("Optional. PDF, JPEG or PNG.")
            self.fields["invoice_title"].help_text = _("Usually your own name.")
        else:
            self.fields["licence"].help_text = _(
                "A scan or photo of the business licence (营业执照): PDF, JPEG or PNG."
            )
            self.fields["invoice_title"].help_text = _("Usually the organization's full name.")
        self.fields["accepts_charter"].label = _(
            "I have read the association's charter and agree to abide by it and to pay the dues."
        )
        self.fields["contact_phone"].validators.append(phone_validator)
        # Labels are all required on submit; mark them so people see what is needed.
        for name in REQUIRED_ON_SUBMIT[kind]:
            # Invoice details default to the name and credit code (see clean()).
            if name in self.fields and name not in ("invoice_title", "invoice_tax_number"):
                self.fields[name].required = submitting
                if name == "licence" and self.instance.licence:
                    self.fields[name].required = False
                self.fields[name].widget.is_required = submitting

    @property
    def submit_required(self) -> set[str]:
        return set(REQUIRED_ON_SUBMIT[self.kind])

    def fieldsets(self) -> list[tuple[str, list]]:
        """The form's fields in titled groups, for the template."""
        if self.kind == MembershipApplication.Kind.INDIVIDUAL:
            groups = [
                (
                    _("About you"),
                    ["person_name", "employer", "job_title", "professional_title", "expertise"],
                ),
                (
                    _("Address and contact"),
                    ["province", "city", "address", "contact_phone", "contact_email"],
                ),
                (_("Invoice details"), ["invoice_title"]),
                (_("Documents"), ["licence"]),
                (_("Declaration"), ["message", "accepts_charter"]),
            ]
        else:
            groups = [
                (_("Membership"), ["tier"]),
                (
                    _("The organization"),
                    [
                        "organization_name",
                        "short_name",
                        "credit_code",
                        "organization_kind",
                        "legal_representative",
                        "founded_on",
                        "size",
                        "website",
                        "categories",
                        "profile",
                    ],
                ),
                (_("Address"), ["province", "city", "address"]),
                (
                    _("Contact person"),
                    ["contact_name", "contact_job_title", "contact_phone", "contact_email"],
                ),
                (_("Invoice details"), ["invoice_title", "invoice_tax_number"]),
                (_("Documents"), ["licence"]),
                (_("Declaration"), ["message", "accepts_charter"]),
            ]
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in groups
        ]

    def clean(self):
        cleaned = super().clean()
        if self.kind == MembershipApplication.Kind.ORGANIZATION:
            code = cleaned.get("credit_code")
            if (
                code
                and not cleaned.get("invoice_tax_number")
                and "invoice_tax_number" not in self.errors
            ):
                cleaned["invoice_tax_number"] = code
            if code and not cleaned.get("invoice_title") and cleaned.get("organization_name"):
                cleaned["invoice_title"] = cleaned["organization_name"]
            if self.submitting and cleaned.get("tier") == "":
                self.add_error("tier", _("Choose a tier."))
        elif not cleaned.get("invoice_title") and cleaned.get("person_name"):
            cleaned["invoice_title"] = cleaned["person_name"]
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self._errors:
            # Validation put the chosen file on the instance; the re-shown form must offer the
            # stored licence (if any), never a file that was not saved.
            self.instance.licence = self.stored_licence

    def save(self, commit=True):
        upload = self.cleaned_data.get("licence")
        if upload and hasattr(upload, "read") and upload is not self.initial.get("licence"):
            self.instance.licence_name = upload.name[:200]
            accept(upload)
        if self.kind == MembershipApplication.Kind.INDIVIDUAL:
            self.instance.tier = Membership.Tier.INDIVIDUAL
        return super().save(commit=commit)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant will read this."),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApproveForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Membership.Tier.choices)
    reason = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, application: MembershipApplication, **kwargs):
        super().__init__(*args, **kwargs)
        if application.is_individual:
            self.fields["tier"].choices = [
                (Membership.Tier.INDIVIDUAL, Membership.Tier.INDIVIDUAL.label)
            ]
        else:
            self.fields["tier"].choices = [
                choice
                for choice in Membership.Tier.choices
                if choice[0] != Membership.Tier.INDIVIDUAL
            ]
        self.fields["tier"].initial = application.tier or Membership.Tier.MEMBER


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("Method"), choices=Payment.Method.choices, initial=Payment.Method.BANK_TRANSFER
    )
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the future."))
        return value


class PaymentProofForm(FilesAskedAgainMixin, forms.Form):
    file = UploadField(
        label=_("Transfer receipt"),
        help_text=_("The bank's receipt or a screenshot of the transfer: PDF, JPEG or PNG."),
    )
    amount = forms.DecimalField(
        label=_("Amount transferred (yuan)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    paid_on = forms.DateField(label=_("Date of transfer"), widget=DateInput())
    reference = forms.CharField(label=_("Transfer reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the future."))
        return value


class ConfirmProofForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received (yuan)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )


class OrganizationProfileForm(forms.ModelForm):
    """What the organization's administrator edits directly; key fields go by request."""

    class Meta:
        model = Organization
        fields = [
            "short_name",
            "kind",
            "province",
            "city",
            "address",
            "postcode",
            "founded_on",
            "categories",
            "size",
            "website",
            "phone",
            "profile",
            "directory_opt_out",
        ]
        widgets = {
            "founded_on": DateInput(),
            "categories": forms.CheckboxSelectMultiple(),
            "profile": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"website": forms.URLField}

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class ChangeRequestForm(FilesAskedAgainMixin, forms.Form):
    # Prefilled with the current values; what is left as it is (or emptied) does not change.
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    credit_code = CreditCodeField(label=_("Unified social credit code"), required=False)
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=50, required=False
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the organization was renamed on 2026年5月1日."),
    )
    document = UploadField(
        label=_("Supporting document"),
        required=False,
        help_text=_("The new business licence or the approval of the change: PDF, JPEG or PNG."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganizationContact.Role.choices,
        initial=OrganizationContact.Role.STAFF,
    )


class PersonProfileForm(forms.ModelForm):
    """An individual member's own profile."""

    class Meta:
        model = Person
        fields = [
            "name",
            "employer_name",
            "job_title",
            "professional_title",
            "expertise",
            "province",
            "phone",
            "email",
        ]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer_name"].label = _("Employer")
        self.fields["phone"].validators.append(phone_validator)
