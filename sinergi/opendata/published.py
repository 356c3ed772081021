"""The table a dataset publishes: its source's rows grouped by region and the second disaggregation,
totals added, small cells suppressed; and the same table as flat records for CSV, XLSX and JSON."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.opendata.suppression import build_grid, suppress
from sinergi.reports.sources import DatasetSource, get_source

TOTAL = "Jumlah"  # the label of totals in the published files (the files are in Bahasa Indonesia)


def _number(value: Any) -> float | int:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def source_fields(source: DatasetSource) -> tuple[dict[str, str], dict[str, str]]:
    """The source's measures and its disaggregations other than the region, key → label."""
    measures = {f.key: str(f.label) for f in source.measures}
    breakdowns = {f.key: str(f.label) for f in source.dimensions if f.key not in ("region_code", "region_name")}
    return measures, breakdowns


def check_choice(*, source_code: str, measure: str, breakdown: str) -> DatasetSource:
    source = get_source(source_code)
    measures, breakdowns = source_fields(source)
    errors: dict[str, str] = {}
    if measure not in measures:
        errors["measure"] = _("The source has no measure “%(key)s”.") % {"key": measure}
    if breakdown and breakdown not in breakdowns:
        errors["breakdown"] = _("The source has no disaggregation “%(key)s”.") % {"key": breakdown}
    if errors:
        raise ValidationError(errors)
    return source


def build_table(*, source_code: str, measure: str, breakdown: str, region_code: str, year: int) -> dict[str, Any]:
    """Aggregates only, never a record: read with no user's scope under the producer's region."""
    source = check_choice(source_code=source_code, measure=measure, breakdown=breakdown)
    rows = source.rows(user_or_none=None, region_code=region_code, year=year)
    regions: dict[str, str] = {}
    values: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0])
    categories: list[str] = []
    for row in rows:
        regions[row["region_code"]] = row["region_name"]
        category = str(row[breakdown]) if breakdown else TOTAL
        if category not in categories:
            categories.append(category)
        cell = values[(row["region_code"], category)]
        cell[0] += _number(row[measure])
        cell[1] += int(row[source.units])
    categories.sort()
    codes = sorted(regions)
    grid = build_grid([[tuple(values.get((code, c), [0, 0])) for c in categories] for code in codes])  # type: ignore[misc]
    withheld = suppress(grid)
    columns = [*categories, TOTAL] if grid.row_totals else categories

    def shown(entry: Any) -> float | int | None:
        return None if entry.suppressed else _number(entry.value)

    return {
        "columns": columns,
        "rows": [
            {"region_code": code, "region_name": regions[code], "values": [shown(e) for e in grid.cells[i]]}
            for i, code in enumerate(codes)
        ],
        "total": [shown(e) for e in grid.cells[-1]],
        "suppressed": withheld,
    }


def flat_records(dataset: Any) -> list[dict[str, Any]]:
    """One record per region × category (and the totals), as CSV, XLSX and JSON give them."""
    table = dataset.table or {"columns": [], "rows": [], "total": []}
    out: list[dict[str, Any]] = []
    lines = [
        *table["rows"],
        {"region_code": dataset.producer_office_id, "region_name": TOTAL, "values": table["total"]},
    ]
    for line in lines:
        for category, value in zip(table["columns"], line["values"], strict=True):
            out.append(
                {
                    "kode_wilayah": line["region_code"],
                    "nama_wilayah": line["region_name"],
                    "kategori": category,
                    "tahun": dataset.year,
                    "nilai": value,
                    "satuan": dataset.unit,
                    "keterangan": "disembunyikan (< 5 unit)" if value is None else "",
                }
            )
    return out
