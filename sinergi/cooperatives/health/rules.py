"""Rules of the KSP/USP health assessment (penilaian kesehatan) kept as data, one versioned rule set each.

A rule set names its aspects; an aspect its weighted components; a component either a ratio of figures
scored by bands (or by a line, for the published "linear" reading) or a yes/no questionnaire; and the
predicates that grade a total. Every band states both edges and whether each edge belongs to it, and a
rule set checks itself when built: bands that leave a gap or overlap, or weights that do not add up to
100, raise RuleSetError at import rather than score a cooperative wrongly. docs/health-assessment.md is
the specification these rules implement, with the source of each band and every decision taken.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)


class RuleSetError(ValueError):
    """A rule set that contradicts itself: bands with a gap or an overlap, weights that do not add up."""


_INTERVAL = re.compile(r"^([\[(])\s*(-inf|-?\d+(?:\.\d+)?)\s*,\s*(inf|-?\d+(?:\.\d+)?)\s*([\])])$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Interval:
    """A range of numbers; an edge of None is unbounded, and each *_inclusive says whether its edge belongs."""

    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool
    # Derived once: a result shows the band of every component it scores.
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lower = "-inf" if self.lower is None else str(self.lower)
        upper = "inf" if self.upper is None else str(self.upper)
        text = f"{'[' if self.lower_inclusive else '('}{lower}, {upper}{']' if self.upper_inclusive else ')'}"
        object.__setattr__(self, "text", text)
        if (self.lower is None and self.lower_inclusive) or (self.upper is None and self.upper_inclusive):
            raise RuleSetError(f"{self}: an unbounded edge cannot be inclusive")
        if self.lower is not None and self.upper is not None:
            point = self.lower == self.upper and self.lower_inclusive and self.upper_inclusive
            if self.lower > self.upper or (self.lower == self.upper and not point):
                raise RuleSetError(f"{self}: the interval is empty")

    @classmethod
    def parse(cls, *, text: str) -> Interval:
        """The interval written in the usual notation: "(20, 40]", "[0, 51)", "(-inf, 20]", "[100, inf)"."""
        match = _INTERVAL.match(text.strip())
        if match is None:
            raise RuleSetError(f"{text!r} is not an interval such as '(20, 40]' or '[100, inf)'")
        opening, lower, upper, closing = match.groups()
        return cls(
            lower=None if lower == "-inf" else Decimal(lower),
            lower_inclusive=opening == "[",
            upper=None if upper == "inf" else Decimal(upper),
            upper_inclusive=closing == "]",
        )

    def contains(self, *, value: Decimal) -> bool:
        if self.lower is not None and (value < self.lower or (value == self.lower and not self.lower_inclusive)):
            return False
        return self.upper is None or value < self.upper or (value == self.upper and self.upper_inclusive)

    def __str__(self) -> str:
        return self.text


def _check_cover(*, intervals: tuple[Interval, ...], lower: Decimal | None, upper: Decimal | None, what: str) -> None:
    """Raise unless the intervals, in order, tile [lower, upper] (unbounded where None) with no gap or overlap."""
    if not intervals:
        raise RuleSetError(f"{what}: no bands")
    first, last = intervals[0], intervals[-1]
    if first.lower != lower or first.lower_inclusive != (lower is not None):
        raise RuleSetError(f"{what}: the first band {first} does not start at {'-inf' if lower is None else lower}")
    if last.upper != upper or last.upper_inclusive != (upper is not None):
        raise RuleSetError(f"{what}: the last band {last} does not end at {'inf' if upper is None else upper}")
    for below, above in itertools.pairwise(intervals):
        if below.upper != above.lower:
            raise RuleSetError(f"{what}: {below} and {above} leave a gap or overlap")
        if below.upper_inclusive == above.lower_inclusive:
            owner = "both" if below.upper_inclusive else "neither"
            raise RuleSetError(f"{what}: the edge {below.upper} belongs to {owner} of {below} and {above}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    """A range of a ratio (percent) and the score (nilai, 0-100) a value in it earns."""

    interval: Interval
    score: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Bands:
    """Scores by bands that, in ascending order, cover every number exactly once."""

    bands: tuple[Band, ...]
    # Each band's upper edge, in order: with the cover proved, a value belongs to the first band whose upper
    # edge admits it (every band below ended before it). Half the comparisons of testing both edges.
    _uppers: tuple[tuple[Decimal | None, bool, Band], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_cover(intervals=tuple(b.interval for b in self.bands), lower=None, upper=None, what="bands")
        for band in self.bands:
            if not 0 <= band.score <= HUNDRED:
                raise RuleSetError(f"band {band.interval}: score {band.score} is outside 0-100")
        uppers = tuple((b.interval.upper, b.interval.upper_inclusive, b) for b in self.bands)
        object.__setattr__(self, "_uppers", uppers)

    def band_for(self, *, value: Decimal) -> Band:
        for upper, inclusive, band in self._uppers:
            if upper is None or value < upper or (inclusive and value == upper):
                return band
        raise RuleSetError(f"no band holds {value}")  # pragma: no cover - __post_init__ proved the cover


@dataclass(frozen=True, slots=True, kw_only=True)
class Linear:
    """Score = intercept + slope x ratio, kept within 0-100; the ratio is first rounded half up to
    ``ratio_decimals`` places, as the published examples of this reading do (none: not rounded)."""

    intercept: Decimal
    slope: Decimal
    ratio_decimals: int | None = 0

    def rounded(self, *, value: Decimal) -> Decimal:
        if self.ratio_decimals is None:
            return value
        return value.quantize(Decimal(1).scaleb(-self.ratio_decimals), rounding=ROUND_HALF_UP)

    def score(self, *, value: Decimal) -> Decimal:
        return min(HUNDRED, max(Decimal(0), self.intercept + self.slope * self.rounded(value=value)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One figure of the inputs (a field name of Figures) times a coefficient."""

    figure: str
    coefficient: Decimal = Decimal(1)

    def __str__(self) -> str:
        return self.figure if self.coefficient == 1 else f"{self.coefficient} x {self.figure}"


