"""The beneficiaries report (per program, year, source, region, cluster, gender …) as JSON and as XLSX."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.programs import reports
from sinergi.programs.api._common import MONEY, XLSX, require_staff
from sinergi.programs.reports.xlsx import beneficiaries_xlsx
from sinergi.programs.schemas import (
    BeneficiaryQuery,
    BeneficiaryReportOut,
)

router = Router(tags=["program reports"])

# --- reports --------------------------------------------------------------------------------------


def _report(request: HttpRequest, query: BeneficiaryQuery) -> tuple[list[reports.ReportRow], reports.ReportRow]:
    user = actor_of(request)
    require_staff(user)
    filters = reports.ReportFilter(
        year_from=query.year_from,
        year_to=query.year_to,
        kinds=tuple(query.kind),
        sources=tuple(query.source),
        region=query.region,
        cluster=query.cluster,
        scale=query.scale,
        target=query.target or "",
        include_dropped=query.include_dropped,
    )
    rows = reports.beneficiaries_report(user=user, group_by=list(dict.fromkeys(query.group_by)), filters=filters)
    return rows, reports.beneficiaries_total(user=user, filters=filters)


def _row(row: reports.ReportRow) -> dict[str, Any]:
    return {
        "keys": row.keys,
        "labels": row.labels,
        "beneficiaries": row.beneficiaries,
        "enrollments": row.enrollments,
        "aid": row.aid,
    }


@router.get(
    "/programs/reports/beneficiaries",
    response=responses({200: BeneficiaryReportOut}),
    description="Distinct beneficiaries, enrollments and aid per combination of `group_by` (repeat it: "
    "program, year, kind, source, region, cluster, gender, scale, target). A beneficiary paid from two "
    "sources counts under both; `total` counts each once." + MONEY,
)
def beneficiaries(request: HttpRequest, query: Query[BeneficiaryQuery]) -> Any:
    rows, total = _report(request, query)
    group_by = list(dict.fromkeys(query.group_by))
    return {"group_by": group_by, "rows": [_row(r) for r in rows], "total": _row(total)}


@router.get(
    "/programs/reports/beneficiaries.xlsx",
    response=responses({200: None}),
    description="The same report as an XLSX workbook.",
)
def beneficiaries_export(request: HttpRequest, query: Query[BeneficiaryQuery]) -> HttpResponse:
    rows, total = _report(request, query)
    group_by = list(dict.fromkeys(query.group_by))
    response = HttpResponse(beneficiaries_xlsx(group_by=group_by, rows=rows, total=total), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="penerima-manfaat.xlsx"'
    return response
