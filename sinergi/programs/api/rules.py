"""Eligibility rules of a program and the eligibility preview: counts and a page of candidates with the rules each
passed and failed."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from sinergi.accounts.models import User
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_PK, decode_cursor, encode_cursor
from sinergi.cooperatives.selectors import cooperatives_visible
from sinergi.programs import selectors, services
from sinergi.programs.api._common import API, PAGING, PathId, no_content, program_for, staff_program
from sinergi.programs.choices import Target
from sinergi.programs.eligibility import context_for, eligible_q, explain, rule_specs, universe
from sinergi.programs.models import Program
from sinergi.programs.rules import describe
from sinergi.programs.schemas import (
    EligibilityOut,
    EligibilityQuery,
    RuleIn,
    RuleOut,
    RulesIn,
)
from sinergi.registry.selectors import businesses_visible, persons_visible

router = Router(tags=["program rules"])

# --- rules and eligibility ------------------------------------------------------------------------


def _rules(program: Program) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "position": r.position,
            "kind": r.kind,
            "params": r.params,
            "label": r.label,
            "description": r.label or describe(kind=r.kind, params=r.params, target=program.target),
        }
        for r in program.rules.order_by("position", "id")
    ]


@router.get("/programs/{program_id}/rules", response=responses({200: list[RuleOut]}), tags=["program rules"])
def rule_list(request: HttpRequest, program_id: PathId) -> Any:
    return _rules(program_for(request, program_id)[1])


@router.post(
    "/programs/{program_id}/rules",
    response=responses({201: list[RuleOut]}),
    description="Append a rule ({kind, params, label}); the answer is the program's rules.",
)
def rule_add(request: HttpRequest, program_id: PathId, payload: RuleIn) -> Any:
    user, program = program_for(request, program_id)
    services.program_rule_add(actor=user, program=program, data=payload.model_dump(), source=API)
    return Status(201, _rules(program))


@router.put(
    "/programs/{program_id}/rules",
    response=responses({200: list[RuleOut]}),
    description="Replace all the rules, in order; errors are keyed rules.N.field.",
)
def rule_set(request: HttpRequest, program_id: PathId, payload: RulesIn) -> Any:
    user, program = program_for(request, program_id)
    services.program_rules_set(actor=user, program=program, rules=[r.model_dump() for r in payload.rules], source=API)
    return _rules(program)


@router.delete("/programs/{program_id}/rules/{rule_id}", response=responses({204: None}), tags=["program rules"])
def rule_remove(request: HttpRequest, program_id: PathId, rule_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    services.program_rule_remove(actor=user, rule=program.rules.get(pk=rule_id), source=API)
    return no_content()


def _after_pk(cursor: str | None) -> int:
    if not cursor:
        return 0
    _value, pk = decode_cursor(cursor=cursor, keyset=BY_PK)
    if not isinstance(pk, int):
        raise field_error("cursor", _("This cursor is not valid; start again from the first page."))
    return pk


def _candidates(user: User, target: str) -> QuerySet[Any]:
    if target == Target.BUSINESS:
        return businesses_visible(user=user)
    if target == Target.PERSON:
        return persons_visible(user=user)
    return cooperatives_visible(user=user)


@router.get(
    "/programs/{program_id}/eligibility",
    response=responses({200: EligibilityOut}),
    description="How many of the candidates (the caller's businesses, persons or cooperatives of the target) "
    "pass the program's rules, and a page of candidates with the rules each passed and failed (rule keys r1, "
    "r2, … in `rules`). Counted in SQL." + PAGING,
)
def eligibility(request: HttpRequest, program_id: PathId, query: Query[EligibilityQuery]) -> Any:
    user, program = staff_program(request, program_id)
    after = _after_pk(query.cursor)
    summary = selectors.eligibility_preview(user=user, program=program, per_rule=query.per_rule, as_of=query.as_of)
    ctx = context_for(program, as_of=query.as_of)
    specs = rule_specs(program)
    qs = universe(ctx, base=_candidates(user, ctx.target)).filter(pk__gt=after)
    if query.only is False and not specs:
        qs = qs.none()  # without rules nobody is ineligible
    elif query.only is not None and specs:
        qs = qs.filter(eligible_q(specs, ctx)) if query.only else qs.exclude(eligible_q(specs, ctx))
    rows = explain(qs.order_by("pk"), specs, ctx, limit=query.limit + 1)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return {
        "as_of": ctx.as_of,
        "candidates": summary.candidates,
        "eligible": summary.eligible,
        "failing": summary.failing,
        "rules": [{"key": s.key, "kind": s.kind, "label": s.label} for s in specs],
        "items": [
            {
                "id": r.pk,
                "name": r.label,
                "eligible": r.eligible,
                "passed": [s.key for s in r.passed],
                "failed": [s.key for s in r.failed],
            }
            for r in rows
        ],
        "next": encode_cursor(value=None, pk=rows[-1].pk) if more else None,
    }
