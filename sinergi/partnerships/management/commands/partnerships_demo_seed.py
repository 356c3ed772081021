"""Load the demo partnership of Tojo Una-Una with a university (after market_demo_seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.partnerships import demo


class Command(BaseCommand):
    help = (
        "Create Universitas Tadulako as a partner of Tojo Una-Una's office, its offer and one running MoU with the "
        "demo catalogue's Tojo Una-Una businesses. Re-running adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.partnerships_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Demo partnerships: {made}.")