def _sum_text(*, terms: tuple[Term, ...]) -> str:
    text = " + ".join(str(term) for term in terms)
    return f"({text})" if len(terms) > 1 else text


@dataclass(frozen=True, slots=True, kw_only=True)
class RatioRule:
    """numerator / denominator x 100 (each a sum of terms), scored by ``scale``.

    ``denominator_name`` names a composite denominator in errors ("risiko pinjaman bermasalah").
    """

    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    scale: Bands | Linear
    denominator_name: str = ""
    # The formula id, e.g. "own_capital / total_assets x 100"; derived once, since every result repeats it.
    formula: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        formula = f"{_sum_text(terms=self.numerator)} / {_sum_text(terms=self.denominator)} x 100"
        object.__setattr__(self, "formula", formula)


@dataclass(frozen=True, slots=True, kw_only=True)
class Checklist:
    """A questionnaire: each "ya" earns ``points_per_yes``; ``answers`` is a field name of ManagementAnswers."""

    answers: str
    items: int
    points_per_yes: Decimal
    formula: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        formula = f"count of yes in {self.answers} ({self.items} questions) x {self.points_per_yes}"
        object.__setattr__(self, "formula", formula)


class Evidence(StrEnum):
    """How firmly a component's rule is known (docs/health-assessment.md, section "Sources")."""

    REGULATION_2009 = "regulation-2009"  # read in a reproduction of Permenkop 14/2009's text or table
    PRACTICE = "practice"  # only from a public implementation and published examples


@dataclass(frozen=True, slots=True, kw_only=True)
class Component:
    """One scored item of an aspect: its contribution (skor) is score x weight / 100."""

    code: str
    name: str
    weight: Decimal
    rule: RatioRule | Checklist
    evidence: Evidence
    source: str

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise RuleSetError(f"{self.code}: the weight must be positive, not {self.weight}")
        if isinstance(self.rule, Checklist) and self.rule.items * self.rule.points_per_yes != self.weight:
            raise RuleSetError(f"{self.code}: {self.rule.items} questions x {self.rule.points_per_yes} != weight")


