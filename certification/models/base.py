"""What every model module of the app shares."""

from decimal import Decimal


class CertificationError(Exception):
    """What a user or staff member asked for breaks a certification rule.

    Views turn it into a message; the text is translated and meant for the person who acted.
    """


ZERO = Decimal("0")


def points_field_kwargs(**extra):
    """Scores and full marks: up to 99999.99 points, two decimals (0.5-point steps are common)."""
    return {"max_digits": 7, "decimal_places": 2, **extra}
