"""Put a P3KE poverty list (NIK, Desil) onto the registry's persons from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.accounts.models import User
from sinergi.core.models import ChangeSource
from sinergi.programs.imports import poverty_import


class Command(BaseCommand):
    help = (
        "Import a poverty list (P3KE) from a CSV or XLSX file with the columns NIK and Desil: each person "
        "found by NIK gets the decile and the source. Rows are reported as updated, unchanged, unknown (NIK "
        "not in the registry, listed) or rejected with the reasons. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Username of the officer it runs as (their regions apply)")
        parser.add_argument("--source", required=True, help='Name of the list, e.g. "P3KE 2023"')
        parser.add_argument("--quiet-rows", action="store_true", help="Print only the counts, not each row")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        try:
            with path.open("rb") as stream:
                result = poverty_import(
                    actor=user,
                    stream=stream,
                    name=path.name,
                    size=path.stat().st_size,
                    source_label=options["source"],
                    size_limit=False,
                    change_source=ChangeSource.COMMAND,
                )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("; ".join(messages)) from exc
        summary = result.as_dict()
        if not options["quiet_rows"]:
            for row in result.rows:
                if row.status == "rejected":
                    self.stdout.write(f"row {row.row}: rejected: {'; '.join(row.reasons)}")
            if result.unknown_niks:
                self.stdout.write("NIK not in the registry:")
                for nik in result.unknown_niks:
                    self.stdout.write(f"  {nik}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.file} ({result.source}): {summary['updated']} updated, {summary['unchanged']} unchanged, "
                f"{summary['unknown']} unknown NIK, {summary['rejected']} rejected."
            )
        )
