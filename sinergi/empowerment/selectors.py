"""Reads of empowerment data, scoped to the office's staff of the region: P3KE deciles and household links are
never shown to anyone else (no self-service role, no public page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sinergi.accounts.access import is_office_staff, region_in_scope, region_prefixes, region_q
from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
from sinergi.empowerment.models import (
    DesaPotential,
    Group,
    GroupMember,
    GroupStatus,
    P3keEntry,
    P3keList,
    Visit,
    VisitIncome,
)
from sinergi.empowerment.settings import WORKING_AGE, group_rules
from sinergi.regions.models import Region, RegionLevel

OPEN_STATUSES = (GroupStatus.DRAFT, GroupStatus.ACTIVE)


def office_code(region_code: str) -> str:
    """The kabupaten/kota a region lies in (a P3KE list is the kabupaten office's)."""
    return region_code[:5]


def region_visible(*, user: User, code: str) -> bool:
    """Whether the user is the office's staff and ``code`` lies in their regions."""
    return is_office_staff(user) and region_in_scope(user, code)


def offices_of(*, user: User) -> list[tuple[str, str]]:
    """The kabupaten/kota offices whose figures the user may read, as (code, name): those of their regions (every
    kabupaten/kota of a province they work in); for a user of every region, those holding a P3KE list."""
    if not is_office_staff(user):
        return []
    prefixes = region_prefixes(user)
    qs = Region.objects.filter(level=RegionLevel.KABUPATEN_KOTA)
    if prefixes is None:
        qs = qs.filter(code__in=P3keList.objects.values("region_id"))
    else:
        q = Q(pk__in=[])
        for code in prefixes:
            q |= Q(code=code[:5]) if len(code) >= 5 else Q(code__startswith=code + ".")
        qs = qs.filter(q)
    return [(r.code, r.display_name) for r in qs.order_by("code")]


# --- potentials and lists ------------------------------------------------------------------------------------


def potentials_visible(*, user: User) -> QuerySet[DesaPotential]:
    if not is_office_staff(user):
        return DesaPotential.objects.none()
    return DesaPotential.objects.filter(region_q(user, "desa__code")).select_related("desa")


def _under(field: str, code: str) -> Q:
    """Rows whose region (``field``, a code path) is ``code`` or lies below it."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def potential_list(*, user: User, q: str = "", region: str = "", sector: str = "") -> QuerySet[DesaPotential]:
    qs = potentials_visible(user=user).select_related("desa__parent")
    if q:
        qs = qs.filter(Q(desa__name__icontains=q) | Q(note__icontains=q))
    if region:
        qs = qs.filter(_under("desa__code", region))
    if sector:
        qs = qs.filter(sector=sector)
    return qs.order_by("desa__code", "rank", "id")


def potential_get(*, user: User, pk: int) -> DesaPotential:
    return potentials_visible(user=user).get(pk=pk)


def desa_potentials(*, user: User, desa: Region) -> list[DesaPotential]:
    return list(potentials_visible(user=user).filter(desa=desa).order_by("rank", "id"))


def lists_visible(*, user: User) -> QuerySet[P3keList]:
    if not is_office_staff(user):
        return P3keList.objects.none()
    return P3keList.objects.filter(region_q(user, "region__code"))


def latest_list(*, region_code: str) -> P3keList | None:
    """The newest P3KE list of the office that holds ``region_code``."""
    return P3keList.objects.filter(region_id=office_code(region_code)).order_by("-as_of", "-id").first()


# --- candidates ----------------------------------------------------------------------------------------------


@dataclass
class Household:
    """One P3KE household of the candidates, with its working-age persons (kept together)."""

    key: str
    decile: int
    desa_code: str
    desa_name: str
    persons: list[P3keEntry] = field(default_factory=list)


def _working_age(entry: P3keEntry, today: dt.date) -> bool:
    born = entry.person.birth_date
    if born is None:
        return True  # the list does not say; the officer sees the person and decides
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return WORKING_AGE[0] <= age <= WORKING_AGE[1]


def grouped_households(*, exclude_group: Group | None = None) -> QuerySet[GroupMember]:
    qs = GroupMember.objects.filter(group__status__in=OPEN_STATUSES)
    if exclude_group is not None:
        qs = qs.exclude(group=exclude_group)
    return qs


def candidates(
    *, user: User, region_code: str, max_decile: int | None = None, exclude_group: Group | None = None
) -> list[Household]:
    """The households of the newest P3KE list of ``region_code`` (a desa, kecamatan or kabupaten the user works
    in) with decile at most ``max_decile`` (the office's setting when not given), their working-age persons,
    none of them in a draft or active group; poorest first, then by desa and household key. A household with
    two persons is one household."""
    if not is_office_staff(user):
        return []
    source = latest_list(region_code=region_code)
    if source is None:
        return []
    if max_decile is None:
        max_decile = group_rules(region_code).max_decile
    grouped = grouped_households(exclude_group=exclude_group).values("household")
    entries = (
        P3keEntry.objects.filter(list=source, decile__lte=max_decile)
        .filter(region_q(user, "person__desa__code"))
        .filter(Q(person__desa__code=region_code) | Q(person__desa__code__startswith=region_code + "."))
        .exclude(household__in=grouped)
        .select_related("person__desa")
        .order_by("decile", "person__desa__code", "household", "person__name", "id")
    )
    today = timezone.localdate()
    households: dict[str, Household] = {}
    for entry in entries:
        if not _working_age(entry, today):
            continue
        home = households.get(entry.household)
        if home is None:
            desa = entry.person.desa
            home = households[entry.household] = Household(entry.household, entry.decile, desa.code, desa.name)
        home.persons.append(entry)
    return list(households.values())


def candidate_count(*, user: User, region_code: str, max_decile: int | None = None) -> dict[str, int]:
    """How many candidate households and persons (households counted once)."""
    homes = candidates(user=user, region_code=region_code, max_decile=max_decile)
    return {"households": len(homes), "persons": sum(len(h.persons) for h in homes)}


# --- groups --------------------------------------------------------------------------------------------------


def groups_visible(*, user: User) -> QuerySet[Group]:
    """The office's staff see the groups of their regions; nobody else any."""
    if not is_office_staff(user):
        return Group.objects.none()
    return Group.objects.filter(region_q(user, "desa__code")).select_related("desa__parent")


@dataclass(frozen=True, slots=True)
class GroupFilter:
    q: str = ""
    sector: str = ""
    status: str = ""
    region: str = ""


def group_list(*, user: User, filters: GroupFilter | None = None) -> QuerySet[Group]:
    f = filters or GroupFilter()
    qs = groups_visible(user=user)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(desa__name__icontains=f.q))
    if f.sector:
        qs = qs.filter(sector=f.sector)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.region:
        qs = qs.filter(Q(desa__code=f.region) | Q(desa__code__startswith=f.region + "."))
    return qs.annotate(
        household_count=Count("members__household", distinct=True), visit_count=Count("visits", distinct=True)
    ).order_by("desa__code", "name", "id")


def group_get(*, user: User, pk: int) -> Group:
    return groups_visible(user=user).get(pk=pk)


def group_members(*, group: Group) -> QuerySet[GroupMember]:
    return group.members.select_related("person__desa", "business").order_by("-is_leader", "household", "id")


def member_get(*, user: User, pk: int) -> GroupMember:
    return GroupMember.objects.select_related("group__desa", "person").get(pk=pk, group__in=groups_visible(user=user))


def group_visits(*, group: Group) -> QuerySet[Visit]:
    return group.visits.prefetch_related("incomes").select_related("officer").order_by("-visited_on", "-id")


def desa_drafts(*, user: User, desa: Region) -> QuerySet[Group]:
    return (
        groups_visible(user=user)
        .filter(desa=desa, status=GroupStatus.DRAFT)
        .prefetch_related(Prefetch("members", queryset=GroupMember.objects.select_related("person")))
        .order_by("id")
    )


def drafts_in(*, user: User, region_code: str) -> list[Group]:
    """The draft groups of a desa (or of every desa under a kecamatan or kabupaten code) the user may see, with
    their members, in the order drafted."""
    return list(
        groups_visible(user=user)
        .filter(_under("desa__code", region_code), status=GroupStatus.DRAFT)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=GroupMember.objects.select_related("person").order_by("-is_leader", "household", "id"),
            )
        )
        .order_by("desa__code", "id")
    )