@dataclass(frozen=True, slots=True, kw_only=True)
class Aspect:
    """A group of components whose weights add up to the aspect's weight."""

    code: str
    name: str
    weight: Decimal
    components: tuple[Component, ...]

    def __post_init__(self) -> None:
        total = sum((c.weight for c in self.components), Decimal(0))
        if total != self.weight:
            raise RuleSetError(f"aspect {self.code}: component weights add up to {total}, not {self.weight}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Predicate:
    """A grade of a total (or of an aspect as a percentage of its weight)."""

    code: str
    label: str
    interval: Interval


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSet:
    """A versioned method: aspects weighing 100 in all, and predicates covering 0-100 in ascending order."""

    version: str
    title: str
    aspects: tuple[Aspect, ...]
    predicates: tuple[Predicate, ...]
    # Derived once: every component in the regulation's order, and by code.
    components: tuple[Component, ...] = field(init=False, repr=False, compare=False)
    _by_code: dict[str, Component] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "components", tuple(c for a in self.aspects for c in a.components))
        object.__setattr__(self, "_by_code", {c.code: c for c in self.components})
        codes = [c.code for c in self.components]
        if len(codes) != len(set(codes)) or len(self.aspects) != len({a.code for a in self.aspects}):
            raise RuleSetError(f"{self.version}: component or aspect codes repeat")
        total = sum((a.weight for a in self.aspects), Decimal(0))
        if total != HUNDRED:
            raise RuleSetError(f"{self.version}: aspect weights add up to {total}, not 100")
        intervals = tuple(p.interval for p in self.predicates)
        _check_cover(intervals=intervals, lower=Decimal(0), upper=HUNDRED, what=f"{self.version} predicates")

    def component(self, *, code: str) -> Component:
        return self._by_code[code]

    def predicate_for(self, *, score: Decimal) -> Predicate:
        for predicate in self.predicates:
            if predicate.interval.contains(value=score):
                return predicate
        raise RuleSetError(f"{self.version}: {score} is outside 0-100")


# --- Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016 (KSP/USP) ----------------


def _bands(*rows: tuple[str, int]) -> Bands:
    """Bands from (interval, score) rows in ascending order."""
    return Bands(bands=tuple(Band(interval=Interval.parse(text=text), score=Decimal(score)) for text, score in rows))


def _terms(*, value: str | tuple[Term, ...]) -> tuple[Term, ...]:
    return (Term(figure=value),) if isinstance(value, str) else value


def _ratio(*, of: str | tuple[Term, ...], to: str | tuple[Term, ...], bands: Bands, to_name: str = "") -> RatioRule:
    """The regulation's "rasio <of> terhadap <to>": a figure's name, or terms for a sum."""
    return RatioRule(numerator=_terms(value=of), denominator=_terms(value=to), scale=bands, denominator_name=to_name)


def _checklist(*, answers: str, items: int, points_per_yes: str) -> Checklist:
    return Checklist(answers=answers, items=items, points_per_yes=Decimal(points_per_yes))


def _sum(*figures: str) -> tuple[Term, ...]:
    return tuple(Term(figure=figure) for figure in figures)


# Risiko pinjaman bermasalah (RPM): half of kurang lancar, three quarters of diragukan, all of macet (S12, S20).
RPM = (
    Term(figure="substandard_loans", coefficient=Decimal("0.5")),
    Term(figure="doubtful_loans", coefficient=Decimal("0.75")),
    Term(figure="loss_loans"),
)
RPM_NAME = "risiko pinjaman bermasalah (0.5 PKL + 0.75 PDR + PM)"
_D = Decimal
_R09 = Evidence.REGULATION_2009
_PR = Evidence.PRACTICE

