"""Load the demo empowerment groups of Kabupaten Maluku Tenggara."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.empowerment import demo


class Command(BaseCommand):
    help = (
        "Create a demo P3KE list (two years), desa potentials and three empowerment groups with a year of visits "
        "in Kabupaten Maluku Tenggara (Kei Kecil). Re-running adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.empowerment_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Demo empowerment groups: {made}.")
