"""The account and two-factor URLs are allauth's, page for page: website.accounts.auth_urls
lays them out itself only to import the two-factor pages on their first request (see its
docstring), so an allauth upgrade that adds, renames or moves a page must fail here."""

import pytest
from django.urls import URLPattern, URLResolver, resolve, reverse

from website.accounts import auth_urls


def _routes(patterns, prefix=""):
    """(route, name) of every page under ``patterns``, includes flattened."""
    found = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found |= _routes(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            found.add((route, pattern.name))
    return found


def test_the_same_pages_as_allauth_urls():
    import allauth.urls

    assert _routes(auth_urls.urlpatterns) == _routes(allauth.urls.urlpatterns)


@pytest.mark.parametrize(
    ("name", "view"),
    [
        ("mfa_index", "allauth.mfa.base.views.index"),
        ("mfa_authenticate", "allauth.mfa.base.views.authenticate"),
        ("mfa_reauthenticate", "allauth.mfa.base.views.reauthenticate"),
    ],
)
def test_two_factor_pages_resolve_to_allauths_views(name, view):
    assert resolve(reverse(name)).func.lazy_view_path == view


@pytest.mark.django_db
def test_a_lazy_two_factor_page_answers(client, django_user_model):
    user = django_user_model.objects.create_user(email="mfa-lazy@example.org", password="x")
    client.force_login(user)
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert response.templates[0].name.startswith("mfa/")
