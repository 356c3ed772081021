"""Normalisation of Indonesian names, business names, addresses, phones and NIKs for record linkage.

Every rule is data (a regular expression, its replacement and the reason it exists) so that one list
drives both the single-value functions (forms, review pages, tests) and the polars expressions that
normalise a million rows without a Python loop. The patterns use only the regex syntax shared by
Python's ``re`` and Rust's ``regex`` (polars): no look-around, no back-references; replacements use
``${1}`` groups, translated for ``re``. ``tests/test_normalise.py`` checks both appliers agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from django.core.exceptions import ValidationError

from sinergi.core.validators import normalize_phone_id


@dataclass(frozen=True, slots=True)
class Rule:
    """One rewrite: ``pattern`` (regex, applied to lower-case text) becomes ``replacement``; ``why`` documents it."""

    pattern: str
    replacement: str
    why: str


def _py_replacement(replacement: str) -> str:
    return re.sub(r"\$\{(\d+)\}", r"\\g<\1>", replacement)


def apply_rules(text: str, rules: tuple[Rule, ...]) -> str:
    """Apply ``rules`` in order to one string (the single-value twin of ``rules_expr``)."""
    for rule in rules:
        text = re.sub(rule.pattern, _py_replacement(rule.replacement), text)
    return text


def rules_expr(expr: pl.Expr, rules: tuple[Rule, ...]) -> pl.Expr:
    """Apply ``rules`` in order to a polars string expression (vectorised twin of ``apply_rules``)."""
    for rule in rules:
        expr = expr.str.replace_all(rule.pattern, rule.replacement)
    return expr


_SPACES = (
    Rule(r"\s+", " ", "Runs of spaces, tabs and line breaks from spreadsheets mean nothing."),
    Rule(r"^ | $", "", "Leading and trailing spaces mean nothing."),
)

# A title or honorific is a whole word ended by a dot, a space, a comma or the end of the text.
_END = r"(?:\.|\s|,|$)"
_HONORIFICS = (
    r"h|hj|haji|hajah|hajjah|ibu|bu|bpk|bapak|pak|sdr|sdri|saudara|saudari|ny|nyonya|tn|tuan|nn|nona|"
    r"drs|dra|ir|dr|prof|kh|ust|ustadz|ustad|ustadzah|almarhum|alm|almh"
)
_DEGREES = (
    r"s\.?\s?(?:pd\.?\s?i|pd|e|h|kom|ag|sos|t|si|ip|ked|farm|kep|hut|pt|p|ak|hum|psi|ikom|gz|tr|mat|stat|ei|hi|th)|"
    r"m\.?\s?(?:si|pd|m|kes|kom|ag|h|e|t|ap|hum|sc|ba|eng)|a\.?\s?md(?:\.?\s?(?:kep|keb|kes|farm|t|kom))?|"
    r"amd|d3|se|sh|spd|spdi|skom|sag|st|ssos|msi|mm|mpd|mba|phd|bsc|ba|ma|sp|spog|sked"
)

PERSON_NAME_RULES: tuple[Rule, ...] = (
    Rule(
        r"[`'’‘\"]",
        "",
        "Apostrophes vary by keyboard and office (Ma'ruf / Maruf); they never tell two people apart.",
    ),
    Rule(
        r",.*$",
        "",
        "Everything after a comma is a degree (gelar belakang: 'Budi Santoso, S.Pd., M.Si.'); names have no comma.",
    ),
    Rule(
        r"\s(?:" + _DEGREES + r")\.?(?:\s|$)",
        " ",
        "Degrees also appear without a comma ('Budi Santoso S.Pd'); one entry has them and another does not. "
        "Only after a name: a leading 'St.' is Siti, not the degree S.T.",
    ),
    Rule(
        r"\s(?:" + _DEGREES + r")\.?(?:\s|$)",
        " ",
        "Second pass: several degrees in a row ('SE MM') share the space between them.",
    ),
    Rule(
        r"^(?:(?:" + _HONORIFICS + r")" + _END + r"\s*)+",
        "",
        "Honorifics and front titles (H., Hj., Ibu, Bpk., Ny., Drs., Ir., Dr. ...) come and go between entries "
        "of the same person: the hajj title after a pilgrimage, 'Ibu' written by an officer, a degree earned.",
    ),
    Rule(
        r"^(?:st|sti)\.\s*",
        "siti ",
        "'St.' at the start of a woman's name abbreviates Siti, the most common first name of Muslim women.",
    ),
    Rule(
        r"^(?:moh|mochd|moch|mochamad|mhd|mch|muh|mohd|m)\.\s*(?:(mad|hammad|ammad)\s)?",
        "muhammad ",
        "'M.', 'Moh.', 'Moch.', 'Mhd.', 'Muh.' at the start of a man's name abbreviate Muhammad "
        "('Md.' is left to Made, the Balinese name, which uses it far more often).",
    ),
    Rule(
        r"^(?:moh|moch|mhd|muh|mohd)\s",
        "muhammad ",
        "The same abbreviations are also written without their dot.",
    ),
    Rule(r"(^|\s)nym(?:\.\s*|\s+)", "${1}nyoman ", "Balinese birth-order name Nyoman is shortened to Nym."),
    Rule(r"(^|\s)kt(?:\.\s*|\s+)", "${1}ketut ", "Balinese birth-order name Ketut is shortened to Kt."),
    Rule(r"(^|\s)wyn(?:\.\s*|\s+)", "${1}wayan ", "Balinese birth-order name Wayan is shortened to Wyn."),
    Rule(r"(^|\s)md\.\s*", "${1}made ", "Balinese birth-order name Made is shortened to Md."),
    Rule(r"(^|\s)abd(?:\.\s*|\s+)", "${1}abdul ", "Abdul ('servant of') is shortened to Abd."),
    Rule(r"(^|\s)gst(?:\.\s*|\s+)", "${1}gusti ", "Balinese caste title Gusti is shortened to Gst."),
    Rule(r"[^a-z ]", " ", "Dots, hyphens and digits left over carry no identity once abbreviations are expanded."),
    Rule(
        r"^(?:i|ni)\s+(wayan|made|nyoman|ketut|putu|kadek|komang|gede|nengah|gusti|gst|ketut|luh|desak|dewa)",
        "${1}",
        "Balinese names start with the gender marker I (male) or Ni (female), often dropped when written down.",
    ),
    *_SPACES,
)

# Spelling canonicalisation, applied per token after the cleaning above. Two spellings a registrar
# could write for the same spoken name must end up equal.
PERSON_SPELLING_RULES: tuple[Rule, ...] = (
    Rule(r"oe", "u", "Pre-1972 (Van Ophuijsen) spelling writes u as oe: Soekarno = Sukarno, Poerwanto = Purwanto."),
    Rule(r"dj", "j", "Old spelling writes j as dj: Djoko = Joko."),
    Rule(r"tj", "c", "Old spelling writes c as tj: Tjahjono = Cahyono."),
    Rule(r"ch", "kh", "Ch and kh both write the Arabic kha: Chairul = Khairul, Achmad = Akhmad."),
    Rule(r"(^|\s)akhmad(\s|$)", "${1}ahmad${2}", "Akhmad/Achmad are spellings of Ahmad."),
    Rule(r"aa+", "a", "Doubled letters are optional (Sitti = Siti, Muhammad = Muhamad, Saadah = Sadah)."),
    Rule(r"bb+", "b", "Doubled letters are optional."),
    Rule(r"dd+", "d", "Doubled letters are optional."),
    Rule(r"ff+", "f", "Doubled letters are optional."),
    Rule(r"kk+", "k", "Doubled letters are optional."),
    Rule(r"ll+", "l", "Doubled letters are optional (Abdullah = Abdulah)."),
    Rule(r"mm+", "m", "Doubled letters are optional (Muhammad = Muhamad)."),
    Rule(r"nn+", "n", "Doubled letters are optional (Yohannes = Yohanes)."),
    Rule(r"rr+", "r", "Doubled letters are optional."),
    Rule(r"ss+", "s", "Doubled letters are optional."),
    Rule(r"tt+", "t", "Doubled letters are optional (Sitti = Siti)."),
    Rule(r"yy+", "y", "Doubled letters are optional."),
    Rule(r"ii+", "i", "Doubled letters are optional."),
    Rule(r"uu+", "u", "Doubled letters are optional."),
    Rule(r"ee+", "e", "Doubled letters are optional."),
    Rule(
        r"(^|\s)(?:mohamad|mohammad|muhamad|mohamed|mukhamad|mokhamad|mochamad|mohamat|muhamat)(\s|$)",
        "${1}muhamad${2}",
        "Muhammad has many registered spellings; after doubled letters collapse they become one.",
    ),
    Rule(r"(^|\s)nurul(\s|$)", "${1}nur${2}", "Nurul is Nur with the Arabic article (Nurul Huda = Nur Huda)."),
    Rule(r"([a-z]{2})y(\s|$)", "${1}i${2}", "A final -y and -i are the same sound (Hendry = Hendri, Yuly = Yuli)."),
    Rule(
        r"y",
        "j",
        "Old spelling writes y as j (Tjahjono = Cahyono, Jusuf = Yusuf, Sjahrir = Syahrir, Njoman = Nyoman); "
        "the canonical form writes j for both, so either spelling compares equal.",
    ),
)

BUSINESS_NAME_RULES: tuple[Rule, ...] = (
    Rule(r"[`'’‘\"]", "", "Apostrophes vary by keyboard."),
    Rule(
        r"^(?:(?:cv|ud|pt|pd|fa|toko|tk|warung\s+makan|warung|wr|warkop|kedai|kios|usaha|home\s+industri|home\s+industry|irt|"
        r"industri\s+rumah\s+tangga|rumah\s+makan|rm|depot|umkm|ukm|kelompok|kub|pokmas)" + _END + r"\s*)+",
        "",
        "Legal forms (CV, UD, PT) and shop words (Toko, Warung, Kedai, IRT) are added or dropped between "
        "registrations of the same business; they say what kind of outlet it is, not which one.",
    ),
    Rule(
        r"(?:\s|,)+(?:cv|ud|pt|tbk)\.?$",
        "",
        "The legal form is sometimes written after the name ('Maju Jaya, CV').",
    ),
    Rule(r"&", " dan ", "'&' and 'dan' are the same word."),
    Rule(r"[^a-z0-9 ]", " ", "Punctuation carries no identity."),
    *_SPACES,
)

ADDRESS_RULES: tuple[Rule, ...] = (
    Rule(r"(^|[\s,])(?:jl|jln|jalan)(?:\.|\s)\s*", "${1}jalan ", "Jl., Jln. and Jalan are one word (street)."),
    Rule(r"(^|[\s,])(?:gg|gang)(?:\.|\s)\s*", "${1}gang ", "Gg. and Gang are one word (alley)."),
    Rule(r"(^|[\s,])(?:dsn|dusun)(?:\.|\s)\s*", "${1}dusun ", "Dsn. and Dusun are one word (hamlet)."),
    Rule(
        r"(^|[\s,])(?:kel|kelurahan|desa|ds)(?:\.|\s)\s*",
        "${1}desa ",
        "Kel., Kelurahan, Desa, Ds. all name the village.",
    ),
    Rule(r"(^|[\s,])(?:kec|kecamatan)(?:\.|\s)\s*", "${1}kec ", "Kec. and Kecamatan are one word (district)."),
    Rule(r"(^|[\s,])(?:no|nomor|nmr)(?:\.|\s)\s*", "${1}no ", "No., Nomor and Nmr. introduce the house number."),
    Rule(r"(^|[\s,])(?:perum|perumahan)(?:\.|\s)\s*", "${1}perum ", "Perum. abbreviates Perumahan (housing estate)."),
    Rule(
        r"rt\.?\s*0*(\d+)\s*[/,]?\s*rw\.?\s*0*(\d+)",
        "rt ${1} rw ${2}",
        "'RT 03 RW 02', 'Rt.3/Rw.2' and 'RT003 RW002' are one neighbourhood unit; leading zeros are padding.",
    ),
    Rule(
        r"(^|[\s,])0*(\d{1,3})\s*/\s*0*(\d{1,3})(\s|,|$)",
        "${1}rt ${2} rw ${3}${4}",
        "'003/002' is the short form of RT 003 RW 002.",
    ),
    Rule(r"rt\.?\s*0*(\d+)", "rt ${1}", "An RT alone is padded with zeros the same way."),
    Rule(r"rw\.?\s*0*(\d+)", "rw ${1}", "An RW alone is padded with zeros the same way."),
    Rule(r"[^a-z0-9 ]", " ", "Commas and dots between parts carry no identity."),
    *_SPACES,
)


def _fold(text: str | None) -> str:
    return (text or "").lower()


def normalise_person_name(name: str | None) -> str | None:
    """A person's name without titles, with abbreviations expanded and spellings made canonical."""
    cleaned = apply_rules(_fold(name), PERSON_NAME_RULES)
    canonical = apply_rules(cleaned, PERSON_SPELLING_RULES)
    return canonical or None


