"""Reads of work programs, scoped through the registry's visible associations: an association officer sees only
their association's programs, office staff those of their regions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from sinergi.accounts.access import may_open_workprograms
from sinergi.accounts.models import Role, User
from sinergi.accounts.selectors import OfficeSettingsIndex, office_settings_default, office_settings_index
from sinergi.registry.models import Association, BoardMember
from sinergi.registry.selectors import associations_visible
from sinergi.workprograms import deadlines
from sinergi.workprograms.models import Evidence, ProgramKind, ProgramStatus, ProgressReport, WorkItem, WorkProgram


def programs_visible(*, user: User) -> QuerySet[WorkProgram]:
    """The office's staff see their regions' programs, an association's officer its own association's; nobody else
    any (a business owner sees its associations, never their work programs)."""
    if not may_open_workprograms(user):
        return WorkProgram.objects.none()
    return WorkProgram.objects.filter(association__in=associations_visible(user=user)).select_related(
        "association__region"
    )


@dataclass(frozen=True, slots=True)
class ProgramFilter:
    q: str = ""
    kind: str = ""
    status: str = ""
    association: int | None = None


def program_list(*, user: User, filters: ProgramFilter | None = None) -> QuerySet[WorkProgram]:
    """Visible programs with their items and reports prefetched (the scorecard columns read them)."""
    f = filters or ProgramFilter()
    qs = programs_visible(user=user)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(association__name__icontains=f.q))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.association:
        qs = qs.filter(association_id=f.association)
    return qs.prefetch_related("items__reports").order_by("-period_start", "-id")


def program_get(*, user: User, pk: int) -> WorkProgram:
    return programs_visible(user=user).get(pk=pk)


def program_items(*, program: WorkProgram) -> QuerySet[WorkItem]:
    return (
        program.items.select_related("responsible__person")
        .prefetch_related("reports__evidence")
        .order_by("deadline", "id")
    )


def item_get(*, user: User, pk: int) -> WorkItem:
    return WorkItem.objects.select_related("program__association__region").get(
        pk=pk, program__in=programs_visible(user=user)
    )


def evidence_get(*, user: User, pk: int) -> Evidence:
    return Evidence.objects.select_related("report__item__program").get(
        pk=pk, report__item__program__in=programs_visible(user=user)
    )


def item_reports(*, item: WorkItem) -> QuerySet[ProgressReport]:
    return item.reports.prefetch_related("evidence").order_by("reported_on", "id")


def board_choices(*, association: Association) -> QuerySet[BoardMember]:
    return association.board.select_related("person").order_by("id")


# --- the 100-day deadline ----------------------------------------------------------------------------------


def _submitted(kind: str = ProgramKind.HUNDRED_DAY) -> Exists:
    return Exists(WorkProgram.objects.filter(association=OuterRef("pk"), kind=kind, submitted_at__isnull=False))


def overdue_q(*, index: OfficeSettingsIndex, today: Mapping[str, dt.date]) -> Q:
    """Associations whose submission deadline has passed, in SQL: for each office that set its own number of days
    (a regency/city's before its province's) and the rest under the default, and for each time zone, the
    inauguration is more than N days before that zone's today."""
    rows = sorted(index.rows.values(), key=lambda r: (-len(r.region_id), r.region_id))
    groups: list[tuple[Q, int]] = []
    claimed: Q | None = None
    for row in rows:
        under = Q(region__code=row.region_id) | Q(region__code__startswith=row.region_id + ".")
        groups.append((under if claimed is None else under & ~claimed, row.hundred_day_days))
        claimed = under if claimed is None else claimed | under
    default_days = office_settings_default().hundred_day_days
    groups.append((Q() if claimed is None else ~claimed, default_days))
    q = Q(pk__in=[])
    for group, days in groups:
        for label, day in today.items():
            q |= group & Q(region__timezone=label, inaugurated_on__lt=day - dt.timedelta(days=days))
    return q


@dataclass(frozen=True, slots=True)
class StandingFilter:
    q: str = ""
    overdue: bool = False


def association_standing(
    *, user: User, filters: StandingFilter | None = None, now: dt.datetime | None = None
) -> QuerySet[Association]:
    """Visible associations with their 100-day program's id, status and first submission annotated; with
    ``overdue``, only those past the deadline that have not submitted. Rows read through ``standing_of``."""
    f = filters or StandingFilter()
    hundred = WorkProgram.objects.filter(association=OuterRef("pk"), kind=ProgramKind.HUNDRED_DAY)
    qs = associations_visible(user=user).annotate(
        hd_id=Subquery(hundred.values("pk")[:1]),
        hd_status=Subquery(hundred.values("status")[:1]),
        hd_submitted_at=Subquery(hundred.values("submitted_at")[:1]),
    )
    if f.q:
        qs = qs.filter(name__icontains=f.q)
    if f.overdue:
        index = office_settings_index()
        qs = qs.filter(overdue_q(index=index, today=deadlines.todays(now=now))).exclude(_submitted())
    return qs.order_by("name", "pk")


