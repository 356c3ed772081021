"""The Fellegi–Sunter models (Splink settings) for persons and businesses, and their stored form.

A model is a plain dict (JSON-safe): Splink's own settings with the trained m and u probabilities,
plus the recommended threshold and what it was trained on. ``model_to_json`` / ``model_from_json``
are the only way in and out, so a stored run can be reproduced exactly with the model it used.
Blocking rules and comparisons are written as SQL (DuckDB dialect) rather than through Splink's
builders so the stored JSON reads the same as this file. ``docs/linkage.md`` explains each choice.

Longer than the house's 400 lines on purpose: both models' comparisons and levels are data read
side by side with their stored form; a split would separate a comparison from its documented reason.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

import splink

Kind = Literal["person", "business"]

MODEL_FORMAT = "sinergi.linkage/1"
NORMALISATION_VERSION = 1
TRAINED_DIR = Path(__file__).with_name("trained")

# Recommended thresholds on match_probability, chosen on held-out synthetic data (see docs/linkage.md).
DEFAULT_THRESHOLDS: dict[str, float] = {"person": 0.9, "business": 0.3}

# A blocking key shared by more records than this is a placeholder ("08123456789" for everybody
# registered at one event), not an identifier; features.py nulls it in the *_block columns.
BLOCK_KEY_MAX_SHARED = 20
# A name word shared by more records than this within one desa (or a name within one kecamatan) is
# common there ("Siti" in a Javanese village of a thousand people): such a group blocks only with one
# more key, chosen per rule in features.py, so a million records give tens of millions of pairs to
# score instead of hundreds of millions. Small groups block on the word alone, as before.
BLOCK_GROUP_CAP = 40


def _null(col: str) -> dict[str, Any]:
    return {
        "sql_condition": f'"{col}_l" IS NULL OR "{col}_r" IS NULL',
        "label_for_charts": "missing",
        "is_null_level": True,
    }


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _else() -> dict[str, Any]:
    return _level("ELSE", "different")


def _simple(col: str, *, tf: bool = False) -> dict[str, Any]:
    exact = _level(f'"{col}_l" = "{col}_r"', "exact", **({"tf_adjustment_column": col} if tf else {}))
    return {"output_column_name": col, "comparison_levels": [_null(col), exact, _else()]}


# Levels whose condition includes another comparison's agreement (the same date of birth, names
# alike): their u and m are measured among the labelled pairs that agree so (training.py), not among
# all pairs, so the agreement is counted once, by its own comparison. (comparison, level label) ->
# (a column the pairs share, an SQL condition they meet as well, or None).
_NAMES_ALIKE = (
    '("name_norm_l" = "name_norm_r" OR "name_key_l" = "name_key_r" '
    'OR jaro_winkler_similarity("name_norm_l", "name_norm_r") >= 0.94)'
)
NIK_HEAD_TYPO = "one or two digits wrong before the serial, same date of birth, names alike"
NIK_SERIAL_TYPO = "serial one or two digits off, same date of birth, names alike"
NIK_NO_DOB = "one or two digits off, no date of birth to compare, names alike"
NIK_NEAR_SAME_DOB = "one or two digits off, same date of birth"
CONDITIONAL_LEVELS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("nik", NIK_HEAD_TYPO): ("dob", _NAMES_ALIKE),
    ("nik", NIK_SERIAL_TYPO): ("dob", _NAMES_ALIKE),
    # Pairs with the same sorted name words stand for those whose names are alike.
    ("nik", NIK_NO_DOB): ("name_key", _NAMES_ALIKE),
    ("nik", NIK_NEAR_SAME_DOB): ("dob", None),
}


def _nik() -> dict[str, Any]:
    """A person's NIK, read as its three parts: kecamatan of registration, birth date, serial.

    The first six digits are the kecamatan where the person was registered, the next six the birth
    date (day + 40 for women), the last four a serial counting the people registered there with that
    birth date (0001, 0002, …). Two neighbours born on one day therefore have NIKs that differ only
    in the serial, and their NIKs' date digits agree exactly when their dates of birth do: a NIK
    one or two digits off is, on its own, what neighbours look like. So a near NIK is split by what
    else is known:

    - the same date of birth: with the names alike, a mistyped digit before the serial (the serial
      agrees) and a mistyped serial (the first twelve digits agree) are separate levels; with other
      names it is one level, which the data makes evidence against (most such pairs are two people);
    - no date of birth on one side, the names alike: the NIK's date digits are then the only date
      evidence;
    - otherwise (the dates of birth differ, or a missing one and names unlike): a weaker level.

    The names are alike as the name comparison's three strongest levels say (exact, the same words
    reordered, Jaro-Winkler >= 0.94). Each level that includes the same date of birth or names alike
    is trained among the pairs that agree so (``CONDITIONAL_LEVELS``): the date of birth and the name
    comparisons count those agreements already. Damerau-Levenshtein counts a transposition (…1234 → …1324) as
    one edit.
    """
    near = 'damerau_levenshtein("nik_l", "nik_r") <= 2'
    head = 'substr("nik_l", 1, 12) = substr("nik_r", 1, 12)'
    serial = 'substr("nik_l", 13, 4) = substr("nik_r", 13, 4)'
    same_dob = '"dob_l" = "dob_r"'
    no_dob = '("dob_l" IS NULL OR "dob_r" IS NULL)'
    names_alike = _NAMES_ALIKE
    return {
        "output_column_name": "nik",
        "comparison_levels": [
            _null("nik"),
            _level('"nik_l" = "nik_r"', "exact"),
            _level(f"{near} AND {serial} AND {same_dob} AND {names_alike}", NIK_HEAD_TYPO),
            _level(f"{near} AND {head} AND {same_dob} AND {names_alike}", NIK_SERIAL_TYPO),
            _level(f"{near} AND {no_dob} AND {names_alike}", NIK_NO_DOB),
            _level(f"{near} AND {same_dob}", NIK_NEAR_SAME_DOB),
            _level(near, "one or two digits off, otherwise"),
            _else(),
        ],
    }


def _name(prefix: str, norm: str) -> dict[str, Any]:
    """A normalised name, from exact (adjusted for how common the name is) down to sharing one word.

    The first word is what tells relatives apart (Ahmad Fauzi and his son Muhammad Fauzi; Yohana
    and Maria Rahayaan), so the weaker levels say whether the first words agree.
    """
    toks = f"{prefix}_tokens"
    return {
        "output_column_name": norm,
        "comparison_levels": [
            _null(norm),
            _level(f'"{norm}_l" = "{norm}_r"', "exact", tf_adjustment_column=norm),
            _level(f'"{prefix}_key_l" = "{prefix}_key_r"', "same words, other order"),
            _level(f'jaro_winkler_similarity("{norm}_l", "{norm}_r") >= 0.94', "Jaro-Winkler >= 0.94"),
            _level(
                f'list_has_all("{toks}_l", "{toks}_r") OR list_has_all("{toks}_r", "{toks}_l")',
                "one name's words all in the other",
            ),
            _level(
                f'jaro_winkler_similarity("{norm}_l", "{norm}_r") >= 0.85 AND '
                f'jaro_winkler_similarity("{prefix}_first_l", "{prefix}_first_r") >= 0.88',
                "Jaro-Winkler >= 0.85, same first word",
            ),
            _level(f'"{prefix}_first_l" = "{prefix}_first_r"', "same first word only"),
            # Relatives share a surname or a family name with different first words: keep them apart.
            _level(f'len(list_intersect("{toks}_l", "{toks}_r")) >= 1', "shares a word, first words differ"),
            _else(),
        ],
    }


def _business_name() -> dict[str, Any]:
    """A normalised business name. Unlike a person's, its first word is no better than the others.

    Business names are retyped more freely than people's: a dropped first letter ("Ikan Asin" /
    "kan Asin"), the owner's name added or left off ("Kerupuk Bu Agustina" / "Kerupuk Bu"). So the
    levels look at the whole string's edit distance and at the share of words in common, and no
    level punishes a different first word. The first level compares the names without their owners'
    name words, so the owner's first name in "Kopi Bu Agus" is not counted twice (it is the owner
    comparison's evidence) and "Kerupuk Bu" / "Kerupuk Bu Agustina" of one Agustina agree.
    """
    norm, toks = "name_norm", "name_tokens"
    common = f'len(list_intersect("{toks}_l", "{toks}_r"))'
    union = f'len(list_distinct(list_concat("{toks}_l", "{toks}_r")))'
    return {
        "output_column_name": norm,
        "comparison_levels": [
            _null(norm),
            # The names agree once each is read without its owner's name (features._name_core), judged
            # by how common the rest is: "kopi bu" is shared by many shops, "sumber rejeki abadi" by few.
            _level('"name_core_l" = "name_core_r"', "same name, owner's name aside", tf_adjustment_column="name_core"),
            _level(f'"{norm}_l" = "{norm}_r"', "exact", tf_adjustment_column=norm),
            _level('"name_key_l" = "name_key_r"', "same words, other order"),
            _level(f'damerau_levenshtein("{norm}_l", "{norm}_r") <= 2', "one or two letters differ"),
            _level(f'jaro_winkler_similarity("{norm}_l", "{norm}_r") >= 0.94', "Jaro-Winkler >= 0.94"),
            _level(
                f'list_has_all("{toks}_l", "{toks}_r") OR list_has_all("{toks}_r", "{toks}_l")',
                "one name's words all in the other",
            ),
            _level(f"{common} * 3 >= {union} * 2", "two thirds of the words in common"),
            _level(f"{common} * 2 >= {union}", "half of the words in common"),
            _level(f'jaro_winkler_similarity("{norm}_l", "{norm}_r") >= 0.85', "Jaro-Winkler >= 0.85"),
            _level(f"{common} >= 1", "shares a word"),
            _else(),
        ],
    }


def _birth_date() -> dict[str, Any]:
    return {
        "output_column_name": "dob",
        "comparison_levels": [
            _null("dob"),
            _level('"dob_l" = "dob_r"', "exact"),
            _level('damerau_levenshtein("dob_l", "dob_r") <= 1', "one digit typed wrong or swapped"),
            _level('substr("dob_l", 1, 7) = substr("dob_r", 1, 7)', "same year and month"),
            _level('"dob_year_l" = "dob_year_r"', "same year"),
            _else(),
        ],
    }


def _contact() -> dict[str, Any]:
    """Phone, address and desa as one comparison: a household shares all three, so they are one piece of evidence.

    Scored separately, a spouse or a child (same phone, same address, same desa) would collect the
    evidence three times over and outweigh a different first name or NIK. One comparison with joint
    levels lets the u probability of "same phone and same address" reflect how rarely two random
    records share both, once.
    """
    phone = '"phone_l" = "phone_r"'
    desa = '"desa_l" = "desa_r"'
    address = '"address_norm_l" = "address_norm_r"'
    similar = 'jaro_winkler_similarity("address_norm_l", "address_norm_r") >= 0.9'
    return {
        "output_column_name": "contact",
        "comparison_levels": [
            {
                "sql_condition": '"desa_l" IS NULL OR "desa_r" IS NULL',
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            _level(f"{phone} AND {desa} AND {similar}", "same phone, same desa and address"),
            _level(f"{phone} AND {desa}", "same phone, same desa"),
            _level(phone, "same phone"),
            _level(f"{desa} AND {address}", "same desa and address"),
            _level(f"{desa} AND {similar}", "same desa, similar address"),
            # The same street address under a neighbouring desa: a move, or the wrong desa picked from a list.
            _level(f'"kecamatan_l" = "kecamatan_r" AND {address}', "same kecamatan and address"),
            _level(desa, "same desa"),
            _level('"kecamatan_l" = "kecamatan_r"', "same kecamatan"),
            _else(),
        ],
    }


def _owner() -> dict[str, Any]:
    """Everything that identifies a business's owner, as one comparison with joint levels.

    The owner's NIK, name, phone and address all describe one person. One owner often runs two
    businesses (a warung and a catering service), so counting these four separately would merge
    them despite different business names; as one comparison they add up to "same owner" once,
    and the business name decides. Where both records carry an owner NIK and the two are more
    than two typos apart, the owners are two people whatever else agrees (namesakes, or a husband
    and wife sharing a phone), so each weaker level has a "NIKs differ" twin.
    """
    nik = '"owner_nik_l" = "owner_nik_r"'
    nik_typo = 'damerau_levenshtein("owner_nik_l", "owner_nik_r") <= 2'
    nik_conflict = f'("owner_nik_l" IS NOT NULL AND "owner_nik_r" IS NOT NULL AND NOT {nik_typo})'
    same_name = '("owner_norm_l" = "owner_norm_r" OR "owner_key_l" = "owner_key_r")'
    # The owner's name "agrees" loosely when close in spelling, the same words reordered, or one within the other.
    loose = (
        '(jaro_winkler_similarity("owner_norm_l", "owner_norm_r") >= 0.88 '
        'OR jaro_winkler_similarity("owner_key_l", "owner_key_r") >= 0.88 '
        'OR list_has_all("owner_tokens_l", "owner_tokens_r") OR list_has_all("owner_tokens_r", "owner_tokens_l"))'
    )
    # ... and closely when each word agrees: a shared first word says little, since a personal business
    # name ("Tenun Sasak Mas Nuraini") already carries it; "Nuraini Sumarni" / "Nuraini Nurhayati" are
    # similar strings but two women. A three-word name with its first word dropped still agrees.
    close = (
        f"({same_name} "
        'OR (jaro_winkler_similarity("owner_first_l", "owner_first_r") >= 0.9 '
        'AND jaro_winkler_similarity("owner_last_l", "owner_last_r") >= 0.9) '
        'OR (len("owner_tokens_r") >= 2 AND list_has_all("owner_tokens_l", "owner_tokens_r")) '
        'OR (len("owner_tokens_l") >= 2 AND list_has_all("owner_tokens_r", "owner_tokens_l")))'
    )
    phone = '"phone_l" = "phone_r"'
    desa = '"desa_l" = "desa_r"'
    # Two spellings of one address keep its numbers (house, RT, RW); neighbours' addresses differ in them.
    address = (
        '("address_norm_l" = "address_norm_r" OR '
        '(jaro_winkler_similarity("address_norm_l", "address_norm_r") >= 0.9 AND '
        "regexp_extract_all(\"address_norm_l\", '[0-9]+') = regexp_extract_all(\"address_norm_r\", '[0-9]+')))"
    )
    # Both records give a phone or an address and they differ: a new number or a move happens, but
    # two namesakes in one desa differ this way far more often.
    other_conflict = (
        f'(("phone_l" IS NOT NULL AND "phone_r" IS NOT NULL AND NOT {phone}) OR '
        f'("address_norm_l" IS NOT NULL AND "address_norm_r" IS NOT NULL AND NOT {address}))'
    )

    def twins(sql: str, label: str, **extra: Any) -> list[dict[str, Any]]:
        return [_level(f"{sql} AND {nik_conflict}", f"{label}, NIKs differ"), _level(sql, label, **extra)]

    def triplets(sql: str, label: str, **extra: Any) -> list[dict[str, Any]]:
        return [
            _level(f"{sql} AND {nik_conflict}", f"{label}, NIKs differ"),
            _level(f"{sql} AND {other_conflict}", f"{label}, phone or address differs", **extra),
            _level(sql, label, **extra),
        ]

    # Without a NIK, an owner's name agreeing says less when the name is common: two "Siti Aminah"
    # in one desa of a thousand businesses are often two women. Term frequency adjusts for that;
    # Splink scales the adjustment of these spelling-tolerant levels by the exact-name level below.
    by_name_frequency = {"tf_adjustment_column": "owner_norm"}

    return {
        "output_column_name": "owner",
        "comparison_levels": [
            {
                "sql_condition": '"desa_l" IS NULL OR "desa_r" IS NULL',
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            _level(f"{nik} AND {loose}", "same owner NIK and name"),
            _level(f"({nik} OR {nik_typo}) AND ({loose} OR {phone})", "owner NIK within two typos, same name or phone"),
            *twins(
                f"{close} AND ({phone} OR ({desa} AND {address}))",
                "same owner name and phone or address",
                **by_name_frequency,
            ),
            _level(nik, "same owner NIK, other name"),
            *twins(phone, "same phone"),
            # In a desa of a thousand businesses, the same owner's name is often two people: whether
            # their phones or addresses, where both records give one, agree tells them apart.
            *triplets(f"{same_name} AND {desa}", "same owner name, same desa", **by_name_frequency),
            *triplets(f"{close} AND {desa}", "similar owner name, same desa"),
            _level(f"{loose} AND {desa}", "owner names partly alike, same desa"),
            # Reached only when nothing above agrees: the same owner's name in another desa (a
            # neighbouring desa picked on one form).
            _level('"owner_norm_l" = "owner_norm_r"', "same owner name, another desa", **by_name_frequency),
            *twins(f"{desa} AND {address}", "same desa and address"),
            _level(desa, "same desa"),
            _level('"kecamatan_l" = "kecamatan_r"', "same kecamatan"),
            _else(),
        ],
    }


def _rule(sql: str) -> dict[str, str]:
    return {"blocking_rule": sql, "sql_dialect": "duckdb"}


PERSON_BLOCKING = [
    _rule("l.nik_block = r.nik_block"),
    _rule("l.phone_block = r.phone_block"),
    _rule("l.desa = r.desa AND l.first_in_desa = r.first_in_desa"),
    _rule("l.desa = r.desa AND l.last_in_desa = r.last_in_desa"),
    _rule("l.kecamatan = r.kecamatan AND l.dob = r.dob"),
    _rule("l.kecamatan = r.kecamatan AND l.key_in_kecamatan = r.key_in_kecamatan"),
    _rule("l.dob = r.dob AND l.name_first = r.name_first"),
]

BUSINESS_BLOCKING = [
    _rule("l.owner_nik_block = r.owner_nik_block"),
    _rule("l.phone_block = r.phone_block"),
    _rule("l.desa = r.desa AND l.first_in_desa = r.first_in_desa"),
    _rule("l.desa = r.desa AND l.owner_in_desa = r.owner_in_desa"),
    _rule("l.kecamatan = r.kecamatan AND l.key_in_kecamatan = r.key_in_kecamatan"),
]


def _settings(kind: Kind) -> dict[str, Any]:
    if kind == "person":
        comparisons = [
            _nik(),
            _name("name", "name_norm"),
            _birth_date(),
            _simple("sex"),
            _contact(),
        ]
        blocking = PERSON_BLOCKING
        prior = 1e-5
    else:
        comparisons = [
            _business_name(),
            _owner(),
        ]
        # No KBLI comparison: offices pick KBLI codes inconsistently (the same warung as 56102 or
        # 47111), so a KBLI disagreement is weak evidence that would still cost true matches.
        blocking = BUSINESS_BLOCKING
        prior = 1e-5
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking,
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": ["source"],
        "em_convergence": 0.0001,
        "max_iterations": 25,
        "linker_uid": f"sinergi_{kind}",
    }


def untrained_model(kind: Kind, *, threshold: float | None = None) -> dict[str, Any]:
    """A model for ``kind`` with no m/u probabilities yet: the starting point of ``training.train_model``."""
    return model_to_json(
        kind=kind, settings=_settings(kind), threshold=threshold or DEFAULT_THRESHOLDS[kind], trained_on={}
    )


def model_to_json(
    *,
    kind: Kind,
    settings: dict[str, Any],
    threshold: float,
    trained_on: dict[str, Any],
    prior_for_records: int | None = None,
) -> dict[str, Any]:
    """The stored form of a model: JSON-safe, complete enough to reproduce a run's predictions."""
    model = {
        "format": MODEL_FORMAT,
        "kind": kind,
        "splink_version": splink.__version__,
        "normalisation_version": NORMALISATION_VERSION,
        "threshold": float(threshold),
        "trained_on": trained_on,
        "prior_for_records": prior_for_records,
        "settings": settings,
    }
    return json.loads(json.dumps(model))  # a deep copy that proves it is JSON-safe