def normalise_business_name(name: str | None) -> str | None:
    """A business name without legal forms and shop words, spelling canonicalised like person names.

    Business names are often a person's name ("Keripik Bu Sri") so the spelling rules apply too.
    If stripping would leave nothing (a business called just "Toko") the cleaned original is kept.
    """
    folded = _fold(name)
    stripped = apply_rules(folded, BUSINESS_NAME_RULES) or apply_rules(folded, _SPACES)
    return apply_rules(stripped, PERSON_SPELLING_RULES) or None


def normalise_address(address: str | None) -> str | None:
    """An address with its street/alley/hamlet words and RT/RW written one way."""
    return apply_rules(_fold(address), ADDRESS_RULES) or None


def person_name_expr(col: str) -> pl.Expr:
    """Vectorised ``normalise_person_name``."""
    cleaned = rules_expr(pl.col(col).str.to_lowercase(), PERSON_NAME_RULES)
    out = rules_expr(cleaned, PERSON_SPELLING_RULES)
    return pl.when(out == "").then(None).otherwise(out)


def business_name_expr(col: str) -> pl.Expr:
    """Vectorised ``normalise_business_name``."""
    folded = pl.col(col).str.to_lowercase()
    stripped = rules_expr(folded, BUSINESS_NAME_RULES)
    stripped = pl.when(stripped == "").then(rules_expr(folded, _SPACES)).otherwise(stripped)
    out = rules_expr(stripped, PERSON_SPELLING_RULES)
    return pl.when(out == "").then(None).otherwise(out)


