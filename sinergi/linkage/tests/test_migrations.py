"""The move of the linkage tables out of the import app keeps every row, id and change-log reference."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sinergi.core.models import ChangeLog, Job
from sinergi.linkage.models import CandidateStatus, LinkageRun, MatchCandidate, PairDecision
from sinergi.linkage.services import LINKAGE_JOB

# The last state with the linkage models in the import app.
BEFORE = [("ingest", "0001_initial"), ("linkage", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    MigrationExecutor(connection).migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_linkage_rows_survive_the_move_out_of_the_import_app(regions):
    _migrate(BEFORE)
    loader = MigrationExecutor(connection).loader
    old = loader.project_state(list(loader.applied_migrations or {})).apps
    assert "ingest_linkagerun" in connection.introspection.table_names()

    job = old.get_model("core", "Job").objects.create(kind="ingest.linkage", status="failed")
    run = old.get_model("ingest", "LinkageRun").objects.create(
        kind="person", region_id="17.08", job=job, threshold=0.5, counts={"pairs": 1}
    )
    candidate = old.get_model("ingest", "MatchCandidate").objects.create(
        run=run,
        kind="person",
        left_id=11,
        right_id=12,
        left_region="17.08.01.2001",
        right_region="17.08.01.2001",
        probability=0.97,
        weight=5.0,
        evidence={"nik": {"level": "exact", "weight": 4.0}},
        status="distinct",
    )
    decision = old.get_model("ingest", "PairDecision").objects.create(
        kind="person", left_id=11, right_id=12, verdict="distinct"
    )
    old_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="ingest", model="matchcandidate")
    log = old.get_model("core", "ChangeLog").objects.create(
        action="update", content_type=old_type, object_id=str(candidate.pk), object_repr="11~12"
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    tables = connection.introspection.table_names()
    assert {"linkage_linkagerun", "linkage_matchcandidate", "linkage_pairdecision"} <= set(tables)
    assert not {"ingest_linkagerun", "ingest_matchcandidate", "ingest_pairdecision"} & set(tables)

    moved_run = LinkageRun.objects.get(pk=run.pk)
    assert (moved_run.kind, moved_run.region_id, moved_run.job_id, moved_run.counts) == (
        "person",
        "17.08",
        job.pk,
        {"pairs": 1},
    )
    moved = MatchCandidate.objects.get(pk=candidate.pk)
    assert (moved.run_id, moved.left_id, moved.right_id, moved.status) == (run.pk, 11, 12, CandidateStatus.DISTINCT)
    assert PairDecision.objects.get(pk=decision.pk).verdict == PairDecision.Verdict.DISTINCT

    # The content type kept its id and now names the linkage model, so the change log still resolves.
    content_type = ContentType.objects.get_for_model(MatchCandidate)
    assert (content_type.pk, content_type.app_label) == (old_type.pk, "linkage")
    assert not ContentType.objects.filter(app_label="ingest", model__in=["linkagerun", "matchcandidate"]).exists()
    entry = ChangeLog.objects.get(pk=log.pk)
    assert entry.content_type.model_class() is MatchCandidate
    assert entry.content_type.get_object_for_this_type(pk=entry.object_id) == moved

    # The stored job kind follows the handler's new name; new rows get ids after the old ones.
    assert Job.objects.get(pk=job.pk).kind == LINKAGE_JOB
    assert LinkageRun.objects.create(kind="business", region_id="17.08").pk > run.pk