def group_history(*, group: Group) -> QuerySet[ChangeLog]:
    """The group's changes and those of its members and visits (a member moved away is shown where it is now)."""
    from sinergi.registry.selectors import record_history

    related: list[Any] = [*group.members.all(), *group.visits.all()]
    return record_history(instance=group, related=related)


def group_enrollments(*, group: Group) -> QuerySet[Any]:
    """The program enrollments of the group's persons (a group is enrolled one person per household)."""
    from sinergi.programs.models import Enrollment

    persons = group.members.values("person_id")
    return (
        Enrollment.objects.filter(person_id__in=persons)
        .select_related("program", "person")
        .order_by("-program__fiscal_year", "program__name", "id")
    )


def programs_to_enroll(*, user: User, group: Group) -> QuerySet[Any]:
    """Programs for persons the user may see, of the group's kabupaten or province, that still enroll."""
    from sinergi.programs.choices import ProgramStatus, Target
    from sinergi.programs.selectors import programs_visible

    codes = [group.desa_id[:2], group.desa_id[:5]]
    return (
        programs_visible(user=user)
        .filter(
            target=Target.PERSON,
            status__in=[ProgramStatus.OPEN, ProgramStatus.SELECTION, ProgramStatus.RUNNING],
            region_id__in=codes,
        )
        .order_by("-fiscal_year", "name")
    )


