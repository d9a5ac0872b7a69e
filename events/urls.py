"""Public and portal URLs of the events app, mounted at /events/ under the language prefix.

The event pages themselves are Wagtail pages under the events index (/events/<slug>/); the
fixed words below come first, so they never clash with an event page's slug.
"""

from django.urls import path, register_converter

from .views import portal, public


class TokenConverter:
    """Order numbers, attendee codes and secrets: letters, digits, "-" and "_" only, so a
    forged path (a NUL byte, a slash, 10 kB of text) is a 404 before any query runs."""

    regex = r"[A-Za-z0-9_\-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")

app_name = "events"

urlpatterns = [
    path("my/", portal.my_events, name="my"),
    path("my/orders/<token:code>/", portal.order_detail, name="order"),
    path("my/orders/<token:code>/cancel/", portal.order_cancel, name="order_cancel"),
    path("my/orders/<token:code>/invoice/", portal.order_invoice, name="order_invoice"),
    path("my/orders/<token:code>/proof/", portal.order_proof, name="order_proof"),
    path("my/orders/<token:code>/proof/<int:pk>/", portal.proof_download, name="proof"),
    path("my/attendees/<int:pk>/replace/", portal.attendee_replace, name="attendee_replace"),
    path(
        "my/attendees/<int:pk>/wait/<int:activity_id>/",
        portal.attendee_wait,
        name="attendee_wait",
    ),
    path("my/waiting/<int:pk>/withdraw/", portal.waiting_withdraw, name="waiting_withdraw"),
    path("my/exhibitor/<int:pk>/", portal.exhibitor_detail, name="exhibitor"),
    path(
        "my/exhibitor/<int:pk>/passes.pdf",
        portal.exhibitor_passes_pdf_view,
        name="exhibitor_passes",
    ),
    path("my/exhibitor/<int:pk>/withdraw/", portal.exhibitor_withdraw, name="exhibitor_withdraw"),
    path("offer/<token:token>/", public.offer, name="offer"),
    path("ticket/<token:code>/<token:secret>/", public.ticket, name="ticket"),
    path("ticket/<token:code>/<token:secret>/badge.pdf", public.ticket_badge, name="ticket_badge"),
    path(
        "ticket/<token:code>/<token:secret>/certificate.pdf",
        public.ticket_certificate,
        name="ticket_certificate",
    ),
    path("<slug:code>/register/", public.register, name="register"),
    path(
        "<slug:code>/waiting-list/<int:activity_id>/",
        public.join_waiting_list,
        name="waiting_list",
    ),
    path("<slug:code>/exhibit/", public.exhibit, name="exhibit"),
]
