"""Every email the system sends reads as written for people, in Chinese and in English.

The first email a new user received read "来自的 Hello!", "在  上注册了一个账户" and "感谢您使用 ！":
allauth took the site name from django.contrib.sites, which the project does not use. Each email
template (allauth's and ours) is found on disk and must have a rendering case below; each case is
rendered in zh-hans and en and checked for empty placeholders, the association's name as the
secretariat set it, links on BASE_URL, English left in the Chinese text and 你 where the site
says 您. A new email template without a case fails `test_every_email_template_has_a_case`.
"""

from __future__ import annotations

import datetime
import itertools
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import mail
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from certification.models import Application, Certificate, Objection
from events.models import Booth, Hall, Order
from members.models import (
    ContactInvitation,
    Membership,
    MembershipApplication,
    OrganizationContact,
)
from tests.factories import PASSWORD, UserFactory
from website.accounts.adapter import AccountAdapter
from website.core.mail import render_email
from website.core.models import SiteSettings
from website.core.payments import PaymentAccount

pytestmark = pytest.mark.django_db

BASE_URL = "https://www.cauesa.example.cn"
# Not WAGTAIL_SITE_NAME: an email that prints the hard-coded name instead of the site setting
# the secretariat edits fails.
NAME_ZH = "中国城市环境卫生测试协会"
NAME_EN = "Test Association of Urban Environmental Sanitation"
LANGUAGES = ("zh-hans", "en")
ROOT = Path(__file__).resolve().parents[2]

# allauth's emails are sent as `<prefix>_message.txt`; ours as `<prefix>.txt`.
ALLAUTH_APPS = ("account", "mfa")


# ---------------------------------------------------------------------------------------------
# Discovery: every email template the project can send
# ---------------------------------------------------------------------------------------------


def _email_prefixes(directory: Path, *, allauth: bool) -> set[str]:
    prefixes = set()
    for path in directory.rglob("*"):
        if not path.is_file() or "email" not in path.parent.name:
            continue
        if path.suffix not in (".txt", ".html") or path.name.startswith(("_", "base_")):
            continue
        name = path.relative_to(directory).as_posix().rsplit(".", 1)[0]
        for suffix in ("_subject", "_message"):
            name = name.removesuffix(suffix)
        if allauth == (path.relative_to(directory).parts[0] in ALLAUTH_APPS):
            prefixes.add(name)
    return prefixes


def our_email_templates() -> set[str]:
    prefixes = set()
    for config in apps.get_app_configs():
        path = Path(config.path)
        if ROOT in path.parents and "site-packages" not in path.parts:
            if (path / "templates").is_dir():
                prefixes |= _email_prefixes(path / "templates", allauth=False)
    return prefixes


def allauth_email_templates() -> set[str]:
    """allauth's emails, from the installed package (a new one after an upgrade is caught)."""
    return _email_prefixes(Path(apps.get_app_config("allauth").path) / "templates", allauth=True)


# ---------------------------------------------------------------------------------------------
# What a good email looks like
# ---------------------------------------------------------------------------------------------

