from django.urls import path, register_converter

from .awards import views as awards
from .plants import views as plants
from .views import applicant, expert, files, portal, projects, public


class NumberConverter:
    """Application and certificate numbers (KJ-2026-S0001): no slash and no control
    character, so a NUL byte in a guessed URL is a 404 rather than a database error."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(NumberConverter, "number")

app_name = "certification"

urlpatterns = [
    # Public
    path("", public.index, name="index"),
    path("publicity/", public.publicity_list, name="publicity"),
    path("publicity/<number:number>/objection/", public.objection, name="objection"),
    path("publicity/objection-received/", public.objection_received, name="objection_received"),
    path("register/", public.register_index, name="register_index"),
    path("register/<slug:scheme>/", public.register, name="register"),
    path("verify/", public.verify, name="verify"),
    path("verify/<number:number>/", public.verify_number, name="verify_number"),
    # Member portal
    path("my/", portal.dashboard, name="portal"),
    path("my/plants/new/", portal.plant_edit, name="plant_add"),
    path("my/plants/<int:pk>/", portal.plant_edit, name="plant_edit"),
    path("my/apply/<int:round_id>/", portal.application_start, name="application_start"),
    path("my/applications/<number:number>/", portal.application_detail, name="application_detail"),
    path("my/applications/<number:number>/edit/", portal.application_edit, name="application_edit"),
    path(
        "my/applications/<number:number>/self-assessment/",
        portal.self_assessment,
        name="self_assessment",
    ),
    path(
        "my/applications/<number:number>/files/",
        portal.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "my/applications/<number:number>/files/<int:pk>/delete/",
        portal.attachment_delete,
        name="attachment_delete",
    ),
    path("my/applications/<number:number>/submit/", portal.application_submit, name="submit"),
    path("my/applications/<number:number>/resubmit/", portal.application_resubmit, name="resubmit"),
    path("my/applications/<number:number>/withdraw/", portal.application_withdraw, name="withdraw"),
    path(
        "my/applications/<number:number>/financials/",
        applicant.financials,
        name="financials",
    ),
    path(
        "my/applications/<number:number>/templates/<int:pk>.pdf",
        applicant.document_template,
        name="document_template",
    ),
    path(
        "my/applications/<number:number>/result-letter.pdf",
        applicant.result_letter,
        name="result_letter",
    ),
    path("my/annual-checks/<int:pk>/", applicant.annual_check, name="annual_check"),
    path("annual-files/<int:pk>/", applicant.annual_file, name="annual_file"),
    path(
        "my/certificates/<number:number>/reevaluate/",
        portal.certificate_reevaluate,
        name="reevaluate",
    ),
    # Projects: award nominations and achievement evaluations
    path("my/projects/start/<int:round_id>/", projects.project_start, name="project_start"),
    path("my/projects/<number:number>/", projects.project_detail, name="project_detail"),
    path("my/projects/<number:number>/edit/", projects.project_edit, name="project_edit"),
    path("my/projects/<number:number>/units/", projects.project_units, name="project_units"),
    path("my/projects/<number:number>/persons/", projects.project_persons, name="project_persons"),
    path(
        "my/projects/<number:number>/recommendation/",
        projects.project_request_recommendation,
        name="project_request_recommendation",
    ),
    path("my/projects/<number:number>/recall/", projects.project_recall, name="project_recall"),
    path("my/projects/<number:number>/consent/", projects.project_consent, name="project_consent"),
    path(
        "my/projects/<number:number>/report.pdf",
        projects.evaluation_report,
        name="evaluation_report",
    ),
    # Recommending units
    path("recommendations/", projects.recommendation_inbox, name="recommendations"),
    path(
        "recommendations/<number:number>/",
        projects.recommendation_detail,
        name="recommendation_detail",
    ),
    # Awards in public
    path("awards/", awards.index, name="awards"),
    path("awards/<slug:scheme>/<int:year>/accepted/", awards.accepted, name="award_accepted"),
    path("awards/<slug:scheme>/<int:year>/publicity/", awards.publicity, name="award_publicity"),
    path("awards/<slug:scheme>/<int:year>/winners/", awards.winners, name="award_winners"),
    # Private files (checked per object)
    path("files/<int:pk>/", files.attachment, name="attachment"),
    path("certificates/<number:number>.pdf", files.certificate_pdf, name="certificate_pdf"),
    # Expert inbox
    path("reviews/", expert.inbox, name="reviews"),
    path("reviews/<int:pk>/", expert.review_detail, name="review_detail"),
    path("reviews/<int:pk>/paper-sheet/", expert.paper_sheet, name="paper_sheet"),
    path("experts/invitation/<str:token>/", expert.invitation, name="expert_invitation"),
    # Plant grading on site: the plant's view of the inspection and its files
    path("my/applications/<number:number>/inspection/", plants.inspection, name="inspection"),
    path(
        "my/applications/<number:number>/rectification/<int:pk>/",
        plants.rectification_evidence,
        name="rectification_evidence",
    ),
    path("inspections/<int:pk>/", plants.team_inspection, name="team_inspection"),
    path("inspections/photos/<int:pk>/", plants.finding_photo, name="finding_photo"),
    path("inspections/evidence/<int:pk>/", plants.rectification_file, name="rectification_file"),
]
