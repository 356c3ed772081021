"""Reminders before and after each deadline: the 100-day program's submission, and each item of a running program.

Run once a day by the job worker's schedule (sinergi/core/schedule.py). Each reminder goes through
``notifications.notify`` with a key of (thing, deadline, offset, person), so a rerun, a second worker or a day the
worker was down never sends one twice; after a missed day the latest offset reached is sent, not every one missed.
Before the deadline the association's officers are told; after it, the office's officers of the region too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.jobs import job_create, job_enqueue, job_handler
from sinergi.core.models import Job
from sinergi.core.schedule import recurring
from sinergi.notifications.services import notify
from sinergi.workprograms import deadlines, selectors

REMINDER_JOB = "workprogram_reminders"
# Days from the deadline: a week and a day before, then a day, a week and a month after.
OFFSETS = (-7, -1, 1, 7, 30)


def offset_due(days_from_deadline: int) -> int | None:
    """The latest offset reached ``days_from_deadline`` days after the deadline (negative: before), or None when
    the first reminder is not due yet."""
    reached = [o for o in OFFSETS if o <= days_from_deadline]
    return reached[-1] if reached else None


@dataclass
class Sent:
    submission: int = 0
    items: int = 0


def _people(association_id: int, region_code: str, *, after: bool) -> list[User]:
    people = list(selectors.association_officers(association_id=association_id))
    if after:
        seen = {u.pk for u in people}
        people += [u for u in selectors.office_editors(region_code=region_code) if u.pk not in seen]
    return people


def _send(people: Iterable[User], *, key: str, url: str, text: Callable[[], str]) -> int:
    count = 0
    for user in people:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            if notify(user=user, text=text(), url=url, key=f"{key}:user:{user.pk}") is not None:
                count += 1
    return count


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def reminders_send(*, now: dt.datetime | None = None) -> Sent:
    sent = Sent()
    standings = selectors.Standings(now=now)
    for association in selectors.unsubmitted_hundred_day():
        state = standings.of(association)
        if state.due_on is None:
            continue
        today = standings.today.get(association.region.timezone, standings.today["WIB"])
        days = (today - state.due_on).days
        offset = offset_due(days)
        if offset is None:
            continue
        after = offset > 0
        due = state.due_on

        def text(association=association, due=due, days=days, after=after) -> str:  # type: ignore[no-untyped-def]
            if after:
                return _("The 100-day program of %(name)s is overdue (due %(due)s; days late: %(days)s).") % {
                    "name": association.name,
                    "days": days,
                    "due": _day(due),
                }
            return _("The 100-day program of %(name)s is due on %(due)s.") % {
                "name": association.name,
                "due": _day(due),
            }

        sent.submission += _send(
            _people(association.pk, association.region_id, after=after),
            key=f"workprogram:submit:{association.pk}:{due.isoformat()}:{offset}",
            url=reverse("workprogram_association", args=[association.pk]),
            text=text,
        )
    for item in selectors.open_item_deadlines():
        program = item.program
        label = program.association.region.timezone
        today = deadlines.local_today(label, now=now)
        progress = deadlines.item_progress(
            target=item.target_number, deadline=item.deadline, reports=item.reports.all(), today=today
        )
        if progress.done_on is not None:
            continue
        days = (today - item.deadline).days
        offset = offset_due(days)
        if offset is None:
            continue
        after = offset > 0

        def item_text(item=item, days=days, after=after) -> str:  # type: ignore[no-untyped-def]
            if after:
                return _("“%(activity)s” (%(program)s) is past its deadline of %(due)s (days late: %(days)s).") % {
                    "activity": item.activity,
                    "program": item.program.title,
                    "days": days,
                    "due": _day(item.deadline),
                }
            return _("“%(activity)s” (%(program)s) is due on %(due)s.") % {
                "activity": item.activity,
                "program": item.program.title,
                "due": _day(item.deadline),
            }

        sent.items += _send(
            _people(program.association_id, program.association.region_id, after=after),
            key=f"workprogram:item:{item.pk}:{item.deadline.isoformat()}:{offset}",
            url=reverse("workprogram_detail", args=[program.pk]),
            text=item_text,
        )
    return sent


@job_handler(REMINDER_JOB)
def reminder_job(job: Job) -> str:
    sent = reminders_send()
    return _("Reminders sent: %(submission)s on 100-day programs, %(items)s on items.") % {
        "submission": sent.submission,
        "items": sent.items,
    }


@recurring(REMINDER_JOB, every=lambda: dt.timedelta(days=1))
def reminders_start() -> Job:
    """Queue the day's reminders (the worker's schedule calls this once a day)."""
    job = job_create(actor=None, kind=REMINDER_JOB)
    job_enqueue(job=job)
    return job
