"""Reads of aspirations and forums for the office's staff, scoped by the office region (a kabupaten officer sees
their office's, a province officer the province's and its kabupaten's), and the office's figures.

The person's phone and email are shown in full only to editors of the region (``personal_checker``); everyone
else who may read the aspiration sees them masked (``sinergi.core.personal``).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from sinergi.accounts.access import is_office_staff, personal_checker, region_q
from sinergi.accounts.models import User
from sinergi.aspirations.models import OPEN_STATUSES, Aspiration, Category, DeadlineRule, Forum, Status, Task
from sinergi.core.history import HistoryRow
from sinergi.core.history import history_rows as registry_history_rows
from sinergi.core.models import ChangeLog
from sinergi.core.personal import mask_phone
from sinergi.core.workdays import working_days_between


def forums_visible(*, user: User) -> QuerySet[Forum]:
    if not is_office_staff(user):
        return Forum.objects.none()
    return Forum.objects.filter(region_q(user, "office__code"))


def forum_get(*, user: User, pk: int) -> Forum:
    return forums_visible(user=user).select_related("office", "place").get(pk=pk)


def forum_list(*, user: User) -> QuerySet[Forum]:
    return (
        forums_visible(user=user)
        .select_related("office", "place")
        .annotate(n_aspirations=Count("aspirations"))
        .order_by("-held_on", "-id")
    )


def aspirations_visible(*, user: User) -> QuerySet[Aspiration]:
    if not is_office_staff(user):
        return Aspiration.objects.none()
    return Aspiration.objects.filter(region_q(user, "office__code"))


def aspiration_get(*, user: User, pk: int) -> Aspiration:
    return (
        aspirations_visible(user=user)
        .select_related("office", "forum", "desa", "business", "cluster", "assignee", "merged_into", "application")
        .get(pk=pk)
    )


def overdue_q(now: dt.datetime) -> Q:
    """Open and past its step's deadline: not yet forwarded by ``verify_due``, or without an answer by
    ``plan_due``."""
    return Q(status__in=OPEN_STATUSES) & (
        Q(status=Status.RECEIVED, verify_due__lt=now) | Q(plan_due__lt=now, answered_at__isnull=True)
    )


@dataclass(frozen=True, slots=True)
class AspirationFilter:
    q: str = ""
    status: str = ""
    category: str = ""
    forum: int | None = None
    assignee: int | None = None
    overdue: bool | None = None
    open_only: bool = False


def aspiration_list(
    *, user: User, filters: AspirationFilter = AspirationFilter(), now: dt.datetime | None = None
) -> QuerySet[Aspiration]:
    now = now or timezone.now()
    qs = aspirations_visible(user=user).select_related("office", "desa", "forum", "assignee")
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(text__icontains=filters.q) | Q(name__icontains=filters.q))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.forum is not None:
        qs = qs.filter(forum_id=filters.forum)
    if filters.assignee is not None:
        qs = qs.filter(assignee_id=filters.assignee)
    if filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.overdue is not None:
        qs = qs.filter(overdue_q(now)) if filters.overdue else qs.exclude(overdue_q(now))
    return qs.order_by("-heard_at", "-id")


def queue(*, user: User, overdue: bool | None = None, now: dt.datetime | None = None) -> QuerySet[Aspiration]:
    """The user's own pending aspirations (assigned to them and open), the earliest deadline first."""
    qs = aspiration_list(
        user=user, filters=AspirationFilter(assignee=user.pk, open_only=True, overdue=overdue), now=now
    )
    return qs.order_by("plan_due", "id")


