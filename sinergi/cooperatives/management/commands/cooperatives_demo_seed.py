"""Load the demo cooperatives (regions first: manage.py regions_load; the registry demo before it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.cooperatives import demo
from sinergi.core.templatetags.sinergi import dotted


class Command(BaseCommand):
    help = (
        "Create deterministic demo cooperatives for the five seed regions (Maluku Tenggara: 347, of which 296 "
        "active), with officers, three fiscal years of annual reports and a cooperative officer login "
        "(inspections: supervision_demo_seed). Re-running adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed (same seed, same data)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo.cooperatives_demo_seed(seed=options["seed"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            _(
                "Demo cooperatives: %(created)s created (%(reports)s annual reports), %(skipped)s already there "
                "(%(seconds)s s)."
            )
            % {
                "created": dotted(report.created),
                "reports": dotted(report.reports),
                "skipped": dotted(report.skipped),
                "seconds": f"{report.seconds:.1f}".replace(".", ","),
            }
        )
        self.stdout.write(_("Scoring: %(report)s") % {"report": report.scoring})
        login = report.login
        if login is not None:
            password = login.password or _("(unchanged; not in the logins file)")
            self.stdout.write(f"{login.username}  {login.role}  {login.region}  {password}")
