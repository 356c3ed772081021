"""Annual-report import pages: upload a file (its import is queued as a job), follow its progress and read
the result, download the rejected rows and the template."""

from __future__ import annotations

import tempfile
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sinergi.accounts.access import can_edit_registry
from sinergi.accounts.models import User
from sinergi.cooperatives import imports
from sinergi.cooperatives.imports import results as imports_results
from sinergi.cooperatives.imports.columns import write_template
from sinergi.core.models import Job
from sinergi.core.views import found_or_404
from sinergi.ingest.cells import cell_text
from sinergi.ingest.files import max_upload_bytes, too_large_message
from sinergi.ingest.selectors import import_regions
from sinergi.regions.models import Region

PAGE_SIZE = 50
# The form's other fields and the multipart framing add well under this to the file's own size.
_FORM_OVERHEAD = 8 * 1024


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region of the data"),
        help_text=gettext_lazy("Cooperatives are matched, and village and district names looked up, inside it."),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Fiscal year"),
        required=False,
        min_value=1945,
        max_value=2100,
        help_text=gettext_lazy("For rows without a Tahun Buku column."),
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.display_name} ({r.code})") for r in regions]  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _editor(request: HttpRequest) -> User:
    user = _user(request)
    if not can_edit_registry(user):
        raise PermissionDenied(_("You may not change the registry."))
    return user


def _job_or_404(request: HttpRequest, pk: int) -> Job:
    return found_or_404(
        lambda: imports_results.cooperative_import_get(user=_user(request), pk=pk), _("No such import.")
    )


def _page(request: HttpRequest, form: ReportUploadForm, *, status: int = 200, refused: str = "") -> HttpResponse:
    context = {
        "form": form,
        "refused": refused,
        "limit_mb": max_upload_bytes() // 1048576,
        "max_rows": imports.max_rows(),
        "recent": imports_results.cooperative_imports_recent(user=_user(request)),
    }
    return render(request, "cooperatives/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    regions = import_regions(user=user)
    if request.method != "POST":
        return _page(request, ReportUploadForm(regions=regions))
    # An oversized upload is refused from its declared length, before Django spools it to disk.
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > max_upload_bytes() + _FORM_OVERHEAD:
        return _page(request, ReportUploadForm(regions=regions), status=413, refused=too_large_message(size=declared))
    form = ReportUploadForm(request.POST, request.FILES, regions=regions)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        job = imports.report_import_upload(
            actor=user,
            stream=upload,
            name=upload.name,
            size=upload.size,
            region_code=form.cleaned_data["region"],
            default_year=form.cleaned_data["year"],
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, messages in errors.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return _page(request, form, status=400)
    return redirect("coop_import_result", pk=job.pk)


@login_required
def report_import_result(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if getattr(request, "htmx", False) and request.GET.get("part") == "progress":
        if job.is_finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"  # the whole page, now with the rejected rows
            return response
        progress_url = reverse("coop_import_result", args=[job.pk]) + "?part=progress"
        return render(request, "core/_job_progress.html", {"job": job, "progress_url": progress_url})
    rows = imports_results.rejected_rows(job)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    headers = {s["sheet"]: s["columns"] for s in job.checkpoint.get("sheets", [])}
    shown = [
        {
            "sheet": r.sheet,
            "row": r.row,
            "reasons": r.reasons,
            "cells": [
                (header, cell_text(value))
                for header, value in zip(headers.get(r.sheet, []), r.values, strict=False)
                if cell_text(value)
            ],
        }
        for r in page
    ]
    context = {
        "job": job,
        "result": job.checkpoint,
        "counts": job.checkpoint.get("counts", {}),
        "several_sheets": len(job.checkpoint.get("sheets", [])) > 1,
        "page": page,
        "rows": shown,
        "can_import": can_edit_registry(_user(request)),
    }
    return render(request, "cooperatives/import_result.html", context)


@login_required
def report_import_rejections(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_or_404(request, pk)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    imports_results.rejections_xlsx(job=job, stream=spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"ditolak-laporan-koperasi-{job.pk}.xlsx")


@login_required
def report_import_template(request: HttpRequest) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_template(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename="templat-laporan-koperasi.xlsx")
