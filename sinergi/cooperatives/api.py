"""Cooperative endpoints: the register with its officers and members, annual reports, health assessments.

Thin, as the registry's: each endpoint parses its input, reads through a scoped selector and writes through
a service (source=API, actor=the caller), which decides who may write. A cooperative outside the caller's
scope answers 404, like a missing one. A cooperative's own officer sees only that cooperative and may enter
its annual reports (PUT, PATCH) and have them scored; office viewers read and get 403 on every write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import require_office_staff
from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_PK, Keyset, Page, PageQuery, keyset_of, paginate
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.activity import activity_status, last_due_fiscal_year, office_rule
from sinergi.cooperatives.indicators import IndicatorRow, Indicators, cooperative_indicators
from sinergi.cooperatives.models import AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.schemas import (
    ACTIVITY_ATTR,
    AssessmentOut,
    AssessmentSummaryOut,
    AssessQuery,
    CooperativeCreate,
    CooperativeMemberIn,
    CooperativeMemberOut,
    CooperativeOut,
    CooperativeQuery,
    CooperativeUpdate,
    IndicatorQuery,
    IndicatorsOut,
    OfficerIn,
    OfficerOut,
    ReportIn,
    ReportOut,
)
from sinergi.core.models import ChangeSource
from sinergi.registry.schemas import MAX_ID
from sinergi.registry.selectors.api import person_visible_get

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PathYear = Annotated[int, Path(ge=1, le=32767)]
BY_YEAR_DESC = Keyset(field="fiscal_year", descending=True, parse=int)

PAGING = (
    " Pages are keyset pages in a stable order: pass the `next` value of a page as `cursor` to get the "
    "following one (there is no offset). `total` is counted only with `with_total=true`."
)
MONEY = ' Money fields are decimal strings in rupiah ("1500000.50"), in and out.'

router = Router(tags=["cooperatives"])


def _no_content() -> HttpResponse:
    return HttpResponse(status=204)


# --- cooperatives ---------------------------------------------------------------------------------


def _cooperative_data(payload: CooperativeCreate | CooperativeUpdate) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    if "region" in data:
        data["region_id"] = data.pop("region")
    return data


def _page_activity(*, user: User, rows: list[Cooperative]) -> list[Cooperative]:
    """Each row's activity under the office's rule, as selectors.cooperative_activity gives it, read for the
    whole page in one query instead of one per cooperative."""
    rule = office_rule()
    year = last_due_fiscal_year(today=timezone.localdate())
    held: dict[int, set[int]] = {}
    rats = selectors.reports_visible(user=user).filter(
        cooperative__in=rows, rat_held=True, fiscal_year__in=rule.window(as_of_year=year)
    )
    for cooperative_id, fiscal_year in rats.values_list("cooperative_id", "fiscal_year"):
        held.setdefault(cooperative_id, set()).add(fiscal_year)
    for row in rows:
        setattr(row, ACTIVITY_ATTR, activity_status(rat_years=held.get(row.pk, ()), as_of_year=year, rule=rule))
    return rows


@router.get(
    "/cooperatives",
    response=responses({200: Page[CooperativeOut]}),
    description=(
        "Cooperatives visible to the caller, by name, with their newest health score and whether they are "
        "active under the office's RAT rule (`activity`, with the reason)." + PAGING
    ),
)
def cooperative_list(request: HttpRequest, filters: Query[CooperativeQuery]) -> Any:
    """Cooperatives (koperasi) visible to the caller."""
    user = actor_of(request)
    qs = selectors.cooperative_list(
        user=user,
        filters=selectors.CooperativeFilter(
            q=filters.q,
            region=filters.region,
            kind=filters.kind or "",
            predicate=filters.predicate,
            status=filters.status or "",
        ),
    )
    return paginate(qs, keyset=keyset_of(qs), page=filters, transform=lambda rows: _page_activity(user=user, rows=rows))


@router.post("/cooperatives", response=responses({201: CooperativeOut}))
def cooperative_create(request: HttpRequest, payload: CooperativeCreate) -> Any:
    user = actor_of(request)
    cooperative = services.cooperative_create(actor=user, data=_cooperative_data(payload), source=API)
    return Status(201, selectors.cooperative_get(user=user, pk=cooperative.pk))


# --- indicators (office staff only; before /cooperatives/{cooperative_id}, which would take the path) ----


def _row(row: IndicatorRow) -> dict[str, Any]:
    fields = ("code", "name", "cooperatives", "active", "active_pct", "reports", "assessed", "members_end")
    data = {f: getattr(row, f) for f in fields}
    data["health"] = [{"code": p.code, "label": p.label, "count": p.count, "pct": p.pct} for p in row.health]
    data["savings_participation_pct"] = row.savings_participation_pct
    data["outside_capital_pct"] = row.outside_capital_pct
    return data


def _indicators(result: Indicators) -> dict[str, Any]:
    rule = result.rule
    return {
        "year": result.year,
        "region": {"code": result.region_code, "name": result.region_name},
        "active_rule": {"years": rule.years, "mode": rule.mode, "label": result.rule_text, "window": result.window},
        "rule_set": result.rule_set_version,
        "predicates": [{"code": c, "label": label} for c, label in result.predicates],
        "rows": [_row(r) for r in result.rows],
        "total": _row(result.total),
    }


@router.get(
    "/cooperatives/indicators",
    response=responses({200: IndicatorsOut}),
    # The operation id it had in the supervision module, where it was first written.
    operation_id="sinergi_cooperatives_supervision_api_indicators_get",
)
def indicators_get(request: HttpRequest, filters: Query[IndicatorQuery]) -> Any:
    """Counts and shares per child region and in total: cooperatives, active under the office's rule (named
    in `active_rule`), healthy by predicate, members, savings participation, outside capital. A region outside
    the caller's regions is 404."""
    user = actor_of(request)
    require_office_staff(user)
    return _indicators(cooperative_indicators(user=user, year=filters.year, region=filters.region))