URL = re.compile(r"https?://[^\s，。；、）)」>\"']+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
RELATIVE_LINK = re.compile(r"(?:^|[\s：:（(])(/[a-z0-9_-]+/[^\s]*)", re.MULTILINE)
# Words with a lower-case letter: "Email", "Hello"; codes such as HWPJ-2026-0011 are not words.
ASCII_WORD = re.compile(r"(?<![A-Za-z0-9])(?=[A-Z]*[a-z])[A-Za-z]{4,}(?![A-Za-z0-9])")
EMPTY_PLACEHOLDER = [
    "来自的",
    "在  上",
    "使用 ！",
    "{{",
    "}}",
    "{%",
    "None",
    "[]",
    "()",
    "（）",
    "：\n\n\n",
]
# Brand and technical words that may stand in a Chinese email (a browser's user agent).
ALLOWED_ASCII_WORDS = {"Mozilla", "Windows", "Chrome", "Safari", "AppleWebKit", "KHTML", "like"}
USER_AGENT = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120"
ALLOWED_ASCII_WORDS.add("Gecko")


def problems(subject: str, body: str, language: str) -> list[str]:
    found = []
    text = f"{subject}\n{body}"
    if not subject.strip():
        found.append("empty subject")
    for marker in EMPTY_PLACEHOLDER:
        if marker in text:
            found.append(f"empty or raw placeholder {marker!r}")
    for line in text.splitlines():
        if "  " in line.strip():
            found.append(f"doubled space (an empty value?) in {line!r}")
        if re.search(r"[\u4e00-\u9fff] [！。，；：、）]", line):
            found.append(f"space before Chinese punctuation (an empty value?) in {line!r}")
    name = NAME_ZH if language == "zh-hans" else NAME_EN
    if name not in body:
        found.append(f"the association's name {name!r} is missing")
    for url in URL.findall(text):
        if not (url == BASE_URL or url.startswith(BASE_URL + "/")):
            found.append(f"link not on BASE_URL: {url}")
    for url in URL.findall(text):
        if any(host in url for host in ("localhost", "127.0.0.1", "testserver", "example.com")):
            found.append(f"local or placeholder link {url}")
    for path in RELATIVE_LINK.findall(URL.sub("", text)):
        found.append(f"relative link {path}")
    if language == "zh-hans":
        for line in text.splitlines():
            if re.search(r"[\u4e00-\u9fff]: ", line):
                found.append(f"English colon in Chinese text: {line!r}")
            if re.search(r"[。！？；] ", line):
                found.append(f"space after a Chinese full stop: {line!r}")
        if "你" in text:
            found.append("你 where the site says 您")
        words = set(ASCII_WORD.findall(EMAIL.sub("", URL.sub("", text)))) - ALLOWED_ASCII_WORDS
        if words:
            found.append(f"English in the Chinese email: {sorted(words)}")
    return found


# ---------------------------------------------------------------------------------------------
# Rendering cases: one or more contexts for each email
# ---------------------------------------------------------------------------------------------


def ns(**attributes) -> SimpleNamespace:
    return SimpleNamespace(**attributes)


def today(days: int = 0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def later(days: int = 0) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def portal(path: str) -> str:
    from members.services import portal_url

    return portal_url(path)


def user():
    return UserFactory(last_name="王", first_name="建国")


def notification(**extra) -> dict:
    return {
        "user": user(),
        "ip": "203.0.113.7",
        "user_agent": USER_AGENT,
        "timestamp": timezone.now(),
        **extra,
    }


def allauth_cases() -> dict:
    request = RequestFactory().get("/")
    activate = "http://testserver" + reverse("account_confirm_email", args=["MQ:key"])
    reset = "http://testserver" + reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "1", "key": "set-password"}
    )
    return {
        "account/email/email_confirmation_signup": lambda: [
            {"user": user(), "activate_url": activate, "key": "MQ:key"},
            {"user": user(), "code": "QX7K2M"},
        ],
        "account/email/email_confirmation": lambda: [
            {"user": user(), "activate_url": activate, "key": "MQ:key"},
            {"user": user(), "code": "QX7K2M"},
        ],
        "account/email/password_reset_key": lambda: [
            {"user": user(), "password_reset_url": reset, "request": request},
        ],
        "account/email/password_reset_code": lambda: [{"user": user(), "code": "QX7K2M"}],
        "account/email/login_code": lambda: [{"user": user(), "code": "QX7K2M"}],
        "account/email/unknown_account": lambda: [
            {"signup_url": "http://testserver" + reverse("account_signup")},
        ],
        "account/email/account_already_exists": lambda: [
            {"password_reset_url": "http://testserver" + reverse("account_reset_password")},
        ],
        "account/email/password_changed": lambda: [notification()],
        "account/email/password_set": lambda: [notification()],
        "account/email/password_reset": lambda: [notification()],
        "account/email/email_confirm": lambda: [notification()],
        "account/email/email_changed": lambda: [
            notification(from_email="old@example.org", to_email="new@example.org")
        ],
        "account/email/email_deleted": lambda: [notification(deleted_email="old@example.org")],
        "mfa/email/recovery_codes_generated": lambda: [notification()],
        "mfa/email/totp_activated": lambda: [notification()],
        "mfa/email/totp_deactivated": lambda: [notification()],
        "mfa/email/webauthn_added": lambda: [notification()],
        "mfa/email/webauthn_removed": lambda: [notification()],
    }


