"""Factories for the project's test data."""

import factory
from allauth.account.models import EmailAddress

from website.accounts.models import User
from website.core.credit_code import credit_code_check_character

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"测试{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


# The association's payment details as tests set them (website.core.payments): a valid taxpayer
# number and an account nobody would mistake for the old made-up default.
TEST_PAYEE = "测试环卫协会"
TEST_TAX_NUMBER = "51100000500000001" + credit_code_check_character("51100000500000001")
TEST_BANK = "测试银行北京分行"
TEST_ACCOUNT = "6222 0200 1234 5678"
TEST_EVENTS_ACCOUNT = "6222 0300 8765 4321"


def set_payment_settings(*, events_own_account: bool = False, **fields):
    """Fill the payment settings (a generic setting: one row) and return them."""
    from website.core.models import PaymentSettings

    config = PaymentSettings.load()
    values = {
        "payee": TEST_PAYEE,
        "tax_number": TEST_TAX_NUMBER,
        "bank_name": TEST_BANK,
        "account_number": TEST_ACCOUNT,
        "events_use_dues_account": not events_own_account,
    }
    if events_own_account:
        values |= {
            "events_bank_name": "测试银行会展支行",
            "events_account_number": TEST_EVENTS_ACCOUNT,
        }
    values |= fields
    for name, value in values.items():
        setattr(config, name, value)
    config.save()
    return config
