"""Scoring a KSP/USP's health under a rule set: a pure function of the year's figures and questionnaire answers.

No database and no rounding of ratios: each ratio is computed in Decimal at 28 significant digits (the
same whatever the caller's decimal context) and banded as it is; a contribution is score x weight / 100;
the total is the sum of contributions, rounded half up to 2 decimals (with the 2016 rule sets every
contribution already has at most 2 decimals, so that rounding never changes anything). A figure that is
missing, negative where it cannot be, or a denominator that is zero or negative raises a HealthInputError
naming the component and the figure: a silent 0 would grade a cooperative on data nobody entered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

from django.utils.translation import gettext as _

from sinergi.cooperatives.health.rules import (
    HUNDRED,
    Aspect,
    Band,
    Bands,
    Checklist,
    Component,
    Predicate,
    RatioRule,
    RuleSet,
    RuleSetError,
    Term,
)

CENT = Decimal("0.01")
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """The year's balance sheet (neraca), income statement (perhitungan hasil usaha) and loan book, in rupiah.

    Leave a figure None when it is not known: only the components that need it then fail, with its name. Each
    field's metadata holds its name in the regulation ("label") and whether it may be below zero ("signed").
    """

    total_assets: Decimal | None = field(default=None, metadata={"label": "total aset"})
    own_capital: Decimal | None = field(default=None, metadata={"label": "modal sendiri", "signed": True})
    risky_loans: Decimal | None = field(default=None, metadata={"label": "pinjaman diberikan yang berisiko"})
    weighted_capital: Decimal | None = field(default=None, metadata={"label": "modal tertimbang"})
    risk_weighted_assets: Decimal | None = field(
        default=None, metadata={"label": "aktiva tertimbang menurut risiko (ATMR)"}
    )
    loan_volume: Decimal | None = field(default=None, metadata={"label": "volume pinjaman diberikan"})
    member_loan_volume: Decimal | None = field(default=None, metadata={"label": "volume pinjaman pada anggota"})
    loans_outstanding: Decimal | None = field(default=None, metadata={"label": "pinjaman yang diberikan"})
    substandard_loans: Decimal | None = field(default=None, metadata={"label": "pinjaman kurang lancar (PKL)"})
    doubtful_loans: Decimal | None = field(default=None, metadata={"label": "pinjaman diragukan (PDR)"})
    loss_loans: Decimal | None = field(default=None, metadata={"label": "pinjaman macet (PM)"})
    risk_reserve: Decimal | None = field(default=None, metadata={"label": "cadangan risiko"})
    cash: Decimal | None = field(default=None, metadata={"label": "kas"})
    bank: Decimal | None = field(default=None, metadata={"label": "bank"})
    current_liabilities: Decimal | None = field(default=None, metadata={"label": "kewajiban lancar"})
    funds_received: Decimal | None = field(default=None, metadata={"label": "dana yang diterima"})
    gross_participation: Decimal | None = field(default=None, metadata={"label": "partisipasi bruto"})
    net_participation: Decimal | None = field(default=None, metadata={"label": "partisipasi neto", "signed": True})
    cost_of_services: Decimal | None = field(default=None, metadata={"label": "beban pokok"})
    operating_expenses: Decimal | None = field(default=None, metadata={"label": "beban usaha"})
    cooperative_expenses: Decimal | None = field(default=None, metadata={"label": "beban perkoperasian"})
    staff_costs: Decimal | None = field(default=None, metadata={"label": "biaya karyawan"})
    shu_gross: Decimal | None = field(default=None, metadata={"label": "SHU kotor", "signed": True})
    shu_before_tax: Decimal | None = field(default=None, metadata={"label": "SHU sebelum pajak", "signed": True})
    shu_members_share: Decimal | None = field(default=None, metadata={"label": "SHU bagian anggota", "signed": True})
    non_member_income: Decimal | None = field(default=None, metadata={"label": "pendapatan (dari non-anggota)"})
    member_economic_benefit: Decimal | None = field(
        default=None, metadata={"label": "manfaat ekonomi partisipasi anggota (MEPPP)", "signed": True}
    )
    principal_savings: Decimal | None = field(default=None, metadata={"label": "simpanan pokok"})
    mandatory_savings: Decimal | None = field(default=None, metadata={"label": "simpanan wajib"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ManagementAnswers:
    """The answer, "ya" (True) or "tidak" (False), to each question of the five management questionnaires.

    The question texts are in the regulation's annex, which we have not read: docs/health-assessment.md
    numbers them 1..n per questionnaire.
    """

    general: tuple[bool, ...] | None = None  # manajemen umum, 12 questions
    institutional: tuple[bool, ...] | None = None  # kelembagaan, 6 questions
    capital: tuple[bool, ...] | None = None  # manajemen permodalan, 5 questions
    assets: tuple[bool, ...] | None = None  # manajemen aktiva, 10 questions
    liquidity: tuple[bool, ...] | None = None  # manajemen likuiditas, 5 questions


_FIGURES = {f.name: f for f in fields(Figures)}
_UNSIGNED = frozenset(name for name, f in _FIGURES.items() if not f.metadata.get("signed", False))
_QUESTIONNAIRES = {f.name for f in fields(ManagementAnswers)}
# The questionnaires by their names in the regulation, for formulas in words.
QUESTIONNAIRE_LABELS = {
    "general": "manajemen umum",
    "institutional": "kelembagaan",
    "capital": "manajemen permodalan",
    "assets": "manajemen aktiva",
    "liquidity": "manajemen likuiditas",
}


def _number_words(value: Decimal) -> str:
    """0.5 → '0,5': the decimal comma the pages use."""
    return format(value.normalize(), "f").replace(".", ",")


def _terms_words(terms: tuple[Term, ...]) -> str:
    parts = []
    for term in terms:
        name = _FIGURES[term.figure].metadata["label"] if term.figure in _FIGURES else term.figure
        parts.append(name if term.coefficient == 1 else f"{_number_words(term.coefficient)} × {name}")
    text = " + ".join(parts)
    return f"({text})" if len(terms) > 1 else text


def formula_words(rule: RatioRule | Checklist) -> str:
    """A component's formula as the regulation's words, for the page: "modal sendiri ÷ total aset × 100",
    "jumlah jawaban “ya” pada manajemen umum (12 pertanyaan) × 0,25". ``rule.formula`` keeps the field names
    (for the API and for checking against the code)."""
    if isinstance(rule, Checklist):
        return _("number of “ya” answers in %(questionnaire)s (%(n)d questions) × %(points)s") % {
            "questionnaire": QUESTIONNAIRE_LABELS.get(rule.answers, rule.answers),
            "n": rule.items,
            "points": _number_words(rule.points_per_yes),
        }
    text = f"{_terms_words(rule.numerator)} ÷ {_terms_words(rule.denominator)} × 100"
    return text[:1].upper() + text[1:]


def figure_label(*, name: str) -> str:
    """The regulation's name for a figure, with the field name: "modal sendiri (own_capital)"."""
    return f"{_FIGURES[name].metadata['label']} ({name})" if name in _FIGURES else name


