"""The aspirations' recurring work: every hour (``SINERGI_ASPIRATION_CLOSE_EVERY_HOURS``; 0 switches it off) the
worker's schedule closes the answered aspirations whose time without a reply has passed (a job, thin: it calls
the service)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from sinergi.accounts.services import system_actor
from sinergi.aspirations.services import aspirations_close_due
from sinergi.core.jobs import job_create, job_enqueue, job_handler
from sinergi.core.models import ChangeSource, Job
from sinergi.core.schedule import recurring

CLOSE_JOB = "aspirations.close_due"


@job_handler(CLOSE_JOB)
def close_due_job(job: Job) -> str:
    closed = aspirations_close_due(actor=system_actor(), source=ChangeSource.JOB)
    return _("%(n)d answered aspirations closed without a reply.") % {"n": closed}


def _every() -> timedelta | None:
    hours = float(getattr(settings, "SINERGI_ASPIRATION_CLOSE_EVERY_HOURS", 1))
    return timedelta(hours=hours) if hours > 0 else None


@recurring(CLOSE_JOB, every=_every)
def close_due_start() -> Job:
    job = job_create(actor=None, kind=CLOSE_JOB)
    job_enqueue(job=job)
    return job
