"""Score every cooperative's annual reports in the foreground, with progress (the same job the pages start)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.accounts.models import User
from sinergi.accounts.services import system_actor
from sinergi.cooperatives.services import batch
from sinergi.core.management.commands.job_run import run_with_progress
from sinergi.core.models import Job, JobStatus


class Command(BaseCommand):
    help = (
        "Score the health of every cooperative's annual reports (optionally of one region, one fiscal year, "
        "under another rule set) and refresh each cooperative's latest score. Runs as a job: if it stops, "
        "resume it with --resume JOB_ID; running it again adds nothing that is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default=None, help="Region code, e.g. 81.02 (default: every region)")
        parser.add_argument("--year", type=int, default=None, help="Only reports of this fiscal year")
        parser.add_argument("--rule-set", default=None, help="Rule set version (default: the office's)")
        parser.add_argument("--user", default=None, help="Username of the officer it runs as (default: the system)")
        parser.add_argument(
            "--workers", type=int, default=1, help="Split the work into this many jobs run side by side (one per core)"
        )
        parser.add_argument("--resume", type=int, default=None, metavar="JOB_ID", help="Resume a stopped scoring job")
        parser.add_argument("--force", action="store_true", help="With --resume: take over a job marked running")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resume"] is not None:
            if not Job.objects.filter(pk=options["resume"], kind=batch.ASSESS_JOB).exists():
                raise CommandError(f"No scoring job {options['resume']}.")
            run_with_progress(self, job_id=options["resume"], force=options["force"])
            return
        actor = self._actor(options["user"])
        scope = {
            "region_code": options["region"],
            "fiscal_year": options["year"],
            "rule_set_version": options["rule_set"],
        }
        try:
            if options["workers"] > 1:
                jobs = batch.assessments_start_parts(actor=actor, parts=options["workers"], enqueue=False, **scope)
            else:
                jobs = [batch.assessments_start(actor=actor, enqueue=False, **scope)]
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if len(jobs) == 1:
            self.stdout.write(f"Scoring job {jobs[0].pk} started.")
            run_with_progress(self, job_id=jobs[0].pk)
            return
        self.stdout.write(f"Scoring jobs {', '.join(str(j.pk) for j in jobs)} started, one process each.")
        self._run_side_by_side([j.pk for j in jobs])

    def _actor(self, username: str | None) -> User:
        if not username:
            return system_actor()
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"No user {username}.")
        return actor

    def _run_side_by_side(self, ids: list[int]) -> None:
        """Each job in a process of its own (this command's --resume), with their progress summed every few seconds."""
        manage = Path(settings.BASE_DIR) / "manage.py"
        procs = [
            subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, with job ids
                [sys.executable, str(manage), "cooperatives_assess", "--resume", str(pk)], stdout=subprocess.DEVNULL
            )
            for pk in ids
        ]
        while running := [p for p in procs if p.poll() is None]:
            with contextlib.suppress(subprocess.TimeoutExpired):
                running[0].wait(timeout=3)  # not a plain sleep: the last one's end is seen at once
            progress = Job.objects.filter(pk__in=ids)
            done = sum(j.progress_done for j in progress)
            total = sum(j.progress_total or 0 for j in progress)
            self.stdout.write(f"  {done}/{total} rows")
        jobs = list(Job.objects.filter(pk__in=ids).order_by("pk"))
        failed = [j for j in jobs if j.status != JobStatus.SUCCEEDED]
        for job in jobs:
            self.stdout.write(f"  job {job.pk}: {job.message}")
        if failed:
            resume = "; ".join(f"manage.py cooperatives_assess --resume {j.pk} --force" for j in failed)
            raise CommandError(f"Jobs {', '.join(str(j.pk) for j in failed)} did not finish; resume with {resume}")
        self.stdout.write(self.style.SUCCESS(f"{sum(j.progress_done for j in jobs)} annual reports scored."))
