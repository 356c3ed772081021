"""Batch scoring: every annual report in scope scored under one rule set, or under each cooperative's office's
rule set when none is named (looked up once per kabupaten/kota), as a job that can be resumed.

Reports are read in key order, a batch at a time, as plain values; each is scored by the pure
``score_values`` (no model instance, no per-row save) and the batch is written in one transaction: new
assessments inserted in bulk, changed ones updated, one change-log row for each, the cooperatives'
``health_*`` columns refreshed, and the job's checkpoint (the last report done) with them. A worker
killed mid-run therefore leaves whole batches only, and the next run starts after the checkpoint; since
an assessment is unique per (report, rule set) and unchanged results are not rewritten, running the
job again never duplicates anything.

This module is longer than the house's 400 lines on purpose: the read, score, write and checkpoint
steps share one batch's transaction and its column lists, and reading them apart would hide the order
that makes a killed run safe.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.accounts.access import can_edit_registry, region_q, require_region_write
from sinergi.accounts.models import User
from sinergi.accounts.selectors import OfficeSettingsIndex, office_codes, office_settings_index
from sinergi.cooperatives.health import RuleSet
from sinergi.cooperatives.models import HEALTH_FIGURE_FIELDS, AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.services.assessments import Scored, rule_set, score_values
from sinergi.core.changelog import ChangeRows, snapshot, snapshot_values
from sinergi.core.fastwrite import insert_values, update_many
from sinergi.core.jobs import job_create, job_enqueue, job_handler, job_progress
from sinergi.core.models import ChangeSource, Job
from sinergi.regions.models import Region

ASSESS_JOB = "cooperative_assess"
# Reports per transaction: large enough that per-batch queries cost little, small enough that a batch
# holds SQLite's write lock for well under a second.
BATCH_ROWS = 2000
FIRST_FISCAL_YEAR = 1945

_READ_FIELDS = (
    "pk",
    "cooperative_id",
    "cooperative__name",
    "cooperative__region_id",
    "fiscal_year",
    "updated_at",
    "management_answers",
    *HEALTH_FIGURE_FIELDS,
)
_INSERT_COLUMNS = (
    "cooperative_id",
    "report_id",
    "fiscal_year",
    "rule_set_version",
    "total",
    "predicate",
    "result",
    "problems",
    "assessed_by_id",
    "assessed_at",
    "job_id",
)
_RESULT_FIELDS = ("total", "predicate", "result", "problems")
# What the change log keeps of an assessment: everything but the line-by-line result. That is derived (a pure
# function of the report, whose changes are logged, and of the versioned rule set), as the search text that
# snapshots leave out is (docs/decisions.md 5), and it is most of the row (≈3.3 KB of JSON even stored
# compact): logging it doubled what a run writes (docs/performance.md).
UNLOGGED = frozenset({"result"})
_UPDATE_FIELDS = (*_RESULT_FIELDS, "assessed_by", "assessed_at", "job")
_HEALTH_COLUMNS = ("health_year", "health_total", "health_predicate")


@dataclass
class AssessCounts:
    """What a batch-scoring run did so far; kept in the job's checkpoint, so a resumed run adds to it.

    ``unscored``: stored with the reasons it could not be scored (figures missing). ``skipped``: the report
    changed while its batch was being scored; saving it had already scored it again. ``versions``: the rule
    sets used."""

    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unscored: int = 0
    skipped: int = 0
    score_seconds: float = 0.0
    db_seconds: float = 0.0
    versions: list[str] = field(default_factory=list)

    def message(self, *, version: str | None = None) -> str:
        """What the run did; under ``version``, or else the rule sets it used."""
        version = version or ", ".join(sorted(self.versions))
        return ngettext(
            "%(seen)d annual report scored under %(rule)s: %(created)d new, %(updated)d changed, "
            "%(unchanged)d unchanged; %(unscored)d could not be scored (see their problems).",
            "%(seen)d annual reports scored under %(rule)s: %(created)d new, %(updated)d changed, "
            "%(unchanged)d unchanged; %(unscored)d could not be scored (see their problems).",
            self.seen,
        ) % {**asdict(self), "rule": version}


def _fiscal_year_error(fiscal_year: Any) -> str | None:
    if fiscal_year is None:
        return None
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        return _("Give the fiscal year as a number, e.g. 2024.")
    if not FIRST_FISCAL_YEAR <= fiscal_year <= timezone.localdate().year:
        return _("The fiscal year must be between %(first)d and this year.") % {"first": FIRST_FISCAL_YEAR}
    return None


def _require_scope(*, actor: User, region_code: str | None) -> None:
    """Office editors score their regions; with no region, everything they may edit."""
    if region_code:
        if not Region.objects.filter(pk=region_code).exists():
            raise ValidationError({"region": _("Unknown region code “%(code)s”.") % {"code": region_code}})
        require_region_write(actor, region_code)
    elif not can_edit_registry(actor):
        raise PermissionDenied(_("You may not score cooperatives."))


def _checked(
    *, actor: User, region_code: str | None, fiscal_year: int | None, rule_set_version: str | None
) -> dict[str, Any]:
    version = rule_set(rule_set_version).version if rule_set_version else None
    error = _fiscal_year_error(fiscal_year)
    if error:
        raise ValidationError({"fiscal_year": error})
    _require_scope(actor=actor, region_code=region_code)
    return {"region_code": region_code or None, "fiscal_year": fiscal_year, "rule_set": version}


def _job(*, actor: User, params: dict[str, Any], enqueue: bool) -> Job:
    job = job_create(actor=actor, kind=ASSESS_JOB)
    job.checkpoint = {"params": params}
    job.save(update_fields=["checkpoint"])
    if enqueue:
        job_enqueue(job=job)
    return job


@transaction.atomic
def assessments_start(
    *,
    actor: User,
    region_code: str | None = None,
    fiscal_year: int | None = None,
    rule_set_version: str | None = None,
    enqueue: bool = True,
) -> Job:
    """Queue a job that scores every annual report the actor may edit (in ``region_code``, of
    ``fiscal_year``, when given) under the rule set (default: each cooperative's office's)."""
    params = _checked(actor=actor, region_code=region_code, fiscal_year=fiscal_year, rule_set_version=rule_set_version)
    return _job(actor=actor, params=params, enqueue=enqueue)


@transaction.atomic
def assessments_start_parts(
    *,
    actor: User,
    parts: int,
    region_code: str | None = None,
    fiscal_year: int | None = None,
    rule_set_version: str | None = None,
    enqueue: bool = True,
) -> list[Job]:
    """The same work as assessments_start split into up to ``parts`` jobs over ranges of cooperatives with
    about as many reports each, for as many processes to run side by side. A cooperative's reports all
    fall in one part, so no two parts refresh the same cooperative's health columns."""
    params = _checked(actor=actor, region_code=region_code, fiscal_year=fiscal_year, rule_set_version=rule_set_version)
    owners = list(
        reports_in_scope(actor=actor, region_code=region_code, fiscal_year=fiscal_year)
        .order_by("cooperative_id")
        .values_list("cooperative_id", flat=True)
    )
    ranges: list[tuple[int, int]] = []
    start = 0
    for part in range(1, max(1, parts) + 1):
        end = max(start, len(owners) * part // max(1, parts) - 1)
        while end + 1 < len(owners) and owners[end + 1] == owners[end]:
            end += 1  # keep a cooperative's reports together
        if start <= end < len(owners):
            ranges.append((owners[start], owners[end]))
            start = end + 1
    if not ranges:
        return [_job(actor=actor, params=params, enqueue=enqueue)]
    return [_job(actor=actor, params={**params, "cooperatives": list(r)}, enqueue=enqueue) for r in ranges]


def reports_in_scope(
    *,
    actor: User,
    region_code: str | None,
    fiscal_year: int | None,
    cooperatives: tuple[int, int] | None = None,
) -> QuerySet[AnnualReport]:
    """The annual reports a batch run scores: those the actor's regions hold, narrowed as asked
    (``cooperatives``: a range of cooperative ids, both ends included)."""
    qs = AnnualReport.objects.filter(region_q(actor, "cooperative__region__code"))
    if region_code:
        qs = qs.filter(cooperative__region__code__startswith=region_code)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    if cooperatives is not None:
        qs = qs.filter(cooperative_id__gte=cooperatives[0], cooperative_id__lte=cooperatives[1])
    return qs


def assessments_run(
    *,
    actor: User,
    job: Job,
    region_code: str | None = None,
    fiscal_year: int | None = None,
    rule_set_version: str | None = None,
    cooperatives: tuple[int, int] | None = None,
    source: str = ChangeSource.JOB,
) -> AssessCounts:
    """Score every report in scope, resuming after the job's checkpoint; returns the run's counts."""
    explicit = rule_set(rule_set_version) if rule_set_version else None
    params = _checked(
        actor=actor,
        region_code=region_code,
        fiscal_year=fiscal_year,
        rule_set_version=explicit.version if explicit else None,
    )
    if cooperatives is not None:
        params["cooperatives"] = list(cooperatives)
    state = job.checkpoint or {}
    after = int(state.get("after", 0))
    counts = AssessCounts(**state.get("counts", {}))
    qs = reports_in_scope(actor=actor, region_code=region_code, fiscal_year=fiscal_year, cooperatives=cooperatives)
    total = job.progress_total if job.progress_total is not None else qs.count()
    batch = _Batch(actor=actor, job=job, source=source)
    offices = _OfficeRules(explicit=explicit, index=office_settings_index())
    while True:
        with _gc_paused():
            started = time.perf_counter()
            rows = _next_batch(qs=qs, after=after)
            if not rows:
                break
            read = time.perf_counter()
            parts = _scored_parts(rows=rows, offices=offices)
            scoring = time.perf_counter() - read
            counts.score_seconds += scoring
            counts.versions = sorted({*counts.versions, *(p.group.rules.version for p in parts)})
            after = rows[-1]["pk"]
            _apply(
                batch=batch,
                parts=parts,
                counts=counts,
                checkpoint={"params": params, "after": after},
                total=total,
                started=started,
                scoring=scoring,
            )
    return counts


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one batch: reading, scoring and writing 2,000 reports makes a few
    hundred thousand small objects and no reference cycles, and the collector's passes over them were a fifth of
    the scoring time (docs/performance.md). It is resumed, as it was, when the batch ends."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _next_batch(*, qs: QuerySet[AnnualReport], after: int) -> list[dict[str, Any]]:
    """The next BATCH_ROWS reports after ``after`` in key order, as values: their keys first, then the rows
    between the first and the last of them.

    One query with ORDER BY and LIMIT over the wide rows is what a planner with stale statistics (a table just
    filled by an import) turned into reading, joining and sorting on disk every report left in the range, for
    each batch: ≈100 µs a report at 150,000 (docs/performance.md). The keys alone sort in memory, and the
    second query has no LIMIT to plan around; the range holds exactly those reports, since both apply the same
    filters."""
    keys = list(qs.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH_ROWS])
    if not keys:
        return []
    return list(qs.filter(pk__gte=keys[0], pk__lte=keys[-1]).order_by("pk").values(*_READ_FIELDS))


