"""Reads of the purchasing app, scoped: the office's staff see the agencies of their regions and everything under
them; a civil servant (role "asn") sees only their own record and their own purchases; everyone else nothing.

The figures (participation per agency and month, the civil servants under target, procurement shares) are read
in a fixed number of queries whatever the number of agencies, and summed here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from sinergi.accounts.access import is_authenticated, is_office_staff, region_q
from sinergi.accounts.models import Role, User
from sinergi.core.models import ChangeLog
from sinergi.purchasing.models import (
    Agency,
    CivilServant,
    ProcurementActivity,
    ProcurementLine,
    Purchase,
    PurchaseProgram,
    TargetRule,
)
from sinergi.purchasing.targets import Rule, Standing, standing
from sinergi.registry.selectors import record_history

ZERO = Decimal("0")


def _under(code: str, field_name: str) -> Q:
    """The records whose region ``field_name`` is ``code`` or below it."""
    return Q(**{field_name: code}) | Q(**{f"{field_name}__startswith": code + "."})


def agencies_visible(*, user: User) -> QuerySet[Agency]:
    if is_office_staff(user):
        return Agency.objects.filter(region_q(user, "region__code"))
    if is_authenticated(user) and user.role == Role.ASN:
        return Agency.objects.filter(civil_servants__account=user)
    return Agency.objects.none()


def civil_servants_visible(*, user: User) -> QuerySet[CivilServant]:
    if is_office_staff(user):
        return CivilServant.objects.filter(region_q(user, "agency__region__code"))
    if is_authenticated(user) and user.role == Role.ASN:
        return CivilServant.objects.filter(account=user)
    return CivilServant.objects.none()


def purchases_visible(*, user: User) -> QuerySet[Purchase]:
    if is_office_staff(user):
        return Purchase.objects.filter(region_q(user, "civil_servant__agency__region__code"))
    if is_authenticated(user) and user.role == Role.ASN:
        return Purchase.objects.filter(civil_servant__account=user)
    return Purchase.objects.none()


def programs_visible(*, user: User) -> QuerySet[PurchaseProgram]:
    if is_office_staff(user):
        return PurchaseProgram.objects.filter(region_q(user, "region__code"))
    return PurchaseProgram.objects.none()


def own_civil_servant(*, user: User) -> CivilServant | None:
    """The civil servant a signed-in ASN is."""
    if not is_authenticated(user) or user.role != Role.ASN:
        return None
    return CivilServant.objects.select_related("agency").filter(account=user).first()


@dataclass(frozen=True)
class PurchaseFilter:
    q: str = ""
    month: dt.date | None = None  # the first day of a month


def purchase_list(*, user: User, filters: PurchaseFilter | None = None) -> QuerySet[Purchase]:
    f = filters or PurchaseFilter()
    qs = purchases_visible(user=user).select_related("civil_servant__agency", "business", "product")
    if f.q:
        qs = qs.filter(
            Q(civil_servant__name__icontains=f.q)
            | Q(civil_servant__nip__startswith="".join(f.q.split()))
            | Q(business__name__icontains=f.q)
            | Q(description__icontains=f.q)
        )
    if f.month:
        qs = qs.filter(day__gte=f.month, day__lt=_next_month(f.month))
    return qs.order_by("-day", "-id")


def purchase_get(*, user: User, pk: int) -> Purchase:
    return purchase_list(user=user).get(pk=pk)


def purchase_history(*, purchase: Purchase) -> QuerySet[ChangeLog]:
    return record_history(instance=purchase)


def agency_list(*, user: User, q: str = "") -> QuerySet[Agency]:
    qs = agencies_visible(user=user).select_related("region")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return qs.order_by("name", "id")


def agency_get(*, user: User, pk: int) -> Agency:
    return agency_list(user=user).get(pk=pk)


def agency_staff(*, agency: Agency) -> QuerySet[CivilServant]:
    return agency.civil_servants.order_by("name", "id")


def agency_activities(*, agency: Agency) -> list[ProcurementActivity]:
    activities: list[ProcurementActivity] = list(
        agency.activities.annotate(bought=Sum("lines__amount")).order_by("-year", "name", "id")
    )
    local = _local_by_activity(ProcurementLine.objects.filter(activity__agency=agency))
    for activity in activities:
        activity.local = local.get(activity.pk, ZERO)  # type: ignore[attr-defined]
    return activities


def agency_history(*, agency: Agency) -> QuerySet[ChangeLog]:
    return record_history(instance=agency, related=list(agency.activities.all()))


def program_list(*, user: User) -> QuerySet[PurchaseProgram]:
    return programs_visible(user=user).select_related("region").order_by("-starts_on", "id")


def program_get(*, user: User, pk: int) -> PurchaseProgram:
    return program_list(user=user).get(pk=pk)


def program_rules(*, program: PurchaseProgram) -> QuerySet[TargetRule]:
    return program.rules.select_related("civil_servant").order_by("rank_group", "civil_servant__name", "id")


# --- figures ------------------------------------------------------------------------------------------------


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _rules(program: PurchaseProgram) -> list[Rule]:
    """The program's target rules as the pure rules of ``targets``."""
    return [
        Rule(
            rank_group=r.rank_group,
            civil_servant_id=r.civil_servant_id,
            min_amount=r.min_amount,
            min_purchases=r.min_purchases,
        )
        for r in program.rules.all()
    ]


