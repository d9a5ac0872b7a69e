"""Demo of plant grading's on-site step, built through the services: the plants' facts, an
inspection with a finding (photo), rectification and evidence; one plant is left in the
middle of rectification, graded plants get their plaque. Called by certification.demo."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..models import Certificate, Criterion, Inspection, Plant
from ..services import inspections

FLUE_GAS = [
    (Plant.FlueGasProcess.SNCR_SEMIDRY, ""),
    (Plant.FlueGasProcess.SNCR_SEMIDRY_WET, ""),
    (
        Plant.FlueGasProcess.SNCR_SCR,
        "炉内SNCR脱硝，旋转喷雾半干法脱酸，消石灰和活性炭喷射，布袋除尘，湿法洗涤后经SCR深度脱硝，"
        "排放指标按欧盟2010标准控制。",
    ),
]


def _png(label: str) -> SimpleUploadedFile:
    """A small generated picture standing in for a site photo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (96, 118, 104))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 120, 300, 180), fill=(150, 150, 140))
    draw.text((24, 24), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"{label}.png", buffer.getvalue(), content_type="image/png")


def fill_facts(plants: list[Plant], today: datetime.date) -> None:
    """What graders need, for demo plants that lack it (what staff changed stays)."""
    for index, plant in enumerate(plants):
        if plant.discharge_permit_number:
            continue
        process, description = FLUE_GAS[index % len(FLUE_GAS)]
        code = plant.organization.credit_code
        plant.generating_capacity = (Decimal(plant.design_capacity) / 40).quantize(Decimal("0.1"))
        plant.flue_gas_process = process
        plant.flue_gas_description = description
        plant.discharge_permit_number = f"{code}{index + 1:03d}P" if code else ""
        plant.monitoring_connected = index % 5 != 4
        plant.monitoring_connected_since = (
            (plant.formal_operation_on or today) + datetime.timedelta(days=30)
            if plant.monitoring_connected
            else None
        )
        if plant.monitoring_connected_since and plant.monitoring_connected_since > today:
            plant.monitoring_connected_since = today
        plant.save()


def _demo_expert(experts):
    return next((e for e in experts if e.person.user.email == "expert@example.org"), experts[0])


def inspect(application, *, staff, experts, contact, stop: bool) -> Inspection:
    """The team (the certification staff account and the demo expert) visits, records a finding
    with a photo and asks for rectification. With `stop` the plant is left mid-rectification
    (one request accepted, one awaiting its evidence); otherwise the inspection closes."""
    today = timezone.localdate()
    expert = _demo_expert(experts)
    inspection = inspections.plan_inspection(
        application, user=staff, planned_on=today, experts=[expert], staff=[staff], leader=expert
    )
    inspector = expert.person.user
    inspections.record_visit(
        inspection,
        user=inspector,
        visited_on=today,
        summary="核查组查看了中控室DCS历史曲线、垃圾池及卸料大厅、烟气净化车间和飞灰稳定化车间，"
        "抽查了近三个月的进厂台账和在线监测记录。",
    )
    criteria = list(application.criteria_set.criteria.all())
    checked = {
        c.pk: (True, "已现场查看") for c in criteria if c.is_scored and c.code.startswith("2.")
    }
    inspections.save_checklist(inspection, user=inspector, checklist=checked)
    on_site = next(c for c in criteria if c.on_site and c.kind == Criterion.Kind.DEDUCTION)
    finding = inspections.add_finding(
        inspection,
        user=inspector,
        criterion=on_site,
        deduction=2,
        description="飞灰稳定化车间吨袋堆放超出划定区域，部分吨袋未贴危险废物标签。",
        photos=[_png("fly-ash-storage")],
    )
    first = inspections.request_rectification(
        inspection,
        user=staff,
        finding=finding,
        request="规范飞灰吨袋堆放和危险废物标签，提交整改前后照片。",
        due_on=today + datetime.timedelta(days=20),
    )
    inspections.submit_evidence(
        first,
        user=contact,
        files=[_png("after-rectification")],
        response="已重新划定堆放区域并补贴标签，附整改后照片。",
    )
    inspections.accept_rectification(first, user=inspector, note="整改到位。")
    if stop:
        inspections.request_rectification(
            inspection,
            user=inspector,
            request="补充近一年二噁英第三方检测报告原件扫描件。",
            due_on=today + datetime.timedelta(days=30),
        )
        return inspection
    inspections.close_inspection(inspection, user=staff)
    return inspection


def plaque(certificate: Certificate, *, staff) -> None:
    if certificate.state.valid and not hasattr(certificate, "plaque"):
        inspections.issue_plaque(certificate, user=staff, issued_on=certificate.issued_on)
