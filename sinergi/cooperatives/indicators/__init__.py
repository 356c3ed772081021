"""The cooperative indicators an office reports upward, per child region and in total, for one fiscal year:
"347 cooperatives, 296 active (85.30%)", how many are healthy by predicate, members, savings participation
and dependence on outside capital.

What each figure counts (fiscal year Y, region R):

* cooperatives: those registered in R whose status is not dissolved (operating and declared dormant alike);
* active: of those, the ones active under the office's rule (``activity.office_rule()``, settings
  SINERGI_COOP_ACTIVE_YEARS / _MODE) as of fiscal year Y: with the defaults, a RAT held for each of Y-1 and Y.
  The result carries the rule's label and the window, so every table says which rule it applied;
* healthy by predicate: the stored health assessments of fiscal year Y under the rule set of the office of the
  region shown (accounts.OfficeSettings, else SINERGI_COOP_RULE_SET) that have a score. Not
  ``Cooperative.health_*``: that is the newest assessment, whatever its year, and a table for Y must not mix
  years. Shares are of the cooperatives assessed;
* members at year end: the sum of ``members_end`` of the year-Y reports;
* savings participation: members with voluntary savings / members at year end, both summed over the year-Y
  reports that give both numbers (a report without the savers' count neither adds to nor dilutes the share);
* dependence on outside capital: (current + long-term liabilities) / total assets, summed over the year-Y
  reports that give total assets and a liability: the region's ratio, weighted by assets (not a mean of
  ratios, so one large KSP weighs as much as its balance sheet).

Everything is counted in SQL, grouped by region-code prefix (``Substr`` of the code, no join to regions), in
three queries whatever the number of cooperatives: a province has thousands. Percentages are Decimal with 2
places, rounded half up (296 of 347 → 85.30).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_in_scope, region_prefixes
from sinergi.accounts.models import User
from sinergi.accounts.selectors import office_rule_set
from sinergi.cooperatives.activity import EACH, ActivityRule, last_due_fiscal_year, office_rule
from sinergi.cooperatives.health import RULE_SETS
from sinergi.cooperatives.models import AnnualReport, Cooperative, CooperativeStatus, HealthAssessment
from sinergi.cooperatives.selectors import cooperatives_for_staff
from sinergi.regions.models import Region

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ZERO = Decimal(0)


def _money_field() -> DecimalField[Any, Any]:
    return DecimalField(max_digits=20, decimal_places=2)


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, 2 places, half up; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def rat_years(*, rule: ActivityRule, as_of_year: int) -> Coalesce:
    """Per cooperative (the outer row), the number of fiscal years in the rule's window with a RAT held."""
    held = (
        AnnualReport.objects.filter(
            cooperative=OuterRef("pk"), rat_held=True, fiscal_year__in=rule.window(as_of_year=as_of_year)
        )
        .order_by()
        .values("cooperative")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def rat_years_needed(rule: ActivityRule) -> int:
    return rule.years if rule.mode == EACH else 1


# --- result -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PredicateCount:
    code: str
    label: str
    count: int
    pct: Decimal | None  # of the cooperatives assessed


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorRow:
    """One region's figures (or the total). The raw sums are kept so that a total adds them up exactly."""

    code: str
    name: str
    cooperatives: int
    active: int
    reports: int
    assessed: int
    health: tuple[PredicateCount, ...]
    members_end: int
    savers: int
    savers_base: int
    liabilities: Decimal
    assets: Decimal

    @property
    def inactive(self) -> int:
        return self.cooperatives - self.active

    @property
    def active_pct(self) -> Decimal | None:
        return percent(self.active, self.cooperatives)

    @property
    def savings_participation_pct(self) -> Decimal | None:
        return percent(self.savers, self.savers_base)

    @property
    def outside_capital_pct(self) -> Decimal | None:
        return percent(self.liabilities, self.assets)


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicators:
    year: int
    region_code: str  # "" for every region the user works in
    region_name: str
    rule: ActivityRule
    rule_set_version: str
    rule_set_title: str
    predicates: tuple[tuple[str, str], ...]  # (code, label), healthiest first
    rows: tuple[IndicatorRow, ...]
    total: IndicatorRow

    @property
    def window(self) -> tuple[int, ...]:
        return self.rule.window(as_of_year=self.year)

    @property
    def rule_text(self) -> str:
        return _("%(rule)s, as of fiscal year %(year)d (fiscal years %(years)s).") % {
            "rule": self.rule.label(),
            "year": self.year,
            "years": ", ".join(str(y) for y in self.window),
        }


# --- grouping -----------------------------------------------------------------------------------------

KeyOf = Callable[[str], Expression]


def _prefix_key(length: int) -> KeyOf:
    return lambda field: Substr(field, 1, length)


def _case_key(prefixes: Sequence[str]) -> KeyOf:
    def key(field: str) -> Expression:
        whens = [When(Q(**{field: p}) | Q(**{f"{field}__startswith": p + "."}), then=Value(p)) for p in prefixes]
        return Case(*whens, default=Value(""))

    return key


@dataclass(frozen=True, slots=True)
class _Grouping:
    region: Region | None
    rows: tuple[tuple[str, str], ...]  # (key, name) in display order
    key: KeyOf


def _grouping(*, user: User, region: str) -> _Grouping:
    """The rows of the table: the children of ``region`` (plus the region itself, for cooperatives placed no
    lower), or with no region the user's own regions (the provinces for the whole country)."""
    prefixes = region_prefixes(user)
    if not region and prefixes is not None and len(prefixes) == 1:
        region = prefixes[0]
    if region:
        if not region_in_scope(user, region):
            raise Region.DoesNotExist(region)
        parent = Region.objects.get(pk=region)
        children = list(Region.objects.filter(parent_id=parent.code).order_by("code").values_list("code", "name"))
        if not children:
            return _Grouping(parent, ((parent.code, parent.display_name),), _prefix_key(len(parent.code)))
        direct = (parent.code, _("%(name)s (no more precise region)") % {"name": parent.display_name})
        return _Grouping(parent, (*children, direct), _prefix_key(len(children[0][0])))
    if prefixes is None:
        provinces = Region.objects.filter(level=1).order_by("code").values_list("code", "name")
        return _Grouping(None, tuple(provinces), _prefix_key(2))
    mine = Region.objects.filter(code__in=prefixes).order_by("code")
    return _Grouping(None, tuple((r.code, r.display_name) for r in mine), _case_key([r.code for r in mine]))


def _in_region(code: str, field: str) -> Q:
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."}) if code else Q()


# --- the selector -------------------------------------------------------------------------------------


def cooperative_indicators(*, user: User, year: int | None = None, region: str = "", today: Any = None) -> Indicators:
    """The indicators of fiscal ``year`` (default: the newest year whose RAT is due) for ``region`` (default:
    the user's regions). Region.DoesNotExist when the region is unknown or outside the user's regions."""
    year = year if year is not None else last_due_fiscal_year(today=today or timezone.localdate())
    rule = office_rule()
    grouping = _grouping(user=user, region=region)
    code = grouping.region.code if grouping.region else ""
    # Counted under the rule set of the office of the region shown (of the user's one region, when it is theirs).
    office = code or (grouping.rows[0][0] if len(grouping.rows) == 1 else "")
    rules = RULE_SETS[office_rule_set(office)]
    base = (
        cooperatives_for_staff(user=user)
        .exclude(status=CooperativeStatus.DISSOLVED)
        .filter(_in_region(code, "region__code"))
    )
    counts = _cooperative_counts(base, key=grouping.key, rule=rule, year=year)
    figures = _report_figures(base, key=grouping.key, year=year)
    health = _health_counts(base, key=grouping.key, year=year, version=rules.version)
    predicates = tuple((p.code, p.label) for p in reversed(rules.predicates))
    rows = tuple(
        _row(key, name, counts.get(key, {}), figures.get(key, {}), health.get(key, {}), predicates)
        for key, name in grouping.rows
    )
    # The region itself is a row only when some cooperative is placed no lower than it.
    rows = tuple(r for r in rows if r.code != code or r.cooperatives or len(rows) == 1)
    name = grouping.region.display_name if grouping.region else _("All my regions")
    return Indicators(
        year=year,
        region_code=code,
        region_name=name,
        rule=rule,
        rule_set_version=rules.version,
        rule_set_title=rules.title,
        predicates=predicates,
        rows=rows,
        total=_total(rows, code=code, name=name, predicates=predicates),
    )


def _cooperative_counts(
    base: QuerySet[Cooperative], *, key: KeyOf, rule: ActivityRule, year: int
) -> dict[str, dict[str, Any]]:
    qs = (
        base.alias(rat_n=rat_years(rule=rule, as_of_year=year))
        .annotate(key=key("region__code"))
        .order_by()
        .values("key")
        .annotate(n=Count("id"), active=Count("id", filter=Q(rat_n__gte=rat_years_needed(rule))))
    )
    return {r["key"]: r for r in qs}


def _report_figures(base: QuerySet[Cooperative], *, key: KeyOf, year: int) -> dict[str, dict[str, Any]]:
    both = Q(members_end__isnull=False, members_with_voluntary_savings__isnull=False)
    balance = Q(total_assets__gt=0) & (Q(current_liabilities__isnull=False) | Q(long_term_liabilities__isnull=False))
    liabilities = Coalesce(F("current_liabilities"), Value(ZERO), output_field=_money_field()) + Coalesce(
        F("long_term_liabilities"), Value(ZERO), output_field=_money_field()
    )
    qs = (
        AnnualReport.objects.filter(fiscal_year=year, cooperative__in=base.values("pk"))
        .annotate(key=key("cooperative__region__code"))
        .order_by()
        .values("key")
        .annotate(
            reports=Count("id"),
            members=Sum("members_end"),
            savers=Sum("members_with_voluntary_savings", filter=both),
            savers_base=Sum("members_end", filter=both),
            liabilities=Sum(liabilities, filter=balance, output_field=_money_field()),
            assets=Sum("total_assets", filter=balance, output_field=_money_field()),
        )
    )
    return {r["key"]: r for r in qs}


def _health_counts(base: QuerySet[Cooperative], *, key: KeyOf, year: int, version: str) -> dict[str, dict[str, int]]:
    qs = (
        HealthAssessment.objects.filter(
            fiscal_year=year, rule_set_version=version, total__isnull=False, cooperative__in=base.values("pk")
        )
        .annotate(key=key("cooperative__region__code"))
        .order_by()
        .values("key", "predicate")
        .annotate(n=Count("id"))
    )
    result: dict[str, dict[str, int]] = {}
    for r in qs:
        result.setdefault(r["key"], {})[r["predicate"]] = r["n"]
    return result


def _health(by_predicate: dict[str, int], predicates: tuple[tuple[str, str], ...]) -> tuple[PredicateCount, ...]:
    assessed = sum(by_predicate.values())
    return tuple(
        PredicateCount(code, label, by_predicate.get(code, 0), percent(by_predicate.get(code, 0), assessed))
        for code, label in predicates
    )


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(CENT)


def _row(
    code: str,
    name: str,
    counts: dict[str, Any],
    figures: dict[str, Any],
    health: dict[str, int],
    predicates: tuple[tuple[str, str], ...],
) -> IndicatorRow:
    return IndicatorRow(
        code=code,
        name=name,
        cooperatives=counts.get("n", 0),
        active=counts.get("active", 0),
        reports=figures.get("reports", 0),
        assessed=sum(health.values()),
        health=_health(health, predicates),
        members_end=figures.get("members") or 0,
        savers=figures.get("savers") or 0,
        savers_base=figures.get("savers_base") or 0,
        liabilities=_money(figures.get("liabilities")),
        assets=_money(figures.get("assets")),
    )


def _total(
    rows: Sequence[IndicatorRow], *, code: str, name: str, predicates: tuple[tuple[str, str], ...]
) -> IndicatorRow:
    """The rows partition the cooperatives, so the total is the sum of their counts and sums."""
    by_predicate = {c: sum(r.health[i].count for r in rows) for i, (c, _label) in enumerate(predicates)}
    return IndicatorRow(
        code=code,
        name=name,
        cooperatives=sum(r.cooperatives for r in rows),
        active=sum(r.active for r in rows),
        reports=sum(r.reports for r in rows),
        assessed=sum(r.assessed for r in rows),
        health=_health(by_predicate, predicates),
        members_end=sum(r.members_end for r in rows),
        savers=sum(r.savers for r in rows),
        savers_base=sum(r.savers_base for r in rows),
        liabilities=sum((r.liabilities for r in rows), ZERO),
        assets=sum((r.assets for r in rows), ZERO),
    )
