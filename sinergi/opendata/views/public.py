"""What anyone may read without signing in: published datasets (page and files), the CKAN action API and
the DCAT catalogue. Aggregates only: every table was suppressed when it was published."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sinergi.core.tables import XLSX_TYPE, write_cell
from sinergi.opendata.catalogue import dcat_catalogue, organization_dict, package_dict
from sinergi.opendata.models import Dataset
from sinergi.opendata.published import flat_records
from sinergi.opendata.selectors import (
    dataset_public,
    dataset_search,
    datasets_in_catalogue,
    datasets_published,
    organization_code,
)
from sinergi.regions.models import Region

MAX_ROWS = 1000


def _published_or_404(slug: str) -> Dataset:
    try:
        return dataset_public(slug=slug)
    except Dataset.DoesNotExist:
        raise Http404(_("No such published dataset.")) from None


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/public_list.html", {"datasets": datasets_published().order_by("title")})


def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _published_or_404(slug)
    return render(request, "opendata/public_detail.html", {"dataset": dataset, "table": dataset.table})


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = _published_or_404(slug)
    records = flat_records(dataset)
    name = f"{dataset.slug}-{dataset.year}"
    if fmt == "json":
        response: HttpResponse = JsonResponse({"dataset": dataset.slug, "title": dataset.title, "data": records})
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else ["nilai"])
        writer.writeheader()
        for record in records:
            writer.writerow({k: "'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for k, v in record.items()})
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        import xlsxwriter

        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = workbook.add_worksheet(dataset.slug[:31])
        keys = list(records[0]) if records else []
        for col, key in enumerate(keys):
            write_cell(sheet, 0, col, key)
        for r, record in enumerate(records, start=1):
            for col, key in enumerate(keys):
                write_cell(sheet, r, col, record[key])
        workbook.close()
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        raise Http404(_("Unknown file format."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- CKAN action API --------------------------------------------------------------------------------------


def _ckan(
    request: HttpRequest, action: str, result: Any = None, *, error: tuple[int, str, str] | None = None
) -> JsonResponse:
    help_url = request.build_absolute_uri(f"/api/3/action/help_show?name={action}")
    if error is not None:
        status, kind, message = error
        return JsonResponse(
            {"help": help_url, "success": False, "error": {"__type": kind, "message": message}}, status=status
        )
    return JsonResponse({"help": help_url, "success": True, "result": result})


def _params(request: HttpRequest) -> dict[str, Any]:
    if request.method == "POST" and request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            data = request.POST.dict()
        return data if isinstance(data, dict) else {}
    return request.GET.dict()


def _int(value: Any, default: int, *, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = default
    return max(low, min(high, number))


def _fq(fq: str) -> dict[str, str] | None:
    """The filter query: ``organization:NAME`` and ``license_id:ID`` (AND), the filters a harvester sends."""
    found: dict[str, str] = {}
    for term in fq.replace("+", " ").split():
        key, sep, value = term.partition(":")
        if not sep or key not in ("organization", "owner_org", "license_id", "name"):
            return None
        found["organization" if key == "owner_org" else key] = value.strip('"')
    return found


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ckan_action(request: HttpRequest, action: str) -> JsonResponse:
    params = _params(request)
    if action == "package_search":
        fq = _fq(str(params.get("fq", "")))
        if fq is None:
            return _ckan(
                request,
                action,
                error=(
                    409,
                    "Search Query Error",
                    _("Only organization:, license_id: and name: filters are understood."),
                ),
            )
        qs = dataset_search(
            q=str(params.get("q", "")).replace("*:*", ""),
            organization=fq.get("organization", ""),
            licence=fq.get("license_id", ""),
        )
        if "name" in fq:
            qs = qs.filter(slug=fq["name"])
        rows = _int(params.get("rows"), 10, low=0, high=MAX_ROWS)
        start = _int(params.get("start"), 0, low=0, high=10**9)
        page = list(qs[start : start + rows])
        return _ckan(
            request,
            action,
            {
                "count": qs.count(),
                "sort": "metadata_modified desc",
                "results": [package_dict(request, d) for d in page],
                "facets": {},
                "search_facets": {},
            },
        )
    if action == "package_show":
        key = str(params.get("id", "") or params.get("name_or_id", ""))
        dataset = datasets_in_catalogue().filter(slug=key).first() or _by_uid(key)
        if dataset is None:
            return _ckan(request, action, error=(404, "Not Found Error", _("Not found")))
        return _ckan(request, action, package_dict(request, dataset))
    if action == "organization_list":
        codes = sorted(set(datasets_published().values_list("producer_office_id", flat=True)))
        regions = list(Region.objects.filter(code__in=codes).order_by("code"))
        all_fields = str(params.get("all_fields", "")).lower() in ("true", "1")
        result = (
            [organization_dict(r) for r in regions] if all_fields else [organization_dict(r)["name"] for r in regions]
        )
        return _ckan(request, action, result)
    if action == "organization_show":
        code = organization_code(str(params.get("id", "")))
        region = Region.objects.filter(code=code).first()
        if region is None or not datasets_published().filter(producer_office=region).exists():
            return _ckan(request, action, error=(404, "Not Found Error", _("Not found")))
        return _ckan(request, action, organization_dict(region))
    if action == "status_show":
        return _ckan(request, action, {"ckan_version": "2.10.0", "site_title": "Sinergi", "extensions": []})
    return _ckan(request, action, error=(400, "Bad Request", _("Unknown action “%(action)s”.") % {"action": action}))


def _by_uid(key: str) -> Dataset | None:
    import uuid

    try:
        uid = uuid.UUID(key)
    except ValueError:
        return None
    return datasets_in_catalogue().filter(uid=uid).first()


# --- DCAT -------------------------------------------------------------------------------------------------


def dcat(request: HttpRequest) -> JsonResponse:
    """The catalogue in JSON-LD; ``modified_since`` (ISO 8601 date or time) lists only what changed since."""
    since: dt.datetime | None = None
    raw = request.GET.get("modified_since", "")
    if raw:
        since = parse_datetime(raw) or _date_start(raw)
        if since is None:
            return JsonResponse({"error": _("modified_since must be an ISO 8601 date or time.")}, status=400)
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
    body = dcat_catalogue(request, list(datasets_in_catalogue(modified_since=since)))
    return JsonResponse(body, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


def _date_start(raw: str) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
