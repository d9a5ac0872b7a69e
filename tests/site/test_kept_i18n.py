"""`{% load i18n %}` loads Django's library with constant `{% translate %}` texts kept
(website.core.templatetags.kept_i18n): every form of the tag gives what Django's own gives, in
both languages, and a kept text is not looked up again."""

import pytest
from django.template import Context, Engine, Template
from django.template.engine import Engine as DjangoEngine
from django.templatetags.i18n import TranslateNode
from django.test import override_settings
from django.utils import translation

from website.core.templatetags import kept_i18n

CASES = [
    ('{% translate "Log in" %}', {}),
    ('{% trans "Log in" %}', {}),
    ('{% translate "Holder" context "certification" %}', {}),
    ('{% translate "Holder" context ctx %}', {"ctx": "certification"}),
    ('{% translate "Log in" noop %}', {}),
    ('{% translate "Log in" as label %}[{{ label }}]', {}),
    ('{% translate "Log in" as label %}{% translate "Sign up" %}{{ label }}', {}),
    ('{% translate "100%% <b>&</b>" %}', {}),
    ('{% autoescape off %}{% translate "a <b>&</b>" %}{% endautoescape %}', {}),
    ('{% translate "a <b>&</b>" %}', {}),
    ("{% translate message %}", {"message": "Search"}),
    ('{% translate "Search"|upper %}', {}),
    ("{% blocktranslate with n=3 %}Re-check {{ n }}{% endblocktranslate %}", {}),
    ("{% get_current_language as L %}{{ L }}", {}),
    ('{{ "en"|language_name_local }}', {}),
]


def _django(source: str, context: dict) -> str:
    """The same template with Django's own i18n library."""
    engine = DjangoEngine(libraries={"i18n": "django.templatetags.i18n"}, builtins=[])
    return engine.from_string("{% load i18n %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("source", "context"), CASES)
def test_texts_are_djangos(source, context, language):
    with translation.override(language):
        template = Template("{% load i18n %}" + source)
        ours = [template.render(Context(context)) for _ in range(2)]  # looked up, then kept
        assert ours[0] == ours[1] == _django(source, context)


def test_every_template_loads_the_kept_library():
    template = Engine.get_default().from_string('{% load i18n %}{% translate "Log in" %}')
    assert isinstance(template.nodelist[-1], kept_i18n.KeptTranslateNode)
    assert isinstance(template.nodelist[-1], TranslateNode)


def test_a_kept_text_is_not_looked_up_again(monkeypatch):
    monkeypatch.setattr(kept_i18n, "_kept", {})
    template = Template('{% load i18n %}{% translate "Log in" %}')
    with translation.override("zh-hans"):
        first = template.render(Context())
    assert first != "Log in"  # translated
    monkeypatch.setattr(
        kept_i18n.KeptTranslateNode, "_text", lambda *a: pytest.fail("looked up again")
    )
    with translation.override("zh-hans"):
        assert template.render(Context()) == first
    with translation.override("en"), pytest.raises(pytest.fail.Exception):
        template.render(Context())  # another language is another text


def test_new_catalogues_drop_the_kept_texts():
    kept_i18n._kept[("x",)] = "y"
    with override_settings(LOCALE_PATHS=[]):
        assert kept_i18n._kept == {}
