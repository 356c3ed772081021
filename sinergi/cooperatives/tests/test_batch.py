"""Batch scoring as a job: every report in scope scored once, re-runs add nothing, an interrupted or killed run
resumes with no assessment lost or doubled."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from sinergi.cooperatives import services
from sinergi.cooperatives.demo.rows import report_values
from sinergi.cooperatives.models import AnnualReport, Cooperative, CooperativeKind, HealthAssessment
from sinergi.cooperatives.services import batch
from sinergi.cooperatives.tasks import cooperatives_assess
from sinergi.core.changelog import snapshot
from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource, Job, JobStatus
from sinergi.core.tests.helpers import database_url
from sinergi.regions.models import Region

# The office default (settings.SINERGI_COOP_RULE_SET) and the other rule set.
OFFICE = "ksp-2016-06-linear"
OTHER = "ksp-2016-06"


def _village(prefix: str, index: int = 0) -> str:
    return Region.objects.filter(code__startswith=prefix + ".", level=4).order_by("code")[index].code


def _make(*, actor, prefix: str, cooperatives: int, years=(2023, 2024), seed: int = 1) -> list[AnnualReport]:
    """Cooperatives with a report per year, saved through the services, then with their scores removed, as
    after an import of reports that were never scored."""
    rng = random.Random(seed)
    reports = []
    for i in range(cooperatives):
        cooperative = services.cooperative_create(
            actor=actor,
            data={
                "name": f"KSP Uji {prefix} {i}",
                "kind": CooperativeKind.SIMPAN_PINJAM,
                "region_id": _village(prefix),
            },
        )
        for year in years:
            values = report_values(rng, quality=rng.random(), assets=rng.uniform(2e8, 5e9), members=150)
            reports.append(
                services.annual_report_save(actor=actor, cooperative=cooperative, fiscal_year=year, data=values)
            )
    HealthAssessment.objects.all().delete()
    Cooperative.objects.update(health_year=None, health_total=None, health_predicate="")
    return reports


def _run(*, actor, **scope) -> Job:
    job = batch.assessments_start(actor=actor, enqueue=False, **scope)
    return job_run(job_id=job.pk)


def _logged_creates(job: Job) -> int:
    return ChangeLog.objects.filter(job=job, action=ChangeAction.CREATE, content_type__model="healthassessment").count()


def test_scores_every_report_in_scope_once_with_log_and_latest_health(kepahiang_officer, jember_officer):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=3)
    _make(actor=jember_officer, prefix="35.09", cooperatives=2, seed=2)

    job = _run(actor=kepahiang_officer)

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert (job.progress_done, job.progress_total) == (6, 6)
    assert job.message.startswith("6 annual reports scored under ksp-2016-06-linear: 6 new, 0 changed, 0 unchanged")
    assert HealthAssessment.objects.count() == 6  # Jember's reports are outside the officer's regions
    rules = services.rule_set(OFFICE)
    for report in reports:
        assessment = HealthAssessment.objects.get(report=report, rule_set_version=OFFICE)
        expected = services.score_values(values=report.__dict__, answers=report.management_answers, rules=rules)
        assert (assessment.total, assessment.predicate, assessment.result, assessment.problems) == (
            expected.total,
            expected.predicate,
            expected.result,
            expected.problems,
        )
        assert (assessment.cooperative_id, assessment.fiscal_year, assessment.job_id) == (
            report.cooperative_id,
            report.fiscal_year,
            job.pk,
        )
        log = ChangeLog.objects.get(
            content_type__model="healthassessment", object_id=str(assessment.pk), action=ChangeAction.CREATE
        )
        assert (log.source, log.job_id, log.actor_id) == (ChangeSource.JOB, job.pk, kepahiang_officer.pk)
        assert log.after == {k: v for k, v in snapshot(assessment).items() if k != "result"}  # batch.UNLOGGED
        assert log.object_repr == str(assessment)
    for cooperative in Cooperative.objects.filter(region__code__startswith="17.08"):
        newest = cooperative.assessments.exclude(total=None).order_by("-fiscal_year").first()
        assert newest is not None
        assert (cooperative.health_year, cooperative.health_total, cooperative.health_predicate) == (
            newest.fiscal_year,
            newest.total,
            newest.predicate,
        )
    assert not Cooperative.objects.filter(region__code__startswith="35.09").exclude(health_predicate="").exists()


def test_running_again_changes_nothing_and_a_changed_report_is_updated(kepahiang_officer):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=2)
    first = _run(actor=kepahiang_officer)
    logs = ChangeLog.objects.count()

    again = _run(actor=kepahiang_officer)

    assert again.message.startswith("4 annual reports scored under ksp-2016-06-linear: 0 new, 0 changed, 4 unchanged")
    assert HealthAssessment.objects.count() == 4
    assert ChangeLog.objects.count() == logs
    assert set(HealthAssessment.objects.values_list("job_id", flat=True)) == {first.pk}

    newest = reports[-1]  # the newest year of the last cooperative
    before = HealthAssessment.objects.get(report=newest)
    # Half the loan book turns bad (a correction the batch sees without the report service scoring it).
    AnnualReport.objects.filter(pk=newest.pk).update(
        loss_loans=newest.loans_outstanding / 2, risk_reserve=0, updated_at=newest.updated_at.replace(year=2025)
    )
    third = _run(actor=kepahiang_officer)

    assert third.message.startswith("4 annual reports scored under ksp-2016-06-linear: 0 new, 1 changed, 3 unchanged")
    after = HealthAssessment.objects.get(report=newest)
    assert after.pk == before.pk
    assert after.total is not None
    assert before.total is not None
    assert after.total < before.total
    log = ChangeLog.objects.get(job=third, action=ChangeAction.UPDATE)
    assert log.object_id == str(after.pk)
    assert log.after is not None
    assert log.before is not None
    assert {"total", "assessed_at", "job_id"} <= set(log.after)
    assert "report_id" not in log.after  # only what changed
    assert "result" not in log.after  # derived: batch.UNLOGGED
    assert log.before["total"] == str(before.total)
    cooperative = Cooperative.objects.get(pk=newest.cooperative_id)
    assert (cooperative.health_year, cooperative.health_total) == (newest.fiscal_year, after.total)


def test_one_fiscal_year_and_another_rule_set(kepahiang_officer):
    _make(actor=kepahiang_officer, prefix="17.08", cooperatives=2)

    job = _run(actor=kepahiang_officer, fiscal_year=2023, rule_set_version=OTHER)

    assert job.status == JobStatus.SUCCEEDED, job.message
    assert sorted(HealthAssessment.objects.values_list("fiscal_year", "rule_set_version")) == [(2023, OTHER)] * 2
    # Only the office's rule set decides a cooperative's health columns.
    assert set(Cooperative.objects.values_list("health_predicate", flat=True)) == {""}
    _run(actor=kepahiang_officer, fiscal_year=2023)
    assert HealthAssessment.objects.filter(rule_set_version=OFFICE).count() == 2
    assert set(Cooperative.objects.values_list("health_year", flat=True)) == {2023}


def test_who_may_start_it_and_what_is_refused(kepahiang_officer, kepahiang_viewer, admin_user):
    with pytest.raises(PermissionDenied):
        batch.assessments_start(actor=kepahiang_viewer, enqueue=False)
    with pytest.raises(PermissionDenied):
        batch.assessments_start(actor=kepahiang_officer, region_code="35.09", enqueue=False)
    with pytest.raises(ValidationError) as unknown:
        batch.assessments_start(actor=admin_user, region_code="99.99", enqueue=False)
    assert "region" in unknown.value.message_dict
    with pytest.raises(ValidationError) as year:
        batch.assessments_start(actor=admin_user, fiscal_year=1900, enqueue=False)
    assert "fiscal_year" in year.value.message_dict
    with pytest.raises(ValidationError) as rules:
        batch.assessments_start(actor=admin_user, rule_set_version="ksp-1999", enqueue=False)
    assert "rule_set" in rules.value.message_dict
    assert not Job.objects.exists()


def test_an_interrupted_run_resumes_from_its_checkpoint(kepahiang_officer, monkeypatch):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=5)  # 10 reports
    monkeypatch.setattr(batch, "BATCH_ROWS", 3)
    refresh = batch._refresh_health
    calls = []

    def failing_third_batch(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")  # inside the third batch's transaction, after its inserts
        refresh(**kwargs)

    monkeypatch.setattr(batch, "_refresh_health", failing_third_batch)
    job = batch.assessments_start(actor=kepahiang_officer, enqueue=False)
    with pytest.raises(RuntimeError):
        job_run(job_id=job.pk)

    stopped = Job.objects.get(pk=job.pk)
    assert stopped.status == JobStatus.FAILED
    assert "unexpected error" in stopped.message  # the user reads what it means; the exception goes to the log
    assert "disk full" not in stopped.message
    assert (stopped.progress_done, stopped.checkpoint["after"]) == (6, reports[5].pk)
    assert HealthAssessment.objects.count() == 6  # the third batch left nothing behind
    assert _logged_creates(stopped) == 6

    monkeypatch.setattr(batch, "_refresh_health", refresh)
    finished = job_run(job_id=job.pk)

    assert finished.status == JobStatus.SUCCEEDED
    assert finished.attempts == 2
    assert finished.message.startswith(
        "10 annual reports scored under ksp-2016-06-linear: 10 new, 0 changed, 0 unchanged"
    )
    assert sorted(HealthAssessment.objects.values_list("report_id", flat=True)) == sorted(r.pk for r in reports)
    assert _logged_creates(finished) == 10


# The worker: small batches, and a pause after each commit so the test can kill it in the middle.
WORKER = """
import sys, time
import django
django.setup()
from sinergi.cooperatives.services import batch
from sinergi.core.jobs import job_run
batch.BATCH_ROWS = 4
apply = batch._apply
def slow(**kwargs):
    apply(**kwargs)
    time.sleep(0.3)