# Members: contexts as members.services builds them.


def _membership_application(**fields) -> MembershipApplication:
    values = {
        "pk": 7,
        "number": "RH2026-0007",
        "kind": MembershipApplication.Kind.ORGANIZATION,
        "organization_name": "杭州市环境集团有限公司",
        "contact_email": "office@example.org",
    }
    return MembershipApplication(**{**values, **fields})


def _membership() -> Membership:
    from tests.members.factories import OrganizationFactory

    organization = OrganizationFactory(name="杭州市环境集团有限公司")
    return Membership(
        pk=3,
        number="D20260007",
        organization=organization,
        tier=Membership.Tier.STANDING_DIRECTOR,
        status=Membership.Status.ACTIVE,
        paid_through=today(30),
    )


def _invoice(membership=None):
    return ns(
        pk=5,
        number="HF2026-0012",
        amount=Decimal("5000.00"),
        due_on=today(30),
        membership=membership,
    )


def members_cases() -> dict:
    account = PaymentAccount("测试环卫协会", "测试银行北京分行", "6222 0200 1234 5678")
    application_url = portal(reverse("member_portal:membership"))
    return {
        "members/email/application_submitted": lambda: [
            {
                "application": _membership_application(),
                "resubmission": resubmission,
                "url": application_url,
            }
            for resubmission in (False, True)
        ],
        "members/email/application_returned": lambda: [
            {
                "application": _membership_application(),
                "reason": "营业执照扫描件不清晰，请重新上传。",
                "url": application_url,
            }
        ],
        "members/email/application_rejected": lambda: [
            {"application": _membership_application(), "reason": "申请单位不属于本协会业务范围。"}
        ],
        "members/email/application_approved": lambda: [
            {
                "application": _membership_application(),
                "membership": (m := _membership()),
                "invoice": _invoice(m),
                "payment_account": account,
                "url": application_url,
            }
        ],
        "members/email/payment_received": lambda: [
            {
                "invoice": _invoice(m := _membership()),
                "membership": m,
                "url": portal(reverse("member_portal:invoice", kwargs={"pk": 5})),
            }
        ],
        "members/email/proof_rejected": lambda: [
            {
                "proof": ns(pk=2),
                "invoice": _invoice(),
                "reason": "转账金额与通知单不符。",
                "url": portal(reverse("member_portal:invoice", kwargs={"pk": 5})),
            }
        ],
        "members/email/renewal_reminder": lambda: [
            {
                "membership": _membership(),
                "invoice": invoice,
                "days": days,
                "payment_account": account,
                "url": portal(reverse("member_portal:invoices")),
            }
            for days, invoice in ((1, _invoice()), (30, _invoice()), (30, None))
        ],
        "members/email/membership_grace": lambda: [
            {
                "membership": _membership(),
                "expiry": today(-1),
                "lapse_on": today(90),
                "payment_account": account,
                "url": portal(reverse("member_portal:invoices")),
            }
        ],
        "members/email/membership_lapsed": lambda: [
            {"membership": _membership(), "url": portal(reverse("member_portal:membership"))}
        ],
        "members/email/change_request_decided": lambda: [
            {
                "request": ns(pk=1),
                "organization": _membership().organization,
                "approved": approved,
                "reason": reason,
            }
            for approved, reason in ((True, ""), (False, "变更后的名称与营业执照不一致。"))
        ],
        "members/email/contact_invitation": lambda: [
            {
                "invitation": ContactInvitation(
                    email="colleague@example.org",
                    role=OrganizationContact.Role.STAFF,
                    token="t0ken",
                ),
                "organization": _membership().organization,
                "inviter": user(),
                "url": portal(reverse("member_portal:invitation", kwargs={"token": "t0ken"})),
            }
        ],
    }


# Certification: contexts as certification.tasks builds them.

