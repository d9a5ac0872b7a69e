# The account dues are paid into moves to the payment settings (core.PaymentSettings), which
# have no default. A value the secretariat entered is copied over when its lines can be read
# (户名 / 开户行 / 账号); the old made-up default is dropped, never copied.

import re

from django.db import migrations

OLD_DEFAULT_ACCOUNT = "0200 0000 0000 0000 000"
LABELS = {
    "payee": ("户名", "收款单位", "收款人", "账户名称", "Payee", "Account name"),
    "bank_name": ("开户行", "开户银行", "Bank"),
    "account_number": ("账号", "帐号", "Account number", "Account"),
}


def parse_bank_details(text: str) -> dict:
    values = {}
    for line in text.splitlines():
        match = re.match(r"\s*([^：:]+)[：:](.*)", line)
        if not match:
            continue
        label, value = match.group(1).strip(), match.group(2).strip()
        for name, names in LABELS.items():
            if name not in values and label in names and value:
                values[name] = value
    number = " ".join(values.get("account_number", "").split())
    if not re.fullmatch(r"[\d ]+", number) or not 8 <= sum(c.isdigit() for c in number) <= 32:
        values.pop("account_number", None)
    else:
        values["account_number"] = number
    return values


def copy_bank_details(apps, schema_editor):
    MembershipSettings = apps.get_model("members", "MembershipSettings")
    PaymentSettings = apps.get_model("core", "PaymentSettings")
    old = MembershipSettings.objects.exclude(bank_details="").first()
    if old is None or OLD_DEFAULT_ACCOUNT in old.bank_details:
        return
    values = parse_bank_details(old.bank_details)
    if len(values) < 3:
        return  # not all three readable: the secretariat enters them in the settings
    config = PaymentSettings.objects.first() or PaymentSettings()
    if config.account_number:
        return
    for name, value in values.items():
        setattr(config, name, value[:100])
    config.save()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_delete_old_status_histories"),
        ("core", "0006_payment_settings"),
    ]

    operations = [
        migrations.RunPython(copy_bank_details, migrations.RunPython.noop),
        migrations.RemoveField(model_name="membershipsettings", name="bank_details"),
    ]
