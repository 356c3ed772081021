"""Attachments of aspirations: photos (JPEG, PNG, WebP) and PDFs, the type read from the file's first bytes
(never trusted from its name or the browser's word), and a size limit (``SINERGI_ASPIRATION_MAX_FILE_BYTES``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILES = 3

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


@dataclass(frozen=True, slots=True)
class Sniffed:
    content_type: str
    extension: str
    size: int


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a photo or PDF from its first bytes; None for anything else."""
    for magic, kind, ext in _SIGNATURES:
        if head.startswith(magic):
            return kind, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def max_bytes() -> int:
    return int(settings.SINERGI_ASPIRATION_MAX_FILE_BYTES)


def check_upload(*, stream: IO[bytes], size: int, name: str) -> Sniffed:
    """The upload's sniffed type, or a ValidationError that says what is wrong with it (in the user's words)."""
    if size <= 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name})
    if size > max_bytes():
        raise ValidationError(
            _("The file “%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes() // (1024 * 1024)}
        )
    head = stream.read(16)
    stream.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(_("The file “%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name})
    return Sniffed(content_type=found[0], extension=found[1], size=size)