# --- one cooperative ---------------------------------------------------------------------------------


@router.get("/cooperatives/{cooperative_id}", response=responses({200: CooperativeOut}))
def cooperative_get(request: HttpRequest, cooperative_id: PathId) -> Cooperative:
    return selectors.cooperative_get(user=actor_of(request), pk=cooperative_id)


@router.patch("/cooperatives/{cooperative_id}", response=responses({200: CooperativeOut}))
def cooperative_update(request: HttpRequest, cooperative_id: PathId, payload: CooperativeUpdate) -> Cooperative:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    services.cooperative_update(actor=user, cooperative=cooperative, data=_cooperative_data(payload), source=API)
    return selectors.cooperative_get(user=user, pk=cooperative_id)


@router.delete(
    "/cooperatives/{cooperative_id}",
    response=responses({204: None}),
    description="Only a cooperative entered by mistake: one with annual reports or inspections answers 422 "
    "(set its status to dissolved instead).",
)
def cooperative_delete(request: HttpRequest, cooperative_id: PathId) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    services.cooperative_delete(actor=user, cooperative=cooperative, source=API)
    return _no_content()


# --- officers and members -------------------------------------------------------------------------


def _person_id(*, user: User, pk: int) -> int:
    """A person the caller may see; one they may not is as unknown as one that does not exist."""
    person = person_visible_get(user=user, pk=pk)
    if person is None:
        raise field_error("person", _("Unknown person."))
    return person.pk


def _person_row_add(
    request: HttpRequest, cooperative_id: int, payload: Any, add: Callable[..., Any], rows: Callable[..., Any]
) -> Any:
    """Add an officer or a member (``add``, the service) naming a person the caller may see; 201 with the row
    as ``rows`` (the selector of such rows) reads it."""
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    data = payload.model_dump(exclude={"person"}) | {"person_id": _person_id(user=user, pk=payload.person)}
    row = add(actor=user, cooperative=cooperative, data=data, source=API)
    return Status(201, rows(user=user, cooperative=cooperative).get(pk=row.pk))


