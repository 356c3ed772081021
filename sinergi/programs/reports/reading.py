"""A selection run as a citizen reads it: how many seats and how many were filled (and why some were not), who
was chosen and why — the criteria in words with their weights — in local dates and decimal commas, and, under
"how to verify", the draw key, the tie-breaker and the steps to re-run the draw by hand. Built on the report
(``selection.selection_report``), which the API keeps in its data form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.formatting import format_date, format_datetime, format_decimal
from sinergi.programs.models import SelectionRun
from sinergi.programs.reports.selection import GROUPINGS, ReportLine, SelectionReport, selection_report

# The priority criteria (selection.FEATURES), in words.
CRITERIA = {
    "need_match": gettext_lazy("training needs that match the program's topics"),
    "poverty": gettext_lazy("poverty (P3KE decile; poorest counts most)"),
    "never_aided": gettext_lazy("never aided by a program before"),
    "female": gettext_lazy("owned by a woman"),
    "formal": gettext_lazy("formal business (has an NIB)"),
}


@dataclass(frozen=True, slots=True)
class ReadingLine:
    key: str
    name: str
    cluster: str
    kecamatan: str
    rank: int | None
    score: str
    need: str
    why: str
    parts: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SelectionReading:
    report: SelectionReport
    seats: str
    applicants: str
    criteria: str
    rules: list[str]
    quotas: list[str]
    run_at: str
    accepted_at: str
    published_at: str
    as_of: str
    selected: list[ReadingLine]
    not_selected: list[ReadingLine]
    unfilled: list[str]
    verify: list[str]


def _score(value: str | None) -> str:
    """'2.6667' → '2,6667'; '2.0000' → '2': exact, with the decimal comma."""
    if value is None:
        return "—"
    return format_decimal(Decimal(value).normalize())


def _percent(share: str) -> str:
    return f"{format_decimal((Decimal(share) * 100).quantize(Decimal(1)))} %"


def _parts(features: dict[str, str] | None) -> str:
    if not features:
        return ""
    return "; ".join(f"{CRITERIA.get(k, k)} {_score(v)}" for k, v in features.items())


def _criteria(weights: dict[str, str]) -> str:
    terms = [
        _("%(criterion)s × %(weight)s") % {"criterion": CRITERIA.get(k, k), "weight": _score(v)}
        for k, v in weights.items()
        if Decimal(v) != 0
    ]
    if not terms:
        return _("No priority criteria: every eligible applicant has the same score, so the draw decides the order.")
    return _(
        "Every applicant who meets the requirements gets a priority score: %(terms)s. Each criterion counts from 0 "
        "(not at all) to 1 (fully); the highest scores are chosen first, and the draw decides between equal scores."
    ) % {"terms": ", ".join(terms)}


def _seats(*, capacity: int | None, chosen: int, eligible: int) -> str:
    if capacity is None:
        return _("No seat limit: %(chosen)d chosen.") % {"chosen": chosen}
    left = capacity - chosen
    if left <= 0:
        return _("%(seats)d seats, %(chosen)d chosen.") % {"seats": capacity, "chosen": chosen}
    if eligible <= chosen:
        reason = _("only %(n)d applicants met the requirements") % {"n": eligible}
    else:
        reason = _("the quotas' limits left no other applicant for them")
    return _("%(seats)d seats, %(chosen)d chosen; %(left)d left unfilled because %(reason)s.") % {
        "seats": capacity,
        "chosen": chosen,
        "left": left,
        "reason": reason,
    }


def _quota(q: dict[str, Any]) -> str:
    by = GROUPINGS.get(q["by"], q["by"])
    low, high = q.get("min", 0), q.get("max")
    if high is None:
        text = _("Each %(by)s keeps at least %(min)s seats.") % {"by": by, "min": low}
    elif low:
        text = _("Each %(by)s has at least %(min)s and at most %(max)s seats.") % {"by": by, "min": low, "max": high}
    else:
        text = _("Each %(by)s has at most %(max)s seats.") % {"by": by, "max": high}
    for group, limits in sorted((q.get("groups") or {}).items()):
        text += " " + _("%(group)s: %(min)s to %(max)s.") % {
            "group": group,
            "min": limits.get("min", 0),
            "max": limits.get("max") if limits.get("max") is not None else _("no limit"),
        }
    return text


def _when(value: Any) -> str:
    return format_datetime(value) if value is not None else ""


def selection_reading(run: SelectionRun, *, public: bool) -> SelectionReading:
    """The run's report in words for its page (staff) or the public notice (``public``: no score parts)."""
    report = selection_report(run, public=public)
    fingerprints: dict[str, str] = run.result.get("tiebreak", {})

    def line(entry: ReportLine) -> ReadingLine:
        return ReadingLine(
            key=entry.key,
            name=entry.name,
            cluster=entry.cluster,
            kecamatan=entry.kecamatan,
            rank=entry.rank,
            score=_score(entry.score),
            need=_percent(entry.need_match),
            why=entry.why,
            parts=_parts(entry.features),
            fingerprint=fingerprints.get(entry.key, ""),
        )

    selected = [line(e) for e in report.selected]
    not_selected = [line(e) for e in report.not_selected]
    eligible = len(selected) + sum(1 for e in not_selected if e.rank is not None)
    total = len(selected) + len(not_selected)
    as_of = parse_date(report.as_of) if report.as_of else None
    first = next((e for e in selected + not_selected if e.fingerprint), None)
    example = f"{report.seed}:{first.key}" if first is not None else f"{report.seed}:12"
    verify = [
        _("The draw key, published before the draw, is “%(seed)s”; the method is version %(algorithm)s.")
        % {"seed": report.seed, "algorithm": report.algorithm},
        _("Ages and the validity of documents are taken on %(day)s.") % {"day": format_date(as_of) or "—"},
        _(
            "For each applicant who meets the requirements, add up weight × value of every criterion: that is the "
            "score."
        ),
        _(
            "Sort by score, highest first. Equal scores are ordered by the SHA-256 fingerprint of the text “draw "
            "key:application number” (for example “%(example)s”), smallest first; the fingerprints are listed below."
        )
        % {"example": example},
        _("Seats a quota reserves are filled first, going down the list; then the other seats in list order."),
        _("Anyone repeating these steps with the same applicants, settings and draw key gets the same list."),
    ]
    return SelectionReading(
        report=report,
        seats=_seats(capacity=report.capacity, chosen=len(selected), eligible=eligible),
        applicants=_("%(total)d applicants: %(eligible)d met the requirements, %(other)d did not.")
        % {"total": total, "eligible": eligible, "other": total - eligible},
        criteria=_criteria(report.weights),
        rules=[r["label"] for r in report.rules],
        quotas=[_quota(q) for q in run.config.get("quotas", [])],
        run_at=_when(run.created_at),
        accepted_at=_when(run.accepted_at),
        published_at=_when(run.published_at),
        as_of=format_date(as_of) if as_of else "",
        selected=selected,
        not_selected=not_selected,
        unfilled=report.unfilled,
        verify=verify,
    )
