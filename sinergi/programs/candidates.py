"""A program's applicants as the selection sees them: each one's rule results, groups and features, read
in one query over the applicants' records (eligibility.with_rule_results)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sinergi.programs.choices import ApplicationStatus, Target
from sinergi.programs.eligibility import (
    TARGET_MODELS,
    Context,
    RuleSpec,
    aided_exists,
    context_for,
    organiser_spec,
    rule_specs,
    with_rule_results,
)
from sinergi.programs.models import Application, Program
from sinergi.programs.selection import Candidate, need_match, need_mismatch, poverty_feature
from sinergi.registry.models import Sex

_FIELD: dict[str, str] = {
    Target.BUSINESS: "business_id",
    Target.PERSON: "person_id",
    Target.COOPERATIVE: "cooperative_id",
}
# What each target reads besides the rule columns: (name in the row, field path).
_COLUMNS: dict[str, dict[str, str]] = {
    Target.BUSINESS: {
        "region": "desa_id",
        "cluster": "cluster__slug",
        "sex": "owner__sex",
        "decile": "owner__poverty_decile",
        "formal": "has_nib",
    },
    Target.PERSON: {"region": "desa_id", "sex": "sex", "decile": "poverty_decile"},
    Target.COOPERATIVE: {"region": "region_id", "formal": "nik_koperasi"},
}
ONE = Decimal(1)
ZERO = Decimal(0)


def kecamatan_of(code: str) -> str:
    """The kecamatan part of a region code ("35.09.01.2001" → "35.09.01"); blank above kecamatan level."""
    parts = code.split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 else ""


@dataclass(frozen=True, slots=True)
class Checked:
    """An application with what the selection will make of it."""

    application: Application
    candidate: Candidate


def applicant_specs(program: Program, ctx: Context) -> list[RuleSpec]:
    """The rules every applicant is checked against: the organiser's region, then the program's rules."""
    return [organiser_spec(ctx), *rule_specs(program)]


def check_applications(
    program: Program, *, ctx: Context | None = None, specs: Sequence[RuleSpec] | None = None
) -> list[Checked]:
    """Every application not withdrawn, in order of arrival, with its rule results, groups and features.

    The page before selection shows these (failed rules, need mismatch); the selection run stores them."""
    ctx = ctx or context_for(program)
    specs = list(specs) if specs is not None else applicant_specs(program, ctx)
    field = _FIELD[ctx.target]
    applications = list(program.applications.exclude(status=ApplicationStatus.WITHDRAWN).order_by("pk"))
    model = TARGET_MODELS[ctx.target]
    ids = program.applications.exclude(status=ApplicationStatus.WITHDRAWN).values(field)
    qs = with_rule_results(model._default_manager.filter(pk__in=ids), specs, ctx)
    aided = {f"aided{i}": e for i, e in enumerate(aided_exists(ctx=ctx, kinds=None, since_year=None))}
    columns = _COLUMNS[ctx.target]
    rows = {
        r["pk"]: r
        for r in qs.annotate(**aided).values("pk", "name", *columns.values(), *aided, *(s.key for s in specs))
    }
    out = []
    for application in applications:
        row = rows[getattr(application, field)]
        out.append(Checked(application=application, candidate=_candidate(program, application, row, specs, aided)))
    return out


def _candidate(
    program: Program, application: Application, row: dict[str, Any], specs: Sequence[RuleSpec], aided: dict[str, Any]
) -> Candidate:
    columns = _COLUMNS[program.target]
    get = {name: row[path] for name, path in columns.items()}
    features = {
        "need_match": need_match(topics=program.topics, needs=application.needs),
        "poverty": poverty_feature(get.get("decile")),
        "never_aided": ZERO if any(row[k] for k in aided) else ONE,
        "female": ONE if get.get("sex") == Sex.FEMALE else ZERO,
        "formal": ONE if get.get("formal") else ZERO,
    }
    groups = {"kecamatan": kecamatan_of(get["region"])}
    if "cluster" in get:
        groups["cluster"] = get["cluster"] or ""
    return Candidate(
        key=str(application.pk),
        label=row["name"],
        groups=groups,
        features=features,
        failed=tuple(s.key for s in specs if not row[s.key]),
        mismatch=need_mismatch(topics=program.topics, needs=application.needs),
    )


def needs_overview(program: Program) -> dict[str, int]:
    """How many applicants asked for each of the program's topics (and for topics it does not offer)."""
    counts: dict[str, int] = dict.fromkeys(program.topics, 0)
    for needs in program.applications.exclude(status=ApplicationStatus.WITHDRAWN).values_list("needs", flat=True):
        for topic in needs:
            counts[topic] = counts.get(topic, 0) + 1
    return counts
