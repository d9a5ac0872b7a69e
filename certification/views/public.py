"""Public pages: schemes and rounds, publicity with objections, the register, verification.

Pages without a form carry nothing per user, so the anonymous page cache serves them; the
services invalidate it when publicity opens, a certificate is issued or its status changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from website.core.cache import reads_areas, valid_today
from website.core.i18n import label_in_language

from ..forms import ObjectionForm, RegisterFilter, VerifyForm
from ..models import Application, Certificate, CertificationError, GradeBand, Round, Scheme
from ..services import lodge_objection

REGISTER_PAGE_SIZE = 30


@reads_areas("pages", "register")
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    valid_today()  # rounds are marked open or listed by today's date
    schemes = (
        Scheme.objects.active()
        .prefetch_related(
            Prefetch(
                "rounds",
                queryset=Round.objects.filter(closes_on__gte=today).order_by("opens_on"),
                to_attr="upcoming_rounds",
            ),
            "required_documents",
        )
        .annotate(
            valid_count=Count(
                "certificates", filter=Q(certificates__status=Certificate.Status.VALID)
            )
        )
    )
    return render(
        request,
        "certification/index.html",
        {
            "schemes": schemes,
            "today": today,
            "publicity_count": Application.objects.in_publicity().count(),
            "verify_form": VerifyForm(),
        },
    )


@reads_areas("pages", "register")
def publicity_list(request: HttpRequest) -> HttpResponse:
    applications = list(Application.objects.for_public_publicity())
    today = timezone.localdate()
    return render(
        request,
        "certification/publicity_list.html",
        {
            # Asked about today, so the cached page expires when a window opens or closes.
            "open": [a for a in applications if a.publicity_is_open()],
            "closed": [a for a in applications if not a.publicity_is_open()],
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def objection(request: HttpRequest, number: str) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.in_publicity().select_related("scheme", "criteria_set"), number=number
    )
    if not application.publicity_is_open():
        messages.error(request, _("The publicity period of this application is not open."))
        return redirect("certification:publicity")
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # A robot filled the invisible field; pretend all went well.
            return redirect("certification:objection_received")
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            lodge_objection(application, **data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("certification:objection_received")
    return render(
        request, "certification/objection_form.html", {"application": application, "form": form}
    )


@reads_areas("pages")
def objection_received(request: HttpRequest) -> HttpResponse:
    return render(request, "certification/objection_received.html")


@reads_areas("pages", "register")
def register_index(request: HttpRequest) -> HttpResponse:
    schemes = (
        Scheme.objects.filter(certificates__status=Certificate.Status.VALID)
        .annotate(valid_count=Count("certificates"))
        .order_by("sort_order", "pk")
    )
    return render(request, "certification/register_index.html", {"schemes": schemes})


def scheme_grades(scheme: Scheme) -> list[tuple[str, str]]:
    """The grades of the scheme's published criteria, best first, without duplicates."""
    seen: dict[str, str] = {}
    bands = (
        GradeBand.objects.filter(criteria_set__scheme=scheme, certified=True)
        .order_by("-min_score", "-criteria_set__version")
        .values_list("code", "label")
    )
    for code, label in bands:
        seen.setdefault(code, label_in_language(label))  # AAA级, or AAA in English
    return list(seen.items())


@reads_areas("pages", "register")
def register(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = get_object_or_404(Scheme, code=scheme)
    grades = scheme_grades(scheme)
    filterset = RegisterFilter(
        request.GET or None,
        queryset=Certificate.objects.for_register().filter(scheme=scheme),
        grades=grades,
    )
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    paginator = Paginator(queryset, REGISTER_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/register.html",
        {
            "scheme": scheme,
            "filter": filterset,
            "page_obj": page,
            "certificates": page.object_list,
            "querystring": query.urlencode(),
        },
    )


@reads_areas("pages")
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("certification:verify_number", number=form.cleaned_data["number"])
    return render(request, "certification/verify.html", {"form": form})


@reads_areas("pages", "register")
def verify_number(request: HttpRequest, number: str) -> HttpResponse:
    """What a QR code opens: the live status of the certificate, or a clear "not found"."""
    number = "".join(number.split()).upper()
    certificate = (
        Certificate.objects.select_related("scheme", "replaces")
        .prefetch_related("replaced_by")
        .filter(number=number)
        .first()
    )
    context = {"form": VerifyForm(initial={"number": number}), "number": number}
    if certificate is None:
        return render(request, "certification/verify_not_found.html", context, status=404)
    context.update(
        certificate=certificate,
        today=timezone.localdate(),
        replacement=next(iter(certificate.replaced_by.all()), None),
        verify_url=request.build_absolute_uri(
            reverse("certification:verify_number", args=[number])
        ),
    )
    return render(request, "certification/verify_result.html", context)
