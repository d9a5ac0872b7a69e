"""The secretariat's actions on applications, certificates and criteria versions: each a Django
form whose cleaned data go to one service (website.core.backoffice). The processing and
manage pages host their forms; the button names the action."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members.models import Expert
from website.core.backoffice import Action, ConfirmForm, Outcome, date_field

from . import services
from .models import AnnualCheck, Application, Certificate
from .services.common import day

PROCESS = "certification.process_application"
Status = Application.Status


def text(label, **kwargs) -> forms.CharField:
    # Services say when a reason is missing (CertificationError), in their own words.
    return forms.CharField(label=label, required=False, widget=forms.Textarea, **kwargs)


class ReasonForm(forms.Form):
    reason = text(gettext_lazy("Reason"))


class ReturnForm(ReasonForm):
    due_on = date_field(gettext_lazy("Corrections due on"), required=False)


class ChecklistForm(forms.Form):
    """One tick per required document (doc_<pk>) and a note."""

    note = text(gettext_lazy("Note"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        for document in application.scheme.required_documents.all():
            self.fields[f"doc_{document.pk}"] = forms.BooleanField(
                label=document.name, required=False
            )

    @staticmethod
    def checklist(data: dict) -> dict[str, bool]:
        return {name[4:]: value for name, value in data.items() if name.startswith("doc_")}


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=gettext_lazy("Expert"), queryset=Expert.objects.all())
    due_on = date_field(pgettext_lazy("certification", "Due on"), required=False)
    confirm_same_organization = forms.BooleanField(
        label=gettext_lazy("Assign even if the expert works for the applicant"), required=False
    )


class ReviewForm(ReasonForm):
    review = forms.ModelChoiceField(label=gettext_lazy("Review"), queryset=None)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = application.reviews.all()


class DecisionForm(ReasonForm):
    grade = forms.CharField(label=gettext_lazy("Grade decided by the panel"), required=False)


class PublicityForm(DecisionForm):
    starts_on = date_field(gettext_lazy("Publicity starts on"), required=False)


class ObjectionForm(forms.Form):
    objection = forms.ModelChoiceField(label=gettext_lazy("Objection"), queryset=None)
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("dismissed", gettext_lazy("Dismiss")), ("upheld", gettext_lazy("Uphold"))],
    )
    outcome = text(gettext_lazy("Written outcome"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objection"].queryset = application.objections.all()


class RecheckForm(ReasonForm):
    check = forms.ModelChoiceField(label=gettext_lazy("Re-check"), queryset=None)
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=AnnualCheck.Outcome.choices)
    grade = forms.CharField(label=gettext_lazy("New grade (downgrade only)"), required=False)

    def __init__(self, *args, certificate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"].queryset = AnnualCheck.objects.filter(certificate=certificate)


def with_application(application) -> dict:
    """Form kwargs for forms whose choices depend on the application."""
    return {"application": application}


def staff_action(name, label, form_class, perform, available=lambda obj: True, **kwargs) -> Action:
    """An action for certification staff (the process_application permission); one that is a
    single change of the state machine says so (`transition=`), the table then decides."""
    return Action(name, label, form_class, perform, available, permission=PROCESS, **kwargs)


# Applications -------------------------------------------------------------------------------


def _start_formal_review(application, user, data):
    services.start_formal_review(application, user=user)
    return _("Formal review started.")


def _save_checklist(application, user, data):
    services.save_formal_checklist(
        application, user=user, checklist=ChecklistForm.checklist(data), note=data["note"]
    )
    return _("Checklist saved.")


def _accept(application, user, data):
    application = services.accept_for_expert_review(
        application, user=user, checklist=ChecklistForm.checklist(data)
    )
    if application.state.on_site_inspection:
        return _("Formal review passed; plan the on-site inspection.")
    return _("Formal review passed; the application is in expert review.")


def _return(application, user, data):
    services.return_for_correction(
        application, user=user, reason=data["reason"], due_on=data["due_on"]
    )
    return _("Returned to the applicant for correction.")


def _reject(application, user, data):
    services.reject(application, user=user, reason=data["reason"])
    return _("The application has been rejected.")


def _assign(application, user, data):
    review = services.assign_expert(
        application,
        data["expert"],
        user=user,
        due_on=data["due_on"],
        confirm_same_organization=data["confirm_same_organization"],
    )
    return _("%(name)s has been assigned.") % {"name": review.expert.person.name}


def _withdraw_review(application, user, data):
    services.withdraw_review(data["review"], user=user, reason=data["reason"])
    return _("The assignment has been withdrawn.")


def _reopen_review(application, user, data):
    services.reopen_review(data["review"], user=user, reason=data["reason"])
    return _("The review has been reopened for its expert.")


def _close_review(application, user, data):
    application = services.close_expert_review(application, user=user)
    return _("Expert review closed: %(score)s points, proposed grade %(grade)s.") % {
        "score": application.score,
        "grade": application.proposed_grade or "—",
    }


def _send_back(application, user, data):
    services.send_back_to_review(application, user=user, reason=data["reason"])
    return _("Sent back to expert review.")


def _start_publicity(application, user, data):
    application = services.start_publicity(
        application,
        user=user,
        grade=data["grade"],
        reason=data["reason"],
        starts_on=data["starts_on"],
    )
    return _("Publicity from %(start)s to %(end)s.") % {
        "start": day(application.publicity_starts_on),
        "end": day(application.publicity_ends_on),
    }


def _resolve_objection(application, user, data):
    upheld = data["decision"] == "upheld"
    services.resolve_objection(data["objection"], user=user, upheld=upheld, outcome=data["outcome"])
    if upheld:
        return _("Objection upheld: the application is back in expert review.")
    return _("Objection dismissed.")


def _issued(certificate) -> str:
    return _("Approved. Certificate %(number)s has been issued.") % {"number": certificate.number}


def _approve_decision(application, user, data):
    return _issued(
        services.approve_without_publicity(
            application, user=user, grade=data["grade"], reason=data["reason"]
        )
    )


def _approve(application, user, data):
    return _issued(services.approve(application, user=user, reason=data["reason"]))


APPLICATION_ACTIONS = (
    staff_action(
        "start_formal_review",
        gettext_lazy("Start formal review"),
        ConfirmForm,
        _start_formal_review,
        transition=Status.FORMAL_REVIEW,
    ),
    staff_action(
        "save_checklist",
        gettext_lazy("Save checklist"),
        ChecklistForm,
        _save_checklist,
        lambda a: a.state.formal_review,
        form_kwargs=with_application,
    ),
    staff_action(
        "accept",
        gettext_lazy("Accept for expert review"),
        ChecklistForm,
        _accept,
        lambda a: a.state.formal_review,
        form_kwargs=with_application,
    ),
    staff_action(
        "return",
        gettext_lazy("Return for correction"),
        ReturnForm,
        _return,
        transition=Status.RETURNED,
    ),
    staff_action(
        "reject",
        pgettext_lazy("certification", "Reject application"),
        ReasonForm,
        _reject,
        transition=Status.REJECTED,
        danger=True,
    ),
    staff_action(
        "assign",
        gettext_lazy("Assign expert"),
        AssignForm,
        _assign,
        lambda a: a.state.expert_review,
    ),
    staff_action(
        "withdraw_review",
        gettext_lazy("Withdraw assignment"),
        ReviewForm,
        _withdraw_review,
        lambda a: a.state.expert_review,
        form_kwargs=with_application,
    ),
    staff_action(
        "reopen_review",
        gettext_lazy("Reopen review"),
        ReviewForm,
        _reopen_review,
        lambda a: a.state.expert_review,
        form_kwargs=with_application,
    ),
    staff_action(
        "close_review",
        gettext_lazy("Close expert review"),
        ConfirmForm,
        _close_review,
        transition=Status.PANEL_DECISION,
    ),
    staff_action(
        "send_back",
        gettext_lazy("Send back to review"),
        ReasonForm,
        _send_back,
        lambda a: a.state.panel_decision,
    ),
    staff_action(
        "start_publicity", gettext_lazy("Start publicity"), PublicityForm, _start_publicity
    ),
    staff_action(
        "resolve_objection",
        gettext_lazy("Resolve objection"),
        ObjectionForm,
        _resolve_objection,
        form_kwargs=with_application,
    ),
    staff_action(
        "approve_decision",
        pgettext_lazy("certification", "Approve application"),
        DecisionForm,
        _approve_decision,
    ),
    staff_action(
        "approve", pgettext_lazy("certification", "Approve application"), ReasonForm, _approve
    ),
)


# Certificates -------------------------------------------------------------------------------


def _suspend(certificate, user, data):
    services.suspend_certificate(certificate, user=user, reason=data["reason"])
    return _("The certificate has been suspended.")


def _reinstate(certificate, user, data):
    services.reinstate_certificate(certificate, user=user, reason=data["reason"])
    return _("The certificate is valid again.")


def _revoke(certificate, user, data):
    services.revoke_certificate(certificate, user=user, reason=data["reason"])
    return _("The certificate has been revoked.")


def _recheck(certificate, user, data):
    new = services.record_annual_check(
        data["check"],
        user=user,
        outcome=data["outcome"],
        reason=data["reason"],
        grade=data["grade"],
    )
    if new is not None:
        return Outcome(
            _("Downgraded: new certificate %(number)s issued.") % {"number": new.number},
            reverse("certification_certificates:manage", args=[new.pk]),
        )
    return _("The re-check has been recorded.")


CERTIFICATE_ACTIONS = (
    staff_action(
        "suspend",
        gettext_lazy("Suspend certificate"),
        ReasonForm,
        _suspend,
        transition=Certificate.Status.SUSPENDED,
    ),
    staff_action(
        "reinstate",
        gettext_lazy("Reinstate certificate"),
        ReasonForm,
        _reinstate,
        transition=Certificate.Status.VALID,
    ),
    staff_action(
        "revoke",
        gettext_lazy("Revoke certificate"),
        ReasonForm,
        _revoke,
        transition=Certificate.Status.REVOKED,
        danger=True,
    ),
    staff_action(
        "recheck",
        gettext_lazy("Record annual re-check"),
        RecheckForm,
        _recheck,
        form_kwargs=lambda certificate: {"certificate": certificate},
    ),
)


# Criteria versions --------------------------------------------------------------------------


def _publish(criteria_set, user, data):
    services.publish_criteria_set(criteria_set, user=user)
    return _("The criteria set is published; new rounds can use it.")


def _copy(criteria_set, user, data):
    copy = services.copy_criteria_set(criteria_set, user=user)
    return Outcome(
        _("Version %(version)s has been created as a draft.") % {"version": copy.version},
        reverse("certification_criteria:edit", args=[copy.pk]),
    )


def _retire(criteria_set, user, data):
    services.retire_criteria_set(criteria_set, user=user)
    return _("The criteria set has been retired.")


CRITERIA_ACTIONS = (
    staff_action("publish", gettext_lazy("Publish"), ConfirmForm, _publish),
    staff_action("copy", gettext_lazy("Create a new version from this one"), ConfirmForm, _copy),
    staff_action("retire", gettext_lazy("Retire"), ConfirmForm, _retire, danger=True),
)