class Standings:
    """Computes each association's 100-day standing with one read of the office settings, for a page of rows."""

    def __init__(self, *, now: dt.datetime | None = None) -> None:
        self.index = office_settings_index()
        self.today = deadlines.todays(now=now)
        self._cache: dict[int, deadlines.Submission] = {}

    def days_for(self, region_code: str) -> int:
        return self.index.for_region(region_code).hundred_day_days

    def of(self, association: Association) -> deadlines.Submission:
        """Needs ``region`` loaded and ``hd_submitted_at`` annotated (association_standing) or a WorkProgram lookup."""
        if association.pk not in self._cache:
            label = association.region.timezone
            submitted_at = getattr(association, "hd_submitted_at", None)
            if not hasattr(association, "hd_submitted_at"):
                submitted_at = (
                    WorkProgram.objects.filter(association=association, kind=ProgramKind.HUNDRED_DAY)
                    .values_list("submitted_at", flat=True)
                    .first()
                )
            self._cache[association.pk] = deadlines.submission(
                inaugurated_on=association.inaugurated_on,
                days=self.days_for(association.region_id),
                submitted_at=submitted_at,
                zone_label=label,
                today=self.today[label] if label in self.today else self.today["WIB"],
            )
        return self._cache[association.pk]


def standing_of(*, association: Association, now: dt.datetime | None = None) -> deadlines.Submission:
    """One association's 100-day standing (its page)."""
    return Standings(now=now).of(association)


@dataclass(frozen=True, slots=True)
class OverdueRow:
    association: Association
    due_on: dt.date
    days_late: int
    program_id: int | None
    status: str


def overdue_associations(*, user: User, limit: int = 10, now: dt.datetime | None = None) -> list[OverdueRow]:
    """For the office's home page: the visible associations that are late with their 100-day program, the latest
    first by days late (at most ``limit``)."""
    if user.role == Role.ASSOCIATION and not user.association_id:
        return []
    qs = association_standing(user=user, filters=StandingFilter(overdue=True), now=now)
    standings = Standings(now=now)
    rows = []
    for association in qs[: max(limit * 5, 50)]:
        state = standings.of(association)
        if state.due_on is not None and state.overdue:
            rows.append(
                OverdueRow(
                    association=association,
                    due_on=state.due_on,
                    days_late=state.days_late,
                    program_id=getattr(association, "hd_id", None),
                    status=getattr(association, "hd_status", None) or "",
                )
            )
    rows.sort(key=lambda r: (-r.days_late, r.association.name))
    return rows[:limit]


def overdue_count(*, user: User, now: dt.datetime | None = None) -> int:
    return association_standing(user=user, filters=StandingFilter(overdue=True), now=now).count()


# --- items' progress and scorecards --------------------------------------------------------------------------


def program_today(program: WorkProgram, *, now: dt.datetime | None = None) -> dt.date:
    return deadlines.local_today(program.association.region.timezone, now=now)


def item_progress(*, item: WorkItem, today: dt.date) -> deadlines.ItemProgress:
    """Reads the item's reports (prefetched when the caller prefetched them)."""
    return deadlines.item_progress(
        target=item.target_number, deadline=item.deadline, reports=item.reports.all(), today=today
    )


def program_scorecard(*, program: WorkProgram, now: dt.datetime | None = None) -> deadlines.Scorecard:
    today = program_today(program, now=now)
    return deadlines.scorecard(item_progress(item=item, today=today) for item in program.items.all())


def open_item_deadlines() -> QuerySet[WorkItem]:
    """Items of running programs (the reminder job reads them), with their reports."""
    return (
        WorkItem.objects.filter(program__status=ProgramStatus.RUNNING)
        .select_related("program__association__region")
        .prefetch_related("reports")
        .order_by("id")
    )


def unsubmitted_hundred_day() -> QuerySet[Association]:
    """Every association with an inauguration date whose 100-day program has not been submitted (the job)."""
    return (
        Association.objects.filter(inaugurated_on__isnull=False)
        .exclude(_submitted())
        .select_related("region")
        .order_by("id")
    )


def association_officers(*, association_id: int) -> QuerySet[User]:
    return User.objects.filter(role=Role.ASSOCIATION, association_id=association_id, is_active=True).order_by("id")


def office_editors(*, region_code: str) -> list[User]:
    """The regency/city and province officers whose regions cover ``region_code`` (administrators are not told)."""
    parts = region_code.split(".")
    covering = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return list(
        User.objects.filter(role__in=[Role.KABUPATEN, Role.PROVINCE], is_active=True, regions__code__in=covering)
        .distinct()
        .order_by("id")
    )


def max_upload_bytes() -> int:
    return int(settings.SINERGI_EVIDENCE_MAX_BYTES)
