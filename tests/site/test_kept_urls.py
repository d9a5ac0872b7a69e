"""`{% url %}` keeps its answers (website.core.templatetags.kept_urls) and gives what Django's
own tag gives, in both languages, for every form of the tag, under another URLconf too."""

import pytest
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.engine import Engine as DjangoEngine
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation

from website.core.templatetags import kept_urls

CASES = [
    ("{% url 'portal:dashboard' %}", {}),
    ("{% url 'certification:verify_number' number %}", {"number": "ZX-2026-0001"}),
    ("{% url 'certification:plant_edit' pk %}", {"pk": 5}),
    ("{% url 'certification:plant_edit' pk=pk %}", {"pk": 7}),
    ("{% url name pk %}", {"name": "certification:plant_edit", "pk": 9}),
    ("{% url 'certification:verify_number' number %}", {"number": "a&b <c>"}),
    ("{% url 'missing:name' as link %}[{{ link }}]", {}),
    ("{% url 'search' as link %}{{ link }}?q=1", {}),
    ("{% url 'wagtailadmin_home' %}", {}),
]


def _django(source: str, context: dict) -> str:
    """The same template rendered with Django's own {% url %} (no builtins of ours)."""
    return DjangoEngine(libraries={}, builtins=[]).from_string(source).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("source", "context"), CASES)
def test_answers_are_djangos(source, context, language):
    with translation.override(language):
        ours = [Template(source).render(Context(context)) for _ in range(2)]  # made, then kept
        assert ours[0] == ours[1] == _django(source, context)


def test_every_template_uses_the_kept_tag():
    node = Engine.get_default().from_string("{% url 'portal:dashboard' %}").nodelist[0]
    assert isinstance(node, kept_urls.KeptURLNode)


def test_a_kept_answer_is_not_reversed_again(monkeypatch):
    template = Template("{% url 'certification:plant_edit' pk %}")
    first = template.render(Context({"pk": 11}))
    monkeypatch.setattr(kept_urls, "reverse", lambda *a, **k: pytest.fail("reversed again"))
    assert template.render(Context({"pk": 11})) == first
    with translation.override("en"):  # another language is another answer
        with pytest.raises(pytest.fail.Exception):
            template.render(Context({"pk": 11}))


def test_a_missing_name_raises_as_djangos_does():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'missing:name' %}").render(Context({}))
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_objects_and_lazy_strings_are_reversed_each_time(monkeypatch):
    calls = []
    real = kept_urls.reverse
    monkeypatch.setattr(kept_urls, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))

    class Plant:  # an object whose text is its id, as a model instance may be
        def __str__(self):
            return "5"

    template = Template("{% url 'certification:plant_edit' pk %}")
    for _ in range(2):
        assert template.render(Context({"pk": Plant()})) == reverse(
            "certification:plant_edit", args=[5]
        )
    assert len(calls) == 2


urlpatterns = [path("other/<int:pk>/", lambda request, pk: None, name="plant_edit")]


def test_another_urlconf_gets_its_own_answers():
    template = Template("{% url 'plant_edit' 3 %}")
    with override_settings(ROOT_URLCONF=__name__):
        assert template.render(Context({})) == "/other/3/" == reverse("plant_edit", args=[3])
    with pytest.raises(NoReverseMatch):
        template.render(Context({}))


def test_the_current_app_is_part_of_the_answer():
    request = RequestFactory().get("/")
    request.current_app = "wagtailadmin"
    source = "{% url 'wagtailadmin_home' %}"
    assert Template(source).render(Context({"request": request})) == _django(
        source, {"request": request}
    )


def test_a_request_context_gives_djangos_answers():
    """The resolver and script prefix are read once per request; the current app and the
    language each time, as a view or {% language %} may change them while rendering."""
    from django.template import RequestContext
    from django.urls import resolve, set_script_prefix

    source = (
        "{% load i18n %}{% url 'wagtailadmin_home' %} {% url 'search' %} "
        "{% language 'en' %}{% url 'search' %}{% endlanguage %}"
    )
    request = RequestFactory().get("/admin/")
    request.resolver_match = resolve("/admin/")
    engine = DjangoEngine(libraries={"i18n": "django.templatetags.i18n"}, builtins=[])
    djangos = engine.from_string(source)
    ours = Template(source)
    assert ours.render(RequestContext(request)) == djangos.render(RequestContext(request))
    request.current_app = "wagtailadmin"
    assert ours.render(RequestContext(request)) == djangos.render(RequestContext(request))
    try:
        set_script_prefix("/sub/")
        later = RequestFactory().get("/")  # the next request, under another prefix
        assert ours.render(RequestContext(later)) == djangos.render(RequestContext(later))
        assert "/sub/" in ours.render(RequestContext(later))
    finally:
        set_script_prefix("/")