@router.get("/cooperatives/{cooperative_id}/officers", response=responses({200: list[OfficerOut]}))
def cooperative_officer_list(request: HttpRequest, cooperative_id: PathId) -> Any:
    """The board (pengurus), supervisors (pengawas) and managers (pengelola)."""
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    return selectors.cooperative_officers(user=user, cooperative=cooperative)


@router.post("/cooperatives/{cooperative_id}/officers", response=responses({201: OfficerOut}))
def cooperative_officer_add(request: HttpRequest, cooperative_id: PathId, payload: OfficerIn) -> Any:
    return _person_row_add(
        request, cooperative_id, payload, services.cooperative_officer_add, selectors.cooperative_officers
    )


@router.delete("/cooperatives/{cooperative_id}/officers/{officer_id}", response=responses({204: None}))
def cooperative_officer_remove(request: HttpRequest, cooperative_id: PathId, officer_id: PathId) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    officer = selectors.cooperative_officers(user=user, cooperative=cooperative).get(pk=officer_id)
    services.cooperative_officer_remove(actor=user, officer=officer, source=API)
    return _no_content()


@router.get(
    "/cooperatives/{cooperative_id}/members",
    response=responses({200: Page[CooperativeMemberOut]}),
    description="The cooperative's member list, in the order entered." + PAGING,
)
def cooperative_member_list(request: HttpRequest, cooperative_id: PathId, page: Query[PageQuery]) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    return paginate(selectors.cooperative_members(user=user, cooperative=cooperative), keyset=BY_PK, page=page)


@router.post("/cooperatives/{cooperative_id}/members", response=responses({201: CooperativeMemberOut}))
def cooperative_member_add(request: HttpRequest, cooperative_id: PathId, payload: CooperativeMemberIn) -> Any:
    return _person_row_add(
        request, cooperative_id, payload, services.cooperative_member_add, selectors.cooperative_members
    )


@router.delete("/cooperatives/{cooperative_id}/members/{member_id}", response=responses({204: None}))
def cooperative_member_remove(request: HttpRequest, cooperative_id: PathId, member_id: PathId) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    member = selectors.cooperative_members(user=user, cooperative=cooperative).get(pk=member_id)
    services.cooperative_member_remove(actor=user, member=member, source=API)
    return _no_content()


# --- annual reports -------------------------------------------------------------------------------


def _reports(*, user: User, cooperative: Cooperative) -> Any:
    return selectors.cooperative_reports(user=user, cooperative=cooperative).prefetch_related("assessments")


def _report(*, user: User, cooperative: Cooperative, year: int) -> AnnualReport:
    """The cooperative's report for ``year``; AnnualReport.DoesNotExist (404) when there is none."""
    report: AnnualReport = _reports(user=user, cooperative=cooperative).get(fiscal_year=year)
    return report


@router.get(
    "/cooperatives/{cooperative_id}/reports",
    response=responses({200: Page[ReportOut]}),
    tags=["cooperative reports"],
    description="Annual reports, newest fiscal year first, each with its health assessments." + MONEY + PAGING,
)
def cooperative_report_list(request: HttpRequest, cooperative_id: PathId, page: Query[PageQuery]) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    return paginate(_reports(user=user, cooperative=cooperative), keyset=BY_YEAR_DESC, page=page)


@router.get(
    "/cooperatives/{cooperative_id}/reports/{year}",
    response=responses({200: ReportOut}),
    tags=["cooperative reports"],
    description=MONEY,
)
def cooperative_report_get(request: HttpRequest, cooperative_id: PathId, year: PathYear) -> AnnualReport:
    user = actor_of(request)
    return _report(user=user, cooperative=selectors.cooperative_get(user=user, pk=cooperative_id), year=year)


