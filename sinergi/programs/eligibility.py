"""A program's eligibility rules compiled to SQL: one ``Q`` per rule over the target's table (Business,
Person or Cooperative), combined into one WHERE for counts and lists, or turned into one boolean column per
rule so that a page of candidates says which rules each passed or failed in the same query.

Nothing here loops over candidates in Python. Every rule is a condition on a column of the candidate, on
its owner (one join), or an EXISTS over documents or enrollments, which PostgreSQL runs as a semi-join
or anti-join when filtering and as an index probe per row on a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Exists, Model, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.cooperatives.models import Cooperative
from sinergi.programs.choices import EnrollmentStatus, RuleKind, Target
from sinergi.programs.models import Enrollment, Program
from sinergi.programs.rules import describe
from sinergi.registry.models import Business, LegalDocument, Person

TARGET_MODELS: dict[str, type[Model]] = {
    Target.BUSINESS: Business,
    Target.PERSON: Person,
    Target.COOPERATIVE: Cooperative,
}
ORGANISER_KEY = "r0"


@dataclass(frozen=True, slots=True)
class _Paths:
    """Where a target keeps what the rules read."""

    region: str  # the region-code column
    person: str | None  # prefix of the person's fields ("owner__" for a business's owner, "" for a person)
    # (enrollment field, candidate column) pairs: an enrollment matching any of them aided this candidate
    aided: tuple[tuple[str, str], ...]


PATHS: dict[str, _Paths] = {
    Target.BUSINESS: _Paths(
        region="desa__code", person="owner__", aided=(("business_id", "pk"), ("person_id", "owner_id"))
    ),
    Target.PERSON: _Paths(region="desa__code", person="", aided=(("person_id", "pk"),)),
    Target.COOPERATIVE: _Paths(region="region__code", person=None, aided=(("cooperative_id", "pk"),)),
}


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules are evaluated against: the program's target, kind, year and region, and the day
    ages and document validity are taken on."""

    target: str
    program_kind: str
    fiscal_year: int
    region_code: str
    as_of: dt.date
    program_id: int | None = None


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule ready to compile: ``key`` names its column in results ("r1", "r2" … in the program's order)."""

    key: str
    kind: str
    params: Mapping[str, Any]
    label: str

    def as_data(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "params": dict(self.params), "label": self.label}


def context_for(program: Program, *, as_of: dt.date | None = None) -> Context:
    """The program's context; ages and documents are taken on ``as_of``, else the start date, else today."""
    return Context(
        target=program.target,
        program_kind=program.kind,
        fiscal_year=program.fiscal_year,
        region_code=program.region_id,
        as_of=as_of or program.starts_on or timezone.localdate(),
        program_id=program.pk,
    )


def rule_specs(program: Program) -> list[RuleSpec]:
    """The program's configured rules in order, keyed r1, r2, …"""
    return [
        RuleSpec(
            key=f"r{i}",
            kind=rule.kind,
            params=rule.params,
            label=rule.label or describe(kind=rule.kind, params=rule.params, target=program.target),
        )
        for i, rule in enumerate(program.rules.order_by("position", "id"), start=1)
    ]


def organiser_spec(ctx: Context) -> RuleSpec:
    """The implicit first rule of every applicant: living or working inside the organiser's region."""
    return RuleSpec(
        key=ORGANISER_KEY,
        kind=RuleKind.REGION,
        params={"prefixes": [ctx.region_code]},
        label=_("Inside the organiser's region %(code)s") % {"code": ctx.region_code},
    )


def specs_from_data(rows: Iterable[Mapping[str, Any]]) -> list[RuleSpec]:
    """Rule specs as a selection run stored them."""
    return [RuleSpec(key=r["key"], kind=r["kind"], params=r["params"], label=r["label"]) for r in rows]


def in_region(path: str, code: str) -> Q:
    """The region ``code`` and everything below it, by whole code segments ("35.0" never matches 35.09)."""
    return Q(**{path: code}) | Q(**{f"{path}__startswith": code + "."})


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _legality(spec: RuleSpec, ctx: Context) -> Q:
    p = spec.params
    q = Q()
    if ctx.target == Target.COOPERATIVE:
        if p.get("nik_koperasi"):
            q &= Q(nik_koperasi__isnull=False) & ~Q(nik_koperasi="")
        if p.get("legal_entity"):
            q &= ~Q(legal_entity_number="")
        return q
    if p.get("nib"):
        q &= Q(has_nib=True)
    for kind in p.get("documents", []):
        if kind == "nib":  # an NIB does not expire; the flag is kept by the registry
            q &= Q(has_nib=True)
            continue
        valid = LegalDocument.objects.filter(business_id=OuterRef("pk"), kind=kind).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=ctx.as_of)
        )
        q &= Q(Exists(valid))
    return q


def _age(spec: RuleSpec, ctx: Context, person: str) -> Q:
    q = Q(**{f"{person}birth_date__isnull": False})
    low, high = spec.params.get("min"), spec.params.get("max")
    if low is not None:  # at least ``low`` years old on as_of: born on or before as_of − low years
        q &= Q(**{f"{person}birth_date__lte": _years_ago(ctx.as_of, low)})
    if high is not None:  # not yet high + 1: born after as_of − (high + 1) years
        q &= Q(**{f"{person}birth_date__gt": _years_ago(ctx.as_of, high + 1)})
    return q


