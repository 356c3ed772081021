"""Report pages: the periodic reports (ask for one, download the PDF or XLSX) and the upward exports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_in_scope, region_prefixes, require_report_access
from sinergi.accounts.selectors import office_regions
from sinergi.core.tables import XLSX_TYPE
from sinergi.core.views.base import opens_for, service_saved
from sinergi.reports import services
from sinergi.reports.exports import mapping_export
from sinergi.reports.forms import ExportForm, MappingUploadForm, ReportRequestForm
from sinergi.reports.selectors import mapping_get, mapping_uploads, mappings_for, report_file, reports_visible


def _default_region(user: Any) -> str:
    prefixes = region_prefixes(user)
    return prefixes[0] if prefixes and len(prefixes) == 1 else ""


@opens_for(require_report_access)
def report_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ReportRequestForm(request.POST or None, offices=office_regions(user) or _own_offices(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> None:
            services.periodic_report_request(
                actor=user,
                office_code=data["office"],
                period_kind=data["period_kind"],
                year=data["year"],
                number=data["number"] or 0,
            )

        if service_saved(form, save, refused_on=None):
            return redirect("report_list")
    reports = reports_visible(user=user)[:100]
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/list.html", {"form": form, "reports": reports}, status=status)


def _own_offices(user: Any) -> list[tuple[str, str]]:
    from sinergi.regions.models import Region

    codes = region_prefixes(user)
    qs = Region.objects.filter(level__in=(1, 2)).order_by("code")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [(r.code, f"{r.code} {r.display_name}") for r in qs]


@opens_for(require_report_access)
def report_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    try:
        report, data = report_file(user=request.user, pk=pk, kind=kind)  # type: ignore[arg-type]
    except ObjectDoesNotExist:
        raise Http404(_("No such report.")) from None
    if data is None:
        raise Http404(_("The report is not ready yet."))
    name = f"laporan-{report.office_id}-{report.period_kind}-{report.year}-{report.number}.{kind}"
    response = HttpResponse(data, content_type="application/pdf" if kind == "pdf" else XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@opens_for(require_report_access)
def upward(request: HttpRequest) -> HttpResponse:
    """The mapping files in force, a form to export one, and one to upload a newer version."""
    user: Any = request.user
    region = request.GET.get("region", "") or _default_region(user)
    if region and not region_in_scope(user, region):
        raise Http404(_("No such region."))
    choices = mappings_for(user=user, region_code=region)
    upload = MappingUploadForm(request.POST or None, request.FILES or None, offices=office_regions(user))
    if request.method == "POST" and upload.is_valid():
        raw = upload.cleaned_data["file"].read()

        def save() -> None:
            services.mapping_upload(actor=user, office_code=upload.cleaned_data["office"], raw=raw)

        if service_saved(upload, save, field_map={"__all__": "file"}, refused_on=None):
            return redirect("report_upward")
    export = ExportForm(initial={"region": region}, mappings=[(c, m.mapping.title) for c, m in choices.items()])
    return render(
        request,
        "reports/upward.html",
        {
            "choices": choices.values(),
            "upload": upload,
            "export": export,
            "uploads": mapping_uploads(user=user)[:50],
        },
        status=400 if request.method == "POST" else 200,
    )


@opens_for(require_report_access)
def upward_export(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    region = request.GET.get("region", "") or _default_region(user)
    if region and not region_in_scope(user, region):
        raise Http404(_("No such region."))
    form = ExportForm(request.GET, mappings=[(c, c) for c in mappings_for(user=user, region_code=region)])
    if not form.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()), status=400
        )
    try:
        choice = mapping_get(user=user, code=form.cleaned_data["mapping"], region_code=region)
    except ValidationError as exc:
        return HttpResponse("; ".join(exc.messages), status=400)
    mapping = choice.mapping
    output = mapping_export(user=user, mapping=mapping, region_code=region, year=form.cleaned_data["year"])
    name = f"{mapping.code}-v{mapping.version}-{region or 'semua'}-{form.cleaned_data['year']}.xlsx"
    return FileResponse(output, as_attachment=True, filename=name, content_type=XLSX_TYPE)
