"""Load the demo products of Tojo Una-Una and Kota Mataram into the public catalogue."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.market import demo


class Command(BaseCommand):
    help = (
        "Create demo businesses and products of Tojo Una-Una (Sulawesi Tengah) and Kota Mataram (NTB) with "
        "verified permits, for the public catalogue at /pasar/. Re-running adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.market_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Demo market: {made} products.")