def address_expr(col: str) -> pl.Expr:
    """Vectorised ``normalise_address``."""
    out = rules_expr(pl.col(col).str.to_lowercase(), ADDRESS_RULES)
    return pl.when(out == "").then(None).otherwise(out)


# ---- phones -------------------------------------------------------------------------------------


def normalise_phone(phone: str | None) -> str | None:
    """An Indonesian phone in +62 form, or None when it is not one (the registry's own validator decides)."""
    if not phone or not phone.strip():
        return None
    try:
        return normalize_phone_id(phone)
    except ValidationError:
        return None


def phone_expr(col: str) -> pl.Expr:
    """Vectorised ``normalise_phone`` for the forms offices write: 08…, 62…, +62…, with spaces, dots, dashes.

    Calling lokal-id per row would put a Python loop in the hot path; this expression encodes the same
    rule (national significant number of 8–12 digits not starting with 0) and a test keeps them in step.
    """
    digits = pl.col(col).str.replace_all(r"[^0-9+]", "").str.replace(r"^\+?62", "").str.replace(r"^0", "")
    ok = digits.str.contains(r"^[1-9][0-9]{7,11}$")
    return pl.when(ok).then(pl.lit("+62") + digits).otherwise(None)


# ---- NIK ----------------------------------------------------------------------------------------

