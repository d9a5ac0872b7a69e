"""Forms of the on-site step: the back office's actions and the plant's evidence."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from members.models import Expert
from website.accounts.roles import CERTIFICATION_STAFF
from website.core.backoffice import date_field
from website.core.files import EVIDENCE, IMAGES, KINDS, UploadField

from ..models import Criterion, Finding, Rectification


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files of the allowed kinds in one input; each is checked like UploadField's."""

    def __init__(self, *args, kinds=EVIDENCE, **kwargs):
        extensions = sorted({KINDS[kind].extension for kind in kinds})
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(extensions)}))
        super().__init__(*args, kinds=kinds, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _text(label, required=False, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea, **kwargs)


class PlanForm(forms.Form):
    planned_on = date_field(_("Inspection date"))
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts of the pool"),
        queryset=Expert.objects.filter(is_active=True).select_related("person"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Certification staff"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or three members in all; the first chosen leads the team."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = get_user_model().objects.filter(
            is_active=True, groups__name=CERTIFICATION_STAFF
        )
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.email


class VisitForm(forms.Form):
    visited_on = date_field(_("Visited on"))
    summary = _text(_("Inspection summary"))


class ChecklistForm(forms.Form):
    """One tick and note per criterion (check_<pk>, note_<pk>)."""

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [
            c for c in inspection.application.criteria_set.ordered_criteria() if c.is_scored
        ]
        saved = inspection.checklist or {}
        for criterion in self.criteria:
            line = saved.get(str(criterion.pk), {})
            self.fields[f"check_{criterion.pk}"] = forms.BooleanField(
                label=f"{criterion.code} {criterion.name}",
                required=False,
                initial=line.get("checked", False),
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500, initial=line.get("note", "")
            )

    def checklist(self) -> dict[int, tuple[bool, str]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"check_{c.pk}", False),
                self.cleaned_data.get(f"note_{c.pk}", ""),
            )
            for c in self.criteria
        }


class FindingForm(forms.Form):
    criterion = forms.ModelChoiceField(
        label=_("Criterion"), queryset=Criterion.objects.none(), required=False
    )
    description = _text(_("Finding"), required=True)
    deduction = forms.DecimalField(
        label=_("Deduction"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        initial=0,
        required=False,
        help_text=_("Only for items assessed on site: points off, or 1 for a veto found."),
    )
    photos = MultipleUploadField(label=_("Photos"), kinds=IMAGES, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = inspection.application.criteria_set.criteria.exclude(
            kind=Criterion.Kind.GROUP
        ).order_by("sort_order")


class RectificationRequestForm(forms.Form):
    finding = forms.ModelChoiceField(
        label=_("Finding"), queryset=Finding.objects.none(), required=False
    )
    request = _text(_("What to rectify"), required=True)
    due_on = date_field(_("Rectify by"))

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.all()


class RectificationDecisionForm(forms.Form):
    rectification = forms.ModelChoiceField(label=_("Rectification request"), queryset=None)
    note = _text(_("Note on the evidence"))

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rectification"].queryset = inspection.rectifications.filter(
            status=Rectification.Status.SUBMITTED
        )


class EvidenceForm(forms.Form):
    """The plant's answer to a rectification request (portal)."""

    response = _text(_("What was rectified"), required=True)
    files = MultipleUploadField(label=_("Evidence files"), kinds=EVIDENCE, required=False)


class PlaqueForm(forms.Form):
    issued_on = date_field(_("Plaque issued on"), required=False)


class TeamVisitForm(VisitForm):
    """The visit in the portal: a plain date input instead of the admin's widget."""

    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class TeamFindingForm(FindingForm):
    pass
