"""Reads for the import pages and API, scoped to the regions the user works in."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_prefixes, region_q
from sinergi.accounts.models import User
from sinergi.ingest.columns import FIELDS, REJECTION_COLUMNS
from sinergi.ingest.models import ImportBatch, RejectedRow
from sinergi.ingest.reading import CellValue, iter_rows
from sinergi.ingest.services import layout_of
from sinergi.ingest.workbooks import RejectionSheet, write_rejections
from sinergi.regions.models import Region, RegionLevel

SAMPLE_ROWS = 5
NOTES_READ = 20_000  # the notes summary reads at most this many; the page says how many rows there are


def imports_visible(*, user: User) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(region_q(user, "region__code")).select_related("region", "created_by", "job")


def import_get(*, user: User, pk: int) -> ImportBatch:
    return imports_visible(user=user).get(pk=pk)


def import_regions(*, user: User) -> list[Region]:
    """Regions an import may be made for: the user's provinces and kabupaten/kota and those below them."""
    prefixes = region_prefixes(user)
    qs = Region.objects.filter(level__lte=RegionLevel.KABUPATEN_KOTA).order_by("code")
    if prefixes is None:
        return list(qs)
    return list(qs.filter(region_q(user, "code")))


def sample_rows(*, batch: ImportBatch) -> list[tuple[int, tuple[CellValue, ...]]]:
    """The first data rows of the chosen sheet, to show beside the mapping."""
    layout = layout_of(batch)
    rows = iter_rows(
        Path(batch.file.path),
        kind=batch.kind,  # type: ignore[arg-type]
        layout=layout,
        name=batch.original_name,
    )
    return [(n, tuple(cells)) for n, cells in itertools.islice(rows, SAMPLE_ROWS)]


def field_labels() -> dict[str, str]:
    """Each import field's label as the reader's language gives it, for reasons and notes."""
    labels = {key: str(spec.label) for key, spec in FIELDS.items()}
    labels.update(external_id=labels.get("external_id", "ID"), years=_("yearly figures"))
    return labels


def notes_summary(*, batch: ImportBatch) -> list[dict[str, Any]]:
    """The import's notes grouped: kind, field, message, how many rows, the first few rows."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for kind, field, message, row in batch.notes.order_by("source_row").values_list(
        "kind", "field", "message", "source_row"
    )[:NOTES_READ]:
        groups.setdefault((kind, field, message), []).append(row)
    labels = field_labels()
    return [
        {"kind": kind, "field": labels.get(field, field), "message": message, "count": len(rows), "rows": rows[:10]}
        for (kind, field, message), rows in sorted(groups.items(), key=lambda item: -len(item[1]))
    ]


def rejections(*, batch: ImportBatch) -> QuerySet[RejectedRow]:
    return batch.rejections.order_by("sheet", "source_row")


def reason_text(errors: list[dict[str, str]], labels: dict[str, str]) -> str:
    return "; ".join(f"{labels.get(e['field'], e['field'])}: {e['message']}" for e in errors)


def rejections_xlsx(*, batch: ImportBatch, stream: IO[bytes], labels: dict[str, str]) -> int:
    """Write the rejected rows as the officer's own columns plus the reasons; returns the row count.

    The header row repeats the file's headers, so the fixed file maps to the same fields when
    re-imported; the extra "row" and "reason" columns are recognised and ignored."""
    row_label, reason_label = (str(label) for label in REJECTION_COLUMNS)
    rows = ((row.source_row, row.values, reason_text(row.errors, labels)) for row in _iter(rejections(batch=batch)))
    sheet = RejectionSheet(title=_("Rejected rows"), columns=layout_of(batch).columns, rows=rows)
    return write_rejections(
        stream, sheets=[sheet], row_header=row_label, reason_header=reason_label, empty_title=_("Rejected rows")
    )


def _iter(qs: QuerySet[RejectedRow]) -> Iterator[RejectedRow]:
    return qs.iterator(chunk_size=2000)