class HealthInputError(ValueError):
    """Figures or answers that cannot be scored. ``component`` is its code ("1a"), ``figure`` a field name."""

    def __init__(self, *, component: Component, figure: str, problem: str) -> None:
        self.component = component.code
        self.figure = figure
        super().__init__(f"{component.code} {component.name}: {problem}")


class MissingInputError(HealthInputError):
    """A figure or questionnaire the component needs was not given."""


class InvalidFigureError(HealthInputError):
    """A figure that is not a finite Decimal, or is negative where the balance sheet cannot be."""


class ZeroDenominatorError(HealthInputError):
    """The ratio's denominator is zero, so the ratio (and the score) is undefined."""


class NegativeDenominatorError(HealthInputError):
    """The ratio's denominator is negative (a loss, negative equity): the bands were not written for it."""


class AnswerCountError(HealthInputError):
    """A questionnaire with more or fewer answers than it has questions."""


class Unit(StrEnum):
    PERCENT = "percent"
    YES_ANSWERS = "yes answers"


# The result objects are not frozen: a frozen dataclass sets each field through object.__setattr__, which made
# building the 30 of one assessment a quarter of its cost. Nothing changes them after they are returned.
@dataclass(slots=True, kw_only=True)
class ComponentResult:
    """One component's outcome: its value (a ratio in percent, or a count of "ya"), the band it fell in (None for a
    questionnaire or a linear rule), its score (nilai, 0-100), weight (bobot) and contribution (skor)."""

    code: str
    name: str
    formula: str
    value: Decimal
    unit: Unit
    band: Band | None
    score: Decimal
    weight: Decimal
    contribution: Decimal


@dataclass(slots=True, kw_only=True)
class AspectResult:
    """An aspect's subtotal, the subtotal as a percentage of the aspect's weight, and that percentage's grade."""

    code: str
    name: str
    weight: Decimal
    components: tuple[ComponentResult, ...]
    subtotal: Decimal
    percent: Decimal
    predicate: Predicate


@dataclass(slots=True, kw_only=True)
class HealthResult:
    """A whole assessment under the rule set named by ``rule_set_version``: total 0-100 and its predicate."""

    rule_set_version: str
    aspects: tuple[AspectResult, ...]
    total: Decimal
    predicate: Predicate

    @property
    def components(self) -> tuple[ComponentResult, ...]:
        return tuple(c for a in self.aspects for c in a.components)

    @property
    def predicate_code(self) -> str:
        return self.predicate.code

    @property
    def predicate_label(self) -> str:
        return self.predicate.label


def _value(figures: Figures, name: str, component: Component, /) -> Decimal:
    # Positional: it runs for every term of every component of every report scored.
    if name not in _FIGURES:
        raise RuleSetError(f"{component.code} uses the figure {name!r}, which Figures does not have")
    value = getattr(figures, name)
    if value is None:
        raise MissingInputError(component=component, figure=name, problem=f"{figure_label(name=name)} is missing")
    if not isinstance(value, Decimal) or not value.is_finite():
        problem = f"{figure_label(name=name)} is {value!r}; give it as a finite Decimal"
        raise InvalidFigureError(component=component, figure=name, problem=problem)
    if value < 0 and name in _UNSIGNED:
        problem = f"{figure_label(name=name)} is {value}; it cannot be negative"
        raise InvalidFigureError(component=component, figure=name, problem=problem)
    return value