# The layout below mirrors the regulation's tables, one (interval, score) pair per band; the formatter would
# spread each table over a dozen lines.
# fmt: off
_PERMODALAN = Aspect(code="permodalan", name="Permodalan", weight=_D(15), components=(
    Component(code="1a", name="Rasio modal sendiri terhadap total aset", weight=_D(6), evidence=_PR,
              source="S17, S19, S20", rule=_ratio(of="own_capital", to="total_assets", bands=_bands(
                  ("(-inf, 0]", 0), ("(0, 20]", 25), ("(20, 40]", 50), ("(40, 60]", 100), ("(60, 80]", 50),
                  ("(80, inf)", 25)))),
    Component(code="1b", name="Rasio modal sendiri terhadap pinjaman diberikan yang berisiko", weight=_D(6),
              evidence=_R09, source="S11 (table)", rule=_ratio(of="own_capital", to="risky_loans", bands=_bands(
                  ("(-inf, 10)", 0), ("[10, 20)", 10), ("[20, 30)", 20), ("[30, 40)", 30), ("[40, 50)", 40),
                  ("[50, 60)", 50), ("[60, 70)", 60), ("[70, 80)", 70), ("[80, 90)", 80), ("[90, 100)", 90),
                  ("[100, inf)", 100)))),
    Component(code="1c", name="Rasio kecukupan modal sendiri", weight=_D(3), evidence=_R09, source="S11",
              rule=_ratio(of="weighted_capital", to="risk_weighted_assets", bands=_bands(
                  ("(-inf, 4)", 0), ("[4, 6)", 50), ("[6, 8)", 75), ("[8, inf)", 100)))),
))

_KUALITAS_AKTIVA = Aspect(code="kualitas_aktiva_produktif", name="Kualitas Aktiva Produktif", weight=_D(25),
                          components=(
    Component(code="2a", name="Rasio volume pinjaman pada anggota terhadap volume pinjaman diberikan", weight=_D(10),
              evidence=_R09, source="S12", rule=_ratio(of="member_loan_volume", to="loan_volume", bands=_bands(
                  ("(-inf, 25]", 0), ("(25, 50]", 50), ("(50, 75]", 75), ("(75, inf)", 100)))),
    Component(code="2b", name="Rasio risiko pinjaman bermasalah terhadap pinjaman yang diberikan", weight=_D(5),
              evidence=_R09, source="S13 (table 2.4)", rule=_ratio(of=RPM, to="loans_outstanding", bands=_bands(
                  ("(-inf, 0]", 100), ("(0, 10]", 80), ("(10, 20]", 60), ("(20, 30]", 40), ("(30, 40]", 20),
                  ("(40, 45]", 10), ("(45, inf)", 0)))),
    Component(code="2c", name="Rasio cadangan risiko terhadap risiko pinjaman bermasalah", weight=_D(5),
              evidence=_R09, source="S13 (table 2.5)", rule=_ratio(of="risk_reserve", to=RPM, to_name=RPM_NAME,
                  bands=_bands(
                  ("(-inf, 0]", 0), ("(0, 10]", 10), ("(10, 20]", 20), ("(20, 30]", 30), ("(30, 40]", 40),
                  ("(40, 50]", 50), ("(50, 60]", 60), ("(60, 70]", 70), ("(70, 80]", 80), ("(80, 90]", 90),
                  ("(90, inf)", 100)))),
    Component(code="2d", name="Rasio pinjaman yang berisiko terhadap pinjaman yang diberikan", weight=_D(5),
              evidence=_PR, source="S17, S21", rule=_ratio(of="risky_loans", to="loans_outstanding", bands=_bands(
                  ("(-inf, 21)", 100), ("[21, 25]", 75), ("(25, 30]", 50), ("(30, inf)", 25)))),
))