def model_from_json(model: dict[str, Any] | str) -> dict[str, Any]:
    """Check and return a stored model (a dict or its JSON text); raises ValueError when it is not one."""
    data = json.loads(model) if isinstance(model, str) else copy.deepcopy(model)
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a {MODEL_FORMAT} linkage model")
    if data.get("kind") not in ("person", "business"):
        raise ValueError("a linkage model's kind is 'person' or 'business'")
    if data.get("normalisation_version") != NORMALISATION_VERSION:
        raise ValueError("this model was trained on a different normalisation; retrain it")
    if not isinstance(data.get("settings"), dict) or not 0.0 < float(data["threshold"]) < 1.0:
        raise ValueError("a linkage model needs settings and a threshold between 0 and 1")
    return data


def scale_prior(model: dict[str, Any], n_records: int) -> dict[str, Any]:
    """The model with its prior (probability that two random records match) rescaled to ``n_records``.

    Each person has about the same number of duplicates however many records a run holds, so the
    chance that two random records match falls as 1/(n - 1). A model trained on 65,000 records
    and run on a million would otherwise overstate the prior sixteen-fold. ``prior_for_records`` says
    which size the stored prior belongs to, so re-running the returned model on the same records
    changes nothing.
    """
    scaled = copy.deepcopy(model)
    base_n = int(model.get("prior_for_records") or 0)
    if base_n > 1 and n_records > 1 and base_n != n_records:
        prior = float(model["settings"]["probability_two_random_records_match"])
        scaled["settings"]["probability_two_random_records_match"] = min(0.5, prior * (base_n - 1) / (n_records - 1))
        scaled["prior_for_records"] = n_records
    return scaled


@cache
def _stored_default(kind: str) -> str:
    return (TRAINED_DIR / f"{kind}.json").read_text(encoding="utf-8")


def default_model(kind: Kind) -> dict[str, Any]:
    """The model shipped with Sinergi for ``kind``, trained once on synthetic data (see training.py)."""
    return model_from_json(_stored_default(kind))
