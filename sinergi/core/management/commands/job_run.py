"""Run (or resume) one job in this process, printing its progress."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.core.jobs import JobBusy, job_run
from sinergi.core.models import Job, JobStatus


class Command(BaseCommand):
    help = "Run a queued job, or resume one whose worker died (from its last checkpoint)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job_id", type=int)
        parser.add_argument(
            "--force", action="store_true", help="Take over a job marked running (only if its worker is gone)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        job_id: int = options["job_id"]
        if not Job.objects.filter(pk=job_id).exists():
            raise CommandError(f"No job {job_id}.")
        run_with_progress(self, job_id=job_id, force=options["force"])


def run_with_progress(command: BaseCommand, *, job_id: int, force: bool = False) -> Job:
    """Run the job while a side thread prints its progress every few seconds."""
    done = threading.Event()

    def report() -> None:
        from django.db import connection

        try:
            while not done.wait(3):
                job = Job.objects.get(pk=job_id)
                total = f"/{job.progress_total}" if job.progress_total else ""
                command.stdout.write(f"  {job.progress_done}{total} rows")
        finally:
            connection.close()

    watcher = threading.Thread(target=report, daemon=True)
    watcher.start()
    try:
        job = job_run(job_id=job_id, force=force)
    except JobBusy as exc:
        raise CommandError(str(exc)) from exc
    finally:
        done.set()
        watcher.join()
    if job.status != JobStatus.SUCCEEDED:
        raise CommandError(f"Job {job_id} failed: {job.message}")
    command.stdout.write(command.style.SUCCESS(job.message))
    return job
