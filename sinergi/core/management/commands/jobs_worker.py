"""The job worker: recover jobs whose worker died, then take jobs from the database queue."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.jobs import jobs_recover
from sinergi.core.worker import WorkerLife, worker_id_for_this_process


class Command(BaseCommand):
    help = (
        "Start the background worker (django-tasks database backend). Jobs left running by a worker that "
        "stopped are queued again first; they resume from their last checkpoint. Beside the queue the worker "
        "writes a sign of life (read by /healthz) and starts recurring work such as the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the queued tasks, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = jobs_recover()
        if recovered:
            self.stdout.write(_("Queued again: jobs %(ids)s") % {"ids": ", ".join(map(str, recovered))})
        worker_id = worker_id_for_this_process()
        # A --batch run (tests, a one-off) drains the queue without starting recurring work such as a backup.
        life = WorkerLife(worker_id=worker_id, recurring=not options["batch"])
        life.start()
        try:
            call_command("db_worker", batch=options["batch"], worker_id=worker_id, reload=False)
        finally:
            life.stop()
