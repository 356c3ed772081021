"""Recurring work (the nightly backup) started by the job worker.

django-tasks 0.12 has no periodic tasks (only ``run_after`` for one task), so the worker's life thread
(sinergi/core/worker.py) calls :func:`schedule_tick` every few seconds. Each registered piece of work has a row in
``RecurringRun`` with the time it is next due; the worker whose conditional UPDATE moves that time forward starts
it — as a job, so it runs in the worker's queue like an import and shows its progress and result the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from sinergi.core.models import Job, RecurringRun


@dataclass(frozen=True)
class Recurring:
    name: str
    every: Callable[[], timedelta | None]  # None or zero: switched off
    start: Callable[[], Job]  # create and enqueue the job


_RECURRING: dict[str, Recurring] = {}


def recurring(name: str, *, every: Callable[[], timedelta | None]) -> Callable[[Callable[[], Job]], Callable[[], Job]]:
    """Register ``start`` to be called once every ``every()``; the first run is due at once."""

    def register(start: Callable[[], Job]) -> Callable[[], Job]:
        _RECURRING[name] = Recurring(name=name, every=every, start=start)
        return start

    return register


def schedule_tick(*, now: datetime | None = None) -> list[str]:
    """Start every recurring piece of work that is due; returns the names started."""
    now = now or timezone.now()
    started: list[str] = []
    for item in _RECURRING.values():
        interval = item.every()
        if not interval:
            continue
        RecurringRun.objects.get_or_create(name=item.name, defaults={"next_at": now})
        # A shortened interval takes effect at once rather than after the old, longer one.
        RecurringRun.objects.filter(name=item.name, next_at__gt=now + interval).update(next_at=now + interval)
        won = RecurringRun.objects.filter(name=item.name, next_at__lte=now).update(
            next_at=now + interval, last_started_at=now
        )
        if won:
            job = item.start()
            RecurringRun.objects.filter(name=item.name).update(last_job=job)
            started.append(item.name)
    return started
