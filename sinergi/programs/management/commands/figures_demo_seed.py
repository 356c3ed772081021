"""Load the demo programs behind the seeds' figures (capital aid in Maluku Tenggara, certifications in Tojo
Una-Una); see sinergi/programs/figures_demo.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from sinergi.programs.figures_demo import figures_demo_seed


class Command(BaseCommand):
    help = (
        "Buat program demo yang menghasilkan angka dari berita (bantuan modal 3.693 usaha mikro Maluku Tenggara "
        "2020–2023; sertifikat halal, NIK koperasi dan sertifikat tanah Tojo Una-Una). Menjalankan ulang tidak "
        "menambah apa pun."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = figures_demo_seed()
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            f"Angka demo: {report.programs} program, {report.businesses} usaha, {report.enrollments} peserta."
        )
