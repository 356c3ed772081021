"""Applicants imported from a spreadsheet on the applications tab: the upload, the result with each
rejected row and its reasons, and those rows as XLSX to fix and import again. The result is kept in the
importer's session (one per program), so it can be read again and downloaded after the redirect."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.models import ChangeSource
from sinergi.programs.forms import ApplicantImportForm
from sinergi.programs.imports import applications_import
from sinergi.programs.imports.applicants import HEADERS, rejected_columns, rejections_xlsx
from sinergi.programs.models import Program
from sinergi.programs.views._base import program_or_404, require_write, user_of
from sinergi.programs.views.programs import program_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _key(program: Program) -> str:
    return f"programs.applicant_import.{program.pk}"


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
            result = applications_import(
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
            summary = result.as_dict()
            summary["rejected_rows"] = [
                {"row": r.row, "reasons": r.reasons, "values": r.values} for r in result.rows if r.status == "rejected"
            ]
            del summary["rows"]
            request.session[_key(program)] = summary
            return redirect("program_applicant_import_result", pk=program.pk)
    return program_page(request, program, tab="applications", import_form=form)


def _summary(request: HttpRequest, program: Program) -> dict[str, Any]:
    summary = request.session.get(_key(program))
    if not summary:
        raise Http404(_("No import of applicants in this session."))
    return dict(summary)


@login_required
@require_GET
def applicant_import_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    summary = _summary(request, program)
    rows = summary["rejected_rows"]
    keys = rejected_columns(rows)
    table = [
        {"row": r["row"], "cells": [(HEADERS[k], r["values"].get(k, "")) for k in keys], "reasons": r["reasons"]}
        for r in rows
    ]
    context = {"program": program, "summary": summary, "headers": [HEADERS[k] for k in keys], "rejected": table}
    return render(request, "programs/import_result.html", context)


@login_required
@require_GET
def applicant_import_rejections(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    summary = _summary(request, program)
    buffer = io.BytesIO()
    rejections_xlsx(rows=summary["rejected_rows"], stream=buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="pendaftar-ditolak-program-{program.pk}.xlsx"'
    return response
