"""Eligibility compiled to SQL: every rule kind passing and failing, the SQL result equal to a plain Python
reading of the same rules, per-candidate explanations and preview counts."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from conftest import village
from sinergi.cooperatives.models import Cooperative
from sinergi.programs.eligibility import (
    Context,
    RuleSpec,
    eligible,
    explain,
    preview,
    universe,
)
from sinergi.programs.models import Enrollment
from sinergi.programs.rules import clean_rule
from sinergi.programs.tests.factories import business, past_aid, person
from sinergi.registry.models import Business, Person

AS_OF = dt.date(2025, 6, 1)
FUTURE = dt.date(2030, 1, 1)
PAST = dt.date(2024, 1, 1)


def ctx(target: str = "business", **kw) -> Context:
    values: dict[str, Any] = {
        "target": target,
        "program_kind": "bantuan_modal",
        "fiscal_year": 2025,
        "region_code": "17.08",
        "as_of": AS_OF,
        "program_id": None,
    }
    values.update(kw)
    return Context(**values)


def spec(kind: str, params: dict[str, Any], target: str = "business", key: str = "r1") -> RuleSpec:
    clean = clean_rule(kind=kind, params=params, target=target, program_kind="bantuan_modal")
    return RuleSpec(key=key, kind=kind, params=clean, label=kind)


def passing(rule: RuleSpec, c: Context) -> set[int]:
    return set(eligible(universe(c), [rule], c).values_list("pk", flat=True))


@pytest.fixture
def desa(regions) -> str:
    return village("17.08.01")


@pytest.fixture
def other_kecamatan(regions) -> str:
    return village("17.08.02")


# --- each rule kind, business target: (kind, params, builds a passing and a failing list of candidates) ---


def _legality_nib(d, clusters):
    return [business(d, docs=(("nib", None),))], [business(d), business(d, docs=(("pirt", None),))]


def _legality_documents(d, clusters):
    good = business(d, docs=(("halal", FUTURE), ("pirt", None)))
    return [good], [business(d, docs=(("halal", PAST), ("pirt", None))), business(d, docs=(("pirt", None),))]


def _scale(d, clusters):
    return [business(d, scale="mikro"), business(d, scale="kecil")], [business(d, scale="menengah"), business(d)]


def _cluster(d, clusters):
    return [business(d, cluster=clusters["batik"])], [business(d, cluster=clusters["kopi"]), business(d)]


def _poverty(d, clusters):
    yes = business(d, owner=person(d, decile=3))
    return [yes], [business(d, owner=person(d, decile=4)), business(d, owner=person(d)), business(d)]


def _gender(d, clusters):
    return [business(d, owner=person(d, sex="P"))], [business(d, owner=person(d, sex="L")), business(d)]


def _age(d, clusters):
    # On 1 June 2025: 18 today, 35 until tomorrow — in; 17, 36 today, unknown, no owner — out.
    ins = [
        business(d, owner=person(d, birth=dt.date(2007, 6, 1))),
        business(d, owner=person(d, birth=dt.date(1989, 6, 2))),
    ]
    outs = [
        business(d, owner=person(d, birth=dt.date(2007, 6, 2))),
        business(d, owner=person(d, birth=dt.date(1989, 6, 1))),
        business(d, owner=person(d)),
        business(d),
    ]
    return ins, outs


def _not_aided(d, clusters):
    old = business(d)
    past_aid(kind="bantuan_modal", year=2021, business=old)  # before 2025 − 3
    other_kind = business(d)
    past_aid(kind="diklat", year=2024, business=other_kind)
    dropped = business(d)
    Enrollment.objects.filter(pk=past_aid(kind="bantuan_modal", year=2024, business=dropped).pk).update(
        status="dropped"
    )
    recent = business(d)
    past_aid(kind="bantuan_modal", year=2022, business=recent)
    owner = person(d)
    via_owner = business(d, owner=owner)
    past_aid(kind="bantuan_modal", year=2024, business=business(d, owner=owner), person=owner)
    return [old, other_kind, dropped, business(d)], [recent, via_owner]


CASES: dict[str, tuple[str, dict[str, Any], Any]] = {
    "legality NIB": ("legality", {"nib": True}, _legality_nib),
    "legality valid halal and PIRT": ("legality", {"documents": ["halal", "pirt"]}, _legality_documents),
    "scale": ("scale", {"in": ["mikro", "kecil"]}, _scale),
    "cluster": ("cluster", {"in": ["batik"]}, _cluster),
    "poverty": ("poverty", {"max_decile": 3}, _poverty),
    "gender": ("gender", {"in": ["P"]}, _gender),
    "age": ("age", {"min": 18, "max": 35}, _age),
    "not aided": ("not_aided", {"years": 3}, _not_aided),
}


@pytest.mark.parametrize("case", list(CASES))
def test_business_rule_passes_and_fails(case, desa, clusters):
    kind, params, build = CASES[case]
    ins, outs = build(desa, clusters)
    got = passing(spec(kind, params), ctx())
    assert {b.pk for b in ins} <= got
    assert not {b.pk for b in outs} & got


def test_region_rule_keeps_whole_segments(desa, other_kecamatan):
    inside, outside = business(desa), business(other_kecamatan)
    got = passing(spec("region", {"prefixes": ["17.08.01"]}), ctx())
    assert inside.pk in got
    assert outside.pk not in got


def test_universe_is_the_organiser_region(desa, jember_desa):
    here, there = business(desa), business(jember_desa)
    ids = set(universe(ctx()).values_list("pk", flat=True))
    assert here.pk in ids
    assert there.pk not in ids


def test_person_target_rules(desa):
    c = ctx("person")
    young_poor_woman = person(desa, sex="P", birth=dt.date(2000, 1, 1), decile=1)
    old_man = person(desa, sex="L", birth=dt.date(1950, 1, 1), decile=9)
    aided = person(desa, sex="P", birth=dt.date(2000, 1, 1), decile=1)
    past_aid(kind="bantuan_modal", year=2024, person=aided)
    rules = [
        spec("gender", {"in": ["P"]}, "person", "r1"),
        spec("age", {"max": 40}, "person", "r2"),
        spec("poverty", {"max_decile": 2}, "person", "r3"),
        spec("not_aided", {"years": 2}, "person", "r4"),
    ]
    assert set(eligible(universe(c), rules, c).values_list("pk", flat=True)) == {young_poor_woman.pk}
    [why] = [e for e in explain(universe(c), rules, c) if e.pk == old_man.pk]
    assert [s.key for s in why.failed] == ["r1", "r2", "r3"]
    [why] = [e for e in explain(universe(c), rules, c) if e.pk == aided.pk]
    assert [s.key for s in why.failed] == ["r4"]


def test_cooperative_target_rules(regions):
    c = ctx("cooperative")
    region = village("17.08.01")
    healthy = Cooperative.objects.create(
        name="KSP Sehat", kind="ksp", region_id=region, nik_koperasi="1708010000000001", health_predicate="SEHAT"
    )
    watched = Cooperative.objects.create(
        name="KSP Diawasi", kind="ksp", region_id=region, health_predicate="DALAM_PENGAWASAN"
    )
    unknown = Cooperative.objects.create(
        name="KSP Baru", kind="ksp", region_id="17.08", nik_koperasi="1708000000000002"
    )
    aided = Cooperative.objects.create(
        name="KSP Dibantu", kind="ksp", region_id=region, nik_koperasi="1708010000000003", health_predicate="SEHAT"
    )
    past_aid(kind="bantuan_modal", year=2025, cooperative=aided)
    health = spec("cooperative_health", {"in": ["SEHAT", "CUKUP_SEHAT"]}, "cooperative", "r1")
    nik = spec("legality", {"nik_koperasi": True}, "cooperative", "r2")
    fresh = spec("not_aided", {"years": 0}, "cooperative", "r3")
    assert passing(health, c) == {healthy.pk, aided.pk}
    assert passing(nik, c) == {healthy.pk, unknown.pk, aided.pk}
    assert set(eligible(universe(c), [health, nik, fresh], c).values_list("pk", flat=True)) == {healthy.pk}
    assert watched.pk not in passing(nik, c)


def test_the_program_itself_is_not_earlier_aid(desa):
    b = business(desa)
    e = past_aid(kind="bantuan_modal", year=2025, business=b)
    rule = spec("not_aided", {"years": 1})
    assert b.pk not in passing(rule, ctx())
    assert b.pk in passing(rule, ctx(program_id=e.program_id))


# --- SQL against a plain Python reading of the rules, on a mixed set ---


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def reference(b: Business, s: RuleSpec, c: Context, enrollments: list[Enrollment]) -> bool:
    p, owner = s.params, b.owner
    if s.kind == "legality":
        docs = list(b.documents.all())
        ok = not p["nib"] or b.has_nib
        for kind in p["documents"]:
            ok = ok and any(d.kind == kind and (d.expires_on is None or d.expires_on >= c.as_of) for d in docs)
        return ok
    if s.kind == "scale":
        return b.scale in p["in"]
    if s.kind == "cluster":
        return b.cluster is not None and b.cluster.slug in p["in"]
    if s.kind == "region":
        return any(b.desa_id == x or b.desa_id.startswith(x + ".") for x in p["prefixes"])
    if s.kind == "poverty":
        return owner is not None and owner.poverty_decile is not None and owner.poverty_decile <= p["max_decile"]
    if s.kind == "gender":
        return owner is not None and owner.sex in p["in"]
    if s.kind == "age":
        if owner is None or owner.birth_date is None:
            return False
        age = _age_on(owner.birth_date, c.as_of)
        return (p["min"] is None or age >= p["min"]) and (p["max"] is None or age <= p["max"])
    assert s.kind == "not_aided"
    return not any(
        e.status != "dropped"
        and e.program.kind in p["kinds"]
        and e.program.fiscal_year >= c.fiscal_year - p["years"]
        and (e.business_id == b.pk or (b.owner_id is not None and e.person_id == b.owner_id))
        for e in enrollments
    )


@pytest.fixture
def mixed(regions, clusters) -> list[Business]:
    rng = random.Random(7)
    villages = [village("17.08.01", 0), village("17.08.01", 1), village("17.08.02", 0), village("17.08.03", 0)]
    owners = [None] + [
        person(
            rng.choice(villages),
            sex=rng.choice(["", "L", "P"]),
            birth=rng.choice([None, dt.date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28))]),
            decile=rng.choice([None, *range(1, 11)]),
        )
        for _ in range(25)
    ]
    out = []
    for _ in range(60):
        docs = tuple(
            (kind, rng.choice([None, PAST, FUTURE])) for kind in ("nib", "halal", "pirt") if rng.random() < 0.45
        )
        out.append(
            business(
                rng.choice(villages),
                owner=rng.choice(owners),
                cluster=rng.choice([None, clusters["batik"], clusters["kopi"], clusters["kuliner"]]),
                scale=rng.choice(["", "mikro", "mikro", "kecil", "menengah"]),
                docs=docs,
            )
        )
    for _ in range(20):
        b = rng.choice(out)
        past_aid(
            kind=rng.choice(["bantuan_modal", "diklat"]),
            year=rng.randint(2019, 2025),
            business=b,
            person=b.owner if rng.random() < 0.7 else None,
        )
    return out


COMBINATIONS = [
    [("legality", {"nib": True}), ("scale", {"in": ["mikro"]})],
    [("legality", {"documents": ["halal"]}), ("cluster", {"in": ["kuliner", "kopi"]})],
    [("region", {"prefixes": ["17.08.01"]}), ("gender", {"in": ["P"]}), ("age", {"min": 25, "max": 55})],
    [("poverty", {"max_decile": 4}), ("not_aided", {"years": 3})],
    [
        ("not_aided", {"years": 5, "kinds": ["bantuan_modal", "diklat"]}),
        ("legality", {"nib": True, "documents": ["pirt"]}),
    ],
    [(k, p) for k, p, _ in CASES.values()],
]


@pytest.mark.parametrize("combination", range(len(COMBINATIONS)))
def test_sql_equals_python_reference(combination, mixed):
    c = ctx()
    specs = [spec(k, p, key=f"r{i}") for i, (k, p) in enumerate(COMBINATIONS[combination], start=1)]
    enrollments = list(Enrollment.objects.select_related("program"))
    everyone = list(universe(c).select_related("owner", "cluster").prefetch_related("documents").order_by("pk"))
    expected = {b.pk for b in everyone if all(reference(b, s, c, enrollments) for s in specs)}
    assert set(eligible(universe(c), specs, c).values_list("pk", flat=True)) == expected
    explained = {e.pk: e for e in explain(universe(c), specs, c, limit=1000)}
    assert set(explained) == {b.pk for b in everyone}  # nobody without an owner drops out of the list
    for b in everyone:
        assert [s.key for s in explained[b.pk].failed] == [
            s.key for s in specs if not reference(b, s, c, enrollments)
        ], b.pk
    assert everyone


def test_explanation_names_the_failed_rules(desa, clusters):
    b = business(desa, cluster=clusters["kopi"], scale="mikro")
    rules = [
        spec("legality", {"nib": True}, key="r1"),
        spec("scale", {"in": ["mikro"]}, key="r2"),
        spec("cluster", {"in": ["batik"]}, key="r3"),
    ]
    [why] = explain(Business.objects.filter(pk=b.pk), rules, ctx())
    assert [s.key for s in why.passed] == ["r2"]
    assert [s.key for s in why.failed] == ["r1", "r3"]
    assert not why.eligible


def test_preview_counts_candidates_eligible_and_failures_per_rule(desa, clusters):
    business(desa, docs=(("nib", None),), scale="mikro")
    business(desa, docs=(("nib", None),), scale="kecil")
    business(desa, scale="mikro")
    rules = [spec("legality", {"nib": True}, key="r1"), spec("scale", {"in": ["mikro"]}, key="r2")]
    result = preview(universe(ctx()), rules, ctx(), per_rule=True)
    assert (result.candidates, result.eligible) == (3, 1)
    assert result.failing == {"r1": 1, "r2": 1}
    assert Person.objects.count() == 0  # none of these businesses has an owner
