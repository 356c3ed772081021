""" "What needs me today" on the office staff's home page, and the budget chart beside it. Every figure comes from the
owning app's selectors, scoped by the user's regions, and each alert links to the list (filtered where the list
has the filter) behind it.

Budget lines under-realised late in the year: from ``LATE_MONTH`` (September) a line of this fiscal year with
less than ``UNDER_SHARE`` of the realisation expected by now (its amount × months gone / 12) is flagged: by then
an office that has spent little has too little time left to spend the rest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.aspirations import selectors as aspirations
from sinergi.cooperatives.selectors import UNSCORED, cooperatives_for_staff
from sinergi.core.formatting import format_rupiah_amount
from sinergi.indicators import charts
from sinergi.programs import selectors as programs
from sinergi.programs.choices import FundingSource, ProgramStatus
from sinergi.programs.models import BudgetLine, Realisation
from sinergi.supervision import selectors as supervision
from sinergi.supervision.models import InspectionStatus
from sinergi.workprograms.selectors import overdue_associations

LATE_MONTH = 9
UNDER_SHARE = Decimal("0.5")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Alert:
    key: str
    count: int
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class UnderRealised:
    program: str
    source: str
    amount: str
    realised: str
    share: int  # percent of the amount realised
    url: str


def _lines(user: User, year: int) -> Any:
    return BudgetLine.objects.filter(
        program__in=programs.programs_visible(user=user).filter(fiscal_year=year).exclude(status=ProgramStatus.DRAFT)
    )


def under_realised(user: User, *, today: dt.date) -> list[UnderRealised]:
    """This fiscal year's budget lines that lag behind (see the module), the furthest behind first."""
    if today.month < LATE_MONTH:
        return []
    expected = Decimal(today.month) / Decimal(12)
    lines = (
        _lines(user, today.year)
        .select_related("program")
        .annotate(spent=Sum("realisations__amount"))
        .order_by("program__name", "id")
    )
    sources = dict(FundingSource.choices)
    out = []
    for line in lines:
        spent = line.spent or ZERO
        if line.amount <= 0 or spent >= line.amount * expected * UNDER_SHARE:
            continue
        out.append(
            UnderRealised(
                program=line.program.name,
                source=str(sources.get(line.source, line.source)),
                amount=format_rupiah_amount(line.amount),
                realised=format_rupiah_amount(spent),
                share=int(100 * spent / line.amount),
                url=reverse("program_detail", args=[line.program_id]) + "?tab=budget",
            )
        )
    return sorted(out, key=lambda u: u.share)


def staff_alerts(user: User, *, expiring: int, today: dt.date | None = None) -> list[Alert]:
    """The counts that need the office today, each with its list; those at zero are left out."""
    today = today or timezone.localdate()
    late_programs = overdue_associations(user=user, limit=100)
    past_deadline = aspirations.aspiration_list(user=user, filters=aspirations.AspirationFilter(overdue=True)).count()
    coops = cooperatives_for_staff(user=user)
    unscored = coops.filter(health_predicate="").count()
    supervised = (
        supervision.inspections_visible(user=user)
        .filter(status=InspectionStatus.PLANNED)
        .values("cooperative_id")
        .distinct()
        .count()
    )
    behind = len(under_realised(user, today=today))
    rows = [
        Alert("workprograms", len(late_programs), _("associations late with their work program"), ""),
        Alert("aspirations", past_deadline, _("aspirations past their deadline"), ""),
        Alert("unscored", unscored, _("cooperatives without a health score"), ""),
        Alert("supervision", supervised, _("cooperatives with an inspection planned"), ""),
        Alert("documents", expiring, _("businesses with documents expiring within 90 days"), ""),
        Alert("budget", behind, _("budget lines under-realised late in the year"), ""),
    ]
    urls = {
        "workprograms": reverse("workprogram_standing") + "?overdue=1",
        "aspirations": reverse("aspiration_list") + "?overdue=1",
        "unscored": reverse("cooperative_list") + f"?predicate={UNSCORED}",
        "supervision": reverse("supervision_home"),
        "documents": reverse("business_list") + "?expiring=1",
        "budget": "#budget",
    }
    return [Alert(a.key, a.count, a.label, urls[a.key]) for a in rows if a.count]


@dataclass(frozen=True, slots=True)
class BudgetSource:
    source: str
    allocation: str
    realised: str
    share: int
    chart: SafeString
    months: list[tuple[str, str]]  # (month, cumulative realisation)


def budget_by_source(user: User, *, today: dt.date | None = None) -> list[BudgetSource]:
    """Per source of funds, this fiscal year's allocation and the realisation added up month by month (a line
    against the allocation's dashed line), for the programs the user sees. Two queries."""
    today = today or timezone.localdate()
    lines = _lines(user, today.year)
    allocated = dict(lines.order_by().values("source").annotate(total=Sum("amount")).values_list("source", "total"))
    spent: dict[str, dict[int, Decimal]] = defaultdict(dict)
    monthly = (
        Realisation.objects.filter(budget_line__in=lines, spent_on__year=today.year)
        .annotate(month=ExtractMonth("spent_on"))
        .order_by()
        .values("budget_line__source", "month")
        .annotate(total=Sum("amount"))
    )
    for row in monthly:
        spent[row["budget_line__source"]][row["month"]] = row["total"]
    labels = dict(FundingSource.choices)
    out = []
    for source in FundingSource.values:
        allocation = allocated.get(source)
        if not allocation:
            continue
        running, points, months = ZERO, [], []
        for month in range(1, today.month + 1):
            running += spent[source].get(month, ZERO)
            label = f"{month:02d}"
            points.append((label, float(running / Decimal(1_000_000))))
            months.append((label, format_rupiah_amount(running)))
        name = str(labels[source])
        chart = charts.line_chart(
            title=_("Realisation against allocation, %(source)s (million rupiah)") % {"source": name},
            points=points,
            target=float(allocation / Decimal(1_000_000)),
        )
        out.append(
            BudgetSource(
                source=name,
                allocation=format_rupiah_amount(allocation),
                realised=format_rupiah_amount(running),
                share=int(100 * running / allocation),
                chart=chart,
                months=months,
            )
        )
    return out
