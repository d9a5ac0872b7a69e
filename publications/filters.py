"""Public list filters (django-filter). Invalid values are dropped by the form, never a 500."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import GroupStandardPage, PolicyDocumentPage


class SearchInput(forms.TextInput):
    input_type = "search"


def _text_search(fields: tuple[str, ...]):
    """Substring match over some fields: 文号 and Chinese words need no segmentation here."""

    def method(queryset, name, value):
        words = value.split()[:5]
        for word in words:
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    return method


class PolicyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keywords"),
        method=_text_search(("title", "document_number", "issuing_body", "summary")),
        max_length=100,
        widget=SearchInput(attrs={"placeholder": _("Title, document number or issuer")}),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=PolicyDocumentPage.Category.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PolicyDocumentPage.Status.choices, empty_label=_("All")
    )
    year = django_filters.NumberFilter(
        label=_("Year issued"),
        field_name="issued_on",
        lookup_expr="year",
        min_value=1949,
        max_value=2100,
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("issued_on", "issued"), ("title", "title")),
        field_labels={"issued_on": _("Date issued"), "title": _("Title")},
        empty_label=None,
    )

    class Meta:
        model = PolicyDocumentPage
        fields = ["q", "category", "status", "year"]

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.is_bound or not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by("-issued_on", "-pk")
        return queryset


class StandardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keywords"),
        method=_text_search(("title", "number", "plan_number", "lead_organization", "scope")),
        max_length=100,
        widget=SearchInput(attrs={"placeholder": _("Title, number or organization")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=GroupStandardPage.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = GroupStandardPage
        fields = ["q", "status"]

    @property
    def qs(self):
        return super().qs.order_by("-first_published_at", "-pk")
