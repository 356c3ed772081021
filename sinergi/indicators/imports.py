"""The office's Peta Jalan spreadsheet imported into a roadmap's targets: the ``indicators.target`` target of the
import engine (sinergi.ingest).

One row per target: the goal (Sasaran), the indicator (its code or its name), the region code, the year, the
baseline year and value, and the target value. Or, as Peta Jalan documents print them, one row per indicator and
region with a column per year ("Target 2026", "2027", …): each filled year cell is a target of that year, with the
baseline year before the first year column unless the sheet gives one.

Each row goes through ``services.target_save``, which finds the target by goal, indicator, region and year:
importing the same file again, under any name, changes nothing; a row with a new value changes that target. Every
row is answered: created, updated, unchanged or rejected with its reasons (a wide row's reasons name the year's
column)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.models import ChangeSource
from sinergi.core.numbers import parse_amount_text, parse_count
from sinergi.indicators import services
from sinergi.indicators.models import Indicator, Roadmap
from sinergi.ingest import files
from sinergi.ingest.cells import CellValue, cell_text
from sinergi.ingest.headers import FieldSpec, count_score, exact_matcher, plain_header
from sinergi.ingest.targets import ImportTarget, register

MAX_ROWS = 5_000
TARGET_FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("goal", gettext_lazy("Goal"), True, ("sasaran", "tujuan", "sasaran strategis", "goal")),
        FieldSpec("indicator", gettext_lazy("Indicator"), True, ("indikator", "kode indikator", "indikator kinerja")),
        FieldSpec("region", gettext_lazy("Region code"), True, ("kode wilayah", "kode daerah", "kode kemendagri")),
        FieldSpec("year", gettext_lazy("Year"), True, ("tahun", "tahun target", "year")),
        FieldSpec("baseline_year", gettext_lazy("Baseline year"), False, ("tahun dasar", "tahun baseline")),
        FieldSpec("baseline", gettext_lazy("Baseline"), True, ("baseline", "nilai dasar", "kondisi awal")),
        FieldSpec("target", gettext_lazy("Target"), True, ("target", "nilai target")),
    )
}
_match_named = exact_matcher(TARGET_FIELDS.values())
# A year column of the wide layout: "2026", "Target 2026", "Tahun 2026", "Target Tahun 2026", "Target / 2026".
_YEAR_COLUMN = re.compile(r"^(?:(?:nilai )?target )?(?:tahun |th )?(20\d\d)$")
YEAR_KEY = "target_"


def match_column(label: str) -> str | None:
    """The field a header names; a year column reads as ``target_<year>``."""
    named = _match_named(label)
    if named:
        return named
    for text in (plain_header(label), plain_header(label.split("/")[-1])):
        found = _YEAR_COLUMN.match(text)
        if found:
            return f"{YEAR_KEY}{found.group(1)}"
    return None


def _year_columns(keys: set[str] | dict[str, Any]) -> list[int]:
    return sorted(int(k[len(YEAR_KEY) :]) for k in keys if k.startswith(YEAR_KEY))


NAMES = {"goal": "Sasaran", "indicator": "Indikator", "region": "Kode Wilayah", "year": "Tahun"}


@dataclass(frozen=True, slots=True)
class TargetRow:
    row: int
    status: str  # created, updated, unchanged, rejected
    target: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class TargetResult:
    file: str
    rows: list[TargetRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            **{s: self.count(s) for s in ("created", "updated", "unchanged", "rejected")},
            "rows": [asdict(r) for r in self.rows],
        }


def _required(found: set[str]) -> str:
    wide = bool(_year_columns(found))
    needed = [k for k in (*NAMES, "baseline", "target") if not (wide and k in ("year", "target"))]
    missing = [str(TARGET_FIELDS[k].synonyms[0]).title() for k in needed if k not in found]
    if missing:
        return _("The file has no %(columns)s column; a Peta Jalan sheet needs %(all)s.") % {
            "columns": ", ".join(missing),
            "all": "Sasaran, Indikator, Kode Wilayah, Tahun, Baseline, Target "
            + _("(or a column per year: Target 2026, Target 2027, …)"),
        }
    return ""


def _indicator(text: str, known: list[Indicator]) -> Indicator:
    wanted = text.strip().lower()
    for i in known:
        if wanted in (i.code.lower(), i.name_id.lower(), i.name_en.lower()):
            return i
    raise ValidationError(_("No indicator has the code or name “%(text)s”.") % {"text": text.strip()})


def _year(value: CellValue, label: str) -> int:
    try:
        year = parse_count(value if isinstance(value, str | int | float | Decimal) else cell_text(value))
    except ValidationError:
        raise ValidationError(_("%(column)s: write a year such as 2026.") % {"column": label}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError(_("%(column)s: write a year such as 2026.") % {"column": label})
    return year


def _number(value: CellValue, label: str) -> Decimal:
    try:
        return parse_amount_text(value if isinstance(value, str | int | float | Decimal) else cell_text(value))
    except ValidationError as exc:
        raise ValidationError(f"{label}: {exc.messages[0]}") from None


def _read_row(row: dict[str, CellValue], known: list[Indicator]) -> dict[str, Any]:
    reasons: list[str] = []
    out: dict[str, Any] = {}
    for key in ("goal", "indicator", "region"):
        text = cell_text(row.get(key)).strip()
        if not text:
            reasons.append(_("%(column)s is empty.") % {"column": NAMES[key]})
        out[key] = text
    checks = (
        ("indicator", lambda: _indicator(out["indicator"], known)),
        ("year", lambda: _year(row.get("year"), NAMES["year"])),
        ("baseline", lambda: _number(row.get("baseline"), "Baseline")),
        ("target", lambda: _number(row.get("target"), cell_text(row.get("target_column")) or "Target")),
    )
    for key, read in checks:
        if key == "indicator" and not out["indicator"]:
            continue
        try:
            out[key] = read()
        except ValidationError as exc:
            reasons.extend(exc.messages)
    base_year = cell_text(row.get("baseline_year")).strip()
    if base_year:
        try:
            out["baseline_year"] = _year(row.get("baseline_year"), "Tahun Dasar")
        except ValidationError as exc:
            reasons.extend(exc.messages)
    elif isinstance(out.get("year"), int):
        out["baseline_year"] = out["year"] - 1
    if reasons:
        raise ValidationError(reasons)
    return out


def _one_target_per_row(
    rows: list[tuple[int, dict[str, CellValue]]],
) -> list[tuple[int, dict[str, CellValue]]]:
    """The rows of a wide sheet spread to one per filled year cell (year, target, and the baseline year before
    the first year column when the row has none); the rows of a long sheet as they are."""
    out: list[tuple[int, dict[str, CellValue]]] = []
    for number, row in rows:
        years = _year_columns(row)
        if not years:
            out.append((number, row))
            continue
        named = {k: v for k, v in row.items() if not k.startswith(YEAR_KEY)}
        if not cell_text(named.get("baseline_year")).strip():
            named["baseline_year"] = years[0] - 1
        filled = [y for y in years if cell_text(row[f"{YEAR_KEY}{y}"]).strip()]
        for year in filled or years[:1]:  # a row with no year filled is answered once (its target is empty)
            cell = row[f"{YEAR_KEY}{year}"]
            out.append((number, {**named, "year": year, "target": cell, "target_column": f"Target {year}"}))
    return out


def targets_import(
    *,
    actor: User,
    roadmap: Roadmap,
    stream: IO[bytes],
    name: str,
    size: int,
    size_limit: bool = True,
    source: str = ChangeSource.WEB,
) -> TargetResult:
    """Import the sheet into ``roadmap`` (see the module). ValidationError ({"file": …}) when the file as a whole
    cannot be read; PermissionDenied for a user who may not change the roadmap's region."""
    require_region_write(actor, roadmap.region_id)
    try:
        files.check_size(size=size, size_limit=size_limit)
        kind = files.file_kind(name)
        with files.temporary_copy(stream, name=name, kind=kind) as (path, _sha256):
            rows = files.read_table(
                path, kind=kind, name=Path(name).name, match=match_column, required=_required, limit=MAX_ROWS
            )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    known = list(Indicator.objects.filter(Q(is_active=True)))
    result = TargetResult(file=Path(name).name)
    seen: dict[tuple[str, str, str, int], int] = {}
    for number, row in _one_target_per_row(rows):
        try:
            data = _read_row(row, known)
        except ValidationError as exc:
            result.rows.append(TargetRow(row=number, status="rejected", reasons=list(exc.messages)))
            continue
        key = (data["goal"], data["indicator"].code, data["region"], data["year"])
        if key in seen:
            reason = _("The same goal, indicator, region and year are already in row %(row)d.") % {"row": seen[key]}
            result.rows.append(TargetRow(row=number, status="rejected", reasons=[reason]))
            continue
        try:
            with transaction.atomic():
                goal = services.goal_get_or_create(actor=actor, roadmap=roadmap, title=data["goal"], source=source)
                target, status = services.target_save(
                    actor=actor,
                    goal=goal,
                    indicator=data["indicator"],
                    region_code=data["region"],
                    year=data["year"],
                    baseline_year=data["baseline_year"],
                    baseline=data["baseline"],
                    target=data["target"],
                    source=source,
                )
        except ValidationError as exc:
            result.rows.append(TargetRow(row=number, status="rejected", reasons=list(exc.messages)))
            continue
        except PermissionDenied as exc:
            result.rows.append(TargetRow(row=number, status="rejected", reasons=[str(exc)]))
            continue
        seen[key] = number
        result.rows.append(TargetRow(row=number, status=status, target=target.pk))
    return result


TARGETS = register(
    ImportTarget(
        key="indicators.target",
        label=gettext_lazy("Peta Jalan targets"),
        fields=TARGET_FIELDS,
        natural_key=(("goal", "indicator", "region", "year"),),
        writer=services.target_save,
        run=targets_import,
        score_header=count_score(match_column),
    )
)
