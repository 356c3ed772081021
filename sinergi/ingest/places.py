"""Finding a row's village from what the file says: a region code, or names of desa, kecamatan, kabupaten.

Names are looked up only inside the import's region (a kabupaten or a province), where a village name
is nearly unique; when it is not ("Sukamaju" in two kecamatan) the row's kecamatan decides, and a row
that still matches several villages, or none, is rejected with the candidates named so the officer can
add the kecamatan or the code.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sinergi.regions.codes import is_valid_code, normalize_code
from sinergi.regions.models import Region, RegionLevel

_PREFIX = re.compile(
    r"^(?:desa|ds|kel|kelurahan|kec|kecamatan|kab|kabupaten|kota|kot|distrik|provinsi|prov)\b\.?\s*", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^0-9a-z]+")


def place_key(name: str) -> str:
    """A name as compared: lower case, kind words ("Desa", "Kec.") and punctuation dropped."""
    text = name.strip().lower()
    while True:
        stripped = _PREFIX.sub("", text)
        if stripped == text:
            break
        text = stripped
    return _NON_WORD.sub("", text)


@dataclass(frozen=True, slots=True)
class _Village:
    code: str
    name: str
    kecamatan: str
    kabupaten: str


class NeedsDatabase(Exception):
    """Raised by an offline lookup that would have to read the database (a code outside the import's region)."""


class PlaceResolver:
    """Resolves places within one region; loads that region's villages once (≈ 10⁴ rows for a province)."""

    def __init__(self, *, scope: Region) -> None:
        self.scope = scope
        prefix = scope.code + "."
        names = dict(Region.objects.filter(code__startswith=scope.code).values_list("code", "name"))
        names[scope.code] = scope.name
        self.villages: dict[str, _Village] = {}
        self.by_name: dict[str, list[_Village]] = defaultdict(list)
        self._unknown_seen: dict[tuple[str, str], str] = {}
        for code, name in names.items():
            if code.count(".") != 3 or not code.startswith(prefix):
                continue
            kec, kab = code.rsplit(".", 1)[0], code.rsplit(".", 2)[0]
            v = _Village(code=code, name=name, kecamatan=names.get(kec, ""), kabupaten=names.get(kab, ""))
            self.villages[code] = v
            self.by_name[place_key(name)].append(v)

    def resolve(
        self, *, code: str = "", desa: str = "", kecamatan: str = "", kabupaten: str = "", offline: bool = False
    ) -> tuple[str | None, tuple[str, str] | None]:
        """(village code, None) or (None, (field, message)).

        ``offline``: raise NeedsDatabase rather than read the database (in a process that must not use
        the connection it inherited)."""
        if code.strip():
            return self._by_code(code, offline=offline)
        if not desa.strip():
            return None, ("desa", _("The village (desa/kelurahan) is missing; give its name or region code."))
        found = self.by_name.get(place_key(desa), [])
        if kecamatan.strip():
            found = [v for v in found if place_key(v.kecamatan) == place_key(kecamatan)]
        if kabupaten.strip():
            found = [v for v in found if place_key(v.kabupaten) == place_key(kabupaten)]
        if len(found) == 1:
            return found[0].code, None
        if found:
            listed = "; ".join(f"{v.name}, Kec. {v.kecamatan} ({v.code})" for v in found[:6])
            return None, (
                "desa",
                _("“%(name)s” matches %(n)d villages: %(list)s. Add the kecamatan or the region code.")
                % {"name": desa.strip(), "n": len(found), "list": listed},
            )
        return None, ("desa", self._unknown(desa=desa, kecamatan=kecamatan))

    def _by_code(self, raw: str, *, offline: bool) -> tuple[str | None, tuple[str, str] | None]:
        code = normalize_code(raw)
        if not is_valid_code(code):
            return None, ("region_code", _("“%(code)s” is not a region code (e.g. 17.08.01.2001).") % {"code": raw})
        if code in self.villages:
            return code, None
        if offline:
            raise NeedsDatabase(code)
        region = Region.objects.filter(pk=code).first()
        if region is None:
            return None, ("region_code", _("Unknown region code “%(code)s”.") % {"code": code})
        if region.level != RegionLevel.DESA_KELURAHAN:
            return None, (
                "region_code",
                _("%(code)s is a %(kind)s; give the village (desa/kelurahan) code.")
                % {"code": code, "kind": region.get_kind_display()},
            )
        return None, (
            "region_code",
            _("%(code)s (%(name)s) is outside %(scope)s, the region of this import.")
            % {"code": code, "name": region.name, "scope": self.scope.display_name},
        )

    def _unknown(self, *, desa: str, kecamatan: str) -> str:
        # A misspelt village tends to repeat down a file; the close-match search runs once per spelling.
        key = (desa.strip(), kecamatan.strip())
        if key not in self._unknown_seen:
            self._unknown_seen[key] = self._suggest(desa=desa, kecamatan=kecamatan)
        return self._unknown_seen[key]

    def _suggest(self, *, desa: str, kecamatan: str) -> str:
        pool = list(self.villages.values())
        if kecamatan.strip():
            pool = [v for v in pool if place_key(v.kecamatan) == place_key(kecamatan)] or pool
        names = sorted({v.name for v in pool})
        close = difflib.get_close_matches(desa.strip().title(), names, n=3, cutoff=0.75)
        message = _("No village “%(name)s” in %(scope)s.") % {"name": desa.strip(), "scope": self.scope.display_name}
        if close:
            message += " " + _("Did you mean: %(names)s?") % {"names": ", ".join(close)}
        return message
