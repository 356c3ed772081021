"""Field sync as jobs (thin: each calls the client or a service): a laptop's checkout and sync started from its
page, with their progress lines kept on the job for the page to show; and, on the server, the daily release of
operations that waited past the office's window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.jobs import job_create, job_enqueue, job_handler
from sinergi.core.models import Job
from sinergi.core.schedule import recurring
from sinergi.fieldsync import client, protocol
from sinergi.fieldsync.models import Checkout, OpStatus, OutboxOp
from sinergi.fieldsync.services import CHECKOUT_JOB, SYNC_JOB

RELEASE_JOB = "fieldsync.release_waiting"
LINES = 30  # progress lines the page shows, the newest last


def _reporter(job: Job, *, counts_outbox: bool) -> Callable[[str], None]:
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(str(line))
        done = len(lines)
        if counts_outbox and job.progress_total is not None:
            left = OutboxOp.objects.filter(status=OpStatus.PENDING).count()
            done = max(0, job.progress_total - left)
        Job.objects.filter(pk=job.pk).update(
            checkpoint={"lines": lines[-LINES:]}, progress_done=done, heartbeat_at=timezone.now()
        )

    return report


@job_handler(CHECKOUT_JOB)
def checkout_job(job: Job) -> str:
    current = Checkout.objects.first()
    if current is None:
        raise ValidationError(_("No checkout is set up on this laptop."))
    try:
        done = client.checkout(
            server_url=current.server,
            token=current.token,
            region=current.region_code,
            progress=_reporter(job, counts_outbox=False),
        )
    except client.SyncError as exc:
        raise ValidationError(str(exc)) from exc
    return _("Checkout of %(region)s from %(server)s finished.") % {"region": done.region_code, "server": done.server}


@job_handler(SYNC_JOB)
def sync_job(job: Job) -> str:
    try:
        run = client.sync(progress=_reporter(job, counts_outbox=True))
    except client.SyncError as exc:
        raise ValidationError(str(exc)) from exc
    return _(
        "Sync finished: %(sent)d sent, %(applied)d applied, %(refused)d refused, %(conflicts)d in conflict, "
        "%(waiting)d waiting; %(received)d received, %(removed)d removed."
    ) % {
        "sent": run.sent,
        "applied": run.applied,
        "refused": run.refused,
        "conflicts": run.conflicts,
        "waiting": run.waiting,
        "received": run.received,
        "removed": run.removed,
    }


@job_handler(RELEASE_JOB)
def release_waiting_job(job: Job) -> str:
    moved = protocol.waiting_release_expired()
    return _("%(n)d devices' operations released after the waiting window.") % {"n": moved}


@recurring(RELEASE_JOB, every=lambda: timedelta(days=1))
def release_waiting_start() -> Job:
    job = job_create(actor=None, kind=RELEASE_JOB)
    job_enqueue(job=job)
    return job
