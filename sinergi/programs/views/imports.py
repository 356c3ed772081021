"""Applicants imported from a spreadsheet on the applications tab: the upload (checked whole, then queued as
a job), the result page that follows the job and then shows each rejected row with its reasons, and those
rows as XLSX to fix and import again. The result is the finished job's (imports/job.py), so it can be read
again, by any editor of the program, after the importer has gone."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.models import ChangeSource, Job
from sinergi.core.views import found_or_404
from sinergi.programs.forms import ApplicantImportForm
from sinergi.programs.imports.applicants import HEADERS, rejected_columns, rejections_xlsx
from sinergi.programs.imports.job import APPLICANT_IMPORT_JOB, applicant_import_upload, result_of
from sinergi.programs.models import Program
from sinergi.programs.views._base import program_or_404, require_write, user_of
from sinergi.programs.views.programs import program_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_POST
def applicant_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = ApplicantImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = applicant_import_upload(
                actor=user,
                program=program,
                stream=upload,
                name=upload.name or "upload",
                size=upload.size or 0,
                source=ChangeSource.WEB,
            )
        except ValidationError as exc:
            messages = exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            for message in messages:
                form.add_error("file", message)
        else:
            return redirect("program_applicant_import_result", pk=program.pk, job=job.pk)
    return program_page(request, program, tab="applications", import_form=form)


def _job_or_404(request: HttpRequest, pk: int, job_pk: int) -> tuple[Program, Job]:
    """The program (its editors only) and one of its applicant-import jobs; 404 for any other job."""
    program = program_or_404(request, pk)
    require_write(user_of(request), program)
    job = found_or_404(
        lambda: Job.objects.filter(pk=job_pk, kind=APPLICANT_IMPORT_JOB, checkpoint__program=program.pk).first(),
        _("No such import."),
    )
    return program, job


@login_required
@require_GET
def applicant_import_result(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    program, found = _job_or_404(request, pk, job)
    progress_url = reverse("program_applicant_import_result", args=[program.pk, found.pk]) + "?part=progress"
    if getattr(request, "htmx", False) and request.GET.get("part") == "progress":
        if found.is_finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"  # the whole page, now with the result
            return response
        return render(request, "core/_job_progress.html", {"job": found, "progress_url": progress_url})
    summary = result_of(found)
    rows = summary.get("rejected_rows", [])
    keys = rejected_columns(rows)
    table = [
        {"row": r["row"], "cells": [(HEADERS[k], r["values"].get(k, "")) for k in keys], "reasons": r["reasons"]}
        for r in rows
    ]
    context = {
        "program": program,
        "job": found,
        "progress_url": progress_url,
        "summary": summary,
        "headers": [HEADERS[k] for k in keys],
        "rejected": table,
    }
    return render(request, "programs/import_result.html", context)


@login_required
@require_GET
def applicant_import_rejections(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    program, found = _job_or_404(request, pk, job)
    buffer = io.BytesIO()
    rejections_xlsx(rows=result_of(found).get("rejected_rows", []), stream=buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="pendaftar-ditolak-program-{program.pk}-{found.pk}.xlsx"'
    return response
