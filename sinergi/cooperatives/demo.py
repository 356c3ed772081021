"""Deterministic demo cooperatives for the five seed regions: register entries with their officers, three
fiscal years of annual reports scored by the batch job, a few inspections, and a cooperative officer login.

Maluku Tenggara gets exactly 347 cooperatives of which 296 are active under the default rule (RAT held for
each of the last 2 fiscal years): the figures its office reported (DOMAIN.md, "Figures quoted in the
seeds"). Cooperative ``n`` of a region depends only on the seed, the region and ``n`` (its own seeded
random stream), and each carries ``external_ref = "demo-koperasi:<region>:<n>"``, so a re-run adds
nothing. Cooperatives, officers and inspections go through their services; the annual reports are checked
by the report service's own validation (``clean_report``) and written in bulk with their change-log rows,
then scored by the batch-scoring job, as an import of last years' reports would be: through the report
service one by one they took three quarters of the time. Fiscal years are counted back from the newest one
whose RAT is due today.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives import services
from sinergi.cooperatives.demo_rows import DEFAULT_SEED as DEFAULT_SEED
from sinergi.cooperatives.demo_rows import PLANS, REF_PREFIX, CooperativeSpec, K, cooperative_specs
from sinergi.cooperatives.models import AnnualReport, Cooperative, InspectionPlan
from sinergi.cooperatives.services import batch, supervision
from sinergi.core.changelog import ChangeRows, snapshot_values
from sinergi.core.fastwrite import insert_values
from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeSource
from sinergi.regions.seed import SEED_KABUPATEN
from sinergi.registry.demo import Login, logins_path
from sinergi.registry.services import person_create

SOURCE = ChangeSource.COMMAND
LOGIN = ("demo-koperasi", "Pengurus koperasi (demo)")


# (aspect, finding, follow-up action, who acts)
FINDINGS = (
    (
        "Tata kelola",
        "RAT tahun buku {year} belum dilaksanakan dan belum dilaporkan melalui ODS.",
        "Menyelenggarakan RAT tahun buku {year} dan melaporkan hasilnya melalui ODS.",
        "Pengurus",
    ),
    (
        "Profil risiko",
        "Pinjaman macet melebihi 10% dari pinjaman yang diberikan; penagihan belum terjadwal.",
        "Menyusun jadwal penagihan dan rencana restrukturisasi pinjaman bermasalah.",
        "Pengurus dan pengelola",
    ),
    (
        "Permodalan",
        "Cadangan risiko belum dibentuk sesuai ketentuan anggaran dasar.",
        "Menyisihkan cadangan risiko dari SHU tahun berjalan.",
        "Bendahara",
    ),
    (
        "Kinerja keuangan",
        "Pembukuan unit simpan pinjam belum dipisahkan dari unit usaha lain.",
        "Memisahkan rekening dan pembukuan unit simpan pinjam.",
        "Pengelola",
    ),
    (
        "Tata kelola",
        "Masa jabatan sebagian pengawas telah berakhir dan belum dipilih kembali.",
        "Menyelenggarakan rapat anggota untuk memilih pengawas.",
        "Pengurus",
    ),
    (
        "Tata kelola",
        "Buku daftar anggota dan simpanan wajib per anggota tidak diperbarui.",
        "Memperbarui buku daftar anggota dan kartu simpanan anggota.",
        "Sekretaris",
    ),
)


@dataclass
class CoopDemoReport:
    created: int = 0
    skipped: int = 0
    reports: int = 0
    inspections: int = 0
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


def _inspections(*, actor: User, seed: int, today: dt.date) -> int:
    """Per region a plan for this year: the weakest cooperatives visited, with findings whose follow-ups are
    done, open or overdue, and one visit still to come."""
    made = 0
    year = today.year
    for code in PLANS:
        title = f"Rencana Pemeriksaan Koperasi {year} – {SEED_KABUPATEN[code]}"
        if InspectionPlan.objects.filter(title=title, region_id=code).exists():
            continue
        rng = random.Random(f"sinergi-coop-demo:{seed}:{code}:inspections")  # noqa: S311
        with transaction.atomic():
            plan = supervision.inspection_plan_create(
                actor=actor,
                data={
                    "title": title,
                    "region_id": code,
                    "year": year,
                    "starts_on": dt.date(year, 1, 1),
                    "ends_on": dt.date(year, 12, 31),
                    "notes": "Prioritas: koperasi dengan predikat terendah.",
                },
                source=SOURCE,
            )
            weakest = list(
                Cooperative.objects.filter(
                    external_ref__startswith=f"{REF_PREFIX}{code}:", health_total__isnull=False
                ).order_by("health_total", "pk")[: 6 if code == "81.02" else 2]
            )
            inspectors = f"Tim Pengawas Koperasi {SEED_KABUPATEN[code]}"
            for i, cooperative in enumerate(weakest):
                visited = today - dt.timedelta(days=rng.randint(45, 200))
                inspection = supervision.inspection_create(
                    actor=actor,
                    cooperative=cooperative,
                    data={
                        "plan_id": plan.pk,
                        "planned_on": visited,
                        "visited_on": visited,
                        "status": "done",
                        "inspectors": inspectors,
                        "summary": "Pemeriksaan kesehatan dan kepatuhan koperasi.",
                    },
                    source=SOURCE,
                )
                for j, (aspect, text, action, who) in enumerate(rng.sample(FINDINGS, rng.randint(1, 3))):
                    finding = supervision.finding_add(
                        actor=actor,
                        inspection=inspection,
                        data={
                            "aspect": aspect,
                            "description": text.format(year=cooperative.health_year or year - 1),
                            "severity": rng.choice(("low", "medium", "high")),
                        },
                        source=SOURCE,
                    )
                    state = (i + j) % 3  # overdue, done, open and not yet due, in turn
                    due = (
                        visited + dt.timedelta(days=30) if state < 2 else today + dt.timedelta(days=rng.randint(14, 90))
                    )
                    supervision.follow_up_add(
                        actor=actor,
                        finding=finding,
                        data={
                            "action": action.format(year=cooperative.health_year or year - 1),
                            "responsible": who,
                            "due_on": due,
                            "status": "done" if state == 1 else "open",
                            "done_on": min(due, today) if state == 1 else None,
                        },
                        source=SOURCE,
                    )
                made += 1
            upcoming = (
                Cooperative.objects.filter(external_ref__startswith=f"{REF_PREFIX}{code}:").order_by("pk").first()
            )
            if upcoming is not None and today < dt.date(year, 12, 31):
                supervision.inspection_create(
                    actor=actor,
                    cooperative=upcoming,
                    data={
                        "plan_id": plan.pk,
                        "planned_on": min(today + dt.timedelta(days=14), dt.date(year, 12, 31)),
                        "inspectors": inspectors,
                    },
                    source=SOURCE,
                )
                made += 1
    return made


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
    """Make (or complete) the demo cooperatives, their inspections and the cooperative officer's login."""
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
    report.inspections = _inspections(actor=actor, seed=seed, today=today)
    first_ksp = next(s for s in specs if s.data["region_id"].startswith("17.08.") and s.data["kind"] == K and s.active)
    report.login = _login(actor=actor, cooperative_ref=first_ksp.data["external_ref"])
    report.seconds = time.perf_counter() - started
    return report
