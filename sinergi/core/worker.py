"""The job worker's life thread: a sign of life for /healthz, recurring work, and recovery of abandoned jobs.

``manage.py jobs_worker`` runs the django-tasks database worker in its main thread and this thread beside it.
Every ``SINERGI_WORKER_BEAT_SECONDS`` the thread writes the worker's ``WorkerBeat`` row, refreshes the heartbeat
of the job the worker is running (so a long batch is not mistaken for a dead worker), starts recurring work that
is due (sinergi/core/schedule.py) and queues again any job whose worker died. A failed round (the database
restarting, SQLite busy) is logged and tried again at the next beat.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from sinergi.core import jobs
from sinergi.core.models import Job, JobStatus, WorkerBeat
from sinergi.core.schedule import schedule_tick

log = logging.getLogger(__name__)


def worker_id_for_this_process() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def worker_beat(*, worker_id: str, started_at: datetime) -> None:
    """Record that the worker ``worker_id`` is alive now."""
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "beat_at": now},
    )
    if (job_id := jobs.current_job_id()) is not None:
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(heartbeat_at=now)


def worker_gone(*, worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def newest_worker_beat() -> WorkerBeat | None:
    return WorkerBeat.objects.order_by("-beat_at").first()


class WorkerLife:
    """The side thread of one worker process; ``start`` before the worker loop, ``stop`` after it."""

    def __init__(self, *, worker_id: str, recurring: bool = True) -> None:
        self.worker_id = worker_id
        self.recurring = recurring
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sinergi-worker-life", daemon=True)

    def start(self) -> None:
        self.round()  # the first sign of life before the first task
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            worker_gone(worker_id=self.worker_id)
        except Exception:
            log.warning("could not remove the sign of life of worker %s", self.worker_id, exc_info=True)

    def round(self) -> None:
        try:
            worker_beat(worker_id=self.worker_id, started_at=self.started_at)
            started = schedule_tick() if self.recurring else []
            if started:
                log.info("started recurring work: %s", ", ".join(started))
            recovered = jobs.jobs_recover()
            if recovered:
                log.warning("queued again jobs whose worker stopped: %s", ", ".join(map(str, recovered)))
        except Exception:
            log.warning("worker round failed; trying again at the next beat", exc_info=True)
        finally:
            close_old_connections()

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.SINERGI_WORKER_BEAT_SECONDS):
                self.round()
        finally:
            connection.close()
