from django.apps import AppConfig


class StateMachineTestConfig(AppConfig):
    """A model for the tests of website.core.states alone, installed only by test settings."""

    name = "tests.statemachine"
    label = "statemachine_tests"
    default_auto_field = "django.db.models.BigAutoField"
