"""Forms of the public and portal views, and of the back-office actions."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from website.core.forms import FilesAskedAgainMixin
from website.core.media_forms import CheckedImageField

from .models import GroupStandardPage, StandardComment
from .services.submissions import MAX_IMAGES


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(CheckedImageField):
    """Several images in one input; each is checked like a Wagtail upload (type by content,
    size, pixel count).

    Wagtail's field writes its help text and error messages in the language active when it is
    built, so forms build it per request (see SubmissionForm) rather than once at import.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)
        self.help_text = gettext("Up to %(count)d images (%(formats)s), at most %(size)s each.") % {
            "count": MAX_IMAGES,
            "formats": self.supported_formats_text,
            "size": self.max_upload_size_text,
        }

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_IMAGES:
            raise ValidationError(
                _("Attach at most %(count)d images.") % {"count": MAX_IMAGES}, code="too_many"
            )
        single = super().clean
        return [single(file, initial) for file in files if file]


class SubmissionForm(FilesAskedAgainMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Separate paragraphs with an empty line."),
    )

    def __init__(self, *args, organizations=None, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["images"] = MultipleImageField(label=_("Images"), required=False)
        organizations = organizations or []
        from members.models import Organization

        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        )
        if revising or len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].required = False
            if organizations:
                self.fields["organization"].initial = organizations[0].pk
        if revising:
            self.fields["images"].help_text += " " + gettext(
                "Images you add are placed after the ones already attached."
            )

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


class CommentForm(forms.ModelForm):
    # A field people do not see: bots fill it, and their comment is dropped.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    class Meta:
        model = StandardComment
        fields = ["name", "organization", "contact", "clause", "comment", "proposed_change"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 5}),
            "proposed_change": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        digits = [ch for ch in contact if ch.isdigit()]
        if "@" not in contact and len(digits) < 7:
            raise ValidationError(_("Enter a phone number or an email address."))
        return contact


class StandardStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason or remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closes_on = forms.DateField(
        label=_("Comments close on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For 征求意见: at least 30 days from today."),
    )
    number = forms.CharField(
        label=_("Standard number"),
        required=False,
        max_length=40,
        help_text=_("For 发布: T/<code> nnn—yyyy, e.g. T/HW 003—2024."),
    )
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    implemented_on = forms.DateField(
        label=_("In effect from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, standard: GroupStandardPage, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(GroupStandardPage.Status.choices)
        self.fields["status"].choices = [
            (value, labels[value])
            for value in GroupStandardPage.Status.values
            if standard.can_change_to(value)
        ]
        self.fields["closes_on"].initial = timezone.localdate() + datetime.timedelta(
            GroupStandardPage.MIN_CONSULTATION_DAYS
        )
        self.fields["number"].initial = standard.number


class DeclineSubmissionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The submitter reads this in the portal and in the email."),
    )


class CommentHandlingForm(forms.ModelForm):
    class Meta:
        model = StandardComment
        fields = ["decision", "handling_note"]
        widgets = {"handling_note": forms.Textarea(attrs={"rows": 4})}
