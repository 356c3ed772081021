"""Choosing participants: pure functions from candidates, a configuration and a seed to a result.

1. Candidates that failed a rule (or, when asked, whose needs miss the program's topics) are out, with why.
2. Each remaining candidate gets a priority score: the sum of weight × feature, features in [0, 1]
   (need match, poverty, never aided, female, formal), rounded to 4 decimals.
3. They are ranked by score, highest first; ties go by sha256(seed + ":" + key), lowest first, so the order
   is fixed by the published seed and anyone can recompute it.
4. Reserved seats: walking the ranking, a candidate takes a seat when one of its groups (cluster,
   kecamatan) still has reserved seats ("min") and no group of it is at its cap ("max").
5. Open seats: walking the ranking again, the others are taken while places remain and caps allow.

The same candidates, configuration and seed always give the same result. Nothing here reads the database.
docs/programs.md has the configuration format and a worked example.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALGORITHM = "sinergi-selection-1"
FEATURES = ("need_match", "poverty", "never_aided", "female", "formal")
GROUPINGS = ("cluster", "kecamatan")
DEFAULT_WEIGHTS = {"need_match": Decimal(3), "poverty": Decimal(2), "never_aided": Decimal(2)}
PLACES = Decimal("0.0001")


def normalize_topics(values: Iterable[Any]) -> list[str]:
    """Topics as compared: trimmed, single-spaced, lower case, without repeats, in the given order."""
    out: dict[str, None] = {}
    for value in values:
        text = " ".join(str(value).split()).lower()
        if text:
            out[text] = None
    return list(out)


def need_match(*, topics: Sequence[str], needs: Sequence[str]) -> Decimal:
    """Share of the program's topics the applicant asked for (0 when the program lists none)."""
    offered = set(normalize_topics(topics))
    if not offered:
        return Decimal(0)
    return (Decimal(len(offered & set(normalize_topics(needs)))) / len(offered)).quantize(PLACES)


def need_mismatch(*, topics: Sequence[str], needs: Sequence[str]) -> bool:
    """The applicant named needs and none of them is among the program's topics."""
    offered, wanted = set(normalize_topics(topics)), set(normalize_topics(needs))
    return bool(offered and wanted and not offered & wanted)


