"""Every write of the import workflow: upload a file, confirm its column mapping, start and run the job."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry, require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import record_saved, save_logged, snapshot
from sinergi.core.jobs import job_create, job_enqueue
from sinergi.core.models import ChangeSource, Job
from sinergi.ingest.columns import (
    EXTRA,
    FIELDS,
    detect_mapping,
    keep_the_rest,
    missing_required,
    missing_required_message,
    normalise_header,
    score_header,
)
from sinergi.ingest.files import max_upload_bytes, too_large_message
from sinergi.ingest.models import FileKind, ImportBatch, ImportStatus, SavedMapping
from sinergi.ingest.reading import SheetLayout, detect_layouts
from sinergi.regions.models import Region, RegionLevel

IMPORT_JOB = "ingest.import"
__all__ = ["max_upload_bytes", "too_large_message"]  # the upload limits, for the import pages
_MAGIC_ZIP = b"PK\x03\x04"


def _kind_of(*, name: str, head: bytes) -> str:
    """The file's format from its name, checked against its first bytes (a renamed file is refused)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        if not head.startswith(_MAGIC_ZIP):
            raise ValidationError(
                _("“%(name)s” is named .xlsx but is not an Excel workbook; save it again as .xlsx or .csv.")
                % {"name": name},
                code="not_xlsx",
            )
        return FileKind.XLSX
    if suffix in (".csv", ".txt"):
        if b"\x00" in head or head.startswith(_MAGIC_ZIP):
            raise ValidationError(
                _("“%(name)s” is not a text CSV file; if it is an Excel workbook, name it .xlsx.") % {"name": name},
                code="not_csv",
            )
        return FileKind.CSV
    if suffix == ".xls":
        raise ValidationError(
            _("Old Excel files (.xls) cannot be read; open it in Excel and save as .xlsx."), code="xls"
        )
    raise ValidationError(
        _("“%(name)s”: only .xlsx and .csv files can be imported.") % {"name": name}, code="file_type"
    )


def scope_region(*, actor: User, code: str) -> Region:
    """The region an import goes into: a province or kabupaten/kota the actor may edit."""
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise ValidationError({"region": _("Unknown region code “%(code)s”.") % {"code": code}})
    if region.level > RegionLevel.KABUPATEN_KOTA:
        raise ValidationError({"region": _("Choose a province or a kabupaten/kota as the region of the import.")})
    require_region_write(actor, region.code)
    return region