def program_months(*, program: PurchaseProgram, today: dt.date | None = None) -> list[dt.date]:
    """The months of the program so far (the first day of each), the latest first."""
    last = min(program.ends_on, today or timezone.localdate())
    month = program.starts_on.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months[::-1]


@dataclass
class AgencyMonth:
    """One agency's month in a program."""

    agency: Agency
    civil_servants: int = 0
    participants: int = 0
    purchases: int = 0
    value: Decimal = ZERO
    businesses: int = 0
    clusters: list[str] = field(default_factory=list)
    under_target: int = 0

    @property
    def participation(self) -> Decimal:
        """Percent of the agency's civil servants who bought at least once."""
        if not self.civil_servants:
            return ZERO
        return (Decimal(self.participants) * 100 / self.civil_servants).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ServantMonth:
    civil_servant: CivilServant
    standing: Standing


@dataclass
class Participation:
    program: PurchaseProgram
    month: dt.date
    agencies: list[AgencyMonth]
    servants: list[ServantMonth]

    @property
    def total(self) -> AgencyMonth:
        total = AgencyMonth(agency=Agency(name=""))
        clusters: set[str] = set()
        for row in self.agencies:
            total.civil_servants += row.civil_servants
            total.participants += row.participants
            total.purchases += row.purchases
            total.value += row.value
            total.under_target += row.under_target
            clusters.update(row.clusters)
        total.businesses = self.business_count
        total.clusters = sorted(clusters)
        return total

    business_count: int = 0

    @property
    def under_target(self) -> list[ServantMonth]:
        return [s for s in self.servants if not s.standing.met]


def participation(*, user: User, program: PurchaseProgram, month: dt.date) -> Participation:
    """Per agency of the program's region the user may see: civil servants, how many bought in ``month``, the
    purchases and their value, the businesses reached and their clusters, and how many are under target."""
    month = month.replace(day=1)
    agencies = list(
        agencies_visible(user=user).filter(_under(program.region_id, "region__code")).order_by("name", "id")
    )
    rows = {a.pk: AgencyMonth(agency=a) for a in agencies}
    rules = _rules(program)
    servants = list(
        CivilServant.objects.filter(agency_id__in=rows, is_active=True).select_related("agency").order_by("name", "id")
    )
    bought = (
        Purchase.objects.filter(civil_servant__agency_id__in=rows, day__gte=month, day__lt=_next_month(month))
        .values_list("civil_servant_id", "civil_servant__agency_id", "amount", "business_id", "business__cluster__name")
        .order_by()
    )
    amount: dict[int, Decimal] = defaultdict(lambda: ZERO)
    count: dict[int, int] = defaultdict(int)
    businesses: dict[int, set[int]] = defaultdict(set)
    clusters: dict[int, set[str]] = defaultdict(set)
    every_business: set[int] = set()
    for servant_id, agency_id, value, business_id, cluster in bought:
        amount[servant_id] += value
        count[servant_id] += 1
        businesses[agency_id].add(business_id)
        every_business.add(business_id)
        if cluster:
            clusters[agency_id].add(cluster)
        rows[agency_id].purchases += 1
        rows[agency_id].value += value
    standings = []
    for servant in servants:
        row = rows[servant.agency_id]
        row.civil_servants += 1
        if count[servant.pk]:
            row.participants += 1
        mark = standing(
            rules,
            civil_servant_id=servant.pk,
            rank=servant.rank,
            amount=amount[servant.pk],
            purchases=count[servant.pk],
        )
        if not mark.met:
            row.under_target += 1
        standings.append(ServantMonth(civil_servant=servant, standing=mark))
    for agency_id, row in rows.items():
        row.businesses = len(businesses[agency_id])
        row.clusters = sorted(clusters[agency_id])
    return Participation(
        program=program,
        month=month,
        agencies=list(rows.values()),
        servants=standings,
        business_count=len(every_business),
    )