@dataclass(frozen=True, slots=True)
class _Batch:
    actor: User
    job: Job
    source: str


@dataclass(frozen=True, slots=True)
class _Group:
    """How the reports of one kabupaten/kota are scored: under ``rules``; ``refresh``: the rule set is their
    office's, so it decides their cooperatives' health columns."""

    rules: RuleSet
    refresh: bool


class _OfficeRules:
    """The group of each report by its cooperative's region: the rule set named for the run, or its office's;
    the office settings are read once for the run and resolved once per kabupaten/kota."""

    def __init__(self, *, explicit: RuleSet | None, index: OfficeSettingsIndex) -> None:
        self.explicit = explicit
        self.index = index
        self.groups: dict[str, _Group] = {}

    def of(self, region_code: str) -> _Group:
        kabupaten = office_codes(region_code)[0] or region_code
        group = self.groups.get(kabupaten)
        if group is None:
            office = self.index.for_region(region_code).health_rule_set
            rules = self.explicit or rule_set(office)
            group = self.groups[kabupaten] = _Group(rules=rules, refresh=rules.version == office)
        return group


@dataclass(frozen=True, slots=True)
class _Part:
    """The reports of one batch that share a group, with their scores."""

    group: _Group
    rows: list[dict[str, Any]]
    scored: list[Scored]


