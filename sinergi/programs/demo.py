"""Demo programs for the demo registry (``manage.py demo_seed`` first): per seed region one program in each
state a visitor should see — open for applications, in selection (with a trial run), running (its run accepted
and published, with seats left unfilled) and closed — each with applicants from the region's demo businesses.
Everything goes through the program services, so every step is in the change log. Deterministic: the applicants
come from a random stream of the seed and the region; a region whose programs exist is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.accounts.services import system_actor
from sinergi.core.models import ChangeSource
from sinergi.programs import services
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.models import Program
from sinergi.regions.seed import SEED_KABUPATEN
from sinergi.registry.models import Business

SOURCE = ChangeSource.COMMAND
DEFAULT_SEED = 2026
REF_PREFIX = "demo:program:"
TOPICS = ("pemasaran digital", "pengemasan", "pembukuan sederhana", "perizinan usaha", "foto produk")


@dataclass(frozen=True, slots=True)
class DemoProgram:
    """One demo program: what it is, how far it has gone, how many seats and applicants."""

    slug: str
    name: str
    kind: str
    status: str
    capacity: int
    applicants: int
    budget: int
    extra: tuple[tuple[str, Any], ...] = ()


PROGRAMS = (
    DemoProgram("pemasaran", "Pelatihan Pemasaran Digital", "diklat", ProgramStatus.OPEN, 25, 9, 45_000_000),
    DemoProgram("modal", "Bantuan Modal Usaha Mikro", "bantuan_modal", ProgramStatus.SELECTION, 10, 14, 150_000_000),
    DemoProgram("studi", "Studi Banding Klaster Unggulan", "studi_banding", ProgramStatus.RUNNING, 10, 8, 80_000_000),
    DemoProgram(
        "halal",
        "Fasilitasi Sertifikasi Halal",
        "fasilitasi_sertifikasi",
        ProgramStatus.CLOSED,
        6,
        7,
        30_000_000,
        (("certification", "halal"),),
    ),
)


def _program(*, actor: User, code: str, spec: DemoProgram, year: int, today: dt.date) -> Program:
    closed = spec.status == ProgramStatus.CLOSED
    fiscal = year - 1 if closed else year
    starts = dt.date(fiscal, 9, 1) if closed else today + dt.timedelta(days=30)
    data: dict[str, Any] = {
        "name": spec.name,
        "kind": spec.kind,
        "fiscal_year": fiscal,
        "region_id": code,
        "capacity": spec.capacity,
        "applications_close_on": starts - dt.timedelta(days=14),
        "starts_on": starts,
        "ends_on": starts + dt.timedelta(days=2 if spec.kind != "bantuan_modal" else 60),
        "location": f"Aula Dinas Koperasi dan UKM {SEED_KABUPATEN[code]}",
        "description": f"{spec.name} bagi pelaku UMKM di {SEED_KABUPATEN[code]}.",
        "topics": list(TOPICS[:3]) if spec.kind == "diklat" else [],
        "external_ref": f"{REF_PREFIX}{code}:{spec.slug}",
        **dict(spec.extra),
    }
    program = services.program_create(actor=actor, data=data, source=SOURCE)
    services.budget_line_add(
        actor=actor,
        program=program,
        data={"source": "apbd_kabupaten", "amount": spec.budget, "reference": f"DPA {fiscal}"},
        source=SOURCE,
    )
    if spec.kind == "bantuan_modal":
        services.program_rule_add(
            actor=actor, program=program, data={"kind": "scale", "params": {"in": ["mikro"]}}, source=SOURCE
        )
    return program


def _apply(*, actor: User, program: Program, businesses: list[Business], rng: random.Random) -> None:
    for business in businesses:
        needs = rng.sample(TOPICS, rng.randint(1, 3))
        services.application_submit(
            actor=actor, program=program, data={"business_id": business.pk, "needs": needs}, source=SOURCE
        )


def _move(*, actor: User, program: Program, to: str) -> Program:
    return services.program_transition(actor=actor, program=program, to=to, source=SOURCE)


def programs_demo_seed(*, seed: int = DEFAULT_SEED, today: dt.date | None = None) -> int:
    """The demo programs of every seed region that has demo businesses; returns how many were made."""
    actor = system_actor()
    today = today or timezone.localdate()
    made = 0
    for code in SEED_KABUPATEN:
        pool = list(Business.objects.filter(desa__code__startswith=code + ".").order_by("pk")[:400])
        if not pool:
            continue
        rng = random.Random(f"sinergi-program-demo:{seed}:{code}")  # noqa: S311
        for spec in PROGRAMS:
            if Program.objects.filter(external_ref=f"{REF_PREFIX}{code}:{spec.slug}").exists():
                continue
            with transaction.atomic():
                program = _program(actor=actor, code=code, spec=spec, year=today.year, today=today)
                program = _move(actor=actor, program=program, to=ProgramStatus.OPEN)
                _apply(actor=actor, program=program, businesses=rng.sample(pool, spec.applicants), rng=rng)
                if spec.status != ProgramStatus.OPEN:
                    program = _move(actor=actor, program=program, to=ProgramStatus.SELECTION)
                    run = services.selection_run(
                        actor=actor,
                        program=program,
                        seed=f"{code}-{spec.slug}-{seed}",
                        config={"capacity": spec.capacity},
                        source=SOURCE,
                    )
                    if spec.status in (ProgramStatus.RUNNING, ProgramStatus.CLOSED):
                        services.selection_accept(actor=actor, run=run, source=SOURCE)
                        services.selection_publish(actor=actor, run=run, source=SOURCE)
                        program = _move(actor=actor, program=program, to=ProgramStatus.RUNNING)
                    if spec.status == ProgramStatus.CLOSED:
                        _move(actor=actor, program=program, to=ProgramStatus.CLOSED)
            made += 1
    return made
