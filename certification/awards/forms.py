"""Forms of projects (award nominations, achievement evaluations) and recommending units."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import ExpertiseField
from members.regions import Province

from ..models import Application, Project, RecommendingUnit
from ..services.projects import award_settings


def _level_choices(scheme) -> list[tuple[str, str]]:
    award = award_settings(scheme)
    if award is None:
        return []
    return [
        (
            level.code,
            _("%(level)s (at most %(persons)s persons, %(units)s units)")
            % {"level": level.code, "persons": level.max_persons, "units": level.max_units},
        )
        for level in award.levels.all()
    ]


class ProjectStartForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Applicant organization"), queryset=None)
    title = forms.CharField(label=_("Project title"), max_length=200)
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=ExpertiseField.objects.all(), required=False
    )
    level = forms.ChoiceField(label=_("Level applied for"), choices=[], required=False)
    recommending_unit = forms.ModelChoiceField(
        label=_("Recommending unit"), queryset=RecommendingUnit.objects.none(), required=False
    )

    def __init__(self, *args, organizations, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
        if award_settings(scheme) is None:
            del self.fields["level"]
            del self.fields["recommending_unit"]
        else:
            self.fields["level"].choices = [("", "—"), *_level_choices(scheme)]
            self.fields["recommending_unit"].queryset = RecommendingUnit.objects.active()
            self.fields["recommending_unit"].help_text = _(
                "The body that recommends the nomination and confirms it online: a branch of the "
                "association, a provincial sanitation authority, an association or a university."
            )


class ProjectForm(forms.Form):
    """The project, the application's contact and summary, and for awards the nomination."""

    title = forms.CharField(label=_("Project title"), max_length=200)
    field = forms.ModelChoiceField(label=_("Field"), queryset=ExpertiseField.objects.all())
    level = forms.ChoiceField(label=_("Level applied for"), choices=[])
    recommending_unit = forms.ModelChoiceField(
        label=_("Recommending unit"), queryset=RecommendingUnit.objects.none()
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the project solved and how; shown in the public notices."),
    )
    innovations = forms.CharField(
        label=_("Main innovations"), widget=forms.Textarea(attrs={"rows": 5})
    )
    application_and_benefits = forms.CharField(
        label=_("Application and benefits"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    started_on = forms.DateField(
        label=_("Started on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    declaration = forms.BooleanField(
        label=_("Declaration of truthfulness"),
        required=False,
        help_text=_(
            "We declare that the project, its completing units and persons and all attachments "
            "are true, and accept that proven fraud bars us from the award for three years."
        ),
    )

    APPLICATION_FIELDS = (
        "summary",
        "contact_name",
        "contact_phone",
        "contact_email",
        "declaration",
    )

    def __init__(self, *args, application: Application, project: Project, **kwargs):
        nomination = getattr(application, "nomination", None) if application.pk else None
        initial = {
            "title": project.title,
            "field": project.field_id,
            "summary": application.summary,
            "innovations": project.innovations,
            "application_and_benefits": project.application_and_benefits,
            "started_on": project.started_on,
            "completed_on": project.completed_on,
            "contact_name": application.contact_name,
            "contact_phone": application.contact_phone,
            "contact_email": application.contact_email,
            "declaration": application.declaration,
        }
        if nomination is not None:
            initial.update(
                level=nomination.level, recommending_unit=nomination.recommending_unit_id
            )
        super().__init__(*args, initial=initial, **kwargs)
        if application.scheme.blind_review:
            blind = _(
                "Experts review blind: they read this text, so do not name the applicant, the "
                "completing units or persons in it."
            )
            for name in ("summary", "innovations", "application_and_benefits"):
                help_text = self.fields[name].help_text
                self.fields[name].help_text = f"{help_text} {blind}" if help_text else blind
        if award_settings(application.scheme) is None:
            del self.fields["level"]
            del self.fields["recommending_unit"]
        else:
            self.fields["level"].choices = [("", "—"), *_level_choices(application.scheme)]
            self.fields["recommending_unit"].queryset = RecommendingUnit.objects.active()

    def clean(self):
        cleaned = super().clean()
        started, completed = cleaned.get("started_on"), cleaned.get("completed_on")
        if started and completed and completed < started:
            self.add_error("completed_on", _("The project cannot be completed before it started."))
        if not (cleaned.get("contact_phone") or cleaned.get("contact_email")):
            self.add_error("contact_phone", _("Give a phone number or an email address."))
        return cleaned

    def project_data(self) -> dict:
        names = ("title", "field", "innovations", "application_and_benefits", "started_on")
        data = {name: self.cleaned_data[name] for name in (*names, "completed_on")}
        for name in ("level", "recommending_unit"):
            if name in self.fields:
                data[name] = self.cleaned_data[name]
        return data

    def application_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.APPLICATION_FIELDS}


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Unit"), max_length=200, required=False)
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", "—"), *Province.choices], required=False
    )


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    unit_name = forms.CharField(label=_("Work unit"), max_length=200, required=False)
    professional_title = forms.CharField(
        label=_("Professional title"), max_length=50, required=False
    )
    contribution = forms.CharField(
        label=_("Contribution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not (cleaned.get("contribution") or "").strip():
            self.add_error("contribution", _("Describe this person's contribution."))
        if cleaned.get("name") and not (cleaned.get("unit_name") or "").strip():
            self.add_error("unit_name", _("Give this person's work unit."))
        return cleaned


class OrderedFormSet(forms.BaseFormSet):
    """Rows in the order the applicant numbers them; empty rows are ignored."""

    def rows(self) -> list[dict]:
        filled = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and (form.cleaned_data.get("name") or "").strip()
        ]
        return sorted(
            filled,
            key=lambda row: (row.get("ORDER") is None, row.get("ORDER") or 0),
        )


UnitFormSet = forms.formset_factory(
    UnitForm, formset=OrderedFormSet, extra=2, can_order=True, max_num=30, validate_max=True
)
PersonFormSet = forms.formset_factory(
    PersonForm, formset=OrderedFormSet, extra=3, can_order=True, max_num=30, validate_max=True
)


class RecommendationForm(forms.Form):
    CONFIRM = "confirm"
    DECLINE = "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (CONFIRM, _("We recommend this nomination and submit it to the association.")),
            (DECLINE, _("We do not recommend it as it stands.")),
        ],
    )
    text = forms.CharField(
        label=_("Recommending opinion, or the reason for declining"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ConsentForm(forms.Form):
    agree = forms.BooleanField(label=_("We agree"), required=True)
    signatory = forms.CharField(
        label=_("Signed by (legal representative or authorised person)"), max_length=50
    )