def _scored_parts(*, rows: Sequence[dict[str, Any]], offices: _OfficeRules) -> list[_Part]:
    """A batch's reports scored, split by group (one part, unless offices in the batch chose differently)."""
    parts: dict[_Group, _Part] = {}
    for row in rows:
        group = offices.of(row["cooperative__region_id"])
        part = parts.get(group)
        if part is None:
            part = parts[group] = _Part(group=group, rows=[], scored=[])
        part.rows.append(row)
        part.scored.append(score_values(values=row, answers=row["management_answers"], rules=group.rules))
    return list(parts.values())


def _changed(existing: dict[str, Any], scored: Scored) -> bool:
    return (
        existing["total"] != scored.total
        or existing["predicate"] != scored.predicate
        or existing["problems"] != scored.problems
        or existing["result"] != scored.result
    )


@transaction.atomic
def _apply(
    *,
    batch: _Batch,
    parts: Sequence[_Part],
    counts: AssessCounts,
    checkpoint: dict[str, Any],
    total: int,
    started: float,
    scoring: float,
) -> None:
    """Write one batch, every part of it, and its checkpoint in one transaction."""
    for part in parts:
        _write(
            batch=batch,
            version=part.group.rules.version,
            refresh=part.group.refresh,
            rows=part.rows,
            scored=part.scored,
            counts=counts,
        )
    counts.db_seconds += time.perf_counter() - started - scoring
    job_progress(job=batch.job, done=counts.seen, total=total, checkpoint={**checkpoint, "counts": asdict(counts)})


