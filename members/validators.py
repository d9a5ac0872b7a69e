"""统一社会信用代码 (unified social credit code): the one checker lives in the shared kit
(website.core.credit_code), which the association's own tax number in the payment settings uses
too; the members app and the others import it from here as before."""

from website.core.credit_code import (  # noqa: F401
    CHARSET,
    REGISTRATION_AUTHORITIES,
    WEIGHTS,
    credit_code_check_character,
    is_valid_credit_code,
    normalize_credit_code,
    validate_credit_code,
)
