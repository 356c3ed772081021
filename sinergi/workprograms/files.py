"""Evidence files: the type is read from the first bytes (a photo renamed .pdf, or a program renamed .jpg, is
refused), the size is limited, and photos get a thumbnail made with Pillow, which pages show instead of the photo."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from sinergi.core.templatetags.sinergi import dotted

# The first bytes of each accepted type, and the name it is stored under.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
THUMB_SIZE = (320, 320)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes; None for anything that is not a photo or a PDF."""
    for signature, kind, ext in _SIGNATURES:
        if head.startswith(signature):
            return kind, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def check_upload(upload: Any) -> tuple[str, str]:
    """The sniffed (content type, extension) of an uploaded file, or a ValidationError naming the file."""
    name = str(getattr(upload, "name", "") or "file")
    limit = int(settings.SINERGI_EVIDENCE_MAX_BYTES)
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s bytes; a file may be at most %(limit)s bytes.")
            % {"name": name, "size": dotted(upload.size), "limit": dotted(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name}, code="file_type"
        )
    return found


def thumbnail(upload: Any, content_type: str) -> ContentFile[bytes] | None:
    """A small JPEG of a photo (re-encoded, so the camera's EXIF — place, time, device — is not kept), or None
    for a PDF or a photo Pillow cannot read."""
    if content_type not in IMAGE_TYPES:
        return None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.thumbnail(THUMB_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except Exception:
        return None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue())
