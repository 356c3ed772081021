"""Which cooperatives to inspect first: a score from weighted risk factors, with the reasons in words.

The factors and their weights are the table ``RISK_FACTORS`` below (data, not code paths: an office that
weighs them differently changes one line). A cooperative's score is the sum of the weights of the factors
that hold for it; overdue follow-ups count per follow-up, up to a cap. Cooperatives with no factor are not
ranked. Dissolved cooperatives are left out.

* ``special_supervision`` / ``supervision``: the newest assessment under the office's rule set (the
  cooperative's ``health_predicate``) is Dalam Pengawasan Khusus / Dalam Pengawasan;
* ``score_fell``: that assessment's score is below the one of the fiscal year before it;
* ``inactive``: not active under the office's rule (``activity.office_rule()``) as of the newest fiscal year
  whose RAT is due; ``rat_missing``: active, but no RAT for that year (only possible with the rule "any");
* ``overdue_follow_ups``: follow-ups of its inspections not done by their deadline;
* ``no_report``: no annual report has ever been entered.

Open complaints (public aspirations about a cooperative) are to weigh in too, but the aspirations module is
not built yet: there is no factor for them.

The score is computed in SQL (correlated subqueries on indexed columns) over the scoped queryset, so the
ranking pages and paginates like any list, for thousands of cooperatives; the reasons in words are built
only for the rows shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from sinergi.accounts.models import User
from sinergi.accounts.selectors import office_rule_set_expression
from sinergi.cooperatives.activity import ActivityRule, activity_status, last_due_fiscal_year, office_rule
from sinergi.cooperatives.indicators import rat_years, rat_years_needed
from sinergi.cooperatives.models import AnnualReport, Cooperative, CooperativeStatus, HealthAssessment
from sinergi.supervision.models import FollowUp
from sinergi.supervision.selectors import overdue_q, supervised_cooperatives

SPECIAL_SUPERVISION = "DALAM_PENGAWASAN_KHUSUS"
SUPERVISION = "DALAM_PENGAWASAN"


@dataclass(frozen=True, slots=True)
class RiskFactor:
    code: str
    weight: int
    description: StrOrPromise
    cap: int = 1  # how many times it may count (follow-ups count each)


RISK_FACTORS: tuple[RiskFactor, ...] = (
    RiskFactor("special_supervision", 40, gettext_lazy("Health predicate Dalam Pengawasan Khusus")),
    RiskFactor("supervision", 25, gettext_lazy("Health predicate Dalam Pengawasan")),
    RiskFactor("score_fell", 15, gettext_lazy("Health score lower than the year before")),
    RiskFactor("inactive", 20, gettext_lazy("Inactive: RAT overdue under the office's rule")),
    RiskFactor("rat_missing", 10, gettext_lazy("No RAT for the newest fiscal year due")),
    RiskFactor("overdue_follow_ups", 10, gettext_lazy("Each follow-up past its deadline"), cap=3),
    RiskFactor("no_report", 15, gettext_lazy("No annual report at all")),
)
WEIGHT = {f.code: f.weight for f in RISK_FACTORS}
CAP = {f.code: f.cap for f in RISK_FACTORS}


def _points(condition: Q, factor: str) -> Case:
    return Case(When(condition, then=Value(WEIGHT[factor])), default=Value(0), output_field=IntegerField())


def risk_annotated(
    qs: QuerySet[Cooperative], *, as_of_year: int, rule: ActivityRule, today: date
) -> QuerySet[Cooperative]:
    """``qs`` with every factor's inputs and ``risk_score`` annotated, in SQL."""
    # Each cooperative's previous score under its own office's rule set (accounts.OfficeSettings).
    qs = qs.alias(office_rule_set=office_rule_set_expression("region_id"))
    previous = (
        HealthAssessment.objects.filter(
            cooperative=OuterRef("pk"),
            rule_set_version=OuterRef("office_rule_set"),
            fiscal_year=OuterRef("health_year") - 1,
            total__isnull=False,
        )
        .order_by()
        .values("total")[:1]
    )
    overdue = (
        FollowUp.objects.filter(overdue_q(today=today), finding__inspection__cooperative=OuterRef("pk"))
        .order_by()
        .values("finding__inspection__cooperative")
        .annotate(n=Count("id"))
        .values("n")
    )
    reports = AnnualReport.objects.filter(cooperative=OuterRef("pk"))
    needed = rat_years_needed(rule)
    qs = qs.annotate(
        previous_total=Subquery(previous),
        rat_n=rat_years(rule=rule, as_of_year=as_of_year),
        rat_last=Exists(reports.filter(fiscal_year=as_of_year, rat_held=True)),
        has_report=Exists(reports),
        overdue_n=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
    )
    cap = CAP["overdue_follow_ups"]
    overdue_points = Case(
        When(overdue_n__gte=cap, then=Value(cap * WEIGHT["overdue_follow_ups"])),
        default=F("overdue_n") * WEIGHT["overdue_follow_ups"],
        output_field=IntegerField(),
    )
    return qs.annotate(
        risk_score=_points(Q(health_predicate=SPECIAL_SUPERVISION), "special_supervision")
        + _points(Q(health_predicate=SUPERVISION), "supervision")
        + _points(Q(previous_total__gt=F("health_total")), "score_fell")
        + _points(Q(rat_n__lt=needed), "inactive")
        + _points(Q(rat_n__gte=needed, rat_last=False), "rat_missing")
        + overdue_points
        + _points(Q(has_report=False), "no_report")
    )