def _write(
    *,
    batch: _Batch,
    version: str,
    refresh: bool,
    rows: Sequence[dict[str, Any]],
    scored: Sequence[Scored],
    counts: AssessCounts,
) -> None:
    """Write one batch's reports of one rule set: inserts, updates, change log, cooperatives' health columns."""
    # Ranges, not lists of ids: a query with thousands of parameters costs more to build than to run.
    first, last = rows[0]["pk"], rows[-1]["pk"]
    # A report saved since it was read has been scored again by its service: leave it to that.
    current = dict(AnnualReport.objects.filter(pk__gte=first, pk__lte=last).values_list("pk", "updated_at"))
    existing = {
        e["report_id"]: e
        for e in HealthAssessment.objects.filter(
            report_id__gte=first, report_id__lte=last, rule_set_version=version
        ).values("pk", *_INSERT_COLUMNS)
    }
    now = timezone.now()
    actor_id = batch.actor.pk if getattr(batch.actor, "pk", None) else None
    log = ChangeRows(actor=batch.actor, source=batch.source, job=batch.job)
    new_rows: list[tuple[Any, ...]] = []
    new_of: list[tuple[dict[str, Any], Scored]] = []
    changed: list[HealthAssessment] = []
    for row, result in zip(rows, scored, strict=True):
        counts.seen += 1
        if current.get(row["pk"]) != row["updated_at"]:
            counts.skipped += 1
            continue
        if result.total is None:
            counts.unscored += 1
        old = existing.get(row["pk"])
        if old is None:
            values = _values(row=row, scored=result, version=version, actor_id=actor_id, now=now, job=batch.job)
            new_rows.append(tuple(values[c] for c in _INSERT_COLUMNS))
            new_of.append((row, result))
        elif _changed(old, result):
            before = HealthAssessment(**old)
            values = _values(row=row, scored=result, version=version, actor_id=actor_id, now=now, job=batch.job)
            del values["cooperative_id"]
            # The cooperative is given so that the log's label needs no query.
            assessment = HealthAssessment(
                pk=old["pk"], cooperative=Cooperative(pk=row["cooperative_id"], name=row["cooperative__name"]), **values
            )
            # The new result stands in the "before" too, so that the log leaves it out like everything unchanged.
            log.changed(instance=assessment, before={**snapshot(before), "result": result.result})
            changed.append(assessment)
        else:
            counts.unchanged += 1
    new_ids = insert_values(HealthAssessment, _INSERT_COLUMNS, new_rows)
    template: dict[str, Any] = {}
    for pk, new, (row, result) in zip(new_ids, new_rows, new_of, strict=True):
        template = template or _logged_template(values=new)
        log.created(
            model=HealthAssessment,
            pk=pk,
            label=HealthAssessment.label_for(
                cooperative=row["cooperative__name"],
                fiscal_year=row["fiscal_year"],
                total=result.total,
                predicate=result.predicate,
            ),
            after={
                **template,
                "id": pk,
                "cooperative_id": row["cooperative_id"],
                "report_id": row["pk"],
                "fiscal_year": row["fiscal_year"],
                "total": None if result.total is None else str(result.total),
                "predicate": result.predicate,
                "problems": result.problems,
            },
        )
    update_many(changed, _UPDATE_FIELDS)
    log.save()
    counts.created += len(new_ids)
    counts.updated += len(changed)
    if refresh and (new_ids or changed):
        # What this batch wrote, as the refresh compares it: (fiscal year, assessed at, id, total, predicate).
        written: dict[int, list[tuple[Any, ...]]] = {}
        for pk, (row, result) in zip(new_ids, new_of, strict=True):
            written.setdefault(row["cooperative_id"], []).append(
                (row["fiscal_year"], now, pk, result.total, result.predicate)
            )
        for a in changed:
            written.setdefault(a.cooperative_id, []).append((a.fiscal_year, now, a.pk, a.total, a.predicate))
        _refresh_health(written=written, version=version, job_id=batch.job.pk, assessed_at=now)


