"""Send this laptop's changes to the office server and receive the server's (docs/field-work.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.fieldsync import client


class Command(BaseCommand):
    help = "Send the outbox, then receive the server's changes; after a dropped link run it again to resume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200, help="Operations per request")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = client.sync(batch=options["batch"], progress=self.stdout.write)
        except client.SyncError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"sent={run.sent} applied={run.applied} refused={run.refused} conflicts={run.conflicts} "
            f"waiting={run.waiting} received={run.received} removed={run.removed}"
        )
