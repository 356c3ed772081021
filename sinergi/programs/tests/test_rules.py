"""Rule parameters: checked, put in canonical form, refused with a message that says what is wrong."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sinergi.programs.rules import clean_rule, describe


def clean(kind, params, target="business", program_kind="studi_banding"):
    return clean_rule(kind=kind, params=params, target=target, program_kind=program_kind)


def error(kind, params, target="business") -> str:
    with pytest.raises(ValidationError) as exc:
        clean(kind, params, target)
    [(field, [message])] = exc.value.message_dict.items()
    return f"{field}: {message}"


def test_canonical_forms():
    assert clean("legality", {"documents": ["halal", "halal", "pirt"]}) == {
        "nib": False,
        "documents": ["halal", "pirt"],
    }
    assert clean("scale", {"in": "mikro"}) == {"in": ["mikro"]}
    assert clean("region", {"prefixes": ["35.09", "35.09.01.2001"]}) == {"prefixes": ["35.09", "35.09.01.2001"]}
    assert clean("age", {"min": 18}) == {"min": 18, "max": None}
    assert clean("not_aided", {"years": 3}) == {"years": 3, "kinds": ["studi_banding"]}
    assert clean("legality", {"nik_koperasi": True}, "cooperative") == {"nik_koperasi": True, "legal_entity": False}
    assert clean("cooperative_health", {"in": ["SEHAT"]}, "cooperative") == {"in": ["SEHAT"]}


@pytest.mark.parametrize(
    ("kind", "params", "target", "expected"),
    [
        ("legality", {}, "business", "Require an NIB"),
        ("legality", {"documents": ["ktp"]}, "business", "Unknown document kind: ktp"),
        ("legality", {"nib": "yes"}, "business", "“nib” is true or false"),
        ("scale", {"in": ["huge"]}, "business", "Unknown scale: huge"),
        ("scale", {"in": []}, "business", "List at least one scale"),
        ("cluster", {"in": ["Batik Tulis"]}, "business", "cluster code"),
        ("region", {"prefixes": ["35.0"]}, "business", "not 35.0"),
        ("poverty", {"max_decile": 11}, "business", "from 1 to 10"),
        ("poverty", {"max_decile": True}, "business", "from 1 to 10"),
        ("gender", {"in": ["W"]}, "business", "Unknown sex: W"),
        ("age", {"min": 40, "max": 30}, "business", "minimum age is above"),
        ("age", {}, "business", "minimum age, a maximum age"),
        ("not_aided", {"years": -1}, "business", "from 0 to 50"),
        ("not_aided", {"years": 2, "kinds": ["lottery"]}, "business", "Unknown program kind"),
        ("scale", {"in": ["mikro"], "max": 3}, "business", "Unknown parameters: max"),
        ("cluster", {"in": ["batik"]}, "person", "does not apply"),
        ("cooperative_health", {"in": ["SEHAT"]}, "business", "does not apply"),
        ("cooperative_health", {"in": ["OK"]}, "cooperative", "Unknown health predicate"),
        ("wealth", {}, "business", "Unknown rule kind"),
        ("scale", ["mikro"], "business", "an object"),
    ],
)
def test_bad_parameters_say_what_is_wrong(kind, params, target, expected):
    assert expected in error(kind, params, target)


def test_descriptions():
    assert (
        describe(kind="legality", params={"nib": True, "documents": ["halal"]})
        == "Holds an NIB and a valid Halal certificate"
    )
    assert describe(kind="age", params={"min": 18, "max": 35}) == "The owner's age is 18 to 35"
    assert describe(kind="age", params={"min": None, "max": 35}, target="person") == "Age is at most 35"
    assert "Capital aid" in describe(kind="not_aided", params={"years": 3, "kinds": ["bantuan_modal"]})


def test_cooperative_health_rule_names_the_predicates():
    text = describe(kind="cooperative_health", params={"in": ["SEHAT", "CUKUP_SEHAT"]}, target="cooperative")
    assert text == "Cooperative health is Sehat, Cukup Sehat"
