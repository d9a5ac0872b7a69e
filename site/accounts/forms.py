from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupExtraForm(forms.Form):
    """Asked at sign-up besides email and password: the person's name."""

    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)

    field_order = ["email", "last_name", "first_name", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.last_name = self.cleaned_data["last_name"]
        user.first_name = self.cleaned_data["first_name"]
        user.save(update_fields=["last_name", "first_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "phone"]
        labels = {"last_name": _("Family name"), "first_name": _("Given name")}
