"""Forms of the member portal, the expert inbox and the public pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.regions import Province
from website.core.files import EVIDENCE, UploadField
from website.core.forms import FilesAskedAgainMixin

from .models import Application, Certificate, Criterion, Plant, RequiredDocument
from .services import is_real_name


class PlantForm(forms.ModelForm):
    class Meta:
        model = Plant
        fields = [
            "name",
            "province",
            "city",
            "address",
            "design_capacity",
            "lines",
            "technology",
            "commissioned_on",
            "formal_operation_on",
            "generating_capacity",
            "flue_gas_process",
            "flue_gas_description",
            "discharge_permit_number",
            "monitoring_connected",
            "monitoring_connected_since",
            "is_active",
        ]
        # ISO values: a date input shows nothing for a localized "2024/06/18" and then
        # sends the date back empty.
        widgets = {
            "commissioned_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "formal_operation_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "monitoring_connected_since": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "flue_gas_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        organization = self.organization or getattr(self.instance, "organization", None)
        if organization and (
            Plant.objects.filter(organization=organization, name=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Your organization already has a plant of this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        commissioned, formal = cleaned.get("commissioned_on"), cleaned.get("formal_operation_on")
        if commissioned and formal and formal < commissioned:
            self.add_error(
                "formal_operation_on", _("Formal operation cannot start before commissioning.")
            )
        return cleaned


class StartApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Applying organization"), queryset=None)
    plant = forms.ModelChoiceField(label=_("Plant"), queryset=None, required=False)

    def __init__(self, *args, organizations, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
        if scheme.uses_plants:
            self.fields["plant"].queryset = Plant.objects.filter(
                organization__in=organizations, is_active=True
            ).select_related("organization")
            self.fields["plant"].required = True
        else:
            del self.fields["plant"]

    def clean(self):
        cleaned = super().clean()
        plant, organization = cleaned.get("plant"), cleaned.get("organization")
        if plant and organization and plant.organization_id != organization.pk:
            self.add_error("plant", _("The plant must belong to the applying organization."))
        return cleaned


class ApplicationDetailsForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "contact_name",
            "contact_phone",
            "contact_email",
            "accounting_years",
            "summary",
            "declaration",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.scheme.min_accounting_years:
            del self.fields["accounting_years"]
        else:
            self.fields["accounting_years"].help_text = _(
                "Complete calendar years with operating revenue, as in the audited statements."
            )
        self.fields["contact_name"].required = True
        self.fields["summary"].help_text = _(
            "Describe the organization or plant and what the evidence shows."
        )


class ScoreSheetForm(forms.Form):
    """One score and one comment per scored criterion of a criteria tree, within bounds."""

    def __init__(
        self,
        *args,
        criteria: Iterable[Criterion],
        values: Mapping[int, tuple[Decimal, str]] | None = None,
        disabled: bool = False,
        reference: Mapping[int, Decimal] | None = None,
        reference_label: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = sorted(criteria, key=lambda c: c.sort_key)
        # Scores to show beside the fields (the applicant's self-assessment, for experts).
        self.reference = reference
        self.reference_label = reference_label
        values = values or {}
        for criterion in self.criteria:
            # On-site items are the inspection team's (shown, not scored here).
            if not criterion.is_scored_on_paper:
                continue
            low, high = criterion.bounds
            score, comment = values.get(criterion.pk, (None, ""))
            if criterion.kind == Criterion.Kind.VETO:
                field = forms.TypedChoiceField(
                    label=criterion.name,
                    choices=[("", "—"), ("0", _("Not found")), ("1", _("Found"))],
                    coerce=Decimal,
                    empty_value=None,
                    required=False,
                    initial=str(int(score)) if score is not None else "",
                )
            else:
                field = forms.DecimalField(
                    label=criterion.name,
                    min_value=low,
                    max_value=high,
                    max_digits=7,
                    decimal_places=2,
                    required=False,
                    initial=score,
                    widget=forms.NumberInput(attrs={"step": "0.01", "min": low, "max": high}),
                )
            field.disabled = disabled
            self.fields[f"score_{criterion.pk}"] = field
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=comment,
                disabled=disabled,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        reference = self.reference or {}
        for criterion in self.criteria:
            if criterion.is_scored_on_paper:
                yield (
                    criterion,
                    self[f"score_{criterion.pk}"],
                    self[f"comment_{criterion.pk}"],
                    reference.get(criterion.pk),
                )
            else:
                yield criterion, None, None, None

    def entries(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
            if criterion.is_scored_on_paper
        }


class ReviewForm(ScoreSheetForm):
    opinion = forms.CharField(
        label=_("Overall opinion and advice for improvement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendation = forms.ChoiceField(label=_("Recommended grade"), required=False)

    def __init__(self, *args, grades: Iterable[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = [("", "—"), *grades]
        # Keep the overall fields after the score sheet.
        for name in ("opinion", "recommendation"):
            self.fields[name] = self.fields.pop(name)
            self.fields[name].disabled = kwargs.get("disabled", False)


class ConflictForm(forms.Form):
    NO_CONFLICT = "none"
    CONFLICT = "conflict"
    declaration = forms.ChoiceField(
        label=_("Conflict of interest"),
        widget=forms.RadioSelect,
        choices=[
            (NO_CONFLICT, _("I have no conflict of interest with the applicant.")),
            (CONFLICT, _("I have a conflict of interest and recuse myself.")),
        ],
    )
    reason = forms.CharField(
        label=_("Describe the conflict"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("declaration") == self.CONFLICT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Describe the conflict of interest."))
        return cleaned


class AttachmentForm(FilesAskedAgainMixin, forms.Form):
    requirement = forms.ModelChoiceField(
        # The site catalogue makes "Document" (a page block) 文件; here it is a checklist line.
        label=pgettext_lazy("attachments", "Document"),
        queryset=RequiredDocument.objects.none(),
        required=False,
    )
    criterion = forms.ModelChoiceField(
        label=_("Evidence for criterion"), queryset=Criterion.objects.none(), required=False
    )
    file = UploadField(label=_("File"), kinds=EVIDENCE)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = application.scheme.required_documents.all()
        self.fields["requirement"].empty_label = _("Other evidence")
        self.fields["criterion"].queryset = application.criteria_set.criteria.exclude(
            kind=Criterion.Kind.GROUP
        )
        self.fields["criterion"].empty_label = "—"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your real name"), max_length=50)
    organization = forms.CharField(label=_("Your organization"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    grounds = forms.CharField(
        label=_("Grounds of the objection"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "State the facts and, where you can, the evidence. Anonymous objections are not accepted."
        ),
    )
    # A field people do not see: robots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not is_real_name(name):
            raise forms.ValidationError(_("Objections are accepted under a real name only."))
        return name

    def clean_grounds(self):
        grounds = self.cleaned_data["grounds"].strip()
        if len(grounds) < 10:
            raise forms.ValidationError(_("Please describe the grounds in a few sentences."))
        return grounds


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "XY-2026-0001", "autocomplete": "off"}),
    )

    def clean_number(self):
        number = "".join(self.cleaned_data["number"].split()).upper()
        # Numbers are letters, digits and hyphens; a slash or control character cannot be
        # part of one (nor of its URL), so it is a form error rather than a broken redirect.
        if not re.fullmatch(r"[^/\\\x00-\x1f\x7f]+", number):
            raise forms.ValidationError(
                _("A certificate number has letters, digits and hyphens only."), code="invalid"
            )
        return number


class RegisterFilter(django_filters.FilterSet):
    """The public register's filters: province, grade and a search in the subject's name."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = django_filters.ChoiceFilter(label=_("Province"), choices=Province.choices)
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=[])

    class Meta:
        model = Certificate
        fields = ["q", "province", "grade"]

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["grade"].extra["choices"] = list(grades)

    def search(self, queryset, name, value):
        # Chinese has no spaces: a substring search finds 焚烧 in 生活垃圾焚烧发电厂.
        for term in value.split()[:5]:
            queryset = queryset.filter(subject_name__icontains=term)
        return queryset