@dataclass(frozen=True, slots=True)
class HouseholdRecord:
    """What the office holds about one household of a group: its persons, its decile on each P3KE list, the
    income band it reported at each visit and the businesses its persons started."""

    key: str
    group: Group
    members: list[GroupMember]
    deciles: list[tuple[P3keList, int]]  # oldest list first
    incomes: list[tuple[Visit, str]]  # newest visit first: (visit, income band label)


def household_record(*, user: User, member_pk: int) -> HouseholdRecord:
    """The household of group member ``member_pk`` (GroupMember.DoesNotExist when the user may not see it)."""
    member = member_get(user=user, pk=member_pk)
    group = member.group
    members = list(
        group.members.filter(household=member.household).select_related("person__desa", "business").order_by("id")
    )
    persons = [m.person_id for m in members]
    deciles: dict[int, tuple[P3keList, int]] = {}
    entries = (
        P3keEntry.objects.filter(person_id__in=persons, list__in=lists_visible(user=user), household=member.household)
        .select_related("list")
        .order_by("list__as_of", "list_id")
    )
    for entry in entries:
        known = deciles.get(entry.list_id)
        if known is None or entry.decile < known[1]:
            deciles[entry.list_id] = (entry.list, entry.decile)
    incomes = [
        (row.visit, row.get_band_display())
        for row in VisitIncome.objects.filter(visit__group=group, household=member.household)
        .select_related("visit")
        .order_by("-visit__visited_on", "-visit_id")
    ]
    return HouseholdRecord(member.household, group, members, list(deciles.values()), incomes)


def households_of(members: Iterable[GroupMember]) -> dict[str, list[GroupMember]]:
    homes: dict[str, list[GroupMember]] = defaultdict(list)
    for m in members:
        homes[m.household].append(m)
    return dict(homes)


# --- outcomes and figures ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Movement:
    """How the households of one list stood on a later one."""

    households: int  # on the earlier list
    left_poorest: int  # were in deciles 1–2, are above 2 (or off the list) now
    up: int
    same: int
    down: int
    missing: int  # not on the later list
    rows: list[tuple[str, int, int | None]]  # household, decile before, decile after


