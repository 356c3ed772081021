"""The five regions the demo and the tests centre on (DOMAIN.md: seed regions, verified against the 2025 list)."""

from __future__ import annotations

from collections.abc import Iterator

from sinergi.regions.services import RegionRow, bundled_rows

SEED_KABUPATEN = {
    "17.08": "Kabupaten Kepahiang",
    "52.71": "Kota Mataram",
    "72.09": "Kabupaten Tojo Una-Una",
    "81.02": "Kabupaten Maluku Tenggara",
    "35.09": "Kabupaten Jember",
}


def seed_rows(kabupaten: tuple[str, ...] = tuple(SEED_KABUPATEN)) -> Iterator[RegionRow]:
    """All provinces and every region inside the given kabupaten/kota, from the bundled list."""
    for row in bundled_rows():
        if "." not in row.code or any(row.code == k or row.code.startswith(k + ".") for k in kabupaten):
            yield row
