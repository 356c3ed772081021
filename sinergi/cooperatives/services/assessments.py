"""Health assessments: an annual report scored by the pure function of ``cooperatives.health`` under the
office's rule set, stored with every line of the result (or the reasons it could not be scored)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.accounts.selectors import office_rule_set
from sinergi.cooperatives.health import (
    RULE_SETS,
    AnswerCountError,
    Checklist,
    Figures,
    HealthInputError,
    HealthResult,
    InvalidFigureError,
    ManagementAnswers,
    MissingInputError,
    NegativeDenominatorError,
    RuleSet,
    Unit,
    ZeroDenominatorError,
    component_score,
    figure_label,
    formula_words,
    health_score,
)
from sinergi.cooperatives.models import HEALTH_FIGURE_FIELDS, AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.services._base import require_report_write, save_logged
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource


def rule_set(version: str | None = None, *, region_code: str | None = None) -> RuleSet:
    """The rule set named, or else the one of the office that governs ``region_code`` (its kabupaten/kota's
    choice, its province's, the setting SINERGI_COOP_RULE_SET: accounts.selectors.office_settings_for)."""
    name = version or office_rule_set(region_code)
    if name not in RULE_SETS:
        raise ValidationError(
            {
                "rule_set": _("Unknown rule set “%(name)s”; known: %(known)s.")
                % {"name": name, "known": ", ".join(RULE_SETS)}
            }
        )
    return RULE_SETS[name]


def figures_of(values: Mapping[str, Any]) -> Figures:
    """The assessment's inputs from a report's fields (a model instance's __dict__ or a row of values)."""
    return Figures(**{name: values.get(name) for name in HEALTH_FIGURE_FIELDS})


def answers_of(raw: Mapping[str, Any] | None) -> ManagementAnswers:
    raw = raw or {}
    return ManagementAnswers(**{k: tuple(v) for k, v in raw.items() if k in ManagementAnswers.__slots__})


_PROBLEM_KINDS: dict[type[HealthInputError], str] = {
    MissingInputError: "missing",
    InvalidFigureError: "invalid",
    ZeroDenominatorError: "zero",
    NegativeDenominatorError: "negative",
    AnswerCountError: "answers",
}


def _problem(exc: HealthInputError, *, name: str) -> dict[str, str]:
    return {"component": exc.component, "name": name, "figure": exc.figure, "kind": _PROBLEM_KINDS[type(exc)]}


def problem_message(problem: Mapping[str, str]) -> str:
    """A stored problem in the reader's language: which component could not be scored, and why."""
    figure = problem["figure"]
    head = f"{problem['component']} {problem['name']}"
    if figure in ManagementAnswers.__slots__ and problem.get("kind") == "missing":
        return _("%(head)s: the questionnaire has not been answered.") % {"head": head}
    label = "+".join(figure_label(name=f) for f in figure.split("+"))
    messages = {
        "missing": _("%(head)s: %(figure)s is missing."),
        "invalid": _("%(head)s: %(figure)s is not a valid amount."),
        "zero": _("%(head)s: %(figure)s is 0, so the ratio cannot be computed."),
        "negative": _("%(head)s: %(figure)s is negative; the regulation's bands are written for a positive one."),
        "answers": _("%(head)s: the questionnaire is incomplete."),
    }
    template = messages.get(problem.get("kind", ""), _("%(head)s: cannot be scored."))
    return template % {"head": head, "figure": label}


def _text(value: Decimal) -> str:
    return format(value, "f")


def result_json(result: HealthResult, *, rules: RuleSet) -> dict[str, Any]:
    """A result as stored: its numbers only (decimals as text, bands as interval notation). The texts (names,
    formulas, labels, evidence) are the rule set's, which is never edited in place (a correction is a new
    version), so result_explained looks them up from ``rule_set_version`` instead of every row repeating them."""
    return {
        "rule_set_version": result.rule_set_version,
        "total": _text(result.total),
        "predicate": result.predicate.code,
        "aspects": [
            {
                "code": a.code,
                "subtotal": _text(a.subtotal),
                "percent": _text(a.percent),
                "predicate": a.predicate.code,
                "components": [
                    {
                        "code": c.code,
                        "value": _text(c.value),
                        "band": c.band.interval.text if c.band is not None else None,
                        "score": _text(c.score),
                        "weight": _text(c.weight),
                        "contribution": _text(c.contribution),
                    }
                    for c in a.components
                ],
            }
            for a in result.aspects
        ],
    }


def _texts(rules: RuleSet | None) -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """A rule set's texts by code: predicate labels, aspects' (name, weight), components' (name, formula, unit,
    evidence). Without the rule set, none."""
    if rules is None:
        return {}, {}, {}
    labels = {p.code: p.label for p in rules.predicates}
    aspects = {a.code: {"name": a.name, "weight": _text(a.weight)} for a in rules.aspects}
    components = {
        c.code: {
            "name": c.name,
            "formula": c.rule.formula,
            "formula_text": formula_words(c.rule),
            "unit": str(Unit.YES_ANSWERS if isinstance(c.rule, Checklist) else Unit.PERCENT),
            "evidence": str(c.evidence),
        }
        for c in rules.components
    }
    return labels, aspects, components


_NO_ASPECT = {"name": "", "weight": ""}
_NO_COMPONENT = {"name": "", "formula": "", "formula_text": "", "unit": "", "evidence": ""}


def result_explained(*, assessment_result: Mapping[str, Any]) -> dict[str, Any]:
    """A stored result with the texts of its rule set put back: the rule set's title, each predicate's label,
    each aspect's name and weight, each component's name, formula, unit and evidence. A result that names a
    rule set this code does not know keeps its numbers, with the texts empty; texts a result stored itself
    (those written before results were stored compact) are kept."""
    if not assessment_result:
        return {}
    rules = RULE_SETS.get(str(assessment_result.get("rule_set_version", "")))
    labels, aspects, components = _texts(rules)
    return {
        "rule_set_title": rules.title if rules is not None else "",
        "predicate_label": labels.get(str(assessment_result.get("predicate", "")), ""),
        **assessment_result,
        "aspects": [
            {
                **aspects.get(str(a.get("code")), _NO_ASPECT),
                "predicate_label": labels.get(str(a.get("predicate", "")), ""),
                **a,
                "components": [
                    {**components.get(str(c.get("code")), _NO_COMPONENT), **c} for c in a.get("components", [])
                ],
            }
            for a in assessment_result.get("aspects", [])
        ],
    }


@dataclass(frozen=True, slots=True)
class Scored:
    """The outcome of scoring one report: a total and predicate with the full result, or the problems."""

    total: Decimal | None
    predicate: str
    result: dict[str, Any]
    problems: list[dict[str, str]]


def score_values(*, values: Mapping[str, Any], answers: Mapping[str, Any] | None, rules: RuleSet) -> Scored:
    """Score a report's values (pure: no database). When it cannot be scored, every component that fails is
    listed, not only the first."""
    figures, given = figures_of(values), answers_of(answers)
    try:
        result = health_score(rules=rules, figures=figures, answers=given)
    except HealthInputError:
        problems = []
        for component in rules.components:
            try:
                component_score(component=component, figures=figures, answers=given)
            except HealthInputError as exc:
                problems.append(_problem(exc, name=component.name))
        return Scored(total=None, predicate="", result={}, problems=problems)
    return Scored(
        total=result.total, predicate=result.predicate.code, result=result_json(result, rules=rules), problems=[]
    )


def questionnaire_sizes(rules: RuleSet) -> dict[str, int]:
    return {c.rule.answers: c.rule.items for c in rules.components if isinstance(c.rule, Checklist)}


def cooperative_health_refresh(*, cooperative: Cooperative, office_version: str | None = None) -> None:
    """Copy the newest scored assessment (latest fiscal year, under its office's rule set, ``office_version``
    when the caller has it) onto the cooperative."""
    version = office_version or office_rule_set(cooperative.region_id)
    newest = (
        HealthAssessment.objects.filter(cooperative=cooperative, rule_set_version=version, total__isnull=False)
        .order_by("-fiscal_year", "-assessed_at")
        .first()
    )
    fields = {
        "health_year": newest.fiscal_year if newest else None,
        "health_total": newest.total if newest else None,
        "health_predicate": newest.predicate if newest else "",
    }
    Cooperative.objects.filter(pk=cooperative.pk).update(**fields)
    for k, v in fields.items():
        setattr(cooperative, k, v)


@transaction.atomic
def cooperative_assess(
    *,
    actor: User,
    report: AnnualReport,
    rule_set_version: str | None = None,
    source: str = ChangeSource.WEB,
) -> HealthAssessment:
    """Score ``report`` and store the result (replacing this report's earlier result under the same rule set),
    under ``rule_set_version`` or else the rule set of the cooperative's office.

    Office editors and the cooperative's own officer may; a report's save calls it, so a score always
    matches the figures it was computed from."""
    require_report_write(actor, report.cooperative)
    office_version = office_rule_set(report.cooperative.region_id)
    rules = rule_set(rule_set_version or office_version)
    scored = score_values(values=report.__dict__, answers=report.management_answers, rules=rules)
    assessment = HealthAssessment.objects.filter(report=report, rule_set_version=rules.version).first()
    before = snapshot(assessment) if assessment is not None else None
    if assessment is None:
        assessment = HealthAssessment(
            cooperative=report.cooperative,
            report=report,
            fiscal_year=report.fiscal_year,
            rule_set_version=rules.version,
        )
    assessment.total = scored.total
    assessment.predicate = scored.predicate
    assessment.result = scored.result
    assessment.problems = scored.problems
    assessment.assessed_by = actor if getattr(actor, "pk", None) else None
    assessment.assessed_at = timezone.now()
    save_logged(actor=actor, instance=assessment, before=before, source=source)
    cooperative_health_refresh(cooperative=report.cooperative, office_version=office_version)
    return assessment
