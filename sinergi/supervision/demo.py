"""Demo supervision for the demo cooperatives (``manage.py cooperatives_demo_seed`` first): per seed region an
inspection plan for this year, visits to its weakest cooperatives with findings and follow-ups (some done,
some open, some overdue), and one visit still to come. Everything goes through the supervision services.
Deterministic: each region's visits come from a random stream of the seed and the region.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.services import system_actor
from sinergi.cooperatives.demo import rows as demo_rows
from sinergi.cooperatives.demo.rows import DEFAULT_SEED as DEFAULT_SEED
from sinergi.cooperatives.demo.rows import REF_PREFIX
from sinergi.cooperatives.models import Cooperative
from sinergi.core.models import ChangeSource
from sinergi.regions.seed import SEED_KABUPATEN
from sinergi.supervision import services
from sinergi.supervision.models import InspectionPlan

SOURCE = ChangeSource.COMMAND

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


def supervision_demo_seed(*, seed: int = DEFAULT_SEED, today: dt.date | None = None) -> int:
    """Per seed region a plan for this year: the weakest demo cooperatives visited, with findings whose
    follow-ups are done, open or overdue, and one visit still to come. Returns the inspections made; a region
    whose plan exists is left alone, so a re-run adds nothing."""
    actor = system_actor()
    today = today or timezone.localdate()
    made = 0
    year = today.year
    for code in demo_rows.PLANS:
        title = f"Rencana Pemeriksaan Koperasi {year} – {SEED_KABUPATEN[code]}"
        if InspectionPlan.objects.filter(title=title, region_id=code).exists():
            continue
        rng = random.Random(f"sinergi-coop-demo:{seed}:{code}:inspections")  # noqa: S311
        with transaction.atomic():
            plan = services.inspection_plan_create(
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
                inspection = services.inspection_create(
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
                    finding = services.finding_add(
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
                    services.follow_up_add(
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
                services.inspection_create(
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
