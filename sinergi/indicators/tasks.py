"""The analytics refresh as jobs: the recent periods every ``SINERGI_ANALYTICS_RECENT_EVERY_MINUTES``
(default 15), everything every ``SINERGI_ANALYTICS_FULL_EVERY_HOURS`` (default 24); 0 switches either off."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from sinergi.core.jobs import job_create, job_enqueue, job_handler
from sinergi.core.models import Job
from sinergi.core.schedule import recurring
from sinergi.indicators.refresh import analytics_refresh

FULL_JOB = "indicators.refresh_full"
RECENT_JOB = "indicators.refresh_recent"


def _message(full: bool) -> str:
    report = analytics_refresh(full=full)
    return _("%(n)d indicators refreshed: %(rows)d figures in %(s).1f s.") % {
        "n": report.indicators,
        "rows": report.rows,
        "s": report.seconds,
    }


@job_handler(FULL_JOB)
def refresh_full_job(job: Job) -> str:
    return _message(True)


@job_handler(RECENT_JOB)
def refresh_recent_job(job: Job) -> str:
    return _message(False)


def _every_full() -> timedelta | None:
    hours = float(getattr(settings, "SINERGI_ANALYTICS_FULL_EVERY_HOURS", 24))
    return timedelta(hours=hours) if hours > 0 else None


def _every_recent() -> timedelta | None:
    minutes = float(getattr(settings, "SINERGI_ANALYTICS_RECENT_EVERY_MINUTES", 15))
    return timedelta(minutes=minutes) if minutes > 0 else None


@recurring(FULL_JOB, every=_every_full)
def refresh_full_start() -> Job:
    job = job_create(actor=None, kind=FULL_JOB)
    job_enqueue(job=job)
    return job


@recurring(RECENT_JOB, every=_every_recent)
def refresh_recent_start() -> Job:
    job = job_create(actor=None, kind=RECENT_JOB)
    job_enqueue(job=job)
    return job
