"""allauth's URLs, as ``allauth.urls`` lays them out for this project's settings (accounts and
two-factor with TOTP and recovery codes; no social accounts, no user sessions), with one
difference: the two-factor pages of ``allauth.mfa.base`` are imported when first requested.

``allauth.mfa.base.views`` imports the WebAuthn forms and flows at module level, and with them
``fido2`` and ``cryptography`` (13 MB of every worker's memory), although WebAuthn is not
enabled here. Every worker loads the URLconf; only one that shows a two-factor page needs
them. ``tests/site/test_auth_urls.py`` checks that these patterns name and route exactly what
``allauth.urls`` does, so an allauth upgrade that adds a page fails there, not in production.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from allauth.mfa import app_settings as mfa_settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_string


def lazy_view(dotted_path: str) -> Callable[..., HttpResponseBase]:
    """A view that imports ``dotted_path`` on its first request and then calls it."""

    @cache
    def resolve() -> Callable[..., HttpResponseBase]:
        return import_string(dotted_path)

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return resolve()(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = dotted_path.rsplit(".", 1)[1]
    view.__module__ = dotted_path.rsplit(".", 1)[0]
    view.lazy_view_path = dotted_path
    return view


mfa_base_urlpatterns: list[URLPattern] = [
    path("", lazy_view("allauth.mfa.base.views.index"), name="mfa_index"),
    path(
        "authenticate/", lazy_view("allauth.mfa.base.views.authenticate"), name="mfa_authenticate"
    ),
    path(
        "reauthenticate/",
        lazy_view("allauth.mfa.base.views.reauthenticate"),
        name="mfa_reauthenticate",
    ),
]
if mfa_settings._TRUST_STAGE_ENABLED:
    mfa_base_urlpatterns.append(
        path("trust/", lazy_view("allauth.mfa.base.views.trust"), name="mfa_trust")
    )

mfa_urlpatterns: list[URLPattern | URLResolver] = [path("", include(mfa_base_urlpatterns))]
if "totp" in mfa_settings.SUPPORTED_TYPES:
    mfa_urlpatterns.append(path("totp/", include("allauth.mfa.totp.urls")))
if "recovery_codes" in mfa_settings.SUPPORTED_TYPES:
    mfa_urlpatterns.append(path("recovery-codes/", include("allauth.mfa.recovery_codes.urls")))
if "webauthn" in mfa_settings.SUPPORTED_TYPES:
    mfa_urlpatterns.append(path("webauthn/", include("allauth.mfa.webauthn.urls")))

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("allauth.account.urls")),
    path("2fa/", include(mfa_urlpatterns)),
]
