"""Load regions: the bundled Kepmendagri 2025 list, or a newer list from a CSV/XLSX file (code, name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.accounts.services import system_actor
from sinergi.core.templatetags.sinergi import dotted
from sinergi.regions.models import Region
from sinergi.regions.readers import read_region_file
from sinergi.regions.services import BUNDLED_SOURCE, bundled_rows, regions_load


class Command(BaseCommand):
    help = "Load the Kemendagri region list (bundled), or a CSV/XLSX with columns kode/code and nama/name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="CSV or XLSX with a header row: kode, nama")
        parser.add_argument("--source", default="", help="Name of the decree the file comes from")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when regions are already loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        if options["if_empty"] and Region.objects.exists():
            self.stdout.write(
                _("Regions already loaded (%(n)s); nothing to do.") % {"n": dotted(Region.objects.count())}
            )
            return
        try:
            if path is None:
                rows = bundled_rows()
                source = BUNDLED_SOURCE
            else:
                if not path.exists():
                    raise CommandError(f"File not found: {path}")
                rows = read_region_file(path)
                source = options["source"] or path.name
            report = regions_load(actor=system_actor(), rows=rows, source=source)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for line, code, reason in report.rejected:
            self.stderr.write(f"line {line}: {code}: {reason}")
        self.stdout.write(report.summary())
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} rows rejected; the others were loaded.")
