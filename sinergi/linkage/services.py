"""Writes of the duplicate review: start a linkage run (a job), decide on a pair, undo a merge.

A run links every person (or business) of a region — the registry and whatever imports brought into it
— and stores each pair above the model's threshold as a ``MatchCandidate``, unless an officer already
decided on that pair or it is already waiting for review. Deciding "same" merges the two records through
the registry's merge service; "different" is remembered so the pair is not asked again.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_q, require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import record_saved, snapshot
from sinergi.core.jobs import job_create, job_enqueue, job_handler, job_progress
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource, Job
from sinergi.ingest.models import ImportBatch
from sinergi.linkage.models import CandidateStatus, LinkageRun, MatchCandidate, PairDecision
from sinergi.linkage.run import link_records
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry import services as registry_services
from sinergi.registry.models import Business, Merge, MergeKind, Person

# Renamed from "ingest.linkage" when linkage left the import app; migration linkage 0002 renames stored jobs.
LINKAGE_JOB = "linkage.run"


@transaction.atomic
def linkage_start(
    *,
    actor: User,
    kind: str,
    region_code: str,
    batch: ImportBatch | None = None,
    origin: str = ChangeSource.WEB,
    enqueue: bool = True,
) -> LinkageRun:
    if kind not in MergeKind.values:
        raise ValidationError({"kind": _("Choose persons or businesses.")})
    region = Region.objects.filter(pk=region_code).first()
    if region is None:
        raise ValidationError({"region": _("Unknown region code “%(code)s”.") % {"code": region_code}})
    if region.level > RegionLevel.KABUPATEN_KOTA:
        raise ValidationError({"region": _("Choose a province or a kabupaten/kota to look for duplicates in.")})
    require_region_write(actor, region.code)
    job = job_create(actor=actor, kind=LINKAGE_JOB)
    run = LinkageRun.objects.create(kind=kind, region=region, batch=batch, job=job, created_by=actor)
    record_saved(actor=actor, instance=run, before=None, source=origin)
    if enqueue:
        job_enqueue(job=job)
    return run


def _records(*, run: LinkageRun, actor: User) -> tuple[pa.Table, dict[int, str]]:
    """The region's records as the linkage engine reads them, and each record's village."""
    imported: set[str] = set()
    model = Person if run.kind == MergeKind.PERSON else Business
    if run.batch is not None and run.batch.job_id:
        imported = set(
            ChangeLog.objects.filter(
                job_id=run.batch.job_id, action=ChangeAction.CREATE, content_type__model=model._meta.model_name
            ).values_list("object_id", flat=True)
        )
    scope = Q(desa__code__startswith=run.region_id) & region_q(actor, "desa__code")
    columns: dict[str, list[Any]] = {"unique_id": [], "source": []}
    villages: dict[int, str] = {}
    if run.kind == MergeKind.PERSON:
        names = ("name", "nik", "sex", "birth_date", "phone", "address", "desa_code")
        rows: QuerySet[Any, tuple[Any, ...]] = Person.objects.filter(scope).values_list(
            "pk", "name", "nik", "sex", "birth_date", "phone", "address", "desa_id"
        )
    else:
        names = ("name", "owner_name", "owner_nik", "phone", "address", "desa_code", "kbli")
        rows = Business.objects.filter(scope).values_list(
            "pk", "name", "owner__name", "owner__nik", "owner__phone", "address", "desa_id", "kbli"
        )
    for name in names:
        columns[name] = []
    for pk, *values in rows.iterator(chunk_size=5000):
        columns["unique_id"].append(str(pk))
        columns["source"].append(f"import:{run.batch_id}" if str(pk) in imported else "registry")
        for name, value in zip(names, values, strict=True):
            columns[name].append(value)
        villages[pk] = str(values[names.index("desa_code")])
    table = pa.table(
        {k: pa.array(v, type=pa.date32() if k == "birth_date" else pa.string()) for k, v in columns.items()}
    )
    return table, villages


@job_handler(LINKAGE_JOB)
def linkage_run(job: Job) -> str:
    run = LinkageRun.objects.select_related("created_by", "batch").get(job=job)
    if run.created_by is None:
        raise ValidationError(_("The officer who started this run no longer exists."))
    records, villages = _records(run=run, actor=run.created_by)
    result = link_records(records=records, kind=run.kind, workers=2)  # type: ignore[arg-type]
    # Records are linked under their primary keys, so each group is named by one of its members' keys.
    cluster_of = {int(m): int(c["cluster_id"]) for c in result.iter_clusters() for m in c["member_ids"]}
    with transaction.atomic():
        decided = set(PairDecision.objects.filter(kind=run.kind).values_list("left_id", "right_id"))
        waiting = set(
            MatchCandidate.objects.filter(kind=run.kind, status=CandidateStatus.OPEN).values_list("left_id", "right_id")
        )
        fresh = []
        for pair in result.iter_pairs():
            left, right = sorted((int(pair["unique_id_l"]), int(pair["unique_id_r"])))
            if (left, right) in decided or (left, right) in waiting:
                continue
            fresh.append(
                MatchCandidate(
                    run=run,
                    kind=run.kind,
                    left_id=left,
                    right_id=right,
                    left_region=villages[left],
                    right_region=villages[right],
                    probability=float(pair["match_probability"]),
                    weight=float(pair["match_weight"]),
                    evidence=pair["evidence"],
                    cluster=cluster_of.get(left),
                )
            )
        MatchCandidate.objects.bulk_create(fresh, batch_size=2000)
        run.model = result.model
        run.threshold = result.threshold
        run.counts = {**result.counts, "new_candidates": len(fresh)}
        run.timings = {k: round(v, 3) for k, v in result.timings.items()}
        run.save(update_fields=["model", "threshold", "counts", "timings"])
        job_progress(job=job, done=records.num_rows, total=records.num_rows, checkpoint={"done": True})
    return _("%(records)d records compared: %(pairs)d likely duplicate pairs, %(new)d new to review.") % {
        "records": records.num_rows,
        "pairs": result.counts.get("pairs", 0),
        "new": len(fresh),
    }


def _require_candidate_write(actor: User, candidate: MatchCandidate) -> None:
    require_region_write(actor, candidate.left_region)
    require_region_write(actor, candidate.right_region)


def _decide(
    *, actor: User, candidate: MatchCandidate, status: str, verdict: str, merge: Merge | None, source: str
) -> None:
    before = snapshot(candidate)
    candidate.status = status
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.merge = merge
    candidate.save(update_fields=["status", "decided_by", "decided_at", "merge"])
    record_saved(actor=actor, instance=candidate, before=before, source=source)
    PairDecision.objects.update_or_create(
        kind=candidate.kind,
        left_id=candidate.left_id,
        right_id=candidate.right_id,
        defaults={"verdict": verdict, "decided_by": actor, "decided_at": timezone.now()},
    )


def _open_candidate(candidate: MatchCandidate) -> MatchCandidate:
    candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.OPEN:
        raise ValidationError(
            _("This pair was already decided (%(status)s).") % {"status": candidate.get_status_display()}
        )
    return candidate


@transaction.atomic
def candidate_merge(
    *, actor: User, candidate: MatchCandidate, survivor_id: int, source: str = ChangeSource.WEB
) -> Merge:
    """The two records are one: keep ``survivor_id`` (one of the pair) and fold the other into it."""
    candidate = _open_candidate(candidate)
    _require_candidate_write(actor, candidate)
    if survivor_id not in (candidate.left_id, candidate.right_id):
        raise ValidationError({"survivor_id": _("Keep one of the two records of this pair.")})
    duplicate_id = candidate.right_id if survivor_id == candidate.left_id else candidate.left_id
    merge = registry_services.records_merge(
        actor=actor, kind=candidate.kind, survivor_id=survivor_id, duplicate_id=duplicate_id, source=source
    )
    _decide(
        actor=actor,
        candidate=candidate,
        status=CandidateStatus.MERGED,
        verdict=PairDecision.Verdict.SAME,
        merge=merge,
        source=source,
    )
    # Other pairs with the merged-away record no longer apply; an undo reopens them.
    MatchCandidate.objects.filter(kind=candidate.kind, status=CandidateStatus.OPEN).filter(
        Q(left_id=duplicate_id) | Q(right_id=duplicate_id)
    ).update(status=CandidateStatus.STALE, merge=merge)
    return merge


@transaction.atomic
def candidate_distinct(*, actor: User, candidate: MatchCandidate, source: str = ChangeSource.WEB) -> MatchCandidate:
    """The two records are different people or businesses; nobody is asked about this pair again."""
    candidate = _open_candidate(candidate)
    _require_candidate_write(actor, candidate)
    _decide(
        actor=actor,
        candidate=candidate,
        status=CandidateStatus.DISTINCT,
        verdict=PairDecision.Verdict.DISTINCT,
        merge=None,
        source=source,
    )
    return candidate


@transaction.atomic
def review_merge_undo(*, actor: User, merge: Merge, source: str = ChangeSource.WEB) -> None:
    """Undo a merge and put its pairs back in the review queue."""
    registry_services.merge_undo(actor=actor, merge=merge, source=source)
    for candidate in MatchCandidate.objects.filter(merge=merge):
        PairDecision.objects.filter(
            kind=candidate.kind, left_id=candidate.left_id, right_id=candidate.right_id
        ).delete()
        candidate.status = CandidateStatus.OPEN
        candidate.decided_by = None
        candidate.decided_at = None
        candidate.merge = None
        candidate.save(update_fields=["status", "decided_by", "decided_at", "merge"])
