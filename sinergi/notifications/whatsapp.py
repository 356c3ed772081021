"""A "send by WhatsApp" link: offices work by WhatsApp, and a link with a prefilled text is one tap to send."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import ValidationError

from sinergi.core.validators import normalize_phone_id


def whatsapp_link(*, phone: str | None, text: str) -> str:
    """``https://wa.me/62…?text=…`` for an Indonesian number written as 08…, 62… or +62… (spaces, dots and dashes
    allowed); "" when there is no number or it is not an Indonesian one, so a page shows no link."""
    if not phone or not phone.strip():
        return ""
    try:
        number = normalize_phone_id(phone).lstrip("+")
    except ValidationError:
        return ""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"
