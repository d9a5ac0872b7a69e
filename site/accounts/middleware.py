"""Responses for signed-in people: never stored by a shared cache, and no admin redirect loop."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def signed_in_responses_are_private(get_response: Handler) -> Handler:
    """Portal pages, invoices, the 会员证 PDF, private files: `Cache-Control: private, no-store`.

    Whatever a signed-in person is shown may be theirs alone, so no proxy or browser disk
    cache keeps it (a shared office computer, a company proxy).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if _signed_in(request):
            cache_control = response.get("Cache-Control", "")
            if "public" in cache_control:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def admin_refuses_non_staff(get_response: Handler) -> Handler:
    """A signed-in member who opens /admin/ gets a clear 403, not a loop through the login.

    Wagtail sends anyone without admin access to the login page, and allauth sends a
    signed-in person straight back to `next`, so the browser bounced between the two.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.path_info.startswith("/admin/")
            and _signed_in(request)
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            response = TemplateResponse(
                request,
                "403.html",
                {
                    "message": _(
                        "Your account has no access to the back office. Members manage their "
                        "organization, dues, applications and registrations in the member portal."
                    ),
                },
                status=403,
            )
            return response.render()
        return get_response(request)

    return middleware
