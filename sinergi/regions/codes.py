"""Pure rules about Kemendagri region codes: shape, level, parent, kind and time zone."""

from __future__ import annotations

import re

from sinergi.regions.models import RegionKind, TimeZone

_CODE = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")

# Province → time zone (UU/Keppres 41/1987 zones; the provinces created since follow their parent's zone).
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})


def is_valid_code(code: str) -> bool:
    return bool(_CODE.match(code))


def normalize_code(code: str) -> str:
    """Accept "1708", "17.08", "1708012001" or " 17.08 " and return the dotted form (shape not checked)."""
    c = code.strip()
    if "." in c or not c.isdigit():
        return c
    return ".".join(p for p in (c[0:2], c[2:4], c[4:6], c[6:10]) if p)


def level_of(code: str) -> int:
    return code.count(".") + 1


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def timezone_for(code: str) -> str:
    province = code[:2]
    if province in WIT_PROVINCES:
        return TimeZone.WIT
    if province in WITA_PROVINCES:
        return TimeZone.WITA
    return TimeZone.WIB


def kind_for(code: str, *, name: str = "") -> str:
    """Kind from the code's structure: kota are 71+ in the second segment; villages 1xxx kelurahan, 2xxx desa."""
    level = level_of(code)
    if level == 1:
        return RegionKind.PROVINSI
    if level == 2:
        return RegionKind.KOTA if int(code[3:5]) >= 71 or name.lower().startswith("kota ") else RegionKind.KABUPATEN
    if level == 3:
        return RegionKind.DISTRIK if name.lower().startswith("distrik") else RegionKind.KECAMATAN
    village = code.rsplit(".", 1)[1]
    return {"1": RegionKind.KELURAHAN, "3": RegionKind.DESA_ADAT}.get(village[0], RegionKind.DESA)
