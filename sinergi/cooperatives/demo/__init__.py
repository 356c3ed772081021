"""Deterministic demo cooperatives for the five seed regions: register entries with their officers, three
fiscal years of annual reports scored by the batch job, and a cooperative officer login (the inspections are
the supervision app's demo, ``sinergi/supervision/demo.py``).

Maluku Tenggara gets exactly 347 cooperatives of which 296 are active under the default rule (RAT held for
each of the last 2 fiscal years): the figures its office reported (DOMAIN.md, "Figures quoted in the
seeds"). Cooperative ``n`` of a region depends only on the seed, the region and ``n`` (its own seeded
random stream), and each carries ``external_ref = "demo-koperasi:<region>:<n>"``, so a re-run adds
nothing. Cooperatives and officers go through their services; the annual reports are checked
by the report service's own validation (``clean_report``) and written in bulk with their change-log rows,
then scored by the batch-scoring job, as an import of last years' reports would be: through the report
service one by one they took three quarters of the time. Fiscal years are counted back from the newest one
whose RAT is due today.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives import services
from sinergi.cooperatives.demo.rows import DEFAULT_SEED as DEFAULT_SEED
from sinergi.cooperatives.demo.rows import REF_PREFIX, CooperativeSpec, K, cooperative_specs
from sinergi.cooperatives.models import AnnualReport, Cooperative
from sinergi.cooperatives.services import batch
from sinergi.core.changelog import ChangeRows, snapshot_values
from sinergi.core.fastwrite import insert_values
from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeSource
from sinergi.registry.demo import Login, logins_path
from sinergi.registry.services import person_create

SOURCE = ChangeSource.COMMAND
LOGIN = ("demo-koperasi", "Pengurus koperasi (demo)")


@dataclass
class CoopDemoReport:
    created: int = 0
    skipped: int = 0
    reports: int = 0
    seconds: float = 0.0
    login: Login | None = None
    scoring: str = ""


def _check_seed(first: CooperativeSpec) -> None:
    """Rows of another seed would mix with this one's: refuse rather than blend two demos."""
    name = Cooperative.objects.filter(external_ref=first.data["external_ref"]).values_list("name", flat=True).first()
    if name is not None and name != first.data["name"]:
        raise ValidationError("Demo cooperatives made with another seed are present; remove them first.")


def _write(*, actor: User, spec: CooperativeSpec) -> int:
    cooperative = services.cooperative_create(actor=actor, data=spec.data, source=SOURCE)
    for officer in spec.officers:
        person = person_create(actor=actor, data=officer.person, source=SOURCE)
        services.cooperative_officer_add(
            actor=actor,
            cooperative=cooperative,
            data={
                "person_id": person.pk,
                "body": officer.body,
                "role": officer.role,
                "term_start": officer.term_start,
                "term_end": officer.term_end,
            },
            source=SOURCE,
        )
    blank = dict.fromkeys(services.REPORT_FIELDS)
    rows = [
        {
            **blank,
            "cooperative_id": cooperative.pk,
            "fiscal_year": year,
            **services.clean_report(values, fiscal_year=year),
        }
        for year, values in spec.reports
    ]
    if rows:
        columns = tuple(rows[0])
        ids = insert_values(AnnualReport, columns, [tuple(r[c] for c in columns) for r in rows])
        log = ChangeRows(actor=actor, source=SOURCE)
        for pk, row in zip(ids, rows, strict=True):
            label = f"{cooperative.name} {row['fiscal_year']}"
            log.created(model=AnnualReport, pk=pk, label=label, after=snapshot_values(AnnualReport, {**row, "id": pk}))
        log.save()
    return len(rows)


def _login_lines() -> list[list[str]]:
    path = logins_path()
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text().splitlines()[1:] if line.count("\t") == 3]


def _login(*, actor: User, cooperative_ref: str) -> Login:
    """The cooperative officer's login, added to the demo logins file beside the registry's (one line per
    user, the registry demo's layout); an existing account keeps its password."""
    username, full_name = LOGIN
    lines = _login_lines()
    known = {parts[0]: parts[3] for parts in lines}
    cooperative = Cooperative.objects.get(external_ref=cooperative_ref)
    user = User.objects.filter(username=username).first()
    password = known.get(username, "") if user is not None else secrets.token_urlsafe(12)
    if user is None:
        ketua = cooperative.officers.filter(role="Ketua").select_related("person").first()
        user_create(
            actor=actor,
            username=username,
            password=password,
            role=Role.COOPERATIVE,
            full_name=ketua.person.name if ketua else full_name,
            cooperative_id=cooperative.pk,
            source=SOURCE,
        )
    login = Login(username=username, role=str(Role.COOPERATIVE), region=cooperative.region_id[:5], password=password)
    if password:
        rows = [parts for parts in lines if parts[0] != username]
        rows.append([login.username, login.role, login.region, login.password])
        path = logins_path()
        path.write_text("username\trole\tregion\tpassword\n" + "".join("\t".join(r) + "\n" for r in rows))
        path.chmod(0o600)
    return login


def cooperatives_demo_seed(*, seed: int = DEFAULT_SEED) -> CoopDemoReport:
    """Make (or complete) the demo cooperatives and the cooperative officer's login (their inspections are the
    supervision demo's, ``manage.py supervision_demo_seed``)."""
    started = time.perf_counter()
    actor = system_actor()
    today = timezone.localdate()
    report = CoopDemoReport()
    specs = list(cooperative_specs(seed=seed, today=today))
    _check_seed(specs[0])
    existing = set(
        Cooperative.objects.filter(external_ref__startswith=REF_PREFIX).values_list("external_ref", flat=True)
    )
    for spec in specs:
        if spec.data["external_ref"] in existing:
            report.skipped += 1
            continue
        with transaction.atomic():  # a cooperative with all its officers and reports, or nothing of it
            report.reports += _write(actor=actor, spec=spec)
        report.created += 1
    # Scores what is not scored yet (every report, the first time); a re-run finds everything unchanged.
    job = batch.assessments_start(actor=actor, enqueue=False)
    report.scoring = job_run(job_id=job.pk).message
    first_ksp = next(s for s in specs if s.data["region_id"].startswith("17.08.") and s.data["kind"] == K and s.active)
    report.login = _login(actor=actor, cooperative_ref=first_ksp.data["external_ref"])
    report.seconds = time.perf_counter() - started
    return report
