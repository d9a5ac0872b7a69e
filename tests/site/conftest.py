"""Fixtures of the certification tests, for the back-office listings' builders
(tests/site/test_admin_listing_queries.py), which the listing tests here share."""

from tests.certification.conftest import (  # noqa: F401 - fixtures
    award,
    award_round,
    build,
    contact,
    credit,
    credit_round,
    experts,
    nomination,
    org,
    plant,
    plant_round,
    plant_scheme,
    staff,
    unit_and_user,
)
