"""Public codes of aspirations: ``<office>-<sequence>-<check>``, e.g. ``3509-00042-K7QX``.

The office part is the office region's code without dots; the sequence counts per office (and per device, once
offline field work lands: ``<office><device>-<sequence>-<check>``, the device part bound to the record when it
arrives); the check is four random letters and digits, so that knowing one code does not open its neighbours:
a code is a key to its aspiration's public status, never guessable from another.
"""

from __future__ import annotations

import re
import secrets

from sinergi.aspirations.models import CodeSequence
from sinergi.regions.models import Region

# No 0/O, 1/I/L, 5/S, 2/Z: read aloud or copied from paper without doubt.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CHECK_LENGTH = 4
_CODE = re.compile(r"^[0-9]{2,10}[A-Z0-9]{0,8}-[0-9]{5,}-[" + ALPHABET + "]{4}$")


def office_prefix(office: Region) -> str:
    return office.code.replace(".", "")


def next_code(*, office: Region, device: str = "") -> str:
    """The next code of ``office`` (call inside the recording's transaction: the sequence row is locked)."""
    seq, _created = CodeSequence.objects.select_for_update().get_or_create(office=office, device=device)
    seq.last += 1
    seq.save(update_fields=["last"])
    check = "".join(secrets.choice(ALPHABET) for _ in range(CHECK_LENGTH))
    return f"{office_prefix(office)}{device}-{seq.last:05d}-{check}"


def normalise_code(raw: str) -> str:
    """A code as typed ("3509 00042 k7qx", "3509-00042-K7QX ") in its stored form; "" when it cannot be one."""
    text = re.sub(r"[\s_./]+", "-", (raw or "").strip().upper()).strip("-")
    text = re.sub(r"-+", "-", text)
    return text if _CODE.match(text) else ""
