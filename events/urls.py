"""Public and portal URLs of the events app, mounted at /events/ under the language prefix.

The event pages themselves are Wagtail pages under the events index (/events/<slug>/); the
fixed words below come first, so they never clash with an event page's slug.
"""

from django.urls import path

from .views import portal, public

app_name = "events"

urlpatterns = [
    path("my/", portal.my_events, name="my"),
    path("my/orders/<str:code>/", portal.order_detail, name="order"),
    path("my/orders/<str:code>/cancel/", portal.order_cancel, name="order_cancel"),
    path("my/orders/<str:code>/invoice/", portal.order_invoice, name="order_invoice"),
    path("my/orders/<str:code>/proof/", portal.order_proof, name="order_proof"),
    path("my/orders/<str:code>/proof/<int:pk>/", portal.proof_download, name="proof"),
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
    path("offer/<str:token>/", public.offer, name="offer"),
    path("ticket/<str:code>/<str:secret>/", public.ticket, name="ticket"),
    path("ticket/<str:code>/<str:secret>/badge.pdf", public.ticket_badge, name="ticket_badge"),
    path(
        "ticket/<str:code>/<str:secret>/certificate.pdf",
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
