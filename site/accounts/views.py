from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from website.core.registry import portal_sections

from .forms import ProfileForm


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member portal's front page; each app adds its own section."""
    return render(
        request,
        "portal/dashboard.html",
        {"sections": portal_sections.render_all(request, request.user)},
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("portal:dashboard")
    return render(request, "portal/profile.html", {"form": form})