def poverty_feature(decile: int | None) -> Decimal:
    """1 for the poorest decile down to 0 for the tenth; 0 when not on the P3KE list."""
    if decile is None:
        return Decimal(0)
    return (Decimal(10 - decile) / 9).quantize(PLACES)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One applicant as the selection sees it. ``failed`` lists the keys of the rules it failed."""

    key: str
    label: str
    groups: Mapping[str, str]
    features: Mapping[str, Decimal]
    failed: tuple[str, ...] = ()
    mismatch: bool = False

    def as_data(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "groups": dict(self.groups),
            "features": {k: str(v) for k, v in self.features.items()},
            "failed": list(self.failed),
            "mismatch": self.mismatch,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Candidate:
        return cls(
            key=data["key"],
            label=data["label"],
            groups=dict(data["groups"]),
            features={k: Decimal(v) for k, v in data["features"].items()},
            failed=tuple(data["failed"]),
            mismatch=bool(data["mismatch"]),
        )


@dataclass(frozen=True, slots=True)
class Quota:
    """Seats per group of one grouping: at least ``min`` reserved, at most ``max``; ``groups`` overrides
    them for named groups. A candidate without a group (no cluster) is capped like any group but never
    takes a reserved seat."""

    by: str
    min: int = 0
    max: int | None = None
    groups: Mapping[str, tuple[int, int | None]] = field(default_factory=dict)

    def limits(self, group: str) -> tuple[int, int | None]:
        low, high = self.groups.get(group, (self.min, self.max))
        return (0 if not group else low), high


@dataclass(frozen=True, slots=True)
class Config:
    capacity: int | None
    quotas: tuple[Quota, ...] = ()
    weights: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    exclude_mismatch: bool = False

    def as_data(self) -> dict[str, Any]:
        return {
            "capacity": self.capacity,
            "quotas": [
                {
                    "by": q.by,
                    "min": q.min,
                    "max": q.max,
                    "groups": {g: {"min": lo, "max": hi} for g, (lo, hi) in sorted(q.groups.items())},
                }
                for q in self.quotas
            ],
            "weights": {k: str(v) for k, v in self.weights.items()},
            "exclude_mismatch": self.exclude_mismatch,
        }


def _count(value: Any, *, what: str, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError({"config": _("%(what)s is a whole number, 0 or more.") % {"what": what}})
    return value


def _limits(data: Mapping[str, Any], *, what: str, default: tuple[int, int | None]) -> tuple[int, int | None]:
    low = _count(data.get("min", default[0]), what=what + " min")
    high = _count(data.get("max", default[1]), what=what + " max", allow_none=True)
    assert low is not None
    if high is not None and low > high:
        raise ValidationError({"config": _("%(what)s: min is above max.") % {"what": what}})
    return low, high


def _quota(data: Any) -> Quota:
    if not isinstance(data, Mapping) or data.get("by") not in GROUPINGS:
        raise ValidationError(
            {"config": _("Each quota names what it groups by: %(known)s.") % {"known": ", ".join(GROUPINGS)}}
        )
    by = data["by"]
    low, high = _limits(data, what=by, default=(0, None))
    overrides = data.get("groups") or {}
    if not isinstance(overrides, Mapping):
        raise ValidationError({"config": _("A quota's groups map each group to its min and max.")})
    groups = {}
    for name, limits in overrides.items():
        if not isinstance(limits, Mapping):
            limits = {"min": limits, "max": limits}  # a bare number: exactly that many
        groups[str(name)] = _limits(limits, what=f"{by} {name}", default=(low, high))
    return Quota(by=by, min=low, max=high, groups=groups)


def parse_config(data: Mapping[str, Any], *, default_capacity: int | None) -> Config:
    """A run's configuration from its JSON form; ValidationError({"config": …}) when it is wrong."""
    unknown = sorted(set(data) - {"capacity", "quotas", "weights", "exclude_mismatch"})
    if unknown:
        raise ValidationError({"config": _("Unknown settings: %(keys)s.") % {"keys": ", ".join(unknown)}})
    capacity = _count(data.get("capacity", default_capacity), what=_("Capacity"), allow_none=True)
    quotas = tuple(_quota(q) for q in data.get("quotas") or [])
    if len({q.by for q in quotas}) != len(quotas):
        raise ValidationError({"config": _("Give one quota per grouping.")})
    raw_weights = data.get("weights")
    weights = dict(DEFAULT_WEIGHTS)
    if raw_weights is not None:
        if not isinstance(raw_weights, Mapping):
            raise ValidationError({"config": _("Weights map features to numbers.")})
        weights = {}
        for name, value in raw_weights.items():
            if name not in FEATURES:
                raise ValidationError(
                    {
                        "config": _("Unknown feature “%(name)s” (known: %(known)s).")
                        % {"name": name, "known": ", ".join(FEATURES)}
                    }
                )
            try:
                weight = Decimal(str(value))
            except InvalidOperation:
                weight = Decimal(-1)
            if not weight.is_finite() or weight < 0:
                raise ValidationError({"config": _("The weight of %(name)s is a number, 0 or more.") % {"name": name}})
            weights[name] = weight
    exclude = data.get("exclude_mismatch", False)
    if not isinstance(exclude, bool):
        raise ValidationError({"config": _("“exclude_mismatch” is true or false.")})
    return Config(capacity=capacity, quotas=quotas, weights=weights, exclude_mismatch=exclude)


def score(candidate: Candidate, weights: Mapping[str, Decimal]) -> Decimal:
    total = sum((w * candidate.features.get(name, Decimal(0)) for name, w in weights.items()), Decimal(0))
    return total.quantize(PLACES)


def tiebreak(seed: str, key: str) -> str:
    """The published tie-breaker: hex sha256 of "<seed>:<key>"."""
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


