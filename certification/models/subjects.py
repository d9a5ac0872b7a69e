"""Subjects an evaluation can be about besides an organization: plants (and projects later)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization
from members.regions import Province
from members.validators import is_valid_credit_code

# 排污许可证编号: the holder's 统一社会信用代码 (18), a three-digit serial and a letter for the
# kind of management (e.g. 91320500MA1XXXXXXX001P; V, U, Q, W for other kinds).
PERMIT_PATTERN = re.compile(r"^([0-9A-HJ-NPQRTUWXY]{18})(\d{3})([A-Z])$")


def normalize_permit_number(value: str) -> str:
    return "".join((value or "").split()).upper()


def validate_permit_number(value: str) -> None:
    match = PERMIT_PATTERN.match(normalize_permit_number(value))
    if match is None or not is_valid_credit_code(match.group(1)):
        raise ValidationError(
            _(
                "A discharge permit number is the holder's unified social credit code, three "
                "digits and a letter, e.g. 91320500MA1MXXXX3Y001P."
            ),
            code="invalid_permit",
        )


class Plant(models.Model):
    """A waste incineration plant run by a member organization (the subject of plant grading)."""

    class Technology(models.TextChoices):
        GRATE = "grate", _("Mechanical grate furnace")
        FLUIDIZED_BED = "fluidized_bed", _("Circulating fluidized bed")
        ROTARY_KILN = "rotary_kiln", _("Rotary kiln")
        OTHER = "other", _("Other")

    class FlueGasProcess(models.TextChoices):
        # The usual lines of Chinese plants (GB 18485): de-NOx, acid gas, dioxins, dust.
        SNCR_SEMIDRY = (
            "sncr_semidry",
            _("SNCR + semi-dry + dry injection + activated carbon + bag filter"),
        )
        SNCR_SEMIDRY_WET = (
            "sncr_semidry_wet",
            _("SNCR + semi-dry + activated carbon + bag filter + wet scrubber"),
        )
        SNCR_SCR = (
            "sncr_scr",
            _("SNCR + semi-dry + activated carbon + bag filter + wet scrubber + SCR"),
        )
        DRY = "dry", _("SNCR + dry injection + activated carbon + bag filter")
        OTHER = "other", _("Other (describe)")

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
    # What graders need besides the capacity (filled by the operator, checked on site).
    generating_capacity = models.DecimalField(
        _("installed generating capacity (MW)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    flue_gas_process = models.CharField(
        _("flue-gas treatment line"), max_length=20, choices=FlueGasProcess.choices, blank=True
    )
    flue_gas_description = models.TextField(
        _("flue-gas treatment description"),
        blank=True,
        help_text=_("The process step by step, reagents and emission limits met."),
    )
    discharge_permit_number = models.CharField(
        _("discharge permit number (排污许可证编号)"),
        max_length=22,
        blank=True,
        validators=[validate_permit_number],
    )
    monitoring_connected = models.BooleanField(
        _("online monitoring connected to the environment authority"),
        default=False,
        help_text=_("Emissions data transmitted to the ecological-environment authority (联网)."),
    )
    monitoring_connected_since = models.DateField(_("connected since"), null=True, blank=True)
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

    def clean(self) -> None:
        errors = {}
        self.discharge_permit_number = normalize_permit_number(self.discharge_permit_number)
        if (
            self.flue_gas_process == self.FlueGasProcess.OTHER
            and not (self.flue_gas_description or "").strip()
        ):
            errors["flue_gas_description"] = _("Describe the flue-gas treatment line.")
        if self.monitoring_connected and self.monitoring_connected_since is None:
            errors["monitoring_connected_since"] = _("Give the date the connection started.")
        if not self.monitoring_connected and self.monitoring_connected_since is not None:
            errors["monitoring_connected_since"] = _(
                "Leave the date empty when the monitoring is not connected."
            )
        since = self.monitoring_connected_since
        if since is not None and since > timezone.localdate():
            errors["monitoring_connected_since"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def missing_facts(self) -> list[str]:
        """What graders need that the record lacks, as field labels."""
        names = [
            "generating_capacity",
            "flue_gas_process",
            "discharge_permit_number",
        ]
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in names
            if getattr(self, name) in (None, "")
        ]

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