batch._apply = slow
job_run(job_id=int(sys.argv[1]))
"""


@pytest.mark.django_db(transaction=True)
def test_killed_worker_resumes_with_no_assessment_lost_or_doubled(regions, kepahiang_officer):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=12)  # 24 reports, 6 batches
    job = batch.assessments_start(actor=kepahiang_officer, enqueue=False)
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "sinergi.settings"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(job.pk)],
        env=env,
        cwd=Path(settings.BASE_DIR),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while Job.objects.get(pk=job.pk).progress_done < 8:
            if proc.poll() is not None:
                pytest.fail(f"the worker ended early: {proc.stdout.read().decode() if proc.stdout else ''}")
            if time.monotonic() > deadline:
                pytest.fail("the worker made no progress within two minutes")
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # no chance to clean up, as when a machine loses power
    finally:
        proc.wait(timeout=30)

    stopped = Job.objects.get(pk=job.pk)
    assert stopped.status == JobStatus.RUNNING  # nobody told the job it died
    assert 8 <= stopped.progress_done < len(reports)
    assert HealthAssessment.objects.count() == stopped.progress_done
    assert stopped.checkpoint["after"] == reports[stopped.progress_done - 1].pk

    finished = job_run(job_id=job.pk, force=True)

    assert finished.status == JobStatus.SUCCEEDED
    assert finished.attempts == 2
    assert finished.progress_done == len(reports)
    assert sorted(HealthAssessment.objects.values_list("report_id", flat=True)) == sorted(r.pk for r in reports)
    assert _logged_creates(finished) == len(reports)  # one create per assessment: none from a lost batch


def test_command_runs_in_the_foreground_and_refuses_bad_input(kepahiang_officer):
    _make(actor=kepahiang_officer, prefix="17.08", cooperatives=1)
    out = io.StringIO()

    call_command("cooperatives_assess", "--region", "17.08", "--year", "2024", "--user", "kepahiang", stdout=out)

    assert "1 annual report scored under ksp-2016-06-linear: 1 new" in out.getvalue()
    job = Job.objects.get()
    assert (job.kind, job.created_by, job.checkpoint["params"]) == (
        batch.ASSESS_JOB,
        kepahiang_officer,
        {"region_code": "17.08", "fiscal_year": 2024, "rule_set": None},  # None: each cooperative's office's
    )
    with pytest.raises(CommandError, match="ksp-1999"):
        call_command("cooperatives_assess", "--rule-set", "ksp-1999", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"35\.09"):
        call_command("cooperatives_assess", "--region", "35.09", "--user", "kepahiang", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No scoring job"):
        call_command("cooperatives_assess", "--resume", "999", stdout=io.StringIO())


def test_task_queues_a_job_for_the_worker(regions, system, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job_id = cooperatives_assess.call(region_code="81.02")
    job = Job.objects.get(pk=job_id)
    assert (job.kind, job.status, job.created_by) == (batch.ASSESS_JOB, JobStatus.QUEUED, system)
    assert job.checkpoint["params"]["region_code"] == "81.02"
    assert len(callbacks) == 1  # handed to the task backend once the transaction commits


def test_parts_split_by_cooperative_and_together_score_everything_once(kepahiang_officer):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=5, years=(2022, 2023, 2024))

    jobs = batch.assessments_start_parts(actor=kepahiang_officer, parts=2, enqueue=False)

    ranges = [tuple(j.checkpoint["params"]["cooperatives"]) for j in jobs]
    assert len(ranges) == 2
    assert ranges[0][1] < ranges[1][0]  # disjoint, in order
    owners = {r.cooperative_id for r in reports}
    assert owners == {c for c in owners if any(lo <= c <= hi for lo, hi in ranges)}
    for job in jobs:
        assert job_run(job_id=job.pk).status == JobStatus.SUCCEEDED
    assert sorted(HealthAssessment.objects.values_list("report_id", flat=True)) == sorted(r.pk for r in reports)
    per_job = {j.pk: set(HealthAssessment.objects.filter(job=j).values_list("cooperative_id", flat=True)) for j in jobs}
    assert not set.intersection(*per_job.values())  # no cooperative scored (and refreshed) by two parts
    assert not Cooperative.objects.filter(health_year=None).exists()
    assert len(batch.assessments_start_parts(actor=kepahiang_officer, parts=8, enqueue=False)) == 5  # one each


@pytest.mark.django_db(transaction=True)
def test_command_with_workers_runs_the_parts_side_by_side(regions, kepahiang_officer, monkeypatch):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=4)
    monkeypatch.setenv("DATABASE_URL", database_url())
    out = io.StringIO()

    call_command("cooperatives_assess", "--workers", "2", stdout=out)

    assert "started, one process each" in out.getvalue()
    assert f"{len(reports)} annual reports scored." in out.getvalue()
    assert Job.objects.filter(kind=batch.ASSESS_JOB, status=JobStatus.SUCCEEDED).count() == 2
    assert HealthAssessment.objects.count() == len(reports)


def test_the_refresh_keeps_a_newer_assessment_the_batch_did_not_write(kepahiang_officer, monkeypatch):
    reports = _make(actor=kepahiang_officer, prefix="17.08", cooperatives=2)  # 2023 and 2024 each
    monkeypatch.setattr(batch, "BATCH_ROWS", 1)  # each report in a batch of its own
    _run(actor=kepahiang_officer)
    expected = {
        c.pk: (2024, c.assessments.get(fiscal_year=2024).total)
        for c in Cooperative.objects.filter(region__code__startswith="17.08")
    }
    assert {c.pk: (c.health_year, c.health_total) for c in Cooperative.objects.all()} == expected

    # A correction of a 2023 report, scored alone: the 2024 assessments, read back, still win.
    old = reports[0]
    AnnualReport.objects.filter(pk=old.pk).update(
        loss_loans=old.loans_outstanding / 2, risk_reserve=0, updated_at=old.updated_at.replace(year=2025)
    )
    job = _run(actor=kepahiang_officer, fiscal_year=2023)

    assert "1 changed" in job.message
    assert {c.pk: (c.health_year, c.health_total) for c in Cooperative.objects.all()} == expected
    # With the 2024 assessment gone, the same run falls back to the 2023 one it just rewrote.
    HealthAssessment.objects.filter(cooperative_id=old.cooperative_id, fiscal_year=2024).delete()
    AnnualReport.objects.filter(pk=old.pk).update(loss_loans=0, updated_at=old.updated_at.replace(year=2026))
    _run(actor=kepahiang_officer, fiscal_year=2023)
    cooperative = Cooperative.objects.get(pk=old.cooperative_id)
    rewritten = HealthAssessment.objects.get(report_id=old.pk)
    assert (cooperative.health_year, cooperative.health_total) == (2023, rewritten.total)
