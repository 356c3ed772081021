"""Load the demo "1 ASN 1 Produk" program of Tojo Una-Una (after market_demo_seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.purchasing import demo


class Command(BaseCommand):
    help = (
        "Create Tojo Una-Una's demo 1 ASN 1 Produk program: two agencies, their civil servants, targets by "
        "golongan, last month's purchases from the demo catalogue and the login demo-asn. Re-running adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.purchasing_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Demo purchasing: {made} purchases.")