@dataclass(slots=True)
class _State:
    config: Config
    left: int | None
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def blocking_cap(self, c: Candidate) -> Quota | None:
        for q in self.config.quotas:
            group = c.groups.get(q.by, "")
            high = q.limits(group)[1]
            if high is not None and self.counts.get((q.by, group), 0) >= high:
                return q
        return None

    def reserved_for(self, c: Candidate) -> Quota | None:
        for q in self.config.quotas:
            group = c.groups.get(q.by, "")
            if self.counts.get((q.by, group), 0) < q.limits(group)[0]:
                return q
        return None

    def take(self, c: Candidate) -> None:
        for q in self.config.quotas:
            key = (q.by, c.groups.get(q.by, ""))
            self.counts[key] = self.counts.get(key, 0) + 1
        if self.left is not None:
            self.left -= 1


def select(candidates: Sequence[Candidate], config: Config, seed: str) -> dict[str, Any]:
    """The selection as JSON-ready data: ``selected`` and ``not_selected`` (each entry with its key, score,
    rank and a reason code), the mismatch flags and the reserved seats left unfilled."""
    ranked: list[Candidate] = []
    out: list[dict[str, Any]] = []
    for c in sorted(candidates, key=lambda c: c.key):
        if c.failed:
            out.append({"key": c.key, "reason": {"code": "ineligible", "failed": list(c.failed)}})
        elif c.mismatch and config.exclude_mismatch:
            out.append({"key": c.key, "reason": {"code": "need_mismatch"}})
        else:
            ranked.append(c)
    scores = {c.key: score(c, config.weights) for c in ranked}
    ranked.sort(key=lambda c: (-scores[c.key], tiebreak(seed, c.key), c.key))
    state = _State(config=config, left=config.capacity)
    chosen: dict[str, dict[str, Any]] = {}
    for c in ranked:  # reserved seats, best first
        if state.left == 0:
            break
        quota = state.reserved_for(c)
        if quota is not None and state.blocking_cap(c) is None:
            state.take(c)
            chosen[c.key] = {"code": "reserved", "by": quota.by, "group": c.groups.get(quota.by, "")}
    waiting = 0
    for c in ranked:  # open seats
        if c.key in chosen:
            continue
        cap = state.blocking_cap(c)
        if state.left != 0 and cap is None:
            state.take(c)
            chosen[c.key] = {"code": "rank"}
            continue
        waiting += 1
        reason = (
            {"code": "capacity"} if cap is None else {"code": "cap", "by": cap.by, "group": c.groups.get(cap.by, "")}
        )
        out.append({"key": c.key, "reason": {**reason, "waiting": waiting}})
    rank = {c.key: i for i, c in enumerate(ranked, start=1)}
    for entry in out:
        if entry["key"] in rank:
            entry.update(rank=rank[entry["key"]], score=str(scores[entry["key"]]))
    selected = [
        {"key": c.key, "rank": rank[c.key], "score": str(scores[c.key]), "reason": chosen[c.key]}
        for c in ranked
        if c.key in chosen
    ]
    return {
        "algorithm": ALGORITHM,
        "selected": selected,
        "not_selected": sorted(out, key=lambda e: (e.get("rank") or len(ranked) + 1, e["key"])),
        "mismatch": sorted(c.key for c in candidates if c.mismatch),
        "unfilled": _unfilled(candidates, config, state),
        "tiebreak": {c.key: tiebreak(seed, c.key) for c in ranked},
    }


def _unfilled(candidates: Sequence[Candidate], config: Config, state: _State) -> list[dict[str, Any]]:
    """Reserved seats nobody filled: per grouping, every group seen among the applicants or named."""
    gaps = []
    for q in config.quotas:
        names = {c.groups.get(q.by, "") for c in candidates} | set(q.groups)
        for group in sorted(n for n in names if n):
            wanted = q.limits(group)[0]
            filled = state.counts.get((q.by, group), 0)
            if filled < wanted:
                gaps.append({"by": q.by, "group": group, "wanted": wanted, "filled": filled})
    return gaps


def rerun(*, inputs: Sequence[Mapping[str, Any]], config: Mapping[str, Any], seed: str) -> dict[str, Any]:
    """The result a stored run's inputs, configuration and seed give: what anyone re-running it gets."""
    known = {k: config[k] for k in ("capacity", "quotas", "weights", "exclude_mismatch") if k in config}
    return select([Candidate.from_data(c) for c in inputs], parse_config(known, default_capacity=None), seed)
