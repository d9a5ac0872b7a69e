"""Factories for organizations, persons, memberships, branches and experts."""

import factory

from members.models import (
    Branch,
    Expert,
    Membership,
    Organization,
    OrganizationContact,
    Person,
)
from members.regions import Province
from members.validators import CHARSET, credit_code_check_character


def make_credit_code(n: int, *, region: str = "110108") -> str:
    """A valid 统一社会信用代码 that is unique for each n."""
    body = f"91{region}"
    serial = ""
    value = n
    for _ in range(9):
        serial = CHARSET[value % 31] + serial
        value //= 31
    first17 = body + serial
    return first17 + credit_code_check_character(first17)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试环境服务有限公司{n}")
    credit_code = factory.Sequence(make_credit_code)
    province = Province.BEIJING
    city = "北京市"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"王{n}")
    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.com")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    number = factory.Sequence(lambda n: f"D2026{n:04d}")
    organization = factory.SubFactory(OrganizationFactory)
    tier = Membership.Tier.MEMBER
    status = Membership.Status.ACTIVE


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationContact

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    role = OrganizationContact.Role.ADMIN


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    name = factory.Sequence(lambda n: f"测试专业委员会{n}")
    slug = factory.Sequence(lambda n: f"branch-{n}")
    kind = Branch.Kind.COMMITTEE


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    person = factory.SubFactory(PersonFactory)
