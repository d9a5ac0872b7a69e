"""The public member directory: its filters and the extension points other apps fill.

Certification adds a credit-grade filter, column and a certificates section on profiles:

    from members.directory import directory
    directory.register_filter("grade", lambda: django_filters.ChoiceFilter(...))
    directory.register_queryset_hook("grade", lambda qs: qs.annotate(...))
    directory.register_column("grade", label=..., template="app/cell.html")  # gets `organization`
    directory.profile_sections.register("certificates", template=..., get_context=fn)

Hooks must keep the listing at a fixed number of queries (annotate or prefetch, never a
query per row) and must not touch the session: anonymous directory pages are cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from website.core.registry import SectionRegistry

from .models import BusinessCategory, Membership, Organization
from .regions import Province

ORGANIZATION_TIERS = [
    (tier.value, tier.label) for tier in Membership.Tier if tier.value != "individual"
]


class DirectoryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name"))
    province = django_filters.ChoiceFilter(
        choices=Province.choices, label=_("Province"), empty_label=_("All provinces")
    )
    category = django_filters.ModelChoiceFilter(
        field_name="categories",
        to_field_name="slug",
        queryset=BusinessCategory.objects.all(),
        label=_("Business category"),
        empty_label=_("All categories"),
    )
    tier = django_filters.ChoiceFilter(
        field_name="membership__tier",
        choices=ORGANIZATION_TIERS,
        label=_("Membership tier"),
        empty_label=_("All tiers"),
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Substring match: Chinese names have no spaces, so 环保 finds ××环保科技股份有限公司.
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class Directory:
    """What other apps may add to the directory: filters, queryset hooks, profile sections."""

    def __init__(self) -> None:
        self._filters: dict[str, Callable[[], django_filters.Filter]] = {}
        self._queryset_hooks: dict[str, Callable[[QuerySet], QuerySet]] = {}
        self._areas: dict[str, tuple[str, ...]] = {}
        self._columns: dict[str, dict[str, str]] = {}
        self.profile_sections = SectionRegistry()

    def register_column(self, key: str, *, label: str, template: str) -> None:
        """An extra column of the listing; the template renders one cell for `organization`."""
        self._columns[key] = {"key": key, "label": label, "template": template}

    def columns(self) -> list[dict[str, str]]:
        return list(self._columns.values())

    def register_filter(self, name: str, make_filter: Callable[[], django_filters.Filter]) -> None:
        self._filters[name] = make_filter

    def register_queryset_hook(
        self, key: str, hook: Callable[[QuerySet], QuerySet], *, areas: Iterable[str] = ()
    ) -> None:
        """`hook` adds data to every row; `areas` are the page-cache areas that data is in."""
        self._queryset_hooks[key] = hook
        self._areas[key] = tuple(areas)

    def areas(self) -> tuple[str, ...]:
        """The page-cache areas the listing reads: the directory's and its hooks'."""
        return tuple(dict.fromkeys(("directory", *(a for v in self._areas.values() for a in v))))

    def filterset_class(self) -> type[DirectoryFilterSet]:
        if not self._filters:
            return DirectoryFilterSet
        extra = {name: make() for name, make in self._filters.items()}
        return type("ExtendedDirectoryFilterSet", (DirectoryFilterSet,), extra)

    def queryset(self) -> QuerySet[Organization]:
        queryset = Organization.objects.for_public_display().order_by("name", "pk")
        for hook in self._queryset_hooks.values():
            queryset = hook(queryset)
        return queryset


directory = Directory()
