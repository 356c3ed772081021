"""Load the demo inspections (after manage.py cooperatives_demo_seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.templatetags.sinergi import dotted
from sinergi.supervision import demo


class Command(BaseCommand):
    help = (
        "Create deterministic demo inspection plans for the demo cooperatives (run cooperatives_demo_seed "
        "first): visits with findings and follow-ups, some overdue. Re-running adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed (same seed, same data)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.supervision_demo_seed(seed=options["seed"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(_("Demo supervision: %(n)s inspections.") % {"n": dotted(made)})
