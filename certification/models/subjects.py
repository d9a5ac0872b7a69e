"""Subjects an evaluation can be about besides an organization: plants (and projects later)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization
from members.regions import Province


class Plant(models.Model):
    """A waste incineration plant run by a member organization (the subject of plant grading)."""

    class Technology(models.TextChoices):
        GRATE = "grate", _("Mechanical grate furnace")
        FLUIDIZED_BED = "fluidized_bed", _("Circulating fluidized bed")
        ROTARY_KILN = "rotary_kiln", _("Rotary kiln")
        OTHER = "other", _("Other")

    class CapacityClass(models.TextChoices):
        # CJJ 90 classes by total design capacity in tonnes per day.
        EXTRA_LARGE = "extra_large", _("Extra-large class (≥ 2000 t/d)")
        CLASS_I = "I", _("Class I (1200–2000 t/d)")
        CLASS_II = "II", _("Class II (600–1200 t/d)")
        CLASS_III = "III", _("Class III (150–600 t/d)")
        SMALL = "small", _("Below class III (< 150 t/d)")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="plants",
    )
    name = models.CharField(_("name"), max_length=150)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    design_capacity = models.DecimalField(
        _("design capacity (t/d)"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1"))],
    )
    capacity_class = models.CharField(
        _("capacity class"), max_length=12, choices=CapacityClass.choices, editable=False
    )
    lines = models.PositiveSmallIntegerField(_("incineration lines"), default=1)
    technology = models.CharField(
        _("technology"), max_length=15, choices=Technology.choices, default=Technology.GRATE
    )
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    formal_operation_on = models.DateField(
        _("in formal operation since"),
        null=True,
        blank=True,
        help_text=_("Grading needs more than a year of formal operation."),
    )
    is_active = models.BooleanField(_("in operation"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("plant")
        verbose_name_plural = _("plants")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_plant_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.capacity_class = self.class_for(self.design_capacity or 0)
        if kwargs.get("update_fields") is not None and "design_capacity" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "capacity_class"}
        super().save(*args, **kwargs)

    @classmethod
    def class_for(cls, capacity: Decimal | int | float) -> str:
        capacity = Decimal(str(capacity))
        if capacity >= 2000:
            return cls.CapacityClass.EXTRA_LARGE
        if capacity >= 1200:
            return cls.CapacityClass.CLASS_I
        if capacity >= 600:
            return cls.CapacityClass.CLASS_II
        if capacity >= 150:
            return cls.CapacityClass.CLASS_III
        return cls.CapacityClass.SMALL

    def months_in_operation(self, on: datetime.date | None = None) -> int | None:
        if self.formal_operation_on is None:
            return None
        on = on or timezone.localdate()
        months = (
            (on.year - self.formal_operation_on.year) * 12
            + on.month
            - self.formal_operation_on.month
        )
        if on.day < self.formal_operation_on.day:
            months -= 1
        return max(months, 0)