CERTIFICATION_EVENTS = {
    "applicant": ["submitted", "returned", "accepted", "rejected", "publicity", "approved", ""],
    "staff": [
        "submitted",
        "resubmitted",
        "withdrawn",
        "review_declined",
        "review_submitted",
        "objection",
        "",
    ],
    "expert": ["assigned", "reopened"],
    "certificate": ["suspended", "revoked", "expiring", "recheck_downgrade", "recheck_keep", ""],
    "nomination": ["requested", "confirmed", "declined"],
}


def _certification_application():
    return ns(
        pk=11,
        number="PJ2026-0011",
        scheme=ns(name="生活垃圾焚烧厂运行管理评价"),
        organization=ns(name="杭州市环境集团有限公司"),
        subject_name="杭州九峰垃圾焚烧发电厂",
        correction_request="请补充近三年的烟气在线监测报告。",
        correction_due_on=today(14),
        grade_label="AAA级",
        publicity_starts_on=today(1),
        publicity_ends_on=today(8),
        score=Decimal("86.50"),
        status_history=lambda: ns(first=ns(reason="申报材料与现场核查情况不符。")),
        get_status_display=Application.Status.SUBMITTED.label,
    )


def _certificate(**fields):
    values = {
        "number": "HWPJ-2026-0011",
        "subject_name": "杭州九峰垃圾焚烧发电厂",
        "grade_label": "AAA级",
        "status": Certificate.Status.VALID,
        "valid_until": today(365),
        "status_reason": "年度复核发现运行数据不达标。",
    }
    return ns(
        **{**values, **fields},
        scheme=ns(name="生活垃圾焚烧厂运行管理评价"),
        get_status_display=Certificate.Status.VALID.label,
    )


def _applicant_result():
    return ns(
        dimensions=[
            ns(code="1", name="基础信用", score=Decimal("18.5"), max_points=Decimal("20")),
            ns(code="2", name="财务状况", score=Decimal("22"), max_points=Decimal("25")),
        ],
        reasoning="申报单位经营稳健，履约记录良好。",
        advice="建议完善安全生产台账，提高信息公开频次。",
    )


def certification_cases() -> dict:
    application = _certification_application
    return {
        "certification/email/applicant": lambda: [
            {
                "event": event,
                "application": application(),
                "url": reverse("certification:application_detail", args=["PJ2026-0011"]),
                "certificate": certificate,
                "result": result,
            }
            for event in CERTIFICATION_EVENTS["applicant"]
            for certificate in (
                (_certificate(), _certificate(valid_until=None), None)
                if event == "approved"
                else (None,)
            )
            for result in ((_applicant_result(), None) if event == "approved" else (None,))
        ],
        "certification/email/annual_check": lambda: [
            {
                "event": event,
                "check": ns(due_on=today(30), sequence=2, certificate=certificate),
                "certificate": certificate,
                "url": reverse("certification:annual_check", args=[7]),
            }
            for event in ("submitted", "reminder_upcoming", "reminder_overdue")
            for certificate in (_certificate(),)
        ],
        "certification/email/staff": lambda: [
            {
                "event": event,
                "application": application(),
                "url": reverse("certification_applications:process", args=[11]),
            }
            for event in CERTIFICATION_EVENTS["staff"]
        ],
        "certification/email/expert": lambda: [
            {
                "event": event,
                "review": ns(
                    expert=ns(person=ns(name="李明")),
                    due_on=due,
                    reopen_reason="请结合异议重新核实社会信用得分。",
                ),
                "application": application(),
                "objection": objection,
                "url": reverse("certification:review_detail", args=[3]),
            }
            for event in CERTIFICATION_EVENTS["expert"]
            for due in (today(10), None)
            for objection in (
                (
                    ns(
                        grounds="申报单位去年发生安全生产事故，材料未说明。",
                        outcome="经核实属实，退回专家重新评审。",
                    ),
                    None,
                )
                if event == "reopened"
                else (None,)
            )
        ],
        "certification/email/expert_invitation": lambda: [
            {
                "invitation": ns(expires_at=timezone.now() + datetime.timedelta(days=14)),
                "person": ns(name="周明"),
                "application": app,
                "url": reverse("certification:expert_invitation", args=["abc:def"]),
            }
            for app in (application(), None)
        ],
        "certification/email/objector": lambda: [
            {
                "objection": ns(
                    name="赵六",
                    outcome="经核查，异议所述情况不属实。",
                    get_status_display=Objection.Status.DISMISSED.label,
                ),
                "application": application(),
            }
        ],
        "certification/email/certificate": lambda: [
            {
                "event": event,
                "certificate": _certificate(),
                "url": reverse("certification:verify_number", args=["HWPJ-2026-0011"]),
                "portal_url": reverse("certification:portal"),
            }
            for event in CERTIFICATION_EVENTS["certificate"]
        ],
        "certification/awards/email/nomination": lambda: [
            {
                "event": event,
                "application": application(),
                "nomination": ns(
                    level="一等奖",
                    recommending_unit=ns(name="浙江省环境卫生协会"),
                    recommendation_opinion="该项目创新性强，同意推荐。",
                    decline_reason="申报材料不完整。",
                ),
                "project": ns(title="生活垃圾焚烧飞灰资源化利用关键技术"),
                "url": reverse("certification:recommendation_detail", args=["PJ2026-0011"]),
            }
            for event in CERTIFICATION_EVENTS["nomination"]
        ],
    }