_NIK_PLAUSIBLE = r"[1-9][1-9][0-9]{14}"
_NIK_PLACEHOLDERS = ("1234567890123456", "1234567812345678", "9876543210987654")
_NIK_STRUCTURE = re.compile(
    r"^[1-9][1-9](?:0[1-9]|[1-9][0-9])(?:0[1-9]|[1-9][0-9])(?:[0-7][0-9])(?:0[1-9]|1[0-2])\d{2}\d{4}$"
)


def nik_is_valid(nik: str) -> bool:
    """Whether 16 digits have a NIK's structure: region codes, a DDMMYY date (women +40), a serial not 0000.

    A structural check only: it runs on every row of an import, so it does not look the region up.
    """
    if not _NIK_STRUCTURE.match(nik) or nik[12:] == "0000":
        return False
    day = int(nik[6:8])
    return 1 <= day <= 31 or 41 <= day <= 71


def normalise_nik(nik: str | None) -> str | None:
    """The NIK's 16 digits, or None when the value cannot be a NIK.

    Separators (spaces, dots, dashes) and a spreadsheet's leading apostrophe are dropped. A value
    with the wrong length, a province code below 11, or a placeholder (one digit repeated,
    1234567890123456) becomes None rather than evidence: placeholders are shared by unrelated people.
    A NIK that is only structurally wrong (a typo or transposition in the date) is kept: the
    comparison's edit-distance levels are what recognise it.
    """
    if nik is None:
        return None
    digits = re.sub(r"[\s.\-/']", "", str(nik))
    plausible = re.fullmatch(_NIK_PLAUSIBLE, digits) and len(set(digits)) > 1 and digits not in _NIK_PLACEHOLDERS
    return digits if plausible else None


def nik_expr(col: str) -> pl.Expr:
    """Vectorised ``normalise_nik``."""
    digits = pl.col(col).cast(pl.String).str.replace_all(r"[\s.\-/']", "")
    repeated = digits.str.contains(r"^(?:0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$")
    ok = digits.str.contains(f"^{_NIK_PLAUSIBLE}$") & ~repeated & ~digits.is_in(list(_NIK_PLACEHOLDERS))
    return pl.when(ok).then(digits).otherwise(None)


def nik_valid_expr(col: str) -> pl.Expr:
    """Vectorised ``nik_is_valid`` on an already normalised NIK column (null stays null)."""
    day = pl.col(col).str.slice(6, 2).cast(pl.Int32, strict=False)
    return (
        pl.col(col).str.contains(_NIK_STRUCTURE.pattern)
        & (pl.col(col).str.slice(12, 4) != "0000")
        & (day.is_between(1, 31) | day.is_between(41, 71))
    )
