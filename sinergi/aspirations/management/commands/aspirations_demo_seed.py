"""Load the demo aspirations: Jember's J-HUR forum at Wuluhan (after manage.py demo_seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.aspirations import demo


class Command(BaseCommand):
    help = "Create Jember's demo J-HUR forum at Wuluhan with its aspirations. Re-running adds nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.aspirations_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Demo aspirations: {made}.")
