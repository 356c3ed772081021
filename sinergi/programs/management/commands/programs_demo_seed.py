"""Load the demo programs (after manage.py demo_seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.programs import demo


class Command(BaseCommand):
    help = (
        "Buat program demo untuk usaha demo (jalankan demo_seed lebih dulu): per wilayah contoh satu program "
        "terbuka, satu dalam seleksi, satu berjalan dan satu selesai, dengan pendaftar dan hasil seleksi. "
        "Menjalankan ulang tidak menambah apa pun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Benih acak (benih sama, data sama)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = demo.programs_demo_seed(seed=options["seed"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Program demo: {made} program dibuat.")