@router.put(
    "/cooperatives/{cooperative_id}/reports/{year}",
    response=responses({200: ReportOut, 201: ReportOut}),
    tags=["cooperative reports"],
    description=(
        "Enter the whole report for a fiscal year (201), or re-enter it (200): fields left out are cleared. "
        "The balance sheet must balance (total_assets = current_liabilities + long_term_liabilities + equity). "
        "The report is then scored under the office's rule set." + MONEY
    ),
)
def cooperative_report_put(request: HttpRequest, cooperative_id: PathId, year: PathYear, payload: ReportIn) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    existed = _reports(user=user, cooperative=cooperative).filter(fiscal_year=year).exists()
    services.annual_report_save(
        actor=user,
        cooperative=cooperative,
        fiscal_year=year,
        data=payload.model_dump(exclude_unset=True),
        replace=True,
        source=API,
    )
    return Status(200 if existed else 201, _report(user=user, cooperative=cooperative, year=year))


@router.patch(
    "/cooperatives/{cooperative_id}/reports/{year}",
    response=responses({200: ReportOut}),
    tags=["cooperative reports"],
    description="Correct some fields of an existing report; the others stay. The report is scored again." + MONEY,
)
def cooperative_report_patch(
    request: HttpRequest, cooperative_id: PathId, year: PathYear, payload: ReportIn
) -> AnnualReport:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    _report(user=user, cooperative=cooperative, year=year)
    services.annual_report_save(
        actor=user, cooperative=cooperative, fiscal_year=year, data=payload.model_dump(exclude_unset=True), source=API
    )
    return _report(user=user, cooperative=cooperative, year=year)


@router.delete(
    "/cooperatives/{cooperative_id}/reports/{year}", response=responses({204: None}), tags=["cooperative reports"]
)
def cooperative_report_delete(request: HttpRequest, cooperative_id: PathId, year: PathYear) -> Any:
    """Remove a report with its assessments; the cooperative's health then follows its newest other report."""
    user = actor_of(request)
    report = _report(user=user, cooperative=selectors.cooperative_get(user=user, pk=cooperative_id), year=year)
    services.annual_report_delete(actor=user, report=report, source=API)
    return _no_content()


# --- health assessments ---------------------------------------------------------------------------


@router.get(
    "/cooperatives/{cooperative_id}/assessments",
    response=responses({200: Page[AssessmentSummaryOut]}),
    tags=["health assessments"],
    description="The cooperative's health assessments, newest fiscal year first; the full result of one is at "
    "/assessments/{id}." + PAGING,
)
def cooperative_assessment_list(request: HttpRequest, cooperative_id: PathId, page: Query[PageQuery]) -> Any:
    user = actor_of(request)
    cooperative = selectors.cooperative_get(user=user, pk=cooperative_id)
    qs = selectors.assessments_visible(user=user).filter(cooperative=cooperative)
    return paginate(qs, keyset=BY_YEAR_DESC, page=page)


@router.get(
    "/assessments/{assessment_id}",
    response=responses({200: AssessmentOut}),
    tags=["health assessments"],
    description="One assessment as it was computed: every aspect, and for each component its value, band, "
    "score, weight, contribution and the evidence for its rule; or the problems that kept it from a score.",
)
def assessment_get(request: HttpRequest, assessment_id: PathId) -> HealthAssessment:
    return selectors.assessment_get(user=actor_of(request), pk=assessment_id)


@router.post(
    "/cooperatives/{cooperative_id}/reports/{year}/assess",
    response=responses({200: AssessmentOut}),
    tags=["health assessments"],
    description="Score the report again, under the rule set named or the office's; the earlier result under "
    "the same rule set is replaced.",
)
def cooperative_report_assess(
    request: HttpRequest, cooperative_id: PathId, year: PathYear, options: Query[AssessQuery]
) -> HealthAssessment:
    user = actor_of(request)
    report = _report(user=user, cooperative=selectors.cooperative_get(user=user, pk=cooperative_id), year=year)
    assessment = services.cooperative_assess(
        actor=user, report=report, rule_set_version=options.rule_set or None, source=API
    )
    return selectors.assessment_get(user=user, pk=assessment.pk)