def risk_ranking(*, user: User, today: date | None = None, as_of_year: int | None = None) -> QuerySet[Cooperative]:
    """The user's cooperatives with at least one risk factor, the highest score first (then by name)."""
    today = today or timezone.localdate()
    year = as_of_year if as_of_year is not None else last_due_fiscal_year(today=today)
    qs = supervised_cooperatives(user=user).exclude(status=CooperativeStatus.DISSOLVED).select_related("region")
    qs = risk_annotated(qs, as_of_year=year, rule=office_rule(), today=today)
    return qs.filter(Q(risk_score__gt=0)).order_by("-risk_score", "name", "id")


@dataclass(frozen=True, slots=True)
class RiskEntry:
    cooperative: Cooperative
    score: int
    reasons: tuple[str, ...]


def _score_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def risk_reasons(
    cooperative: Cooperative, *, as_of_year: int, rule: ActivityRule, rat_years_held: Iterable[int] = ()
) -> tuple[str, ...]:
    """The reasons in words for one annotated row of ``risk_annotated``, in the order of the factor table."""
    c = cooperative
    reasons: list[str] = []
    year = c.health_year
    if c.health_predicate in (SPECIAL_SUPERVISION, SUPERVISION):
        label = _("Dalam Pengawasan Khusus") if c.health_predicate == SPECIAL_SUPERVISION else _("Dalam Pengawasan")
        reasons.append(
            _("Health predicate %(predicate)s (score %(score)s, fiscal year %(year)s).")
            % {"predicate": label, "score": _score_text(c.health_total), "year": year}
        )
    previous = getattr(c, "previous_total", None)
    if previous is not None and c.health_total is not None and previous > c.health_total:
        reasons.append(
            _("Health score fell from %(before)s (%(y0)s) to %(after)s (%(y1)s).")
            % {
                "before": _score_text(previous),
                "y0": (year or 0) - 1,
                "after": _score_text(c.health_total),
                "y1": year,
            }
        )
    activity = activity_status(rat_years=rat_years_held, as_of_year=as_of_year, rule=rule)
    needed = rat_years_needed(rule)
    if getattr(c, "rat_n", 0) < needed:
        reasons.append(activity.reason)
    elif not getattr(c, "rat_last", True):
        reasons.append(_("No RAT for fiscal year %(year)d.") % {"year": as_of_year})
    overdue = getattr(c, "overdue_n", 0)
    if overdue:
        reasons.append(
            ngettext("%(n)d follow-up past its deadline.", "%(n)d follow-ups past their deadline.", overdue)
            % {"n": overdue}
        )
    if not getattr(c, "has_report", True):
        reasons.append(_("No annual report has been entered."))
    return tuple(reasons)


def risk_entries(
    cooperatives: Iterable[Cooperative], *, as_of_year: int | None = None, today: date | None = None
) -> list[RiskEntry]:
    """The shown rows of a ranking with their reasons; one query for the RAT years of all of them."""
    rows = list(cooperatives)
    rule = office_rule()
    year = as_of_year if as_of_year is not None else last_due_fiscal_year(today=today or timezone.localdate())
    held: dict[int, list[int]] = defaultdict(list)
    for coop_id, fiscal_year in AnnualReport.objects.filter(
        cooperative__in=[c.pk for c in rows], rat_held=True, fiscal_year__in=rule.window(as_of_year=year)
    ).values_list("cooperative_id", "fiscal_year"):
        held[coop_id].append(fiscal_year)
    return [
        RiskEntry(
            cooperative=c,
            score=getattr(c, "risk_score", 0),
            reasons=risk_reasons(c, as_of_year=year, rule=rule, rat_years_held=held[c.pk]),
        )
        for c in rows
    ]
