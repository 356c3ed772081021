"""The selection report of a run: who was chosen and why, who was not and why, in words, from what the run
stored. The public form carries no private data: no NIK, address, birth date, phone or poverty decile,
only names, cluster, kecamatan, the score and the need match."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.programs.choices import ProgramKind
from sinergi.programs.models import SelectionRun
from sinergi.programs.selection import Candidate
from sinergi.regions.models import Region
from sinergi.registry.models import Cluster

# What a quota groups by, in words.
GROUPINGS = {"cluster": gettext_lazy("cluster"), "kecamatan": gettext_lazy("kecamatan")}


@dataclass(frozen=True, slots=True)
class ReportLine:
    key: str
    name: str
    cluster: str
    kecamatan: str
    rank: int | None
    score: str | None
    need_match: str
    why: str
    features: dict[str, str] | None = None  # staff report only


@dataclass(frozen=True, slots=True)
class SelectionReport:
    program: str
    kind: str
    fiscal_year: int
    region: str
    run_number: int
    algorithm: str
    seed: str
    run_at: str
    accepted_at: str | None
    published_at: str | None
    as_of: str
    capacity: int | None
    rules: list[dict[str, str]]
    quotas: list[str]
    weights: dict[str, str]
    selected: list[ReportLine]
    not_selected: list[ReportLine]
    unfilled: list[str]
    mismatch_count: int
    method: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Names:
    """Cluster and kecamatan names for the report, looked up once."""

    def __init__(self, candidates: list[Candidate]) -> None:
        slugs = {c.groups.get("cluster", "") for c in candidates} - {""}
        codes = {c.groups.get("kecamatan", "") for c in candidates} - {""}
        self.clusters = dict(Cluster.objects.filter(slug__in=slugs).values_list("slug", "name"))
        self.regions = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))

    def group(self, by: str, value: str) -> str:
        if by == "cluster":
            return self.clusters.get(value, value) or "—"
        return f"{value} {self.regions.get(value, '')}".strip() or "—"


def _why(reason: dict[str, Any], *, names: _Names, rules: dict[str, str], rank: int | None) -> str:
    code = reason["code"]
    by = str(GROUPINGS.get(reason.get("by", ""), reason.get("by", "")))
    group = names.group(reason.get("by", ""), reason.get("group", "")) if "by" in reason else ""
    if code == "reserved":
        return _("Reserved seat for %(by)s %(group)s (rank %(rank)s)") % {
            "by": by,
            "group": group,
            "rank": rank,
        }
    if code == "rank":
        return _("Chosen by priority score (rank %(rank)s)") % {"rank": rank}
    if code == "ineligible":
        return _("Not eligible: %(rules)s") % {"rules": "; ".join(rules.get(k, k) for k in reason["failed"])}
    if code == "need_mismatch":
        return _("The training needs given do not match the program's topics")
    if code == "cap":
        return _("The limit for %(by)s %(group)s was reached (waiting list %(n)s)") % {
            "by": by,
            "group": group,
            "n": reason["waiting"],
        }
    return _("All places were taken (waiting list %(n)s)") % {"n": reason["waiting"]}


def _quota_text(q: dict[str, Any]) -> str:
    high = q.get("max")
    text = _("per %(by)s: at least %(min)s, at most %(max)s") % {
        "by": q["by"],
        "min": q.get("min", 0),
        "max": high if high is not None else "—",
    }
    for group, limits in sorted((q.get("groups") or {}).items()):
        text += "; " + _("%(group)s: %(min)s–%(max)s") % {
            "group": group,
            "min": limits.get("min", 0),
            "max": limits.get("max") if limits.get("max") is not None else "—",
        }
    return text


def selection_report(run: SelectionRun, *, public: bool = True) -> SelectionReport:
    """The report of a stored run. ``public`` leaves out the per-feature breakdown of the score (it would
    reveal the poverty decile); the staff report keeps it."""
    candidates = [Candidate.from_data(c) for c in run.inputs]
    by_key = {c.key: c for c in candidates}
    names = _Names(candidates)
    rules = {r["key"]: r["label"] for r in run.rules}

    def line(entry: dict[str, Any]) -> ReportLine:
        c = by_key[entry["key"]]
        return ReportLine(
            key=c.key,
            name=c.label,
            cluster=names.group("cluster", c.groups.get("cluster", "")) if "cluster" in c.groups else "",
            kecamatan=names.group("kecamatan", c.groups.get("kecamatan", "")),
            rank=entry.get("rank"),
            score=entry.get("score"),
            need_match=str(c.features.get("need_match", "0")),
            why=_why(entry["reason"], names=names, rules=rules, rank=entry.get("rank")),
            features=None if public else {k: str(v) for k, v in c.features.items()},
        )

    program = run.program
    unfilled = [
        _("%(by)s %(group)s: %(filled)s of %(wanted)s reserved seats filled (not enough eligible applicants)")
        % {**gap, "by": GROUPINGS.get(gap["by"], gap["by"]), "group": names.group(gap["by"], gap["group"])}
        for gap in run.result.get("unfilled", [])
    ]
    return SelectionReport(
        program=program.name,
        kind=str(ProgramKind(program.kind).label),
        fiscal_year=program.fiscal_year,
        region=str(program.region),
        run_number=run.number,
        algorithm=run.algorithm,
        seed=run.seed,
        run_at=run.created_at.isoformat(),
        accepted_at=run.accepted_at.isoformat() if run.accepted_at else None,
        published_at=run.published_at.isoformat() if run.published_at else None,
        as_of=run.config.get("as_of", ""),
        capacity=run.config.get("capacity"),
        rules=[{"key": r["key"], "label": r["label"]} for r in run.rules],
        quotas=[_quota_text(q) for q in run.config.get("quotas", [])],
        weights=dict(run.config.get("weights", {})),
        selected=[line(e) for e in run.result["selected"]],
        not_selected=[line(e) for e in run.result["not_selected"]],
        unfilled=unfilled,
        mismatch_count=len(run.result.get("mismatch", [])),
        method=_(
            "Eligible applicants are ranked by score, highest first; equal scores are ordered by the SHA-256 of "
            "“seed:key”, lowest first. Reserved seats go down the ranking first, then the open places."
        ),
    )
