"""The buyer's first WhatsApp message to a seller (the link itself is notifications.whatsapp_link)."""

from __future__ import annotations

from sinergi.core.numbers import format_rupiah


def order_message(*, product_name: str, price: object, unit: str, url: str) -> str:
    """The buyer's first message to the seller. Always Bahasa Indonesia: it is written to the seller, not shown
    to the visitor in the page's language."""
    return f"Halo, saya ingin memesan {product_name} ({format_rupiah(price)}/{unit}) yang saya lihat di katalog: {url}"  # type: ignore[arg-type]
