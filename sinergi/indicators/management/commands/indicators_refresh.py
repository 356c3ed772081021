"""Refresh the analytics table now (the worker does it on its schedule)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sinergi.indicators.catalogue import install
from sinergi.indicators.models import Indicator
from sinergi.indicators.refresh import analytics_refresh


class Command(BaseCommand):
    help = "Install missing shipped indicators and refresh the analytics table (--recent: recent periods only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--recent", action="store_true", help="Only the periods of the last weeks")

    def handle(self, *args: Any, **options: Any) -> None:
        install(Indicator)
        report = analytics_refresh(full=not options["recent"])
        self.stdout.write(
            _("%(n)d indicators refreshed: %(rows)d figures in %(s).1f s.")
            % {"n": report.indicators, "rows": report.rows, "s": report.seconds}
        )
