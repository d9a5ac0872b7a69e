"""Demo data of the join and dues journeys, built through the services and idempotent.

- fee schedules for this year and next;
- the demo contact member@example.org: administrator of a member organization with an
  active membership, a paid invoice and next year's open invoice;
- person@example.org: an individual member;
- join applications in every state, one pending of each kind;
- invoices open, overdue (with a proof of payment awaiting confirmation), paid, cancelled;
  a member in grace and a lapsed one; a key-field change request waiting for staff.

Organizations and persons are looked up by natural keys (credit code, user), so this coexists
with members.demo_records, whichever runs first.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.test.utils import override_settings
from django.utils import timezone

from website.accounts.models import User
from website.core.demo import ensure_user
from website.core.demo_names import block_name

from . import services
from .models import (
    FeeSchedule,
    Invoice,
    Membership,
    MembershipApplication,
    Organization,
    OrganizationContact,
    PaymentProof,
    Person,
    ProfileChangeRequest,
)
from .validators import credit_code_check_character


def code(region: str, serial: str) -> str:
    """A valid 统一社会信用代码 for demo data: 91 + region + 9-character serial + check."""
    first17 = f"91{region}{serial}"
    return first17 + credit_code_check_character(first17)


RATES = {
    "president": Decimal("50000"),
    "vice_president": Decimal("30000"),
    "standing_director": Decimal("10000"),
    "director": Decimal("10000"),
    "member": Decimal("3000"),
    "individual": Decimal("300"),
}

# name, credit code, province, city, tier, legal representative, admin email, situation
ORGANIZATIONS = [
    (
        "北京京环绿洁环境服务有限公司",
        code("110105", "MA01AB3C4"),
        "11",
        "北京市",
        "director",
        "赵永刚",
        "member@example.org",
        "paid",
    ),
    (
        "杭州城净环卫科技有限公司",
        code("330106", "MA2H8K9L0"),
        "33",
        "杭州市",
        "member",
        "钱立新",
        "finance@hz-demo.example.org",
        "overdue",
    ),
    (
        "成都蓉清固废处理有限公司",
        code("510107", "MA6C1D2E3"),
        "51",
        "成都市",
        "member",
        "孙德明",
        "office@cd-demo.example.org",
        "grace",
    ),
    (
        "南宁绿城市容服务有限公司",
        code("450103", "MA5N7P8Q1"),
        "45",
        "南宁市",
        "member",
        "黄志远",
        "admin@nn-demo.example.org",
        "lapsed",
    ),
]


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF standing in for a scanned document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from website.core.pdf import register_font

    font = register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(font, 22)
    pdf.drawCentredString(A4[0] / 2, A4[1] - 120, title)
    pdf.setFont(font, 12)
    y = A4[1] - 180
    for line in [*lines, "（演示材料，非真实证照）"]:
        pdf.drawString(80, y, line)
        y -= 24
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def ensure_fee_schedules(year: int) -> None:
    for each in (year, year + 1):
        FeeSchedule.objects.get_or_create(
            year=each,
            defaults={**RATES, "note": f"经第八届理事会第三次会议审议通过（{each}年度）。"},
        )


def _staff() -> User:
    return (
        User.objects.filter(email="membership@example.org").first()
        or User.objects.filter(is_superuser=True).first()
    )


def ensure_member_organization(row, *, today: datetime.date, staff) -> Membership:
    name, credit_code, province, city, tier, legal, email, _situation = row
    # members.demo_records may already have made member@example.org the administrator of one
    # of its organizations: then that organization is the demo member's.
    existing = (
        OrganizationContact.objects.filter(
            user__email=email,
            role=OrganizationContact.Role.ADMIN,
            organization__membership__status__in=Membership.Status.good_standing(),
        )
        .select_related("organization__membership")
        .first()
    )
    if existing is not None:
        return existing.organization.membership
    organization, _created = Organization.objects.get_or_create(
        credit_code=credit_code,
        defaults={
            "name": name,
            "short_name": name.replace("有限公司", "")[:12],
            "province": province,
            "city": city,
            "address": f"{city}某区环卫路88号",
            "legal_representative": legal,
            "kind": Organization.Kind.ENTERPRISE,
            "size": Organization.Size.MEDIUM,
            "profile": f"{name}从事城市道路清扫保洁、生活垃圾收运和环卫设施运营维护。",
        },
    )
    if email == "member@example.org":
        admin = ensure_user(email)
    else:
        number = [row[6] for row in ORGANIZATIONS].index(email)
        last, first = block_name("members", number)
        admin = ensure_user(email, last_name=last, first_name=first)
    OrganizationContact.objects.get_or_create(
        organization=organization, user=admin, defaults={"role": OrganizationContact.Role.ADMIN}
    )
    from website.accounts import roles

    services.add_to_groups(admin, roles.MEMBER_CONTACTS)
    membership = organization.current_membership
    if membership is None:
        membership = services.create_membership(
            organization,
            tier=tier,
            user=staff,
            status=Membership.Status.ACTIVE,
            joined_on=datetime.date(today.year - 4, 4, 15),
            paid_through=datetime.date(today.year - 1, 12, 31),
            reason="历史会员数据导入",
        )
    # The members' group follows the membership's status, on every run: a second load must
    # not give a lapsed member's contact the members-only pages back.
    membership.sync_member_groups()
    return membership


def _invoice_for(membership: Membership, year: int, *, today, staff, **kwargs) -> Invoice:
    existing = membership.invoices.filter(period_start=datetime.date(year, 1, 1)).first()
    if existing is not None:
        return existing
    return services.issue_invoice(
        membership, kind=Invoice.Kind.RENEWAL, year=year, user=staff, today=today, **kwargs
    )


def _pay(invoice: Invoice, *, staff, paid_on: datetime.date, reference: str) -> None:
    if invoice.is_outstanding:
        services.record_payment(
            invoice,
            user=staff,
            amount=invoice.balance,
            paid_on=paid_on,
            reference=reference,
        )


def ensure_dues_situations(today: datetime.date, staff) -> None:
    year = today.year
    for row in ORGANIZATIONS:
        membership = ensure_member_organization(row, today=today, staff=staff)
        situation = row[-1]
        if situation == "paid":
            # This year paid by transfer; next year's invoice open; a cancelled duplicate.
            invoice = _invoice_for(membership, year, today=datetime.date(year, 1, 5), staff=staff)
            _pay(
                invoice,
                staff=staff,
                paid_on=min(datetime.date(year, 3, 12), today),
                reference="工行转账 0312-5521",
            )
            _invoice_for(membership, year + 1, today=today, staff=staff)
            if not membership.invoices.filter(status=Invoice.Status.CANCELLED).exists():
                duplicate = services.issue_invoice(
                    membership,
                    kind=Invoice.Kind.RENEWAL,
                    period=(datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)),
                    amount=RATES[membership.tier],
                    user=staff,
                    today=datetime.date(year - 1, 1, 8),
                    due_on=datetime.date(year - 1, 3, 31),
                )
                services.cancel_invoice(
                    duplicate, user=staff, reason="该年度会费已在旧系统中缴清，重复开具"
                )
        elif situation == "overdue":
            invoice = _invoice_for(
                membership,
                year,
                today=today - datetime.timedelta(days=75),
                staff=staff,
                due_on=today - datetime.timedelta(days=20),
            )
            services.mark_invoice_overdue(invoice, today=today)
            if membership.status == Membership.Status.ACTIVE:
                services.change_status(
                    membership, Membership.Status.GRACE, reason=f"{year}年度会费逾期未缴"
                )
            if not invoice.proofs.exists():
                admin = membership.organization.contacts.first().user
                services.submit_payment_proof(
                    invoice,
                    user=admin,
                    file=ContentFile(
                        _pdf(
                            "网上银行电子回单",
                            [
                                f"付款人：{membership.organization.name}",
                                "收款人：中国城市环境卫生协会",
                                f"金额：人民币{invoice.amount:,.2f}元",
                                f"用途：{year}年度会费 {invoice.number}",
                            ],
                        ),
                        name="电子回单.pdf",
                    ),
                    amount=invoice.amount,
                    paid_on=today - datetime.timedelta(days=2),
                    reference="ZJ-NB-20931",
                    note="已通过网银转账，请查收。",
                )
        elif situation == "grace":
            _invoice_for(
                membership,
                year,
                today=datetime.date(year, 1, 5),
                staff=staff,
                due_on=datetime.date(year, 3, 31),
            )
            if membership.status == Membership.Status.ACTIVE:
                services.change_status(
                    membership, Membership.Status.GRACE, reason=f"{year}年度会费逾期未缴"
                )
        elif situation == "lapsed":
            if membership.status == Membership.Status.ACTIVE:
                membership.paid_through = datetime.date(year - 2, 12, 31)
                membership.save(update_fields=["paid_through"])
                services.change_status(
                    membership, Membership.Status.GRACE, reason=f"{year - 1}年度会费逾期未缴"
                )
                services.change_status(
                    membership,
                    Membership.Status.LAPSED,
                    reason="连续一年未缴纳会费，宽限期满，视为自动退会",
                )


def ensure_individual_member(today: datetime.date, staff) -> None:
    user = ensure_user("person@example.org")
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            user=user,
            name=user.get_full_name(),
            employer_name="合肥市城市管理局环境卫生管理处",
            job_title="高级工程师",
            professional_title=Person.ProfessionalTitle.SENIOR,
            expertise="生活垃圾分类与收运体系规划",
            province="32",
            phone="13900000000",
            email=user.email,
        )
    membership = Membership.objects.filter(person=person).first()
    if membership is None:
        membership = services.create_membership(
            person,
            tier=Membership.Tier.INDIVIDUAL,
            user=staff,
            status=Membership.Status.ACTIVE,
            joined_on=datetime.date(today.year - 2, 9, 1),
            paid_through=datetime.date(today.year - 1, 12, 31),
            reason="历史会员数据导入",
        )
    membership.sync_member_groups()
    invoice = _invoice_for(
        membership, today.year, today=datetime.date(today.year, 1, 5), staff=staff
    )
    _pay(
        invoice,
        staff=staff,
        paid_on=min(datetime.date(today.year, 2, 20), today),
        reference="对公转账 个人会费",
    )


# applicant email, kind, target state, fields
APPLICATIONS = [
    (
        "applicant.org@example.org",
        "organization",
        "submitted",
        {
            "organization_name": "苏州市洁城环境服务有限公司",
            "short_name": "苏州洁城",
            "credit_code": code("320508", "MA1X2Y3W4"),
            "organization_kind": "enterprise",
            "legal_representative": "陈建国",
            "province": "32",
            "city": "苏州市",
            "address": "苏州市姑苏区人民路1088号",
            "contact_name": "李晓明",
            "contact_job_title": "综合办主任",
            "contact_phone": "13812345678",
            "size": "medium",
            "profile": "承担姑苏区主次干道机械化清扫保洁和垃圾分类收运服务。",
            "message": "我司希望加入协会，参与行业标准和信用评价工作。",
        },
    ),
    (
        "applicant.person@example.org",
        "individual",
        "submitted",
        {
            "person_name": "郑海燕",
            "employer": "同济大学环境科学与工程学院",
            "job_title": "副教授",
            "professional_title": "senior",
            "expertise": "餐厨垃圾厌氧消化、生活垃圾焚烧飞灰处置",
            "province": "31",
            "city": "上海市",
            "contact_phone": "13700001234",
        },
    ),
    (
        "applicant.review@example.org",
        "organization",
        "under_review",
        {
            "organization_name": "郑州中原环卫装备制造有限公司",
            "credit_code": code("410122", "MA3K4L5M6"),
            "organization_kind": "enterprise",
            "legal_representative": "王振华",
            "province": "41",
            "city": "郑州市",
            "address": "郑州市中牟县汽车产业园环卫装备路6号",
            "contact_name": "刘倩",
            "contact_phone": "13623456789",
            "tier": "director",
            "profile": "研发制造纯电动洗扫车、压缩式垃圾车等环卫专用车辆。",
        },
    ),
    (
        "applicant.returned@example.org",
        "organization",
        "returned",
        {
            "organization_name": "兰州市城关区环境卫生服务中心",
            "credit_code": code("620102", "MB0R1T2U3").replace("91", "12", 1)[:17],
            "organization_kind": "institution",
            "legal_representative": "马国强",
            "province": "62",
            "city": "兰州市",
            "address": "兰州市城关区庆阳路30号",
            "contact_name": "杨帆",
            "contact_phone": "0931-8123456",
        },
    ),
    (
        "applicant.rejected@example.org",
        "organization",
        "rejected",
        {
            "organization_name": "某某商贸有限公司",
            "credit_code": code("440106", "MA9W8X7Y6"),
            "organization_kind": "enterprise",
            "legal_representative": "周立群",
            "province": "44",
            "city": "广州市",
            "address": "广州市天河区某路1号",
            "contact_name": "周立群",
            "contact_phone": "13512345678",
        },
    ),
    (
        "applicant.approved@example.org",
        "organization",
        "approved",
        {
            "organization_name": "青岛海湾生活垃圾焚烧发电有限公司",
            "short_name": "海湾焚烧",
            "credit_code": code("370214", "MA7G6H5J4"),
            "organization_kind": "enterprise",
            "legal_representative": "于海涛",
            "province": "37",
            "city": "青岛市",
            "address": "青岛市城阳区环保产业园8号",
            "contact_name": "韩雪",
            "contact_job_title": "运营部经理",
            "contact_phone": "13953200000",
            "size": "medium",
            "profile": "日处理生活垃圾2250吨的焚烧发电厂，配套飞灰稳定化车间。",
        },
    ),
    (
        "applicant.draft@example.org",
        "organization",
        "draft",
        {
            "organization_name": "厦门鹭净环境工程有限公司",
            "province": "35",
            "city": "厦门市",
        },
    ),
]


def ensure_applications(today: datetime.date, staff) -> None:
    Status = MembershipApplication.Status
    for number, (email, kind, target, fields) in enumerate(APPLICATIONS):
        name = fields.get("contact_name") or fields.get("person_name")
        last, first = (name[0], name[1:]) if name else block_name("members", 50 + number)
        user = ensure_user(email, last_name=last, first_name=first)
        if MembershipApplication.objects.filter(applicant=user).exists():
            continue
        application = services.new_application(user, kind)
        for key, value in fields.items():
            if key == "credit_code" and len(value) == 17:
                value = value + credit_code_check_character(value)
            setattr(application, key, value)
        application.contact_email = email
        if target != Status.DRAFT:
            application.accepts_charter = True
            application.invoice_title = application.organization_name or application.person_name
            if kind == "organization":
                application.invoice_tax_number = application.credit_code
                application.licence_name = "营业执照副本.pdf"
                application.licence.save(
                    "营业执照副本.pdf",
                    ContentFile(
                        _pdf(
                            "营业执照（副本）",
                            [
                                f"统一社会信用代码：{application.credit_code}",
                                f"名称：{application.organization_name}",
                                f"法定代表人：{application.legal_representative}",
                                f"住所：{application.address}",
                            ],
                        )
                    ),
                    save=False,
                )
        services.save_application(application, user=user)
        if target == Status.DRAFT:
            continue
        services.submit_application(application, user=user)
        if target == Status.UNDER_REVIEW:
            services.start_review(application, user=staff)
        elif target == Status.RETURNED:
            services.return_application(
                application,
                user=staff,
                reason="请上传加盖单位公章的事业单位法人证书扫描件，并补充单位主要业务介绍。",
            )
        elif target == Status.APPROVED:
            services.start_review(application, user=staff)
            services.approve_application(
                application, user=staff, reason="经秘书处审核，符合入会条件。"
            )
        elif target == Status.REJECTED:
            services.start_review(application, user=staff)
            services.reject_application(
                application,
                user=staff,
                reason="经核实，贵单位经营范围不属于城市环境卫生行业，不符合入会条件。",
            )


def ensure_change_request(staff) -> None:
    organization = Organization.objects.filter(credit_code=ORGANIZATIONS[0][1]).first()
    if organization is None or organization.change_requests.exists():
        return
    admin = User.objects.get(email="member@example.org")
    services.request_profile_change(
        organization,
        user=admin,
        name=organization.name,
        credit_code=organization.credit_code,
        legal_representative="赵永刚"
        if organization.legal_representative != "赵永刚"
        else "钱海波",
        reason="公司法定代表人已于今年变更，新营业执照已换发。",
        document=ContentFile(
            _pdf("营业执照（副本）", [f"名称：{organization.name}", "法定代表人：钱海波"]),
            name="新营业执照.pdf",
        ),
    )
    assert ProfileChangeRequest.objects.filter(organization=organization).exists()


def load(stdout=None) -> None:
    today = timezone.localdate()
    staff = _staff()
    # Demo addresses are not real; keep the notification emails out of the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        ensure_fee_schedules(today.year)
        ensure_dues_situations(today, staff)
        ensure_individual_member(today, staff)
        ensure_applications(today, staff)
        ensure_change_request(staff)
    if stdout is not None:
        stdout.write(
            f"  join and dues: {MembershipApplication.objects.count()} applications, "
            f"{Invoice.objects.count()} invoices, "
            f"{PaymentProof.objects.filter(status='pending').count()} proofs awaiting confirmation"
        )