def aided_exists(*, ctx: Context, kinds: Sequence[str] | None, since_year: int | None) -> list[Exists]:
    """One EXISTS per way a candidate can have been aided: an enrollment (not dropped) in another program of
    ``kinds`` (None: any kind) whose fiscal year is ``since_year`` or later (None: any year). For a business,
    aid to its owner (through any business, or as a person) counts too."""
    enrollments = Enrollment.objects.exclude(status=EnrollmentStatus.DROPPED)
    if ctx.program_id is not None:
        enrollments = enrollments.exclude(program_id=ctx.program_id)
    if kinds is not None:
        enrollments = enrollments.filter(program__kind__in=list(kinds))
    if since_year is not None:
        enrollments = enrollments.filter(program__fiscal_year__gte=since_year)
    return [Exists(enrollments.filter(**{field: OuterRef(column)})) for field, column in PATHS[ctx.target].aided]


def rule_q(spec: RuleSpec, ctx: Context) -> Q:
    """The rule as a condition on the target's table."""
    paths = PATHS[ctx.target]
    p = spec.params
    kind = spec.kind
    if kind == RuleKind.LEGALITY:
        return _legality(spec, ctx)
    if kind == RuleKind.SCALE:
        return Q(scale__in=list(p["in"]))
    if kind == RuleKind.CLUSTER:
        return Q(cluster__slug__in=list(p["in"]))
    if kind == RuleKind.REGION:
        q = Q(pk__in=[])
        for code in p["prefixes"]:
            q |= in_region(paths.region, code)
        return q
    if kind == RuleKind.COOPERATIVE_HEALTH:
        return Q(health_predicate__in=list(p["in"]))
    if kind == RuleKind.NOT_AIDED:
        # Each EXISTS stands alone under NOT (no OR around it), so PostgreSQL makes anti-joins of them.
        q = Q()
        for exists in aided_exists(ctx=ctx, kinds=p["kinds"], since_year=ctx.fiscal_year - p["years"]):
            q &= ~Q(exists)
        return q
    person = paths.person
    if person is None:
        raise ValueError(f"rule {kind} needs a person")
    if kind == RuleKind.POVERTY:
        return Q(**{f"{person}poverty_decile__lte": p["max_decile"]})
    if kind == RuleKind.GENDER:
        return Q(**{f"{person}sex__in": list(p["in"])})
    if kind == RuleKind.AGE:
        return _age(spec, ctx, person)
    raise ValueError(f"unknown rule kind {kind}")


def eligible_q(specs: Sequence[RuleSpec], ctx: Context) -> Q:
    q = Q()
    for spec in specs:
        q &= rule_q(spec, ctx)
    return q


def universe(ctx: Context, *, base: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """The program's candidates before any rule: the target's records inside the organiser's region.
    ``base`` narrows them further (e.g. to what a user may see)."""
    qs = base if base is not None else TARGET_MODELS[ctx.target]._default_manager.all()
    return qs.filter(in_region(PATHS[ctx.target].region, ctx.region_code))


def eligible(qs: QuerySet[Any], specs: Sequence[RuleSpec], ctx: Context) -> QuerySet[Any]:
    """``qs`` narrowed to the candidates that pass every rule: one WHERE."""
    return qs.filter(eligible_q(specs, ctx))


def _flag(q: Q) -> Case:
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def with_rule_results(qs: QuerySet[Any], specs: Sequence[RuleSpec], ctx: Context) -> QuerySet[Any]:
    """``qs`` with one boolean column per rule, named by the rule's key (a candidate without an owner
    fails the owner's rules instead of dropping out of the list)."""
    return qs.annotate(**{spec.key: _flag(rule_q(spec, ctx)) for spec in specs})


@dataclass(frozen=True, slots=True)
class Explanation:
    """Which rules one candidate passed and failed."""

    pk: int
    label: str
    passed: tuple[RuleSpec, ...]
    failed: tuple[RuleSpec, ...]

    @property
    def eligible(self) -> bool:
        return not self.failed


def explain(
    qs: QuerySet[Any], specs: Sequence[RuleSpec], ctx: Context, *, offset: int = 0, limit: int = 50
) -> list[Explanation]:
    """A page of candidates (in ``qs``'s order, by id when unordered), each with its passed and failed
    rules: one query."""
    if not qs.ordered:
        qs = qs.order_by("pk")
    keys = [s.key for s in specs]
    rows = with_rule_results(qs, specs, ctx).values("pk", "name", *keys)[offset : offset + limit]
    out = []
    for row in rows:
        out.append(
            Explanation(
                pk=row["pk"],
                label=row["name"],
                passed=tuple(s for s in specs if row[s.key]),
                failed=tuple(s for s in specs if not row[s.key]),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Preview:
    """How many candidates the rules leave; ``failing`` (when asked for) counts each rule's failures alone."""

    candidates: int
    eligible: int
    failing: dict[str, int] | None = None


def preview(qs: QuerySet[Any], specs: Sequence[RuleSpec], ctx: Context, *, per_rule: bool = False) -> Preview:
    """Counts for the rule editor: candidates, eligible, and optionally failures per rule (one count each)."""
    total = qs.count()
    failing = None
    if per_rule:
        failing = {spec.key: total - qs.filter(rule_q(spec, ctx)).count() for spec in specs}
    return Preview(candidates=total, eligible=eligible(qs, specs, ctx).count(), failing=failing)
