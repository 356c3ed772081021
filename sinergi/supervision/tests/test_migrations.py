"""The move of the supervision tables out of the cooperatives app, run forward on a database holding data:
rows and ids survive, the tables take the supervision names, and change-log rows written before the move
still resolve to the same (now supervision) models."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import village
from sinergi.core.models import ChangeLog
from sinergi.supervision.models import Finding, FollowUp, Inspection, InspectionPlan

MOVED = ("inspectionplan", "inspection", "finding", "followup")


def _before_the_move(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """Cooperatives at 0002, supervision not migrated at all, every other app at its newest migration, except an
    app that builds on supervision (an aspiration's supervision request): not migrated either."""
    graph = executor.loader.graph
    kept = ("cooperatives", "0002_health_columns_unindexed")
    targets: list[tuple[str, str | None]] = [kept, ("supervision", None)]
    for node in graph.leaf_nodes():
        if node[0] in {"cooperatives", "supervision"}:
            continue
        ancestors = graph.forwards_plan(node)
        later_coops = any(a[0] == "cooperatives" and a not in graph.forwards_plan(kept) for a in ancestors)
        needs_supervision = any(a[0] == "supervision" for a in ancestors)
        targets.append((node[0], None) if needs_supervision or later_coops else node)
    return targets


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    return executor


@pytest.mark.django_db(transaction=True)
def test_migrating_forward_moves_the_tables_with_their_rows_ids_and_change_log(regions):
    desa = village("17.08")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(_before_the_move(MigrationExecutor(connection)))
    try:
        tables = set(connection.introspection.table_names())
        assert {f"cooperatives_{m}" for m in MOVED} <= tables
        assert not {f"supervision_{m}" for m in MOVED} & tables

        apps = old.loader.project_state([(app, name) for app, name in _before_the_move(old) if name]).apps
        types = apps.get_model("contenttypes", "ContentType")
        cooperative = apps.get_model("cooperatives", "Cooperative").objects.create(
            name="KSP Migrasi", kind="ksp", region_id=desa
        )
        plan = apps.get_model("cooperatives", "InspectionPlan").objects.create(
            title="Rencana 2025", region_id="17.08", year=2025
        )
        inspection = apps.get_model("cooperatives", "Inspection").objects.create(
            cooperative=cooperative, plan=plan, planned_on=dt.date(2025, 3, 1), visited_on=dt.date(2025, 3, 1)
        )
        finding = apps.get_model("cooperatives", "Finding").objects.create(
            inspection=inspection, description="RAT belum dilaksanakan."
        )
        follow_up = apps.get_model("cooperatives", "FollowUp").objects.create(
            finding=finding, action="Menyelenggarakan RAT.", due_on=dt.date(2025, 6, 1)
        )
        inspection_type, _ = types.objects.get_or_create(app_label="cooperatives", model="inspection")
        finding_type, _ = types.objects.get_or_create(app_label="cooperatives", model="finding")
        # An empty twin, as a migrate stopped between the two supervision migrations would leave one.
        types.objects.filter(app_label="supervision", model="finding").delete()
        twin = types.objects.create(app_label="supervision", model="finding")
        log = apps.get_model("core", "ChangeLog").objects.create(
            action="update", content_type=inspection_type, object_id=str(inspection.pk), object_repr="KSP Migrasi"
        )
        finding_log = apps.get_model("core", "ChangeLog").objects.create(
            action="create", content_type=twin, object_id=str(finding.pk), object_repr="RAT"
        )
    finally:
        _migrate(latest)

    tables = set(connection.introspection.table_names())
    assert {f"supervision_{m}" for m in MOVED} <= tables
    assert not {f"cooperatives_{m}" for m in MOVED} & tables
    moved = Inspection.objects.get(pk=inspection.pk)
    assert (moved.cooperative_id, moved.plan_id, moved.visited_on) == (cooperative.pk, plan.pk, dt.date(2025, 3, 1))
    assert InspectionPlan.objects.get(pk=plan.pk).title == "Rencana 2025"
    assert Finding.objects.get(pk=finding.pk).inspection_id == inspection.pk
    assert FollowUp.objects.get(pk=follow_up.pk).finding_id == finding.pk
    assert list(moved.cooperative.inspections.all()) == [moved]

    ContentType.objects.clear_cache()
    entry = ChangeLog.objects.select_related("content_type").get(pk=log.pk)
    assert entry.content_type_id == inspection_type.pk  # the same content type row, relabelled
    assert entry.content_type.model_class() is Inspection
    assert entry.content_type == ContentType.objects.get_for_model(Inspection)
    assert ChangeLog.objects.get(pk=finding_log.pk).content_type_id == finding_type.pk
    assert ContentType.objects.get_for_model(Finding).pk == finding_type.pk
    assert not ContentType.objects.filter(pk=twin.pk).exists()
    assert not ContentType.objects.filter(app_label="cooperatives", model__in=MOVED).exists()