def _sum(*, terms: tuple[Term, ...], figures: Figures, component: Component) -> Decimal:
    total = Decimal(0)
    for term in terms:  # a loop, not sum() over a generator: this runs for every term of every report
        total += term.coefficient * _value(figures, term.figure, component)
    return total


def _ratio_result(*, component: Component, rule: RatioRule, figures: Figures) -> ComponentResult:
    numerator = _sum(terms=rule.numerator, figures=figures, component=component)
    denominator = _sum(terms=rule.denominator, figures=figures, component=component)
    if denominator <= 0:
        single = len(rule.denominator) == 1
        name = rule.denominator[0].figure if single else "+".join(t.figure for t in rule.denominator)
        label = figure_label(name=name) if single else rule.denominator_name or name
        if denominator == 0:
            problem = f"the denominator {label} is 0, so the ratio is undefined"
            raise ZeroDenominatorError(component=component, figure=name, problem=problem)
        problem = f"the denominator {label} is {denominator}; the ratio is defined for a positive one only"
        raise NegativeDenominatorError(component=component, figure=name, problem=problem)
    value = numerator * HUNDRED / denominator
    band: Band | None = None
    if isinstance(rule.scale, Bands):
        band = rule.scale.band_for(value=value)
        score = band.score
    else:
        score = rule.scale.score(value=value)
    return ComponentResult(
        code=component.code,
        name=component.name,
        formula=rule.formula,
        value=value,
        unit=Unit.PERCENT,
        band=band,
        score=score,
        weight=component.weight,
        contribution=score * component.weight / HUNDRED,
    )


def _checklist_result(*, component: Component, rule: Checklist, answers: ManagementAnswers | None) -> ComponentResult:
    if rule.answers not in _QUESTIONNAIRES:
        raise RuleSetError(f"{component.code} uses the questionnaire {rule.answers!r}, which ManagementAnswers lacks")
    given = None if answers is None else getattr(answers, rule.answers)
    if given is None:
        problem = f"the answers to the {component.name} questionnaire are missing"
        raise MissingInputError(component=component, figure=rule.answers, problem=problem)
    if len(given) != rule.items:
        problem = f"{len(given)} answers given; the {component.name} questionnaire has {rule.items} questions"
        raise AnswerCountError(component=component, figure=rule.answers, problem=problem)
    if not all(isinstance(answer, bool) for answer in given):
        problem = "every answer must be True (ya) or False (tidak)"
        raise InvalidFigureError(component=component, figure=rule.answers, problem=problem)
    yes = sum(given)
    contribution = yes * rule.points_per_yes
    return ComponentResult(
        code=component.code,
        name=component.name,
        formula=rule.formula,
        value=Decimal(yes),
        unit=Unit.YES_ANSWERS,
        band=None,
        score=contribution * HUNDRED / component.weight,
        weight=component.weight,
        contribution=contribution,
    )


def component_score(
    *, component: Component, figures: Figures, answers: ManagementAnswers | None = None
) -> ComponentResult:
    """One component on its own: what a worksheet row shows. Only the figures it uses need to be given."""
    with localcontext(_CONTEXT):
        return _component_result(component=component, figures=figures, answers=answers)


def _component_result(*, component: Component, figures: Figures, answers: ManagementAnswers | None) -> ComponentResult:
    """component_score without setting the decimal context, for callers that have set it."""
    if isinstance(component.rule, Checklist):
        return _checklist_result(component=component, rule=component.rule, answers=answers)
    return _ratio_result(component=component, rule=component.rule, figures=figures)


def _aspect_result(*, aspect: Aspect, rules: RuleSet, figures: Figures, answers: ManagementAnswers) -> AspectResult:
    components = tuple(_component_result(component=c, figures=figures, answers=answers) for c in aspect.components)
    subtotal = Decimal(0)
    for c in components:
        subtotal += c.contribution
    percent = (subtotal * HUNDRED / aspect.weight).quantize(CENT, rounding=ROUND_HALF_UP)
    return AspectResult(
        code=aspect.code,
        name=aspect.name,
        weight=aspect.weight,
        components=components,
        subtotal=subtotal,
        percent=percent,
        predicate=rules.predicate_for(score=percent),
    )


def health_score(*, rules: RuleSet, figures: Figures, answers: ManagementAnswers) -> HealthResult:
    """The assessment of one cooperative's year under ``rules``; raises HealthInputError on the first
    component (in the regulation's order) that cannot be scored."""
    with localcontext(_CONTEXT):
        aspects = tuple(_aspect_result(aspect=a, rules=rules, figures=figures, answers=answers) for a in rules.aspects)
        total = sum((a.subtotal for a in aspects), Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    return HealthResult(
        rule_set_version=rules.version, aspects=aspects, total=total, predicate=rules.predicate_for(score=total)
    )
