"""Tests that read the whole demo (`load_demo`): it is loaded once for this package, inside a
transaction rolled back when the package is done, so other tests never see it. Each test runs
in its own savepoint as usual."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), open(os.devnull, "w") as quiet:
        call_command("load_demo", "--no-index", stdout=quiet)
        yield
        transaction.set_rollback(True)