def _values(
    *, row: dict[str, Any], scored: Scored, version: str, actor_id: int | None, now: datetime, job: Job
) -> dict[str, Any]:
    return {
        "cooperative_id": row["cooperative_id"],
        "report_id": row["pk"],
        "fiscal_year": row["fiscal_year"],
        "rule_set_version": version,
        "total": scored.total,
        "predicate": scored.predicate,
        "result": scored.result,
        "problems": scored.problems,
        "assessed_by_id": actor_id,
        "assessed_at": now,
        "job_id": job.pk,
    }


def _logged_template(*, values: tuple[Any, ...]) -> dict[str, Any]:
    """The logged snapshot of a new assessment of this batch, as snapshot() gives it (less UNLOGGED); the
    fields that differ from row to row are filled in by the caller. Converting the timestamp and the rest
    once per batch instead of once per row is a third of the log's cost."""
    after = snapshot_values(HealthAssessment, {**dict(zip(_INSERT_COLUMNS, values, strict=True)), "result": {}})
    return {k: v for k, v in after.items() if k not in UNLOGGED}


def _refresh_health(
    *, written: dict[int, list[tuple[Any, ...]]], version: str, job_id: int, assessed_at: datetime
) -> None:
    """health_* of the cooperatives whose assessments this batch wrote (``written``: per cooperative, each one's
    fiscal year, assessed at, id, total and predicate; all by ``job_id`` at ``assessed_at``), from each one's
    newest scored assessment under the office rule set (latest fiscal year, then latest assessed, then id, as
    cooperative_health_refresh does for one), in one UPDATE over arrays (on SQLite, one prepared UPDATE run per
    cooperative).

    Only the cooperatives' other assessments are read back (on a first run, none): reading back the 2,000 just
    written cost ≈30 µs a report. The newest is picked here, not by a correlated subquery: on a table that a run
    is filling, PostgreSQL's statistics are those of an empty one, and it planned that subquery as a scan of
    every assessment under the rule set for each cooperative, which made a 150,000-report run quadratic
    (docs/performance.md)."""
    ids = sorted(written)
    postgres = connection.vendor == "postgresql"  # psycopg sends a Decimal as numeric itself
    newest: dict[int, tuple[Any, ...]] = {}
    candidates = {pk: list(rows) for pk, rows in written.items()}
    for other in _other_assessments(ids=ids, job_id=job_id, assessed_at=assessed_at, postgres=postgres):
        if other[1] == version:
            candidates[other[0]].append(tuple(other[2:]))
    for cooperative_id, rows in candidates.items():
        for found in rows:
            if found[3] is None:
                continue
            if cooperative_id not in newest or found[:3] > newest[cooperative_id][:3]:
                newest[cooperative_id] = found
    total_field = Cooperative._meta.get_field("health_total")
    assert isinstance(total_field, models.DecimalField)
    years: list[int | None] = []
    totals: list[Any] = []
    predicates: list[str] = []
    for pk in ids:
        year, _at, _pk, total, predicate = newest.get(pk, (None, None, None, None, ""))
        years.append(year)
        totals.append(total if total is None or postgres else total_field.get_db_prep_save(total, connection))
        predicates.append(predicate)
    quote = connection.ops.quote_name
    table, key = quote(Cooperative._meta.db_table), quote(Cooperative._meta.pk.column)
    year_c, total_c, predicate_c = (quote(n) for n in _HEALTH_COLUMNS)  # plain fields: the column is the name
    with connection.cursor() as cur:
        if postgres:
            # One statement over arrays: 2,000 single-row UPDATEs, even pipelined, cost ≈190 µs a row here.
            # Table and column names come from the model, never from input. Joined by key, one row at a time:
            # with the statistics of a freshly filled table, PostgreSQL hashed the
            # whole cooperatives table to join it to the 2,000 rows of one batch (≈30 µs a row more).
            cur.execute("SET LOCAL enable_hashjoin = off")
            cur.execute("SET LOCAL enable_mergejoin = off")
            cur.execute(
                f"UPDATE {table} AS c SET {year_c} = v.y, {total_c} = v.t, {predicate_c} = v.p "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::integer[], %s::numeric[], %s::text[]) AS v(id, y, t, p) "
                f"WHERE c.{key} = v.id",
                [ids, years, totals, predicates],
            )
            cur.execute("SET LOCAL enable_hashjoin = DEFAULT")
            cur.execute("SET LOCAL enable_mergejoin = DEFAULT")
        else:
            cur.executemany(
                f"UPDATE {table} SET {year_c} = %s, {total_c} = %s, {predicate_c} = %s WHERE {key} = %s",  # noqa: S608
                list(zip(years, totals, predicates, ids, strict=True)),
            )


