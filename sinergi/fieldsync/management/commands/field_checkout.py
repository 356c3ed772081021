"""Copy a region's working slice from the office server to this laptop (docs/field-work.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.fieldsync import client


class Command(BaseCommand):
    help = "Copy the region's reference data and your records from the office server; run again to resume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server", required=True, help="The office server's address, e.g. https://sinergi.example")
        parser.add_argument("--token", required=True, help="Your API token (made on the server's token page)")
        parser.add_argument("--region", required=True, help="The region code to take, e.g. 81.02")
        parser.add_argument("--chunk", type=int, default=500, help="Records per request")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client.checkout(
                server_url=options["server"],
                token=options["token"],
                region=options["region"],
                chunk=options["chunk"],
                progress=self.stdout.write,
            )
        except client.SyncError as exc:
            raise CommandError(str(exc)) from exc
