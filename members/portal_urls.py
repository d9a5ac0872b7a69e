"""The members part of the portal, mounted under /account/ next to website.accounts.urls."""

from django.urls import path

from .views import portal

app_name = "member_portal"

urlpatterns = [
    path("membership/", portal.membership, name="membership"),
    path("memberships/<int:pk>/certificate/", portal.certificate, name="certificate"),
    path("memberships/<int:pk>/renew/", portal.renew, name="renew"),
    path("organizations/<int:pk>/", portal.organization, name="organization"),
    path("organizations/<int:pk>/change/", portal.change_request, name="change_request"),
    path("organizations/<int:pk>/contacts/", portal.contacts, name="contacts"),
    path(
        "organizations/<int:pk>/contacts/<int:contact_pk>/remove/",
        portal.contact_remove,
        name="contact_remove",
    ),
    path(
        "organizations/<int:pk>/contacts/<int:contact_pk>/role/",
        portal.contact_role,
        name="contact_role",
    ),
    path(
        "organizations/<int:pk>/invitations/<int:invitation_pk>/cancel/",
        portal.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", portal.invitation, name="invitation"),
    path(
        "change-requests/<int:pk>/document/",
        portal.change_request_document,
        name="change_request_document",
    ),
    path("invoices/", portal.invoices, name="invoices"),
    path("invoices/<int:pk>/", portal.invoice, name="invoice"),
    path("invoices/<int:pk>/pdf/", portal.invoice_pdf, name="invoice_pdf"),
    path("proofs/<int:pk>/file/", portal.proof_file, name="proof_file"),
    path("member-profile/", portal.person, name="person"),
]
