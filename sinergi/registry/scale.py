"""UMKM scale from capital or annual sales, under a versioned rule kept as data.

PP 7/2021 Pasal 35 (DOMAIN.md): by modal usaha (capital excluding land and buildings) when registering,
or by hasil penjualan tahunan (annual sales) for a running business. Upper bounds are inclusive
("paling banyak"). When both figures are known, sales decide, because the regulation uses capital only
for a business being set up (Pasal 35 ayat 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sinergi.registry.models import Scale

M = Decimal(1_000_000_000)  # one miliar rupiah


@dataclass(frozen=True, slots=True)
class ScaleRule:
    """Inclusive upper bounds per scale, smallest first; anything above the last is "besar"."""

    code: str
    capital_limits: tuple[tuple[str, Decimal], ...]
    sales_limits: tuple[tuple[str, Decimal], ...]


PP_7_2021 = ScaleRule(
    code="PP 7/2021 Pasal 35",
    capital_limits=((Scale.MIKRO, 1 * M), (Scale.KECIL, 5 * M), (Scale.MENENGAH, 10 * M)),
    sales_limits=((Scale.MIKRO, 2 * M), (Scale.KECIL, 15 * M), (Scale.MENENGAH, 50 * M)),
)
CURRENT_RULE = PP_7_2021


def _band(value: Decimal, limits: tuple[tuple[str, Decimal], ...]) -> str:
    for scale, limit in limits:
        if value <= limit:
            return scale
    return Scale.BESAR


def classify(
    *, modal_usaha: Decimal | None, annual_sales: Decimal | None, rule: ScaleRule = CURRENT_RULE
) -> str | None:
    """The scale for these figures, or None when neither is known."""
    if annual_sales is not None:
        return _band(annual_sales, rule.sales_limits)
    if modal_usaha is not None:
        return _band(modal_usaha, rule.capital_limits)
    return None