# Events: the contexts come from events.services.notifications itself.


EVENT_CODES = itertools.count(2030)


def _order():
    from tests.events.factories import make_event, member_contact, place

    event = make_event(
        f"nh{next(EVENT_CODES)}", contact_phone="0571-88888888", contact_email="hui@example.org"
    )
    user, organization = member_contact()
    order = place(event, user, organization=organization, names=("张三", "李四"))
    return Order.objects.get(pk=order.pk)


def _notify(monkeypatch, call) -> list[dict]:
    from events.services import notifications

    sent = []
    monkeypatch.setattr(
        notifications,
        "send_templated_email",
        lambda to, template, context: sent.append((template, context)),
    )
    # Event mails leave after the change commits (website.core.notify): run those callbacks.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call(notifications)
    return sent


def _attendee_ns(order):
    return order.attendees.select_related("ticket_type").first()


def events_cases(monkeypatch) -> dict:
    def by_template(name, call):
        def build():
            return [
                context
                for template, context in _notify(monkeypatch, call)
                if template == f"events/email/{name}"
            ]

        return build

    def exhibitor(**fields):
        values = {
            "pk": 4,
            "contact_name": "周敏",
            "company_name": "浙江环卫装备有限公司",
            "contact_email": "zhou@example.org",
            "amount": Decimal("12000.00"),
            "payment_deadline": later(7),
            "booths": ns(all=list),
        }
        return ns(**{**values, **fields})

    def exhibitor_email(name, **context):
        def build():
            order = _order()
            return [{"application": exhibitor(), "event": order.event, **context}]

        return build

    def entry_email(name):
        def build():
            order = _order()
            activity = order.event.activities.get(name="分论坛A")
            entry = ns(
                name="钱七",
                email="qian@example.org",
                activity=activity,
                offer_expires_at=later(2),
                offer_token="0ffer",
                user=None,
            )
            return [{"entry": entry, "event": order.event}]

        return build

    return {
        "events/email/order_pending_payment": by_template(
            "order_pending_payment",
            lambda n: (n.order_placed(o := _order()), n.order_approved(o)),
        ),
        "events/email/order_approval_pending": lambda: [
            {**ctx, "approved": False}
            for ctx in by_template("order_pending_payment", lambda n: n.order_placed(_order()))()
        ],
        "events/email/order_confirmed": by_template(
            "order_confirmed", lambda n: n.order_confirmed(_order())
        ),
        "events/email/attendee_confirmation": by_template(
            "attendee_confirmation", lambda n: n.order_confirmed(_order())
        ),
        "events/email/order_expired": by_template(
            "order_expired", lambda n: n.order_expired(_order())
        ),
        "events/email/order_cancelled": by_template(
            "order_cancelled",
            lambda n: [n.order_cancelled(o) for o in (_order(), _with_fee(_order()))],
        ),
        "events/email/cancellation_requested": by_template(
            "cancellation_requested", lambda n: n.cancellation_requested(_order())
        ),
        "events/email/cancellation_rejected": by_template(
            "cancellation_rejected",
            lambda n: [
                n.cancellation_rejected(_order(), reason) for reason in ("", "会议已开始。")
            ],
        ),
        "events/email/refund_recorded": by_template(
            "refund_recorded",
            lambda n: n.refund_recorded(
                o := _order(), ns(amount=Decimal("800.00"), refunded_on=today(), order=o)
            ),
        ),
        "events/email/attendee_replaced_notice": by_template(
            "attendee_replaced_notice",
            lambda n: n.attendee_replaced(
                _attendee_ns(_order()), old_email="old@example.org", old_name="孙八"
            ),
        ),
        "events/email/invoice_issued": by_template(
            "invoice_issued",
            lambda n: n.invoice_issued(
                ns(
                    order=_order(),
                    email="fp@example.org",
                    invoice_number="25330000000012345678",
                    amount=Decimal("2000.00"),
                    title="杭州市环境集团有限公司",
                )
            ),
        ),
        "events/email/waiting_list_joined": entry_email("waiting_list_joined"),
        "events/email/waiting_list_offer": entry_email("waiting_list_offer"),
        "events/email/waiting_list_offer_expired": entry_email("waiting_list_offer_expired"),
        "events/email/exhibitor_received": exhibitor_email("exhibitor_received"),
        "events/email/exhibitor_rejected": exhibitor_email(
            "exhibitor_rejected", reason="展位已满。"
        ),
        "events/email/booth_allocated": exhibitor_email(
            "booth_allocated", booth=Booth(number="A01", hall=Hall(name="1号馆"))
        ),
        "events/email/exhibitor_confirmed": exhibitor_email(
            "exhibitor_confirmed",
            booths=[Booth(number=number, hall=Hall(name="1号馆")) for number in ("A01", "A02")],
        ),
        "events/email/booth_released": exhibitor_email("booth_released"),
    }


