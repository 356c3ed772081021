"""Duplicate-review endpoints: list likely duplicate pairs, merge or mark them different, undo a merge, start
a linkage run and follow it.

Thin: each endpoint reads through a region-scoped selector and writes through a service (source=API).
Operation ids are the ones these endpoints had while they lived in the import app (``sinergi_ingest_api_*``),
so generated clients keep their method names.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.jobs import job_out
from sinergi.api.pagination import BY_NEWEST, Keyset, Page, PageQuery, paginate
from sinergi.core.models import ChangeSource
from sinergi.linkage import selectors, services
from sinergi.linkage.models import LinkageRun, MatchCandidate
from sinergi.linkage.schemas import CandidateOut, CandidateQuery, MergeIn, MergeOut, RecordOut, RunIn, RunOut
from sinergi.registry.models import Merge

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=2**62)]
BY_PROBABILITY = Keyset(field="probability", descending=True, parse=float)

router = Router(tags=["duplicates"])


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
        job=job_out(run.job),
    )


def _candidates_out(rows: list[MatchCandidate]) -> list[CandidateOut]:
    out = []
    for kind in {c.kind for c in rows}:
        ids = {i for c in rows if c.kind == kind for i in (c.left_id, c.right_id)}
        cards = selectors.record_cards(kind=kind, ids=ids)
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


@router.get(
    "/duplicates", response=responses({200: Page[CandidateOut]}), operation_id="sinergi_ingest_api_candidate_list"
)
def candidate_list(request: HttpRequest, filters: Query[CandidateQuery]) -> Any:
    """Pairs of records likely to be one, most likely first; both records lie in the caller's regions."""
    qs = selectors.candidates_visible(user=actor_of(request), kind=filters.kind, status=filters.status)
    return paginate(qs, keyset=BY_PROBABILITY, page=filters, transform=_candidates_out)


@router.post(
    "/duplicates/{candidate_id}/merge",
    response=responses({200: MergeOut}),
    operation_id="sinergi_ingest_api_candidate_merge",
)
def candidate_merge(request: HttpRequest, candidate_id: PathId, payload: MergeIn) -> Any:
    user = actor_of(request)
    candidate = selectors.candidate_get(user=user, pk=candidate_id)
    merge = services.candidate_merge(actor=user, candidate=candidate, survivor_id=payload.keep, source=API)
    return _merge_out(merge)


@router.post(
    "/duplicates/{candidate_id}/distinct",
    response=responses({200: CandidateOut}),
    operation_id="sinergi_ingest_api_candidate_distinct",
)
def candidate_distinct(request: HttpRequest, candidate_id: PathId) -> Any:
    user = actor_of(request)
    candidate = services.candidate_distinct(
        actor=user, candidate=selectors.candidate_get(user=user, pk=candidate_id), source=API
    )
    return _candidates_out([candidate])[0]


@router.post("/duplicates/runs", response=responses({202: RunOut}), operation_id="sinergi_ingest_api_run_start")
def run_start(request: HttpRequest, payload: RunIn) -> Any:
    """Start a linkage run over a region; new pairs join the queue when its job ends."""
    run = services.linkage_start(actor=actor_of(request), kind=payload.kind, region_code=payload.region, origin=API)
    return Status(202, _run_out(run))


@router.get("/duplicates/runs/{run_id}", response=responses({200: RunOut}), operation_id="sinergi_ingest_api_run_get")
def run_get(request: HttpRequest, run_id: PathId) -> Any:
    return _run_out(selectors.runs_visible(user=actor_of(request)).get(pk=run_id))


@router.get("/merges", response=responses({200: Page[MergeOut]}), operation_id="sinergi_ingest_api_merge_list")
def merge_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    qs = selectors.merges_visible(user=actor_of(request))
    return paginate(qs, keyset=BY_NEWEST, page=page, transform=lambda rows: [_merge_out(m) for m in rows])


@router.post(
    "/merges/{merge_id}/undo", response=responses({200: MergeOut}), operation_id="sinergi_ingest_api_merge_undo"
)
def merge_undo(request: HttpRequest, merge_id: PathId) -> Any:
    user = actor_of(request)
    merge = selectors.merge_get(user=user, pk=merge_id)
    services.review_merge_undo(actor=user, merge=merge, source=API)
    return _merge_out(selectors.merge_get(user=user, pk=merge_id))
