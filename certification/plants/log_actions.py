"""Audit-log actions of the on-site step (registered with the app's in wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _

LOG_ACTIONS = [
    ("certification.inspection.plan", _("Plan inspection"), _("On-site inspection planned")),
    ("certification.inspection.checklist", _("Save inspection checklist"), _("Checklist saved")),
    ("certification.inspection.visit", _("Record visit"), _("Inspection visit recorded")),
    ("certification.inspection.finding", _("Record finding"), _("Inspection finding recorded")),
    (
        "certification.inspection.rectification",
        _("Request rectification"),
        _("Rectification requested"),
    ),
    ("certification.inspection.close", _("Close inspection"), _("On-site inspection closed")),
    ("certification.inspection.status", _("Change inspection status"), _("Inspection changed")),
    (
        "certification.rectification.submit",
        _("Submit rectification evidence"),
        _("Rectification evidence submitted"),
    ),
    (
        "certification.rectification.accept",
        _("Accept rectification"),
        _("Rectification accepted"),
    ),
    (
        "certification.rectification.return",
        _("Return rectification evidence"),
        _("Rectification evidence returned"),
    ),
    (
        "certification.rectification.status",
        _("Change rectification status"),
        _("Rectification changed"),
    ),
    (
        "certification.application.inspected",
        _("Finish on-site inspection"),
        _("On-site inspection finished; expert review started"),
    ),
    ("certification.certificate.plaque", _("Issue plaque"), _("Plaque issued")),
]
