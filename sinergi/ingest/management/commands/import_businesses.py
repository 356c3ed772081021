"""Import a CSV/XLSX file of businesses from the command line, with the same checks as the web page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.accounts.models import User
from sinergi.core.management.commands.job_run import run_with_progress
from sinergi.core.models import ChangeSource
from sinergi.ingest import selectors, services
from sinergi.ingest.columns import EXTRA, FIELDS
from sinergi.ingest.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import businesses from a CSV or XLSX file into the registry. Columns are detected from their "
        "Indonesian headers; rows that fail are kept with their reasons (see the import's page or "
        "--rejections-out). Importing the same file again updates instead of duplicating. "
        "Resume a stopped import with --resume IMPORT_ID."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--user", help="Username of the officer the import is done as (their regions apply)")
        parser.add_argument("--region", help="Region code of the import (kabupaten/kota or province), e.g. 17.08")
        parser.add_argument("--source", default="", help="Name of the source, part of each row's key")
        parser.add_argument("--year", type=int, default=None, help="Year of the figures if the file has no year column")
        parser.add_argument("--sheet", default=None, help="Sheet to read (XLSX); default: the first with a header")
        parser.add_argument(
            "--map", action="append", default=[], metavar="COLUMN=FIELD", help="Override the detected mapping"
        )
        parser.add_argument("--resume", type=int, metavar="IMPORT_ID", help="Resume this import from its checkpoint")
        parser.add_argument("--force", action="store_true", help="With --resume: take over a job marked running")
        parser.add_argument(
            "--rejections-out",
            type=Path,
            metavar="PATH",
            help="Write the rejected rows (the file's columns and the reasons) as XLSX here, to fix and re-import",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resume"]:
            batch = ImportBatch.objects.filter(pk=options["resume"]).first()
            if batch is None or batch.job_id is None:
                raise CommandError(f"No started import {options['resume']}.")
            run_with_progress(self, job_id=batch.job_id, force=options["force"])
            self._write_rejections(batch, options["rejections_out"])
            return
        path: Path | None = options["file"]
        if path is None or not path.is_file():
            raise CommandError("Give the file to import.")
        user = User.objects.filter(username=options["user"] or "").first()
        if user is None:
            raise CommandError("Give --user, the username of an officer allowed to edit the region.")
        if not options["region"]:
            raise CommandError("Give --region, e.g. 17.08 for Kabupaten Kepahiang.")
        try:
            with path.open("rb") as stream:
                batch = services.import_upload(
                    actor=user,
                    stream=stream,
                    name=path.name,
                    size=path.stat().st_size,
                    size_limit=False,
                    region_code=options["region"],
                    source=options["source"],
                    default_year=options["year"],
                    origin=ChangeSource.COMMAND,
                )
            mapping = {int(i): f for i, f in batch.mapping.items()}
            columns = batch.layouts[0]["columns"] if not options["sheet"] else None
            for item in options["map"]:
                column, _sep, field = item.partition("=")
                if not column.strip().isdigit() or (field and field != EXTRA and field not in FIELDS):
                    fields = ", ".join([*FIELDS, EXTRA])
                    raise CommandError(f"--map {item}: write COLUMN_NUMBER=FIELD; fields: {fields}")
                mapping[int(column) - 1] = field or None
            self._show_mapping(batch, mapping, columns)
            services.import_set_mapping(
                actor=user,
                batch=batch,
                sheet=options["sheet"] if options["sheet"] is not None else batch.sheet,
                mapping=mapping,
                # A year found in the file's title rows stands unless --year says otherwise.
                default_year=options["year"] if options["year"] is not None else batch.default_year,
                origin=ChangeSource.COMMAND,
            )
            job = services.import_start(actor=user, batch=batch, origin=ChangeSource.COMMAND, enqueue=False)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("; ".join(messages)) from exc
        self.stdout.write(f"Import {batch.pk} (job {job.pk}) started.")
        run_with_progress(self, job_id=job.pk)
        self._write_rejections(batch, options["rejections_out"])

    def _write_rejections(self, batch: ImportBatch, path: Path | str | None) -> None:
        if path is None:
            return
        batch.refresh_from_db()
        with Path(path).open("wb") as stream:
            count = selectors.rejections_xlsx(batch=batch, stream=stream, labels=selectors.field_labels())
        self.stdout.write(f"{count} rejected rows written to {path}.")

    def _show_mapping(self, batch: ImportBatch, mapping: dict[int, str | None], columns: list[str] | None) -> None:
        for index, field in sorted(mapping.items()):
            header = columns[index] if columns and index < len(columns) else f"#{index + 1}"
            self.stdout.write(f"  {index + 1:>3} {header!s:<30} → {field or '-'}")
