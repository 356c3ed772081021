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
from dataclasses import dataclass, field
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
