"""Links that open a WhatsApp chat with a seller, the message already written."""

from __future__ import annotations

from urllib.parse import quote

from sinergi.core.numbers import format_rupiah
from sinergi.core.validators import normalize_phone_id


def wa_number(phone: str) -> str:
    """The number as wa.me wants it: the country code and digits only ("0812-3456-7890" → "6281234567890").
    Raises ValidationError for a number that is not Indonesian."""
    return normalize_phone_id(phone).lstrip("+")


def whatsapp_link(phone: str, message: str) -> str:
    return f"https://wa.me/{wa_number(phone)}?text={quote(message, safe='')}"


def order_message(*, product_name: str, price: object, unit: str, url: str) -> str:
    """The buyer's first message to the seller. Always Bahasa Indonesia: it is written to the seller, not shown
    to the visitor in the page's language."""
    return f"Halo, saya ingin memesan {product_name} ({format_rupiah(price)}/{unit}) yang saya lihat di katalog: {url}"  # type: ignore[arg-type]
