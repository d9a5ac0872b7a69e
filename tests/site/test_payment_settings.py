"""The payment settings (website.core.payments): no defaults, validated in the settings form,
editable by finance staff, one account for dues and events or one each, the old bank details
moved over by the migration."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import (
    TEST_ACCOUNT,
    TEST_EVENTS_ACCOUNT,
    TEST_TAX_NUMBER,
    UserFactory,
    set_payment_settings,
)
from website.accounts import roles
from website.core import payments
from website.core.demo import demo_seal_png
from website.core.models import PaymentSettings

pytestmark = pytest.mark.django_db


def _url():
    config = PaymentSettings.load()
    return reverse("wagtailsettings:edit", args=["core", "paymentsettings", config.pk])


def _form(**fields):
    data = {
        "payee": "中国城市环境卫生协会",
        "tax_number": TEST_TAX_NUMBER,
        "bank_name": "测试银行北京分行",
        "account_number": TEST_ACCOUNT,
        "events_use_dues_account": "on",
        "events_payee": "",
        "events_bank_name": "",
        "events_account_number": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def finance(client):
    roles.sync_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FINANCE_STAFF))
    client.force_login(user)
    return user


def test_finance_staff_edit_the_settings_and_other_staff_cannot(client, finance):
    response = client.post(_url(), _form())
    assert response.status_code == 302
    config = PaymentSettings.load()
    assert config.account_number == TEST_ACCOUNT and config.tax_number == TEST_TAX_NUMBER
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    assert client.post(_url(), _form(account_number="1111 2222 3333")).status_code in (302, 403)
    assert PaymentSettings.load().account_number == TEST_ACCOUNT


@pytest.mark.parametrize(
    ("fields", "field", "kept"),
    [
        ({"account_number": "6222-0200-1234"}, "account_number", "6222-0200-1234"),
        ({"account_number": "6222 02OO 1234 5678"}, "account_number", "6222 02OO 1234 5678"),
        ({"account_number": "1234"}, "account_number", "1234"),
        ({"tax_number": "91110000100000000X"}, "tax_number", "91110000100000000X"),
        ({"tax_number": "9111000010"}, "tax_number", "9111000010"),
        ({"bank_name": ""}, "bank_name", ""),
        ({"events_use_dues_account": None}, "events_bank_name", ""),
    ],
)
def test_bad_input_is_refused_with_a_translated_message_and_kept(
    client, finance, fields, field, kept
):
    response = client.post(_url(), _form(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert form[field].value() == kept
    assert not PaymentSettings.load().account_number


def test_a_seal_must_be_a_png_or_jpeg_within_the_size_limit(client, finance):
    fake = SimpleUploadedFile("seal.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(_url(), _form(finance_seal=fake))
    assert response.status_code == 200 and "finance_seal" in response.context["form"].errors
    big = SimpleUploadedFile("seal.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    response = client.post(_url(), _form(finance_seal=big))
    assert "finance_seal" in response.context["form"].errors

    seal = SimpleUploadedFile("财务章.jpg", demo_seal_png(), content_type="image/jpeg")
    assert client.post(_url(), _form(finance_seal=seal)).status_code == 302
    stored = PaymentSettings.load().finance_seal
    assert stored.name.startswith("seals/") and stored.name.endswith(".png")  # by content
    assert stored.storage is not None and "/media/" not in client.get(_url()).content.decode()
    # The stored seal is shown to finance staff only.
    assert client.get(reverse("core_finance_seal")).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("core_finance_seal")).status_code in (302, 403)


def test_events_use_the_dues_account_or_their_own():
    assert payments.payment_account(payments.DUES) is None
    assert payments.payment_account(payments.EVENTS) is None
    set_payment_settings()
    assert payments.payment_account(payments.EVENTS).account_number == TEST_ACCOUNT
    set_payment_settings(events_own_account=True)
    events = payments.payment_account(payments.EVENTS)
    assert events.account_number == TEST_EVENTS_ACCOUNT
    assert events.payee == payments.payment_account(payments.DUES).payee  # falls back
    assert payments.payment_account(payments.DUES).account_number == TEST_ACCOUNT


def test_finance_role_is_granted_the_settings_permission():
    groups = roles.sync_roles()
    codenames = groups[roles.FINANCE_STAFF].permissions.values_list("codename", flat=True)
    assert "change_paymentsettings" in codenames


migration = importlib.import_module("members.migrations.0007_bank_details_to_payment_settings")


def test_the_migration_reads_entered_details_and_drops_the_old_default():
    parsed = migration.parse_bank_details(
        "户名：中国城市环境卫生协会\n开户行：某银行北京分行\n账号：1100 2233 4455 6677"
    )
    assert parsed == {
        "payee": "中国城市环境卫生协会",
        "bank_name": "某银行北京分行",
        "account_number": "1100 2233 4455 6677",
    }
    assert "account_number" not in migration.parse_bank_details("账号：请咨询财务")
    assert migration.OLD_DEFAULT_ACCOUNT == "0200 0000 0000 0000 000"
