"""Load the demo data (seed regions must be loaded first: manage.py regions_load)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.templatetags.sinergi import dotted
from sinergi.registry import demo
from sinergi.registry.bulk import BulkReport


class Command(BaseCommand):
    help = (
        "Create deterministic demo data for the five seed regions: businesses with owners, yearly figures and "
        "documents, associations (Asosiasi UMKM MMS Kepahiang) and one login per role. Re-running adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed (same seed, same data)")
        parser.add_argument(
            "--businesses", type=int, default=demo.DEFAULT_BUSINESSES, help="How many businesses, through the services"
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=None,
            metavar="N",
            help="Make N businesses through the bulk path (benchmarks; up to about 1,000,000)",
        )
        parser.add_argument("--reset", action="store_true", help="Remove earlier demo rows and logins first")

    def handle(self, *args: Any, **options: Any) -> None:
        scale: int | None = options["scale"]
        count = scale if scale is not None else options["businesses"]
        if count < 0:
            raise CommandError("The number of businesses cannot be negative.")

        def progress(report: BulkReport) -> None:
            rate = report.created / report.seconds if report.seconds else 0.0
            self.stdout.write(
                f"  {report.created + report.skipped:>9,} rows ({report.created:,} new) "
                f"in {report.seconds:6.1f} s, {rate:,.0f}/s"
            )

        try:
            report = demo.demo_seed(
                seed=options["seed"],
                businesses=count,
                use_bulk=scale is not None,
                reset=options["reset"],
                progress=progress if options["verbosity"] >= 1 else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        if options["reset"]:
            self.stdout.write(
                _("Removed %(businesses)s demo businesses and %(owners)s owners.")
                % {"businesses": dotted(report.deleted[0]), "owners": dotted(report.deleted[1])}
            )
        self.stdout.write(
            _("Demo data: %(created)s businesses created, %(skipped)s already there (%(seconds)s s).")
            % {
                "created": dotted(report.created),
                "skipped": dotted(report.skipped),
                "seconds": f"{report.seconds:.1f}".replace(".", ","),
            }
        )
        self.stdout.write("")
        width = max(len(x.username) for x in report.logins)
        self.stdout.write(f"{_('username'):<{width}}  {_('role'):<11}  {_('region'):<6}  {_('password')}")
        for x in report.logins:
            password = x.password or _("(unchanged; not in the logins file)")
            self.stdout.write(f"{x.username:<{width}}  {x.role:<11}  {x.region:<6}  {password}")
        self.stdout.write("\n" + _("Logins saved to %(path)s (readable by you only).") % {"path": report.logins_file})