def is_overdue(aspiration: Aspiration, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if aspiration.status not in OPEN_STATUSES:
        return False
    if aspiration.status == Status.RECEIVED and aspiration.verify_due < now:
        return True
    return aspiration.answered_at is None and aspiration.plan_due < now


def entry_delay(aspiration: Aspiration) -> tuple[int, int]:
    """How late it reached the system: (whole days, working days) between when it was heard and when it was
    typed in, in the office's zone."""
    from sinergi.core.workdays import local_day

    zone = aspiration.office.timezone
    heard, typed = local_day(aspiration.heard_at, zone), local_day(aspiration.created_at, zone)
    return (typed - heard).days, working_days_between(heard, typed)


def contact(*, user: User, aspiration: Aspiration, checker: Any = None) -> dict[str, str]:
    """The person's contact as this user may see it: in full for the region's editors, masked otherwise.
    ``checker`` is ``personal_checker(user)`` made once for a list."""
    region = aspiration.desa_id or aspiration.office_id
    full = (checker or personal_checker(user))(region, aspiration.person_id)
    return {
        "name": aspiration.name,
        "phone": aspiration.phone if full else mask_phone(aspiration.phone),
        "email": aspiration.email if full else ("•••@" + aspiration.email.split("@")[-1] if aspiration.email else ""),
        "full": "1" if full else "",
    }


# --- similar open ones --------------------------------------------------------------------------------------

_WORD = re.compile(r"\w{4,}", re.UNICODE)
SIMILAR_SHOWN = 5


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def similar_open(
    *, user: User, office_id: str, text: str, desa_id: str = "", category: str = "", exclude: int | None = None
) -> list[Aspiration]:
    """Open aspirations of the office in the same village or category whose words are most alike (at least
    one word of four letters or more in common), so that a duplicate is linked rather than entered twice."""
    words = _words(text)
    if not words:
        return []
    same = Q()
    if desa_id:
        same |= Q(desa_id=desa_id)
    if category:
        same |= Q(category=category)
    if not same:
        return []
    qs = aspirations_visible(user=user).filter(same, office_id=office_id, status__in=OPEN_STATUSES)
    if exclude:
        qs = qs.exclude(pk=exclude)
    scored: list[tuple[float, int, Aspiration]] = []
    for candidate in qs.select_related("desa").order_by("-heard_at")[:300]:
        theirs = _words(candidate.text)
        common = words & theirs
        if common:
            score = len(common) / len(words | theirs)
            score += 0.1 * (candidate.desa_id == desa_id) + 0.1 * (candidate.category == category)
            scored.append((score, -candidate.pk, candidate))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [a for _s, _pk, a in scored[:SIMILAR_SHOWN]]


# --- the office's figures -----------------------------------------------------------------------------------


@dataclass
class Figures:
    """An office's aspirations in numbers (every confidentiality: these are the office's own)."""

    total: int = 0
    open: int = 0
    overdue: int = 0
    by_forum: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_kecamatan: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    answered_on_time: int = 0
    median_days_to_answer: float | None = None
    oldest_open: list[Aspiration] = field(default_factory=list)

    @property
    def on_time_share(self) -> float | None:
        return round(self.answered_on_time / self.answered, 3) if self.answered else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "open": self.open,
            "overdue": self.overdue,
            "by_forum": [{"label": k, "count": v} for k, v in self.by_forum],
            "by_category": [{"label": k, "count": v} for k, v in self.by_category],
            "by_kecamatan": [{"label": k, "count": v} for k, v in self.by_kecamatan],
            "by_status": [{"label": k, "count": v} for k, v in self.by_status],
            "answered": self.answered,
            "answered_on_time": self.answered_on_time,
            "on_time_share": self.on_time_share,
            "median_days_to_answer": self.median_days_to_answer,
            "oldest_open": [
                {"id": a.pk, "code": a.code, "heard_at": a.heard_at.isoformat(), "status": a.status}
                for a in self.oldest_open
            ],
        }


OLDEST_SHOWN = 5