def _with_fee(order):
    order.cancellation_fee = Decimal("200.00")
    order.save(update_fields=["cancellation_fee"])
    return order


# Publications: contexts as publications.services.submissions builds them.


def publications_cases() -> dict:
    def build():
        submitter = user()
        submission = ns(
            pk=9, title="我市启用新一代智能垃圾分类回收站", reason="请补充活动现场照片。"
        )
        return [
            {
                "submission": submission,
                "user": submitter,
                "page_url": f"{BASE_URL}/news/branch/smart-recycling/",
                "portal_url": BASE_URL + reverse("publications:submission_detail", args=[9]),
            },
            {
                "submission": submission,
                "user": submitter,
                "page_url": "",
                "portal_url": BASE_URL + reverse("publications:submission_detail", args=[9]),
            },
        ]

    return {
        "publications/email/submission_published": build,
        "publications/email/submission_returned": build,
        "publications/email/submission_declined": build,
    }


# The site's own forms (the contact page): website.core.models.FormPage.send_mail.


def site_cases(monkeypatch) -> dict:
    def build():
        from django.contrib.auth.models import AnonymousUser
        from wagtail.models import Site

        from website.core import mail as core_mail
        from website.core.demo import ensure_contact_page

        home = Site.objects.get(is_default_site=True).root_page
        ensure_contact_page(home)
        page = home.get_children().get(slug="contact").specific
        labels = {field.label: field.clean_name for field in page.get_form_fields()}
        typed = {
            "姓名": "李明",
            "单位": "某市环境卫生管理处",
            "电子邮箱": "liming@example.org",
            "留言类别": "建议",
            "留言内容": "建议增加垃圾分类培训的场次。",
        }
        form = page.get_form(
            {labels[label]: value for label, value in typed.items()},
            page=page,
            user=AnonymousUser(),
        )
        assert form.is_valid(), form.errors
        sent = []
        monkeypatch.setattr(
            core_mail, "send_templated_email", lambda to, template, context: sent.append(context)
        )
        page.send_mail(form)
        return sent

    return {"core/email/form_submission": build}


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def production_like(settings, site_home):
    """BASE_URL as production sets it; the association's name as the secretariat edited it."""
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE_URL
    site_settings = SiteSettings.for_site(site_home.get_site())
    site_settings.name, site_settings.name_en = NAME_ZH, NAME_EN
    site_settings.save()