def _household_deciles(source: P3keList, households: Iterable[str] | None) -> dict[str, int]:
    qs = source.entries.all()
    if households is not None:
        qs = qs.filter(household__in=list(households))
    result: dict[str, int] = {}
    for key, decile in qs.values_list("household", "decile"):
        result[key] = min(decile, result.get(key, decile))
    return result


def decile_movement(*, before: P3keList, after: P3keList, households: Iterable[str] | None = None) -> Movement:
    """Movement of the households of ``before`` (or only ``households``) to ``after``, two lists of one office.
    A household off the later list counts as missing, not as having left poverty."""
    keys = list(households) if households is not None else None
    first, second = _household_deciles(before, keys), _household_deciles(after, keys)
    rows, up, same, down, missing, left = [], 0, 0, 0, 0, 0
    for key, was in sorted(first.items()):
        now = second.get(key)
        rows.append((key, was, now))
        if now is None:
            missing += 1
            continue
        up += now > was
        same += now == was
        down += now < was
        left += was <= 2 < now
    return Movement(len(first), left, up, same, down, missing, rows)


def movement_visible(*, user: User, before_pk: int, after_pk: int) -> Movement:
    """decile_movement of two lists the user may see, of the same office (else DoesNotExist)."""
    lists = lists_visible(user=user)
    before = lists.get(pk=before_pk)
    after = lists.get(pk=after_pk, region=before.region)
    return decile_movement(before=before, after=after)


def _list_near(office: str, day: dt.date) -> P3keList | None:
    """The office's list nearest ``day`` within half a year either side (the data a year on), else None."""
    half = dt.timedelta(days=183)
    near = P3keList.objects.filter(region_id=office, as_of__range=(day - half, day + half))
    return min(near, key=lambda row: (abs((row.as_of - day).days), row.pk), default=None)


def _list_before(office: str, day: dt.date) -> P3keList | None:
    return P3keList.objects.filter(region_id=office, as_of__lte=day).order_by("-as_of", "-id").first()


@dataclass(frozen=True, slots=True)
class Figures:
    by_sector: dict[str, int]  # sector → households in active groups
    by_desa: dict[str, int]  # desa name → households in active groups
    decile_one: int  # decile-1 households on the newest list
    decile_one_grouped: int
    after_one_year: Movement | None
    after_two_years: Movement | None

    @property
    def decile_one_share(self) -> float | None:
        return self.decile_one_grouped / self.decile_one if self.decile_one else None


def figures(*, user: User, office: str) -> Figures:
    """The office's empowerment figures (also for insights): households reached by sector and desa in active
    groups, the share of the newest list's decile-1 households that are in a group, and how the grouped
    households' deciles moved one and two years after their group was confirmed."""
    groups = groups_visible(user=user).filter(
        Q(desa__code__startswith=office + ".") | Q(desa__code=office), status=GroupStatus.ACTIVE
    )
    members = GroupMember.objects.filter(group__in=groups)
    by_sector = dict(
        members.values_list("group__sector")
        .annotate(n=Count("household", distinct=True))
        .values_list("group__sector", "n")
    )
    by_desa = dict(
        members.values_list("group__desa__name")
        .annotate(n=Count("household", distinct=True))
        .values_list("group__desa__name", "n")
    )
    newest = latest_list(region_code=office) if is_office_staff(user) else None
    one = set()
    if newest is not None:
        one = set(
            newest.entries.filter(decile=1)
            .filter(region_q(user, "person__desa__code"))
            .values_list("household", flat=True)
        )
    grouped = set(members.values_list("household", flat=True))
    first = groups.exclude(confirmed_on=None).order_by("confirmed_on").values_list("confirmed_on", flat=True).first()
    moves: list[Movement | None] = []
    for years in (1, 2):
        if first is None:
            moves.append(None)
            continue
        start, end = _list_before(office[:5], first), _list_near(office[:5], first + dt.timedelta(days=365 * years))
        moves.append(decile_movement(before=start, after=end, households=grouped) if start and end else None)
    return Figures(by_sector, by_desa, len(one), len(one & grouped), moves[0], moves[1])
