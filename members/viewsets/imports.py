"""Spreadsheet import in the admin: upload → preview with per-row errors → confirm.

The uploaded file is kept in private storage with an ImportBatch, so the preview can be
looked at again and confirming re-reads the same file (nothing from the browser is trusted).
Views are thin: members.importing does the work.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from website.core.files import UploadField
from website.core.forms import FilesAskedAgainMixin

from .. import importing
from ..models import ImportBatch

PERMISSIONS = {
    ImportBatch.Kind.ORGANIZATIONS: "members.add_organization",
    ImportBatch.Kind.PERSONS: "members.add_person",
}


def can_import(user, kind: str | None = None) -> bool:
    if not user.has_perm("members.add_importbatch"):
        return False
    if kind is None:
        return any(user.has_perm(permission) for permission in PERMISSIONS.values())
    return user.has_perm(PERMISSIONS[kind])


class UploadForm(FilesAskedAgainMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Records"), choices=ImportBatch.Kind.choices)
    file = UploadField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("At most 20,000 rows and 10 MB. Start from the template."),
        kinds=["xlsx"],
        max_size=importing.MAX_FILE_SIZE,
    )


class ImportViewSet(ViewSet):
    icon = "upload"
    menu_label = gettext_lazy("Import from Excel")
    url_prefix = "members/import"

    @cached_property
    def menu_item_class(self):
        return type(
            "ImportMenuItem",
            (MenuItem,),
            {"is_shown": lambda _self, request: can_import(request.user)},
        )

    def _render(self, request, template, context):
        return TemplateResponse(
            request,
            template,
            {
                "header_icon": self.icon,
                "index_url": reverse(self.get_url_name("index")),
                **context,
            },
        )

    def index_view(self, request):
        if not can_import(request.user):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            kind = form.cleaned_data["kind"]
            if not can_import(request.user, kind):
                raise PermissionDenied
            upload = form.cleaned_data["file"]
            try:
                preview = importing.read_workbook(upload, kind)
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                upload.seek(0)
                batch = ImportBatch(
                    kind=kind,
                    original_name=upload.name[:200],
                    uploaded_by=request.user,
                    rows_total=len(preview.rows),
                    rows_valid=len(preview.valid_rows),
                    report=preview.report(),
                )
                batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
                batch.save()
                return redirect(self.get_url_name("preview"), batch.pk)
        batches = ImportBatch.objects.select_related("uploaded_by")[:20]
        return self._render(
            request,
            "members/admin/import/index.html",
            {"form": form, "batches": batches, "page_title": self.menu_label},
        )

    def _batch(self, request, pk) -> ImportBatch:
        batch = get_object_or_404(ImportBatch.objects.select_related("uploaded_by"), pk=pk)
        if not can_import(request.user, batch.kind):
            raise PermissionDenied
        return batch

    def preview_view(self, request, pk):
        batch = self._batch(request, pk)
        columns = [column for column in importing.COLUMNS[batch.kind][:4]]
        return self._render(
            request,
            "members/admin/import/preview.html",
            {
                "batch": batch,
                "report": batch.report,
                "columns": columns,
                "page_title": _("Import preview"),
                "page_subtitle": batch.original_name,
                "confirm_url": reverse(self.get_url_name("confirm"), args=[batch.pk]),
            },
        )

    def confirm_view(self, request, pk):
        batch = self._batch(request, pk)
        if request.method != "POST":
            return redirect(self.get_url_name("preview"), batch.pk)
        try:
            result = importing.run_batch(batch, user=request.user)
        except (importing.ImportFileError, IntegrityError):
            messages.error(
                request,
                _(
                    "The import failed because the records changed meanwhile; nothing was saved. Upload the file again."
                ),
            )
            return redirect(self.get_url_name("index"))
        if result is None:
            messages.warning(request, _("This file has already been imported."))
            return redirect(self.get_url_name("preview"), batch.pk)
        messages.success(
            request,
            _(
                "Imported %(created)d records (%(memberships)d with a membership); "
                "%(skipped)d rows with errors were skipped."
            )
            % {
                "created": result.created,
                "memberships": result.memberships,
                "skipped": len(result.skipped),
            },
        )
        return redirect(self.get_url_name("preview"), batch.pk)

    def template_view(self, request, kind):
        if kind not in importing.COLUMNS or not can_import(request.user, kind):
            raise PermissionDenied
        response = HttpResponse(
            importing.build_template(kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
        return response

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("<int:pk>/", self.preview_view, name="preview"),
            path("<int:pk>/import/", self.confirm_view, name="confirm"),
            path("template/<str:kind>.xlsx", self.template_view, name="template"),
        ]


import_viewset = ImportViewSet("member_import")