@dataclass
class ProcurementShare:
    """One agency's procurement in a year: all its activities spent, what went to registered businesses and
    what to registered businesses of the agency's own region (local)."""

    agency: Agency
    activities: int = 0
    total: Decimal = ZERO
    registered: Decimal = ZERO
    local: Decimal = ZERO

    @property
    def share(self) -> Decimal:
        """Percent of the total bought from local registered businesses."""
        if not self.total:
            return ZERO
        return (self.local * 100 / self.total).quantize(Decimal("0.1"))


def _is_local(desa_code: str, region_code: str) -> bool:
    return desa_code == region_code or desa_code.startswith(region_code + ".")


def _local_by_activity(lines: QuerySet[ProcurementLine]) -> dict[int, Decimal]:
    local: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for activity_id, region, desa, value in lines.values_list(
        "activity_id", "activity__agency__region_id", "business__desa_id", "amount"
    ).order_by():
        if _is_local(desa or "", region):
            local[activity_id] += value
    return local


def procurement_shares(*, user: User, year: int) -> list[ProcurementShare]:
    agencies = list(agencies_visible(user=user).order_by("name", "id"))
    rows = {a.pk: ProcurementShare(agency=a) for a in agencies}
    for agency_id, total, n in (
        ProcurementActivity.objects.filter(agency_id__in=rows, year=year)
        .values("agency_id")
        .annotate(total=Sum("total_spend"), n=Count("id"))
        .values_list("agency_id", "total", "n")
        .order_by()
    ):
        rows[agency_id].total = total or ZERO
        rows[agency_id].activities = n
    for agency_id, region, desa, value in (
        ProcurementLine.objects.filter(activity__agency_id__in=rows, activity__year=year)
        .values_list("activity__agency_id", "activity__agency__region_id", "business__desa_id", "amount")
        .order_by()
    ):
        rows[agency_id].registered += value
        if _is_local(desa or "", region):
            rows[agency_id].local += value
    return [r for r in rows.values() if r.total or r.activities]


# --- a civil servant's own home page ------------------------------------------------------------------------


@dataclass(frozen=True)
class AsnMonth:
    """A signed-in civil servant's month: their purchases so far and the target of the program that runs."""

    civil_servant: CivilServant
    month: dt.date
    purchases: list[Purchase]
    program: PurchaseProgram | None
    standing: Standing

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.purchases), ZERO)


def asn_home(*, user: User, today: dt.date | None = None) -> AsnMonth | None:
    """The civil servant's own month (None for an account not linked to one): this month's purchases, and the
    rule of the program of their agency's region that runs today (the latest started, when several do)."""
    servant = own_civil_servant(user=user)
    if servant is None:
        return None
    day = today or timezone.localdate()
    month = day.replace(day=1)
    purchases = list(
        Purchase.objects.filter(civil_servant=servant, day__gte=month, day__lt=_next_month(month))
        .select_related("business", "product")
        .order_by("-day", "-id")
    )
    region = servant.agency.region_id
    parents = [".".join(region.split(".")[:n]) for n in range(1, region.count(".") + 2)]
    program = (
        PurchaseProgram.objects.filter(region_id__in=parents, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on", "-id")
        .first()
    )
    rules = _rules(program) if program is not None else []
    mark = standing(
        rules,
        civil_servant_id=servant.pk,
        rank=servant.rank,
        amount=sum((p.amount for p in purchases), ZERO),
        purchases=len(purchases),
    )
    return AsnMonth(civil_servant=servant, month=month, purchases=purchases, program=program, standing=mark)
