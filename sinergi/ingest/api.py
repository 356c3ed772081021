"""Import and duplicate-review endpoints: upload a file, confirm its mapping, start it, read its rejected rows;
list likely duplicate pairs, merge or mark them different, undo a merge, start a linkage run.

Thin: each endpoint reads through a region-scoped selector and writes through a service (source=API).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_NEWEST, Keyset, Page, PageQuery, paginate
from sinergi.core.models import ChangeSource, Job
from sinergi.ingest import linkage_selectors, linkage_services, selectors, services
from sinergi.ingest.columns import EXTRA, FIELDS
from sinergi.ingest.models import ImportBatch, LinkageRun, MatchCandidate, RejectedRow
from sinergi.registry.models import Merge

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=2**62)]
BY_PROBABILITY = Keyset(field="probability", descending=True, parse=float)
BY_ROW = Keyset(field="source_row", parse=int)
Kind = Literal["person", "business"]

router = Router(tags=["imports"])


class JobOut(Schema):
    status: str
    done: int
    total: int | None
    percent: int | None
    message: str
    attempts: int


def _job(job: Job | None) -> JobOut | None:
    if job is None:
        return None
    return JobOut(
        status=job.status,
        done=job.progress_done,
        total=job.progress_total,
        percent=job.percent,
        message=job.message,
        attempts=job.attempts,
    )


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
        job=_job(batch.job),
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


# --- duplicates -----------------------------------------------------------------------------------------


class RecordOut(Schema):
    id: int
    name: str
    village: str
    facts: dict[str, str]
    exists: bool


class CandidateOut(Schema):
    id: int
    kind: str
    status: str
    probability: float
    weight: float
    left: RecordOut
    right: RecordOut
    evidence: dict[str, Any] = Field(description="Per comparison: level, weight (log2 Bayes factor), bayes_factor.")


class CandidateQuery(PageQuery):
    kind: Kind = "person"
    status: Literal["open", "merged", "distinct", "stale"] = "open"


class MergeIn(Schema):
    keep: int = Field(description="Id of the record to keep: the pair's left or right record.")


class MergeOut(Schema):
    id: int
    kind: str
    kept: int
    merged: int
    merged_record: dict[str, Any]
    created_at: datetime
    undone_at: datetime | None


class RunIn(Schema):
    kind: Kind
    region: str = Field(max_length=13, description="Province or kabupaten/kota code, e.g. 17.08.")


class RunOut(Schema):
    id: int
    kind: str
    region: str
    threshold: float | None
    counts: dict[str, Any]
    timings: dict[str, Any]
    job: JobOut | None


def _merge_out(m: Merge) -> MergeOut:
    return MergeOut(
        id=m.pk,
        kind=m.kind,
        kept=m.survivor_id,
        merged=m.merged_id,
        merged_record=m.merged,
        created_at=m.created_at,
        undone_at=m.undone_at,
    )


def _run_out(run: LinkageRun) -> RunOut:
    return RunOut(
        id=run.pk,
        kind=run.kind,
        region=run.region_id,
        threshold=run.threshold,
        counts=run.counts,
        timings=run.timings,
        job=_job(run.job),
    )


def _candidates_out(rows: list[MatchCandidate]) -> list[CandidateOut]:
    out = []
    for kind in {c.kind for c in rows}:
        ids = {i for c in rows if c.kind == kind for i in (c.left_id, c.right_id)}
        cards = linkage_selectors.record_cards(kind=kind, ids=ids)
        for c in rows:
            if c.kind != kind:
                continue
            left, right = (cards[i] for i in (c.left_id, c.right_id))
            out.append(
                CandidateOut(
                    id=c.pk,
                    kind=c.kind,
                    status=c.status,
                    probability=c.probability,
                    weight=c.weight,
                    left=RecordOut(
                        id=left.pk, name=left.title, village=left.village, facts=dict(left.facts), exists=left.exists
                    ),
                    right=RecordOut(
                        id=right.pk,
                        name=right.title,
                        village=right.village,
                        facts=dict(right.facts),
                        exists=right.exists,
                    ),
                    evidence=c.evidence,
                )
            )
    order = {c.pk: i for i, c in enumerate(rows)}
    return sorted(out, key=lambda o: order[o.id])


@router.get("/duplicates", response=responses({200: Page[CandidateOut]}), tags=["duplicates"])
def candidate_list(request: HttpRequest, filters: Query[CandidateQuery]) -> Any:
    """Pairs of records likely to be one, most likely first; both records lie in the caller's regions."""
    qs = linkage_selectors.candidates_visible(user=actor_of(request), kind=filters.kind, status=filters.status)
    return paginate(qs, keyset=BY_PROBABILITY, page=filters, transform=_candidates_out)


@router.post("/duplicates/{candidate_id}/merge", response=responses({200: MergeOut}), tags=["duplicates"])
def candidate_merge(request: HttpRequest, candidate_id: PathId, payload: MergeIn) -> Any:
    user = actor_of(request)
    candidate = linkage_selectors.candidate_get(user=user, pk=candidate_id)
    merge = linkage_services.candidate_merge(actor=user, candidate=candidate, survivor_id=payload.keep, source=API)
    return _merge_out(merge)


@router.post("/duplicates/{candidate_id}/distinct", response=responses({200: CandidateOut}), tags=["duplicates"])
def candidate_distinct(request: HttpRequest, candidate_id: PathId) -> Any:
    user = actor_of(request)
    candidate = linkage_services.candidate_distinct(
        actor=user, candidate=linkage_selectors.candidate_get(user=user, pk=candidate_id), source=API
    )
    return _candidates_out([candidate])[0]


@router.post("/duplicates/runs", response=responses({202: RunOut}), tags=["duplicates"])
def run_start(request: HttpRequest, payload: RunIn) -> Any:
    """Start a linkage run over a region; new pairs join the queue when its job ends."""
    run = linkage_services.linkage_start(
        actor=actor_of(request), kind=payload.kind, region_code=payload.region, origin=API
    )
    return Status(202, _run_out(run))


@router.get("/duplicates/runs/{run_id}", response=responses({200: RunOut}), tags=["duplicates"])
def run_get(request: HttpRequest, run_id: PathId) -> Any:
    return _run_out(linkage_selectors.runs_visible(user=actor_of(request)).get(pk=run_id))


@router.get("/merges", response=responses({200: Page[MergeOut]}), tags=["duplicates"])
def merge_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    qs = linkage_selectors.merges_visible(user=actor_of(request))
    return paginate(qs, keyset=BY_NEWEST, page=page, transform=lambda rows: [_merge_out(m) for m in rows])


@router.post("/merges/{merge_id}/undo", response=responses({200: MergeOut}), tags=["duplicates"])
def merge_undo(request: HttpRequest, merge_id: PathId) -> Any:
    user = actor_of(request)
    merge = linkage_selectors.merge_get(user=user, pk=merge_id)
    linkage_services.review_merge_undo(actor=user, merge=merge, source=API)
    return _merge_out(linkage_selectors.merge_get(user=user, pk=merge_id))