@transaction.atomic
def import_upload(
    *,
    actor: User,
    stream: IO[bytes],
    name: str,
    size: int,
    region_code: str,
    source: str = "",
    default_year: int | None = None,
    origin: str = ChangeSource.WEB,
    size_limit: bool = True,
) -> ImportBatch:
    """Store the file, find its header rows and propose a column mapping (a saved one if headers match).

    ``size_limit`` applies the web upload limit; the CLI, reading from the server's own disk, has none."""
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not change the registry."))
    if size_limit and size > max_upload_bytes():
        raise ValidationError(too_large_message(size=size), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    region = scope_region(actor=actor, code=region_code)
    head = stream.read(8)
    stream.seek(0)
    kind = _kind_of(name=name, head=head)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    # Not the file's name: a file saved again under another name is the same source, and its ID column
    # (``<source>:id:<id>``) must find the same records.
    source_slug = slugify(source)[:60] or f"impor-{slugify(region.code)}"
    batch = ImportBatch(
        created_by=actor,
        region=region,
        source=source_slug,
        original_name=Path(name).name[:255],
        size=size,
        sha256=digest.hexdigest(),
        kind=kind,
        default_year=default_year,
    )
    batch.file.save(f"{digest.hexdigest()[:16]}.{kind}", File(stream), save=False)
    layouts = detect_layouts(
        Path(batch.file.path),
        kind=kind,  # type: ignore[arg-type]
        score_header=score_header,
        name=batch.original_name,
    )
    batch.layouts = [asdict(layout) for layout in layouts]
    batch.sheet = layouts[0].sheet or ""
    batch.mapping = {str(k): v for k, v in _proposed_mapping(region=region, layout=layouts[0]).items()}
    if batch.default_year is None:
        batch.default_year = layouts[0].title_year  # shown at the mapping step, where it can be changed
    save_logged(actor=actor, instance=batch, before=None, source=origin)
    return batch


def layout_of(batch: ImportBatch) -> SheetLayout:
    for item in batch.layouts:
        if (item.get("sheet") or "") == batch.sheet:
            return SheetLayout(**{**item, "header_rows": tuple(item["header_rows"]), "columns": tuple(item["columns"])})
    raise ValidationError(_("The sheet “%(sheet)s” has no header row.") % {"sheet": batch.sheet})


def _proposed_mapping(*, region: Region, layout: SheetLayout) -> dict[int, str | None]:
    headers = [normalise_header(c) for c in layout.columns]
    for saved in SavedMapping.objects.filter(region__code__in=region.ancestor_codes()):
        if set(saved.headers) == {h for h in headers if h}:
            return {i: saved.headers.get(h) for i, h in enumerate(headers)}
    return keep_the_rest(layout.columns, detect_mapping(layout.columns))


@transaction.atomic
def import_set_mapping(
    *,
    actor: User,
    batch: ImportBatch,
    sheet: str,
    mapping: Mapping[int, str | None],
    default_year: int | None,
    save_as: str = "",
    origin: str = ChangeSource.WEB,
) -> ImportBatch:
    """Confirm which column holds which field; optionally keep the mapping for the next file like it."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require_region_write(actor, batch.region_id)
    if batch.status != ImportStatus.MAPPING:
        raise ValidationError(_("This import has already started; its mapping can no longer change."))
    before = snapshot(batch)
    batch.sheet = sheet
    layout = layout_of(batch)
    errors: dict[str, str] = {}
    clean: dict[int, str | None] = {}
    seen: dict[str, int] = {}
    for index, field in mapping.items():
        if not 0 <= index < len(layout.columns):
            errors["mapping"] = _("Column %(n)d does not exist in this sheet.") % {"n": index + 1}
            continue
        if field and field != EXTRA and field not in FIELDS:
            errors[f"col_{index}"] = _("Unknown field “%(field)s”.") % {"field": field}
            continue
        if field and field != EXTRA and field in seen:
            errors[f"col_{index}"] = _("“%(label)s” is already taken by column %(n)d.") % {
                "label": FIELDS[field].label,
                "n": seen[field] + 1,
            }
            continue
        if field:
            seen[field] = index
        clean[index] = field or None
    missing = missing_required(clean)
    if missing:
        errors["mapping"] = missing_required_message(missing)
    if errors:
        raise ValidationError(errors)
    batch.mapping = {str(i): f for i, f in clean.items()}
    batch.default_year = default_year
    batch.save(update_fields=["sheet", "mapping", "default_year"])
    record_saved(actor=actor, instance=batch, before=before, source=origin)
    if save_as.strip():
        headers = {normalise_header(layout.columns[i]): f for i, f in clean.items() if layout.columns[i].strip()}
        saved, _created = SavedMapping.objects.update_or_create(
            region_id=batch.region_id, name=save_as.strip()[:120], defaults={"headers": headers, "created_by": actor}
        )
        record_saved(actor=actor, instance=saved, before=None, source=origin)
    return batch


@transaction.atomic
def import_start(*, actor: User, batch: ImportBatch, origin: str = ChangeSource.WEB, enqueue: bool = True) -> Job:
    """Queue the import; the worker (or the CLI) runs it. Starting twice returns the same job."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require_region_write(actor, batch.region_id)
    if batch.job_id is not None:
        job = batch.job
        assert job is not None
        return job
    if missing_required({int(i): f for i, f in batch.mapping.items()}):
        raise ValidationError(_("Confirm the column mapping before starting the import."))
    before = snapshot(batch)
    job = job_create(actor=actor, kind=IMPORT_JOB)
    batch.job = job
    batch.status = ImportStatus.QUEUED
    batch.save(update_fields=["job", "status"])
    record_saved(actor=actor, instance=batch, before=before, source=origin)
    if enqueue:
        job_enqueue(job=job)
    return job


def mapping_of(batch: ImportBatch) -> dict[int, str]:
    return {int(i): f for i, f in batch.mapping.items() if f}


def left_out(batch: ImportBatch) -> list[tuple[int, str]]:
    """The headed columns the mapping neither maps nor keeps as extra data: (index, header); the mapping
    page names them, since their values are not imported."""
    mapping = mapping_of(batch)
    return [(i, h) for i, h in enumerate(layout_of(batch).columns) if h.strip() and i not in mapping]


def counts_of(batch: ImportBatch) -> dict[str, Any]:
    keys = ("rows_seen", "accepted", "created", "updated", "unchanged", "rejected", "skipped", "merged")
    return {**{k: getattr(batch, k) for k in keys}, "matched": dict(batch.matched)}
