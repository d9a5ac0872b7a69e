import pytest
from django.core.exceptions import ValidationError

from members.validators import is_valid_credit_code, validate_credit_code
from tests.members.factories import make_credit_code

# A code printed as the standard's worked example, and generated ones.
VALID = ["91350100M000100Y43", make_credit_code(1), make_credit_code(12345, region="320500")]


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code):
    assert is_valid_credit_code(code)
    validate_credit_code(code)


def test_lowercase_and_spaces_are_normalised():
    assert is_valid_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "checksum"),
        ("91350100M000100Y", "length"),
        ("91350100M0001O0Y43", "charset"),
    ],
)
def test_wrong_codes_are_refused_with_a_reason(code, error):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert excinfo.value.code == error


def test_generated_codes_are_valid_and_distinct():
    codes = {make_credit_code(n) for n in range(500)}
    assert len(codes) == 500
    assert all(is_valid_credit_code(code) for code in codes)