_MANAJEMEN = Aspect(code="manajemen", name="Manajemen", weight=_D(15), components=(
    Component(code="3a", name="Manajemen umum", weight=_D(3), evidence=_R09, source="S13 (table 9), S17",
              rule=_checklist(answers="general", items=12, points_per_yes="0.25")),
    Component(code="3b", name="Kelembagaan", weight=_D(3), evidence=_R09, source="S13 (table 10), S17",
              rule=_checklist(answers="institutional", items=6, points_per_yes="0.5")),
    Component(code="3c", name="Manajemen permodalan", weight=_D(3), evidence=_R09, source="S13 (table 11), S17",
              rule=_checklist(answers="capital", items=5, points_per_yes="0.6")),
    Component(code="3d", name="Manajemen aktiva", weight=_D(3), evidence=_R09, source="S13 (table 12), S17",
              rule=_checklist(answers="assets", items=10, points_per_yes="0.3")),
    Component(code="3e", name="Manajemen likuiditas", weight=_D(3), evidence=_R09, source="S13 (table 13), S17",
              rule=_checklist(answers="liquidity", items=5, points_per_yes="0.6")),
))

_EFISIENSI = Aspect(code="efisiensi", name="Efisiensi", weight=_D(10), components=(
    Component(code="4a", name="Rasio beban operasi anggota terhadap partisipasi bruto", weight=_D(4), evidence=_PR,
              source="S22 (formula), S17 (bands)",
              rule=_ratio(of=_sum("cost_of_services", "operating_expenses", "cooperative_expenses"),
                          to="gross_participation", bands=_bands(
                  ("(-inf, 90)", 100), ("[90, 95)", 75), ("[95, 100)", 50), ("[100, inf)", 25)))),
    Component(code="4b", name="Rasio beban usaha terhadap SHU kotor", weight=_D(4), evidence=_PR, source="S17",
              rule=_ratio(of="operating_expenses", to="shu_gross", bands=_bands(
                  ("(-inf, 40]", 100), ("(40, 60]", 75), ("(60, 80]", 50), ("(80, inf)", 25)))),
    Component(code="4c", name="Rasio efisiensi pelayanan", weight=_D(2), evidence=_PR, source="S17",
              rule=_ratio(of="staff_costs", to="loan_volume", bands=_bands(
                  ("(-inf, 5]", 100), ("(5, 10]", 75), ("(10, 15]", 50), ("(15, inf)", 0)))),
))

_LIKUIDITAS = Aspect(code="likuiditas", name="Likuiditas", weight=_D(15), components=(
    Component(code="5a", name="Rasio kas", weight=_D(10), evidence=_R09, source="S36, S17",
              rule=_ratio(of=_sum("cash", "bank"), to="current_liabilities", bands=_bands(
                  ("(-inf, 10]", 25), ("(10, 15]", 100), ("(15, 20]", 50), ("(20, inf)", 25)))),
    Component(code="5b", name="Rasio pinjaman yang diberikan terhadap dana yang diterima", weight=_D(5),
              evidence=_R09, source="S14; 90 and above from S17",
              rule=_ratio(of="loans_outstanding", to="funds_received", bands=_bands(
                  ("(-inf, 60)", 25), ("[60, 70)", 50), ("[70, 80)", 75), ("[80, inf)", 100)))),
))

_KEMANDIRIAN = Aspect(code="kemandirian_pertumbuhan", name="Kemandirian dan Pertumbuhan", weight=_D(10), components=(
    Component(code="6a", name="Rentabilitas aset", weight=_D(3), evidence=_R09, source="S14",
              rule=_ratio(of="shu_before_tax", to="total_assets", bands=_bands(
                  ("(-inf, 5)", 25), ("[5, 7.5)", 50), ("[7.5, 10)", 75), ("[10, inf)", 100)))),
    Component(code="6b", name="Rentabilitas modal sendiri", weight=_D(3), evidence=_R09, source="S15",
              rule=_ratio(of="shu_members_share", to="own_capital", bands=_bands(
                  ("(-inf, 3)", 25), ("[3, 4)", 50), ("[4, 5)", 75), ("[5, inf)", 100)))),
    Component(code="6c", name="Kemandirian operasional pelayanan", weight=_D(4), evidence=_R09, source="S15, S17",
              rule=_ratio(of="net_participation", to=_sum("operating_expenses", "cooperative_expenses"),
                          to_name="beban usaha + beban perkoperasian", bands=_bands(
                  ("(-inf, 100]", 0), ("(100, inf)", 100)))),
))

