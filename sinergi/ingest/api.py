"""Import endpoints: upload a file, confirm its mapping, start it, read its rejected rows.

Thin: each endpoint reads through a region-scoped selector and writes through a service (source=API).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.jobs import JobOut, job_out
from sinergi.api.pagination import BY_NEWEST, Keyset, Page, PageQuery, paginate
from sinergi.core.models import ChangeSource
from sinergi.ingest import selectors, services
from sinergi.ingest.columns import EXTRA, FIELDS
from sinergi.ingest.models import ImportBatch, RejectedRow

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=2**62)]
BY_ROW = Keyset(field="source_row", parse=int)

router = Router(tags=["imports"])


class ImportOut(Schema):
    id: int
    file_name: str
    source: str
    region: str
    status: str
    created_at: datetime
    rows_seen: int
    accepted: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    skipped: int = Field(description="Totals rows, not businesses.")
    merged: int = Field(description="Rows giving again a business of an earlier row of the file.")
    matched: dict[str, int] = Field(
        description="Accepted rows by how their record was found: nib, source_id, owner_name_desa, new."
    )
    default_year: int | None = Field(
        description="Year of the figures when the file has no year column (may come from its title)."
    )
    sheet: str
    columns: list[str] = Field(description="Header of each column of the chosen sheet.")
    mapping: dict[int, str | None] = Field(description="Column index (0-based) → field key.")
    job: JobOut | None


def _import_out(batch: ImportBatch) -> ImportOut:
    columns = next((list(x["columns"]) for x in batch.layouts if (x.get("sheet") or "") == batch.sheet), [])
    return ImportOut(
        id=batch.pk,
        file_name=batch.original_name,
        source=batch.source,
        region=batch.region_id,
        status=batch.status,
        created_at=batch.created_at,
        rows_seen=batch.rows_seen,
        accepted=batch.accepted,
        created=batch.created,
        updated=batch.updated,
        unchanged=batch.unchanged,
        rejected=batch.rejected,
        skipped=batch.skipped,
        merged=batch.merged,
        matched=dict(batch.matched),
        default_year=batch.default_year,
        sheet=batch.sheet,
        columns=columns,
        mapping={int(i): f for i, f in batch.mapping.items()},
        job=job_out(batch.job),
    )


class MappingIn(Schema):
    sheet: str | None = None
    mapping: dict[int, str | None] = Field(
        description=f"Column index → one of: {', '.join(FIELDS)}; {EXTRA} keeps it as extra data; null leaves it out."
    )
    year: int | None = Field(None, ge=1945, le=2100, description="Year of the figures when the file has none.")
    save_as: str = Field("", max_length=120, description="Keep this mapping under a name for files like it.")


class RejectedRowOut(Schema):
    row: int
    values: list[Any]
    errors: list[dict[str, str]]


@router.get("/imports", response=responses({200: Page[ImportOut]}))
def import_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    qs = selectors.imports_visible(user=actor_of(request))
    return paginate(qs, keyset=BY_NEWEST, page=page, transform=lambda rows: [_import_out(b) for b in rows])


@router.post("/imports", response=responses({201: ImportOut}))
def import_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    region: Form[str],
    source: Form[str] = "",
    year: Form[int | None] = None,
) -> Any:
    """Upload a CSV or XLSX file; the answer holds the detected header and the proposed column mapping."""
    batch = services.import_upload(
        actor=actor_of(request),
        stream=file,
        name=file.name or "upload",
        size=file.size or 0,
        region_code=region,
        source=source,
        default_year=year,
        origin=API,
    )
    return Status(201, _import_out(batch))


@router.get("/imports/{import_id}", response=responses({200: ImportOut}))
def import_get(request: HttpRequest, import_id: PathId) -> Any:
    return _import_out(selectors.import_get(user=actor_of(request), pk=import_id))


@router.put("/imports/{import_id}/mapping", response=responses({200: ImportOut}))
def import_mapping(request: HttpRequest, import_id: PathId, payload: MappingIn) -> Any:
    user = actor_of(request)
    batch = selectors.import_get(user=user, pk=import_id)
    services.import_set_mapping(
        actor=user,
        batch=batch,
        sheet=payload.sheet if payload.sheet is not None else batch.sheet,
        mapping=payload.mapping,
        default_year=payload.year if payload.year is not None else batch.default_year,
        save_as=payload.save_as,
        origin=API,
    )
    return _import_out(selectors.import_get(user=user, pk=import_id))


@router.post("/imports/{import_id}/start", response=responses({202: ImportOut}))
def import_start(request: HttpRequest, import_id: PathId) -> Any:
    """Queue the import; follow it with GET /imports/{id} (job.done, job.percent)."""
    user = actor_of(request)
    services.import_start(actor=user, batch=selectors.import_get(user=user, pk=import_id), origin=API)
    return Status(202, _import_out(selectors.import_get(user=user, pk=import_id)))


@router.get("/imports/{import_id}/rejections", response=responses({200: Page[RejectedRowOut]}))
def import_rejections(request: HttpRequest, import_id: PathId, page: Query[PageQuery]) -> Any:
    batch = selectors.import_get(user=actor_of(request), pk=import_id)

    def out(rows: list[RejectedRow]) -> list[RejectedRowOut]:
        return [RejectedRowOut(row=r.source_row, values=r.values, errors=r.errors) for r in rows]

    return paginate(selectors.rejections(batch=batch), keyset=BY_ROW, page=page, transform=out)