def render_allauth(prefix: str, context: dict, language: str) -> tuple[str, str]:
    from allauth.core import context as allauth_context

    request = RequestFactory().get("/")
    with translation.override(language), allauth_context.request_context(request):
        adapter = AccountAdapter(request)
        email = context.get("email", "wang.jianguo@example.org")
        message = adapter.render_mail(prefix, email, adapter.email_context(email, context))
    return message.subject, message.body


def render_ours(prefix: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject, body, _html = render_email(prefix, context)
    return subject, body


def all_cases(monkeypatch=None) -> dict:
    cases = {}
    cases.update(allauth_cases())
    cases.update(members_cases())
    cases.update(certification_cases())
    cases.update(events_cases(monkeypatch))
    cases.update(publications_cases())
    cases.update(site_cases(monkeypatch))
    return cases


def test_every_email_template_has_a_case(settings, monkeypatch):
    """A new email (ours, or allauth's after an upgrade) must be added to the cases below."""
    cases = set(all_cases(monkeypatch))
    missing = sorted((our_email_templates() | allauth_email_templates()) - cases)
    assert not missing, f"emails without a rendering case in {__name__}: {missing}"


def test_allauth_emails_are_our_own_wording():
    """allauth's Chinese says "Email地址" and "来自%(site_name)s的 Hello!": we override each."""
    accounts = Path(apps.get_app_config("accounts").path) / "templates"
    for prefix in sorted(allauth_email_templates()):
        for part in ("_subject.txt", "_message.txt"):
            assert (accounts / f"{prefix}{part}").is_file(), f"{prefix}{part} is not overridden"


def _case_ids() -> list[str]:
    # Names only: building the contexts needs the database, so it happens in the test.
    return sorted(our_email_templates() | allauth_email_templates())


@pytest.mark.parametrize("prefix", _case_ids())
def test_email_reads_well_in_both_languages(prefix, monkeypatch):
    case = all_cases(monkeypatch).get(prefix)
    assert case is not None, f"no rendering case for {prefix}"
    contexts = case()
    assert contexts, f"the case for {prefix} rendered nothing"
    render = render_allauth if prefix.split("/")[0] in ALLAUTH_APPS else render_ours
    failures = []
    for context in contexts:
        for language in LANGUAGES:
            subject, body = render(prefix, dict(context), language)
            failures += [
                f"[{language}] {problem}\n--- {subject}\n{body}"
                for problem in problems(subject, body, language)
            ]
    assert not failures, "\n\n".join(failures)


# ---------------------------------------------------------------------------------------------
# The real flows: what allauth actually sends
# ---------------------------------------------------------------------------------------------


def _sign_up(client, email: str, language: str):
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(
        url,
        {
            "email": email,
            "last_name": "陈",
            "first_name": "建国",
            "password1": "Huanwei-2026-new",
            "password2": "Huanwei-2026-new",
        },
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_email_names_the_association_and_links_to_base_url(client, language):
    _sign_up(client, "chen.jianguo@example.org", language)

    (message,) = mail.outbox
    assert problems(message.subject, message.body, language) == []
    prefix = "" if language == "zh-hans" else "/en"
    assert f"{BASE_URL}{prefix}/auth/confirm-email/" in message.body
    if language == "zh-hans":
        assert message.subject == "请确认您的电子邮箱地址，完成注册"
        assert f"在{NAME_ZH}网站注册账户" in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_emails_sent_by_allauth_read_well(client, language):
    existing = UserFactory(email="li.si@example.org", last_name="李", first_name="四")
    with translation.override(language):
        reset, change = reverse("account_reset_password"), reverse("account_change_password")

    client.post(reset, {"email": "li.si@example.org"})  # password reset link
    client.post(reset, {"email": "nobody@example.org"})  # unknown account
    _sign_up(client, "li.si@example.org", language)  # account already exists
    client.force_login(existing)
    client.post(
        change,
        {"oldpassword": PASSWORD, "password1": "Huanwei-2026-x", "password2": "Huanwei-2026-x"},
    )  # password changed notification

    assert len(mail.outbox) == 4, [message.subject for message in mail.outbox]
    for message in mail.outbox:
        assert problems(message.subject, message.body, language) == [], message.body
