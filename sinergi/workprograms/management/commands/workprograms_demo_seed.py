"""Load the demo work programs (after manage.py demo_seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.workprograms import demo


class Command(BaseCommand):
    help = (
        "Create the demo 100-day work program of Asosiasi UMKM MMS Kepahiang (run demo_seed first): drafted, not "
        "submitted, so late. Re-running adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.workprograms_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Demo work programs: {made} made.")