_JATIDIRI = Aspect(code="jatidiri", name="Jatidiri Koperasi", weight=_D(10), components=(
    Component(code="7a", name="Rasio partisipasi bruto", weight=_D(7), evidence=_R09, source="S15, S23",
              rule=_ratio(of="gross_participation", to=_sum("gross_participation", "non_member_income"),
                          to_name="partisipasi bruto + pendapatan", bands=_bands(
                  ("(-inf, 25)", 25), ("[25, 50)", 50), ("[50, 75)", 75), ("[75, inf)", 100)))),
    Component(code="7b", name="Rasio promosi ekonomi anggota (PEA)", weight=_D(3), evidence=_PR, source="S23, S17",
              rule=_ratio(of=_sum("member_economic_benefit", "shu_members_share"),
                          to=_sum("principal_savings", "mandatory_savings"),
                          to_name="simpanan pokok + simpanan wajib", bands=_bands(
                  ("(-inf, 5)", 0), ("[5, 7.5)", 50), ("[7.5, 10)", 75), ("[10, inf)", 100)))),
))

PREDICATES = (
    Predicate(code="DALAM_PENGAWASAN_KHUSUS", label="Dalam Pengawasan Khusus", interval=Interval.parse(text="[0, 51)")),
    Predicate(code="DALAM_PENGAWASAN", label="Dalam Pengawasan", interval=Interval.parse(text="[51, 66)")),
    Predicate(code="CUKUP_SEHAT", label="Cukup Sehat", interval=Interval.parse(text="[66, 80)")),
    Predicate(code="SEHAT", label="Sehat", interval=Interval.parse(text="[80, 100]")),
)
# fmt: on

KSP_2016_06 = RuleSet(
    version="ksp-2016-06",
    title="Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016 (KSP/USP), banded reading",
    aspects=(_PERMODALAN, _KUALITAS_AKTIVA, _MANAJEMEN, _EFISIENSI, _LIKUIDITAS, _KEMANDIRIAN, _JATIDIRI),
    predicates=PREDICATES,
)


def _with_scales(
    *, rules: RuleSet, version: str, title: str, scales: dict[str, tuple[Linear, Evidence, str]]
) -> RuleSet:
    """``rules`` with the named ratio components scored another way: a variant is data derived from data."""

    def component(*, c: Component) -> Component:
        if c.code not in scales or not isinstance(c.rule, RatioRule):
            return c
        scale, evidence, source = scales[c.code]
        return replace(c, rule=replace(c.rule, scale=scale), evidence=evidence, source=source)

    aspects = tuple(replace(a, components=tuple(component(c=c) for c in a.components)) for a in rules.aspects)
    return replace(rules, version=version, title=title, aspects=aspects)


# The "linear" reading that published examples also use (S25): whole-percent ratios, then a line instead of
# bands for 1b, 2b and 2c. 2b follows the published numbers (100 - 2 x ratio), not the 2009 text.
KSP_2016_06_LINEAR = _with_scales(
    rules=KSP_2016_06,
    version="ksp-2016-06-linear",
    title="Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016 (KSP/USP), linear reading",
    scales={
        "1b": (Linear(intercept=Decimal(0), slope=Decimal(1)), Evidence.REGULATION_2009, "S11 (text), S25"),
        "2b": (Linear(intercept=HUNDRED, slope=Decimal(-2)), Evidence.PRACTICE, "S25"),
        "2c": (Linear(intercept=Decimal(0), slope=Decimal(1)), Evidence.REGULATION_2009, "S13 (text), S25"),
    },
)

RULE_SETS: dict[str, RuleSet] = {rules.version: rules for rules in (KSP_2016_06, KSP_2016_06_LINEAR)}
