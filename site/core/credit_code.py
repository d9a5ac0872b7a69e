"""统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters, the last a
check character over the first 17."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 31 characters the code may contain (I, O, S, V and Z are never used).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
REGISTRATION_AUTHORITIES = "123456789ABCDEFGNY"


def credit_code_check_character(first17: str) -> str:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return "".join(str(value or "").split()).upper()


def is_valid_credit_code(value: str) -> bool:
    code = normalize_credit_code(value)
    if len(code) != 18 or any(char not in CHARSET for char in code):
        return False
    if code[0] not in REGISTRATION_AUTHORITIES or not code[2:8].isdigit():
        return False
    return credit_code_check_character(code[:17]) == code[17]


def validate_credit_code(value: str) -> None:
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(code)},
        )
    if any(char not in CHARSET for char in code):
        raise ValidationError(
            _("The code may contain only digits and capital letters other than I, O, S, V, Z."),
            code="charset",
        )
    if not is_valid_credit_code(code):
        raise ValidationError(
            _("This unified social credit code is not valid: its check character does not match."),
            code="checksum",
        )
