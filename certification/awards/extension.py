"""What projects (award nominations, achievement evaluations) and awards add to the core.

Named in certification.extensions.EXTENSIONS; imported only when the core first asks, so it
may build on every layer of the app.
"""

from __future__ import annotations

from ..extensions import Extension
from ..services.projects import project_parties, project_problems
from . import services
from .access import recommending_unit_reads
from .admin import ProjectProcessExtension

CHECKS = {
    "submit": (project_problems, services.nomination_complete),
    "self_submit": (services.nomination_needs_recommendation,),
    "accept": (services.paper_copy_received,),
    "approve": (services.awardee_consent,),
}


class AwardExtension(Extension):
    process_page = ProjectProcessExtension()

    def problems(self, stage, application):
        return [found for check in CHECKS.get(stage, ()) for found in check(application)]

    def eligibility_problems(self, scheme, organization, subject, application, today):
        return services.fraud_ban(scheme, organization, subject, application, today)

    def parties(self, application):
        return project_parties(application)

    def approved(self, application, certificate, user):
        services.issue_holder_certificates(application, certificate, user)

    def reads_files(self, user, application):
        return recommending_unit_reads(user, application)

    def render_certificate(self, certificate, request=None):
        from .pdf import is_award_certificate, render_award_certificate

        if is_award_certificate(certificate):
            return render_award_certificate(certificate, request)
        return None