def figures(*, user: User, office: str = "", now: dt.datetime | None = None) -> Figures:
    now = now or timezone.now()
    qs = aspirations_visible(user=user)
    if office:
        qs = qs.filter(Q(office_id=office) | Q(office__code__startswith=office + "."))
    rows = list(
        qs.values("status", "category", "forum__title", "desa__parent__name", "heard_at", "answered_at", "plan_due")
    )
    result = Figures(total=len(rows))
    result.open = sum(1 for r in rows if r["status"] in OPEN_STATUSES)
    result.overdue = qs.filter(overdue_q(now)).count()
    forums = Counter(r["forum__title"] or "" for r in rows)
    result.by_forum = sorted(((k or "—", v) for k, v in forums.items()), key=lambda kv: (-kv[1], kv[0]))
    categories = Counter(r["category"] for r in rows)
    result.by_category = [(str(label), categories[value]) for value, label in Category.choices if categories[value]]
    kecamatan = Counter(r["desa__parent__name"] or "" for r in rows)
    result.by_kecamatan = sorted(((k or "—", v) for k, v in kecamatan.items()), key=lambda kv: (-kv[1], kv[0]))
    statuses = Counter(r["status"] for r in rows)
    result.by_status = [(str(label), statuses[value]) for value, label in Status.choices if statuses[value]]
    answered: list[Any] = [r for r in rows if r["answered_at"] is not None]
    result.answered = len(answered)
    result.answered_on_time = sum(1 for r in answered if r["answered_at"] <= r["plan_due"])
    if answered:
        days = [float((r["answered_at"] - r["heard_at"]).total_seconds()) / 86400 for r in answered]
        result.median_days_to_answer = round(statistics.median(days), 1)
    result.oldest_open = list(
        qs.filter(status__in=OPEN_STATUSES).select_related("office").order_by("heard_at", "id")[:OLDEST_SHOWN]
    )
    return result


# --- history ------------------------------------------------------------------------------------------------


def history(*, aspiration: Aspiration) -> QuerySet[ChangeLog]:
    """The aspiration's change-log rows, its tasks' and attachments' too."""
    from sinergi.registry.selectors import record_history

    related: list[Model] = [*aspiration.tasks.all(), *aspiration.attachments.all()]
    return record_history(instance=aspiration, related=related)


def history_rows(*, entries: list[ChangeLog], full: bool) -> list[HistoryRow]:
    """Readable change-log rows; the phone and email masked for a reader who may not see them in full."""
    return registry_history_rows(
        entries=entries,
        full_personal=full,
        masks={"phone": lambda v: _mask("phone", v), "email": lambda v: _mask("email", v)},
    )


def _mask(field_name: str, value: Any) -> Any:
    if not value:
        return value
    return mask_phone(str(value)) if field_name == "phone" else "•••@" + str(value).split("@")[-1]


# --- deadline rules and tasks -------------------------------------------------------------------------------


def deadline_rules(*, user: User) -> QuerySet[DeadlineRule]:
    """The offices' own working-day rules per category that the user may read (office staff of those regions)."""
    if not is_office_staff(user):
        return DeadlineRule.objects.none()
    return (
        DeadlineRule.objects.filter(region_q(user, "office__code"))
        .select_related("office")
        .order_by("office__code", "category")
    )


def deadline_rule_get(*, user: User, pk: int) -> DeadlineRule:
    return deadline_rules(user=user).get(pk=pk)


class TaskShow:
    """What the task list shows: the user's own open tasks (the default), every open one, the late ones, the
    done ones."""

    MINE = ""
    OPEN = "open"
    LATE = "late"
    DONE = "done"


def tasks_visible(*, user: User) -> QuerySet[Task]:
    """Tasks under the aspirations the user may read (by the aspiration's office region)."""
    if not is_office_staff(user):
        return Task.objects.none()
    return Task.objects.filter(region_q(user, "aspiration__office__code"))


def task_list(*, user: User, show: str = TaskShow.MINE, q: str = "", today: dt.date | None = None) -> QuerySet[Task]:
    today = today or timezone.localdate()
    qs = tasks_visible(user=user).select_related("aspiration", "officer")
    qs = qs.filter(done_on__isnull=show != TaskShow.DONE)
    if show == TaskShow.MINE:
        qs = qs.filter(officer=user)
    elif show == TaskShow.LATE:
        qs = qs.filter(due_on__lt=today)
    if q:
        qs = qs.filter(Q(description__icontains=q) | Q(aspiration__code__icontains=q))
    return qs.order_by("-done_on", "due_on", "id") if show == TaskShow.DONE else qs.order_by("due_on", "id")


def task_get(*, user: User, pk: int) -> Task:
    return tasks_visible(user=user).select_related("aspiration", "aspiration__office", "officer").get(pk=pk)


def task_is_late(task: Task, today: dt.date | None = None) -> bool:
    return task.done_on is None and task.due_on < (today or timezone.localdate())
