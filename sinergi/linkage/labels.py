"""What the review page calls each comparison of the linkage models and each of their levels.

The models (``model.py``) name comparisons and levels in English for Splink's charts and the
stored JSON; an officer reads these labels instead. A test checks every comparison and level of the
shipped models has one here, so a new level cannot reach the page untranslated.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, Promise] = {
    "nik": _("NIK"),
    "name_norm": _("Name"),
    "dob": _("Date of birth"),
    "sex": _("Sex"),
    "contact": _("Phone, village and address"),
    "owner": _("Owner"),
}

_BASE_LEVELS: dict[str, Promise] = {
    "missing": _("missing on one side"),
    "exact": _("the same"),
    "different": _("different"),
    "one typo or transposition": _("one digit wrong or two swapped"),
    "two typos": _("two digits wrong"),  # person models before issue 15 (kept for stored runs)
    # The person NIK's levels since issue 15 (model._nik).
    "one or two digits wrong before the serial, same date of birth, names alike": _(
        "one or two digits wrong before the serial number, same date of birth, names alike"
    ),
    "serial one or two digits off, same date of birth, names alike": _(
        "serial number one or two digits off, same date of birth, names alike"
    ),
    "one or two digits off, no date of birth to compare, names alike": _(
        "one or two digits off, no date of birth to compare, names alike"
    ),
    "one or two digits off, same date of birth": _(
        "one or two digits off with the same date of birth (as neighbours born on one day)"
    ),
    "one or two digits off, otherwise": _("one or two digits off"),
    "same words, other order": _("same words, other order"),
    "Jaro-Winkler >= 0.94": _("very similar spelling"),
    "Jaro-Winkler >= 0.85": _("similar spelling"),
    "Jaro-Winkler >= 0.85, same first word": _("similar spelling, same first word"),
    "one name's words all in the other": _("one name's words all in the other"),
    "same first word only": _("only the first word is the same"),
    "shares a word, first words differ": _("shares a word, first words differ"),
    "one digit typed wrong or swapped": _("one digit wrong or two swapped"),
    "same year and month": _("same year and month"),
    "same year": _("same year"),
    "same phone, same desa and address": _("same phone, village and address"),
    "same phone, same desa": _("same phone and village"),
    "same phone": _("same phone"),
    "same desa and address": _("same village and address"),
    "same desa, similar address": _("same village, similar address"),
    "same kecamatan and address": _("same kecamatan and address"),
    "same desa": _("same village"),
    "same kecamatan": _("same kecamatan"),
    "one or two letters differ": _("one or two letters differ"),
    "two thirds of the words in common": _("two thirds of the words in common"),
    "half of the words in common": _("half of the words in common"),
    "shares a word": _("shares a word"),
    "same owner NIK and name": _("same owner NIK and name"),
    "owner NIK within two typos, same name or phone": _("owner NIK at most two digits off, same name or phone"),
    "same owner name and phone or address": _("same owner name and phone or address"),
    "same owner NIK, other name": _("same owner NIK, another name"),
    "same owner name, same desa": _("same owner name and village"),
    "similar owner name, same desa": _("similar owner name, same village"),
    "same owner name, another desa": _("same owner name, another village"),
    "same name, owner's name aside": _("same name, the owner's name aside"),
    "same owner name, same desa, phone or address differs": _(
        "same owner name and village, but the phone or address differs"
    ),
    "similar owner name, same desa, phone or address differs": _(
        "similar owner name, same village, but the phone or address differs"
    ),
    "owner names partly alike, same desa": _("owner names only partly alike, same village"),
}
# model.py gives some levels a twin for owners whose NIKs differ: "<level>, NIKs differ".
_NIKS_DIFFER = ", NIKs differ"


def field_label(name: str) -> str:
    """The comparison's name for the page, or its model name if it has none."""
    label = FIELDS.get(name)
    return str(label) if label is not None else name


def level_label(label: str) -> str:
    """The level's wording for the page, or the model's wording if it has none."""
    if label.endswith(_NIKS_DIFFER):
        base = _BASE_LEVELS.get(label.removesuffix(_NIKS_DIFFER))
        if base is not None:
            return _("%(level)s, but the NIKs differ") % {"level": base}
    found = _BASE_LEVELS.get(label)
    return str(found) if found is not None else label


def known(*, field: str, level: str) -> bool:
    """Whether both names have a label here (used by the test over the shipped models)."""
    return field in FIELDS and (level in _BASE_LEVELS or level.removesuffix(_NIKS_DIFFER) in _BASE_LEVELS)
