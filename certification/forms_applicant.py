"""Portal forms of the applicant side: financial figures and the annual-check material.
Numbers are kept as typed (text fields) and checked by the services, whose translated error
names the year and the figure; what was typed comes back with it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from website.core.files import EVIDENCE, UploadField
from website.core.forms import FilesAskedAgainMixin

from .services import finance


def amount(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "num"}),
    )


class FinancialsForm(forms.Form):
    """One row of six figures per required year: fields named <field>_<year>."""

    def __init__(self, *args, years: list[int], initial_rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        existing = {row.year: row for row in initial_rows}
        for year in years:
            for field in finance.FIELDS:
                name = f"{field}_{year}"
                self.fields[name] = amount(f"{finance.FIELD_LABELS[field]} {year}")
                row = existing.get(year)
                if row is not None and not self.is_bound:
                    self.initial[name] = getattr(row, field)

    def grid(self):
        """[(field label, [bound field per year])] for a table with a column per year."""
        return [
            (finance.FIELD_LABELS[field], [self[f"{field}_{year}"] for year in self.years])
            for field in finance.FIELDS
        ]

    def figures(self) -> dict[int, dict[str, str]]:
        return {
            year: {field: self.cleaned_data.get(f"{field}_{year}", "") for field in finance.FIELDS}
            for year in self.years
        }


class AnnualCheckForm(FilesAskedAgainMixin, forms.Form):
    revenue = amount(_("Operating revenue (10k yuan)"))
    profit = amount(_("Net profit (10k yuan)"))
    total_assets = amount(_("Total assets (10k yuan)"))
    total_liabilities = amount(_("Total liabilities (10k yuan)"))
    changes = forms.CharField(
        label=_("Changes during the year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Name, legal representative, ownership, qualifications, main business."),
    )
    incidents = forms.CharField(
        label=_("Incidents, penalties and complaints"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Safety accidents, administrative penalties, serious complaints; or none."),
    )
    statements = UploadField(
        label=_("Financial statements of the year"), kinds=EVIDENCE, required=False
    )
    other = UploadField(label=_("Other material"), kinds=EVIDENCE, required=False)

    def figures(self) -> dict[str, str]:
        return {
            field: self.cleaned_data.get(field, "")
            for field in ("revenue", "profit", "total_assets", "total_liabilities")
        }
