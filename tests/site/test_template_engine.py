"""The template backend (website.core.template_engine): the configured "i18n" label replaces
Django's library without a warning, and two modules under one label are still reported."""

from django.template import engines

from website.core import template_engine


def _backend(libraries: dict) -> template_engine.DjangoTemplates:
    return template_engine.DjangoTemplates(
        {
            "NAME": "check",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {"libraries": libraries},
        }
    )


def test_the_site_engine_is_this_backend_under_djangos_name():
    engine = engines["django"]
    assert isinstance(engine, template_engine.DjangoTemplates)
    assert engine.engine.libraries["i18n"] == "website.core.templatetags.kept_i18n"
    assert engine.check() == []


def test_a_configured_label_replaces_the_installed_one():
    assert _backend({"i18n": "website.core.templatetags.kept_i18n"}).check() == []


def test_two_installed_modules_under_one_label_are_reported(monkeypatch):
    real = template_engine.get_template_tag_modules

    def with_a_twin():
        yield from real()
        yield "core_tags", "somewhere.templatetags.core_tags"

    monkeypatch.setattr(template_engine, "get_template_tag_modules", with_a_twin)
    warnings = _backend({}).check()
    assert [warning.id for warning in warnings] == ["templates.W003"]
    assert "'core_tags' is used for multiple template tag modules" in warnings[0].msg
