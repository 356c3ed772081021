"""Beneficiary reports: how many were aided, grouped by program, year, kind, source of funds, region,
cluster, gender, scale or target — e.g. "micro businesses given capital aid 2020–2023, by source".

Counts are distinct beneficiaries (a business, a cooperative, or a person in a person program) and the
aid is the sum of their disbursements. The source of an enrollment is the budget line its aid was paid
from; without disbursements, the sources of its program's budget lines. One beneficiary funded from two
sources is counted under both, so by-source rows can add up to more than ``beneficiaries_total``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _

from sinergi.accounts.models import STAFF_ROLES, User
from sinergi.programs.choices import EnrollmentStatus, FundingSource, ProgramKind, Target
from sinergi.programs.models import AidDisbursement, BudgetLine, Enrollment, Program
from sinergi.programs.selectors import programs_visible
from sinergi.regions.models import Region
from sinergi.registry.models import Cluster, Scale, Sex

DIMENSIONS = ("program", "year", "kind", "source", "region", "cluster", "gender", "scale", "target")
_COLUMN = {
    "program": "program_id",
    "year": "program__fiscal_year",
    "kind": "program__kind",
    "region": "beneficiary_kabupaten",
    "cluster": "business__cluster__slug",
    "gender": "person__sex",
    "scale": "business__scale",
    "target": "program__target",
}


@dataclass(frozen=True, slots=True)
class ReportFilter:
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    region: str = ""  # the beneficiary's region (code prefix)
    cluster: str = ""
    scale: str = ""
    target: str = ""
    include_dropped: bool = False


@dataclass(frozen=True, slots=True)
class ReportRow:
    keys: dict[str, Any]
    labels: dict[str, str]
    beneficiaries: int
    enrollments: int
    aid: Decimal
    extra: dict[str, Any] = field(default_factory=dict)


def _enrollments(user: User, f: ReportFilter) -> QuerySet[Enrollment]:
    if not (user.is_superuser or user.role in STAFF_ROLES):
        return Enrollment.objects.none()
    qs = Enrollment.objects.filter(program__in=programs_visible(user=user)).annotate(
        beneficiary_region=Coalesce("business__desa_id", "cooperative__region_id", "person__desa_id"),
        beneficiary_kabupaten=Substr(Coalesce("business__desa_id", "cooperative__region_id", "person__desa_id"), 1, 5),
    )
    if not f.include_dropped:
        qs = qs.exclude(status=EnrollmentStatus.DROPPED)
    if f.year_from is not None:
        qs = qs.filter(program__fiscal_year__gte=f.year_from)
    if f.year_to is not None:
        qs = qs.filter(program__fiscal_year__lte=f.year_to)
    if f.kinds:
        qs = qs.filter(program__kind__in=list(f.kinds))
    if f.region:
        qs = qs.filter(Q(beneficiary_region=f.region) | Q(beneficiary_region__startswith=f.region + "."))
    if f.cluster:
        qs = qs.filter(business__cluster__slug=f.cluster)
    if f.scale:
        qs = qs.filter(business__scale=f.scale)
    if f.target:
        qs = qs.filter(program__target=f.target)
    if f.sources:
        qs = qs.filter(_funded_by(list(f.sources)))
    return qs


def _funded_by(sources: list[str]) -> Q:
    paid = AidDisbursement.objects.filter(enrollment=OuterRef("pk"))
    planned = BudgetLine.objects.filter(program=OuterRef("program_id"), source__in=sources)
    return Q(Exists(paid.filter(budget_line__source__in=sources))) | (~Q(Exists(paid)) & Q(Exists(planned)))


def _counts(aid_filter: Q | None = None) -> dict[str, Any]:
    return {
        "n_business": Count("business", distinct=True),
        "n_cooperative": Count("cooperative", distinct=True),
        "n_person": Count("person", distinct=True, filter=Q(business__isnull=True, cooperative__isnull=True)),
        "n_enrollments": Count("id", distinct=True),
        "aid": Sum("disbursements__amount", filter=aid_filter),
    }


def beneficiaries_report(
    *, user: User, group_by: Sequence[str], filters: ReportFilter = ReportFilter()
) -> list[ReportRow]:
    """Rows of distinct beneficiaries, enrollments and aid per combination of the ``group_by`` dimensions."""
    unknown = [d for d in group_by if d not in DIMENSIONS]
    if unknown:
        raise ValidationError(
            {
                "group_by": _("Unknown grouping %(names)s (known: %(known)s).")
                % {"names": ", ".join(unknown), "known": ", ".join(DIMENSIONS)}
            }
        )
    base = _enrollments(user, filters)
    plain = [d for d in group_by if d != "source"]
    columns = [_COLUMN[d] for d in plain]
    sources = (
        [s for s in FundingSource.values if not filters.sources or s in filters.sources]
        if "source" in group_by
        else [None]
    )
    rows: list[ReportRow] = []
    for source in sources:
        qs = base.filter(_funded_by([source])) if source else base
        aid_filter = Q(disbursements__budget_line__source=source) if source else None
        counts = _counts(aid_filter)
        results = qs.values(*columns).annotate(**counts).order_by(*columns) if columns else [qs.aggregate(**counts)]
        for r in results:
            n = r["n_business"] + r["n_cooperative"] + r["n_person"]
            if not n:
                continue
            keys = {d: r[_COLUMN[d]] for d in plain}
            if source:
                keys["source"] = source
            rows.append(
                ReportRow(
                    keys={d: keys[d] for d in group_by},
                    labels={},
                    beneficiaries=n,
                    enrollments=r["n_enrollments"],
                    aid=r["aid"] or Decimal("0.00"),
                )
            )
    _label(rows)
    return rows


def beneficiaries_total(*, user: User, filters: ReportFilter = ReportFilter()) -> ReportRow:
    """The same figures over everything the filters keep, each beneficiary once."""
    qs = _enrollments(user, filters)
    r = qs.aggregate(**_counts())
    return ReportRow(
        keys={},
        labels={},
        beneficiaries=r["n_business"] + r["n_cooperative"] + r["n_person"],
        enrollments=r["n_enrollments"],
        aid=r["aid"] or Decimal("0.00"),
    )


def _label(rows: list[ReportRow]) -> None:
    """Fill each row's labels (program names, region and cluster names, choice labels), a query per kind."""
    wanted: dict[str, set[Any]] = {}
    for row in rows:
        for d, v in row.keys.items():
            wanted.setdefault(d, set()).add(v)
    lookups: dict[str, dict[Any, Any]] = {
        "kind": dict(ProgramKind.choices),
        "source": dict(FundingSource.choices),
        "gender": dict(Sex.choices),
        "scale": dict(Scale.choices),
        "target": dict(Target.choices),
    }
    if "program" in wanted:
        lookups["program"] = {p.pk: str(p) for p in Program.objects.filter(pk__in=wanted["program"])}
    if "region" in wanted:
        lookups["region"] = {r.code: r.display_name for r in Region.objects.filter(code__in=wanted["region"])}
    if "cluster" in wanted:
        lookups["cluster"] = dict(Cluster.objects.filter(slug__in=wanted["cluster"]).values_list("slug", "name"))
    for row in rows:
        for d, v in row.keys.items():
            row.labels[d] = str(lookups.get(d, {}).get(v, v if v not in (None, "") else "—"))
