"""Eligibility rules as data: which kinds apply to which target, their parameters checked and put in one
canonical form, and each rule said in words. Pure (no database); eligibility.py compiles them to SQL.

The parameter format of every kind is in docs/programs.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.programs.choices import ProgramKind, RuleKind, Target
from sinergi.registry.models import DocumentKind, Scale, Sex

APPLICABLE: dict[str, frozenset[str]] = {
    Target.BUSINESS: frozenset(
        {
            RuleKind.LEGALITY,
            RuleKind.SCALE,
            RuleKind.CLUSTER,
            RuleKind.REGION,
            RuleKind.POVERTY,
            RuleKind.GENDER,
            RuleKind.AGE,
            RuleKind.NOT_AIDED,
        }
    ),
    Target.PERSON: frozenset({RuleKind.REGION, RuleKind.POVERTY, RuleKind.GENDER, RuleKind.AGE, RuleKind.NOT_AIDED}),
    Target.COOPERATIVE: frozenset(
        {RuleKind.LEGALITY, RuleKind.REGION, RuleKind.NOT_AIDED, RuleKind.COOPERATIVE_HEALTH}
    ),
}

_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_SLUG = re.compile(r"^[-a-z0-9_]+$")
MAX_YEARS = 50


@cache
def health_predicates() -> tuple[str, ...]:
    """Predicate codes of every cooperative health rule set (SEHAT, CUKUP_SEHAT, …)."""
    from sinergi.cooperatives.health import RULE_SETS

    codes: dict[str, None] = {}
    for rule_set in RULE_SETS.values():
        for predicate in rule_set.predicates:
            codes[predicate.code] = None
    return tuple(codes)


def _fail(message: str) -> ValidationError:
    return ValidationError({"params": message})


def _flag(params: Mapping[str, Any], key: str) -> bool:
    value = params.get(key, False)
    if not isinstance(value, bool):
        raise _fail(_("“%(key)s” is true or false.") % {"key": key})
    return value


def _choices(params: Mapping[str, Any], key: str, allowed: Sequence[str], *, what: str) -> list[str]:
    """A non-empty list of allowed values, without repeats, in the given order."""
    values = params.get(key)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not values:
        raise _fail(_("List at least one %(what)s under “%(key)s”.") % {"what": what, "key": key})
    unknown = [v for v in values if not isinstance(v, str) or v not in allowed]
    if unknown:
        raise _fail(
            _("Unknown %(what)s: %(values)s (known: %(known)s).")
            % {"what": what, "values": ", ".join(map(str, unknown)), "known": ", ".join(allowed)}
        )
    return list(dict.fromkeys(values))


def _whole(params: Mapping[str, Any], key: str, *, low: int, high: int, required: bool) -> int | None:
    value = params.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _fail(_("“%(key)s” is a whole number from %(low)d to %(high)d.") % {"key": key, "low": low, "high": high})
    return value


def _only(params: Mapping[str, Any], keys: set[str]) -> None:
    unknown = sorted(set(params) - keys)
    if unknown:
        raise _fail(_("Unknown parameters: %(keys)s.") % {"keys": ", ".join(unknown)})


def _legality(params: Mapping[str, Any], target: str) -> dict[str, Any]:
    if target == Target.COOPERATIVE:
        _only(params, {"nik_koperasi", "legal_entity"})
        coop = {"nik_koperasi": _flag(params, "nik_koperasi"), "legal_entity": _flag(params, "legal_entity")}
        if not any(coop.values()):
            raise _fail(_("Require a NIK koperasi, a legal entity number, or both."))
        return coop
    _only(params, {"nib", "documents"})
    documents = params.get("documents") or []
    out: dict[str, Any] = {
        "nib": _flag(params, "nib"),
        "documents": _choices(params, "documents", DocumentKind.values, what=_("document kind")) if documents else [],
    }
    if not out["nib"] and not out["documents"]:
        raise _fail(_("Require an NIB, some document kinds, or both."))
    return out


def _age(params: Mapping[str, Any]) -> dict[str, Any]:
    _only(params, {"min", "max"})
    low = _whole(params, "min", low=0, high=120, required=False)
    high = _whole(params, "max", low=0, high=120, required=False)
    if low is None and high is None:
        raise _fail(_("Give a minimum age, a maximum age, or both."))
    if low is not None and high is not None and low > high:
        raise _fail(_("The minimum age is above the maximum."))
    return {"min": low, "max": high}


def _region(params: Mapping[str, Any]) -> dict[str, Any]:
    _only(params, {"prefixes"})
    prefixes = params.get("prefixes")
    if isinstance(prefixes, str):
        prefixes = [prefixes]
    if not isinstance(prefixes, list) or not prefixes:
        raise _fail(_("List at least one region code under “prefixes”."))
    bad = [p for p in prefixes if not isinstance(p, str) or not _REGION_CODE.match(p)]
    if bad:
        raise _fail(
            _("Region codes are written like 35, 35.09, 35.09.01 or 35.09.01.2001; not %(bad)s.")
            % {"bad": ", ".join(map(str, bad))}
        )
    return {"prefixes": list(dict.fromkeys(prefixes))}


def _cluster(params: Mapping[str, Any]) -> dict[str, Any]:
    _only(params, {"in"})
    slugs = params.get("in")
    if isinstance(slugs, str):
        slugs = [slugs]
    if not isinstance(slugs, list) or not slugs or not all(isinstance(s, str) and _SLUG.match(s) for s in slugs):
        raise _fail(_("List at least one cluster code under “in” (e.g. batik, kopi)."))
    return {"in": list(dict.fromkeys(slugs))}


def _not_aided(params: Mapping[str, Any], program_kind: str) -> dict[str, Any]:
    _only(params, {"years", "kinds"})
    years = _whole(params, "years", low=0, high=MAX_YEARS, required=True)
    kinds = params.get("kinds") or [program_kind]
    return {"years": years, "kinds": _choices({"kinds": kinds}, "kinds", ProgramKind.values, what=_("program kind"))}


def clean_rule(*, kind: str, params: Any, target: str, program_kind: str) -> dict[str, Any]:
    """The rule's parameters in canonical form; ValidationError ({"kind"|"params": message}) when the kind
    does not apply to the target or the parameters are wrong."""
    if kind not in RuleKind.values:
        raise ValidationError({"kind": _("Unknown rule kind “%(kind)s”.") % {"kind": kind}})
    if kind not in APPLICABLE[target]:
        raise ValidationError(
            {
                "kind": _("A “%(kind)s” rule does not apply to a program for %(target)s.")
                % {"kind": RuleKind(kind).label, "target": Target(target).label}
            }
        )
    if not isinstance(params, Mapping):
        raise _fail(_("The parameters are an object of names and values."))
    if kind == RuleKind.LEGALITY:
        return _legality(params, target)
    if kind == RuleKind.SCALE:
        _only(params, {"in"})
        return {"in": _choices(params, "in", Scale.values, what=_("scale"))}
    if kind == RuleKind.CLUSTER:
        return _cluster(params)
    if kind == RuleKind.REGION:
        return _region(params)
    if kind == RuleKind.POVERTY:
        _only(params, {"max_decile"})
        return {"max_decile": _whole(params, "max_decile", low=1, high=10, required=True)}
    if kind == RuleKind.GENDER:
        _only(params, {"in"})
        return {"in": _choices(params, "in", Sex.values, what=_("sex"))}
    if kind == RuleKind.AGE:
        return _age(params)
    if kind == RuleKind.NOT_AIDED:
        return _not_aided(params, program_kind)
    _only(params, {"in"})
    return {"in": _choices(params, "in", health_predicates(), what=_("health predicate"))}


def _labels(choices: Any, values: Sequence[str]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def describe(*, kind: str, params: Mapping[str, Any], target: str = Target.BUSINESS) -> str:
    """The rule in one sentence, as the explanation and the selection report show it."""
    if kind == RuleKind.LEGALITY:
        parts = []
        if params.get("nib"):
            parts.append(_("an NIB"))
        if params.get("documents"):
            parts.append(_("a valid %(kinds)s") % {"kinds": _labels(DocumentKind, params["documents"])})
        if params.get("nik_koperasi"):
            parts.append(_("a NIK koperasi"))
        if params.get("legal_entity"):
            parts.append(_("a legal entity number"))
        return _("Holds %(what)s") % {"what": _(" and ").join(parts)}
    if kind == RuleKind.SCALE:
        return _("Scale is %(scales)s") % {"scales": _labels(Scale, params["in"])}
    if kind == RuleKind.CLUSTER:
        return _("Cluster is %(clusters)s") % {"clusters": ", ".join(params["in"])}
    if kind == RuleKind.REGION:
        return _("Located in %(regions)s") % {"regions": ", ".join(params["prefixes"])}
    owner = target == Target.BUSINESS
    if kind == RuleKind.POVERTY:
        if owner:
            return _("The owner's P3KE poverty decile is at most %(n)d") % {"n": params["max_decile"]}
        return _("P3KE poverty decile is at most %(n)d") % {"n": params["max_decile"]}
    if kind == RuleKind.GENDER:
        text = _("The owner's sex is %(sexes)s") if owner else _("Sex is %(sexes)s")
        return text % {"sexes": _labels(Sex, params["in"])}
    if kind == RuleKind.AGE:
        low, high = params.get("min"), params.get("max")
        if low is not None and high is not None:
            text = _("The owner's age is %(low)d to %(high)d") if owner else _("Age is %(low)d to %(high)d")
        elif low is not None:
            text = _("The owner's age is at least %(low)d") if owner else _("Age is at least %(low)d")
        else:
            text = _("The owner's age is at most %(high)d") if owner else _("Age is at most %(high)d")
        return text % {"low": low, "high": high}
    if kind == RuleKind.NOT_AIDED:
        return _("Not aided by a %(kinds)s program in the last %(n)d years") % {
            "kinds": _labels(ProgramKind, params["kinds"]),
            "n": params["years"],
        }
    return _("Cooperative health is %(predicates)s") % {
        "predicates": ", ".join(_predicate_labels().get(code, code) for code in params["in"])
    }


def _predicate_labels() -> dict[str, str]:
    """The official names of the health predicates ("Cukup Sehat"), by code."""
    from sinergi.cooperatives.health import RULE_SETS

    return {p.code: p.label for rule_set in RULE_SETS.values() for p in rule_set.predicates}