def _other_assessments(*, ids: list[int], job_id: int, assessed_at: datetime, postgres: bool) -> list[tuple[Any, ...]]:
    """The assessments of the cooperatives ``ids`` but those the batch of ``job_id`` at ``assessed_at`` wrote, as
    (cooperative id, rule set version, fiscal year, assessed at, id, total, predicate); on PostgreSQL with the ids
    as one array parameter instead of 2,000 single ones.

    Only the cooperative is filtered on in SQL, not the rule set: with a filling table's statistics, PostgreSQL
    chose the (report, rule set) index for that, reading every assessment under the rule set for each batch."""
    if not postgres:
        qs = HealthAssessment.objects.filter(cooperative_id__in=ids).exclude(job_id=job_id, assessed_at=assessed_at)
        columns = ("cooperative_id", "rule_set_version", "fiscal_year", "assessed_at", "pk", "total", "predicate")
        return list(qs.values_list(*columns))
    table = connection.ops.quote_name(HealthAssessment._meta.db_table)
    with connection.cursor() as cur:
        # The table name comes from the model, never from input.
        cur.execute(
            "SELECT cooperative_id, rule_set_version, fiscal_year, assessed_at, id, total, predicate "  # noqa: S608
            f"FROM {table} WHERE cooperative_id = ANY(%s) "
            "AND (job_id IS DISTINCT FROM %s OR assessed_at IS DISTINCT FROM %s)",
            [ids, job_id, assessed_at],
        )
        return list(cur.fetchall())


@job_handler(ASSESS_JOB)
def assessments_job(job: Job) -> str:
    """The job's work: the parameters it was started with, run (or resumed) as the officer who started it."""
    params = (job.checkpoint or {}).get("params", {})
    actor = job.created_by
    if actor is None:
        raise ValidationError(_("The officer who started this scoring no longer exists; start it again."))
    part = params.get("cooperatives")
    counts = assessments_run(
        actor=actor,
        job=job,
        region_code=params.get("region_code"),
        fiscal_year=params.get("fiscal_year"),
        rule_set_version=params.get("rule_set"),
        cooperatives=(int(part[0]), int(part[1])) if part else None,
    )
    return counts.message(version=params.get("rule_set"))
