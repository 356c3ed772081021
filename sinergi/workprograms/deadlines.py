"""Deadlines and lateness, pure: the 100-day program's submission deadline, the state of an item, a program's
scorecard. Every "today" is the day in the office's time zone (WIB, WITA or WIT, from the association's region),
so a deadline passes at local midnight, not at midnight in Jakarta.

The submission deadline is the Nth day after the inauguration (N from the office's settings): an association that
inaugurated on 26 October with N = 30 must submit by 25 November; on 26 November it is one day late."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sinergi.core.middleware import ZONES

ZONE_LABELS = tuple(ZONES)


def zone(label: str | None) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(ZONES.get(label or "WIB", ZONES["WIB"]))


def local_today(label: str | None, *, now: dt.datetime | None = None) -> dt.date:
    """The date in zone ``label`` (WIB/WITA/WIT) at ``now`` (default: now)."""
    return (now or timezone.now()).astimezone(zone(label)).date()


def todays(*, now: dt.datetime | None = None) -> dict[str, dt.date]:
    """Today's date in each of the three zones, for many regions at once."""
    now = now or timezone.now()
    return {label: local_today(label, now=now) for label in ZONE_LABELS}


def local_date(moment: dt.datetime | None, label: str | None) -> dt.date | None:
    return moment.astimezone(zone(label)).date() if moment is not None else None


def submission_due(inaugurated_on: dt.date, days: int) -> dt.date:
    return inaugurated_on + dt.timedelta(days=days)


class SubmissionState:
    """How an association stands with its 100-day program (values of ``Submission.state``)."""

    NO_DATE = "no_date"  # no inauguration date recorded: no deadline
    NOT_DUE = "not_due"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"  # submitted, after the deadline


@dataclass(frozen=True, slots=True)
class Submission:
    due_on: dt.date | None
    submitted_on: dt.date | None
    state: str
    days_late: int  # overdue: days since the deadline; submitted late: days after it; else 0

    @property
    def overdue(self) -> bool:
        return self.state == SubmissionState.OVERDUE


def submission(
    *, inaugurated_on: dt.date | None, days: int, submitted_at: dt.datetime | None, zone_label: str, today: dt.date
) -> Submission:
    """The 100-day program's standing on ``today`` (a date in the office's zone)."""
    if inaugurated_on is None:
        return Submission(
            due_on=None, submitted_on=local_date(submitted_at, zone_label), state=SubmissionState.NO_DATE, days_late=0
        )
    due = submission_due(inaugurated_on, days)
    submitted_on = local_date(submitted_at, zone_label)
    if submitted_on is not None:
        late = max(0, (submitted_on - due).days)
        return Submission(
            due_on=due,
            submitted_on=submitted_on,
            state=SubmissionState.LATE if late else SubmissionState.ON_TIME,
            days_late=late,
        )
    late = (today - due).days
    if late > 0:
        return Submission(due_on=due, submitted_on=None, state=SubmissionState.OVERDUE, days_late=late)
    return Submission(due_on=due, submitted_on=None, state=SubmissionState.NOT_DUE, days_late=0)


# --- items and scorecards ----------------------------------------------------------------------------------


class ItemState:
    ON_TIME = "on_time"  # target reached by the deadline
    LATE = "late"  # target reached after the deadline
    NOT_DONE = "not_done"  # deadline passed, target not reached
    OPEN = "open"  # deadline not reached yet, target not reached


@dataclass(frozen=True, slots=True)
class ItemProgress:
    achieved: Decimal
    done_on: dt.date | None
    state: str

    @property
    def flagged_late(self) -> bool:
        return self.state in (ItemState.LATE, ItemState.NOT_DONE)


def item_progress(*, target: Decimal, deadline: dt.date, reports: Iterable[Any], today: dt.date) -> ItemProgress:
    """An item's progress from its reports (each with ``reported_on`` and a cumulative ``achieved``): the latest
    number, the first day the target was reached, and whether that was on time."""
    ordered = sorted(reports, key=lambda r: (r.reported_on, r.pk or 0))
    achieved = ordered[-1].achieved if ordered else Decimal("0")
    done_on = next((r.reported_on for r in ordered if r.achieved >= target), None)
    if done_on is not None:
        state = ItemState.ON_TIME if done_on <= deadline else ItemState.LATE
    else:
        state = ItemState.NOT_DONE if today > deadline else ItemState.OPEN
    return ItemProgress(achieved=achieved, done_on=done_on, state=state)


@dataclass(frozen=True, slots=True)
class Scorecard:
    items: int
    on_time: int
    late: int
    not_done: int
    open: int

    @property
    def on_time_percent(self) -> int | None:
        """Share of the items whose deadline has passed or that are done, done on time; None when none is."""
        decided = self.on_time + self.late + self.not_done
        return round(100 * self.on_time / decided) if decided else None


def scorecard(progress: Iterable[ItemProgress]) -> Scorecard:
    states = [p.state for p in progress]
    return Scorecard(
        items=len(states),
        on_time=states.count(ItemState.ON_TIME),
        late=states.count(ItemState.LATE),
        not_done=states.count(ItemState.NOT_DONE),
        open=states.count(ItemState.OPEN),
    )
