"""Demo programs that make the seeds' other figures come out of the indicators (DOMAIN.md, "Figures quoted in the
seeds"; ``manage.py figures_demo_seed``), in the region and years each seed gives:

- Maluku Tenggara (81.02), seed 003 (September 2024): "since 2020 up to 2023, 3,693 micro businesses received
  capital aid from the APBD of Malra and of the province, and the APBN" — twelve closed capital-aid programs
  (2020–2023 × APBD kabupaten, APBD provinsi, APBN) with 3,693 enrolments of a pool of 1,000 demo micro
  businesses (one may be aided again in another year or from another source; the figure counts aid given), and
  the 2024 DAK non-fisik line of Rp451,803,000 for mentoring.
- Tojo Una-Una (72.09), seed 002 (July 2022, so "last year" is 2021): 5 UMKM helped to a halal certificate and
  3 cooperatives to an NIK koperasi in 2021; land certificates for 380 business owners in 2021 and 193 in 2022.

Deterministic and fast: the businesses go through the registry's bulk writer (checked as an import is), the
programs and budget lines through ``save_logged``, the enrolments in bulk with their change-log rows. A program
already there (by its ``external_ref``) is left alone, so a re-run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from sinergi.accounts.models import User
from sinergi.accounts.services import system_actor
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.services import cooperative_create
from sinergi.core.changelog import ChangeRows, save_logged, snapshot_values
from sinergi.core.fastwrite import insert_values
from sinergi.core.models import ChangeSource
from sinergi.programs.choices import EnrollmentStatus, ProgramStatus
from sinergi.programs.models import BudgetLine, Enrollment, Program
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry import bulk
from sinergi.registry.bulk import BusinessRow, PersonRow
from sinergi.registry.models import Business, Person

SOURCE = ChangeSource.COMMAND
REF = "demo-figures:"
MALRA, TOUNA = "81.02", "72.09"
# (year, source) → capital-aid recipients; 820 + 905 + 968 + 1,000 = 3,693
CAPITAL_AID: dict[tuple[int, str], int] = {
    (2020, "apbd_kabupaten"): 400, (2020, "apbd_provinsi"): 220, (2020, "apbn"): 200,
    (2021, "apbd_kabupaten"): 430, (2021, "apbd_provinsi"): 250, (2021, "apbn"): 225,
    (2022, "apbd_kabupaten"): 460, (2022, "apbd_provinsi"): 268, (2022, "apbn"): 240,
    (2023, "apbd_kabupaten"): 480, (2023, "apbd_provinsi"): 270, (2023, "apbn"): 250,
}  # fmt: skip
SOURCE_NAMES = {"apbd_kabupaten": "APBD Kabupaten", "apbd_provinsi": "APBD Provinsi", "apbn": "APBN"}
MALRA_POOL = 1_000
LAND = {2021: 380, 2022: 193}
HALAL_2021, NIK_KOPERASI_2021 = 5, 3
DAK_MENTORING = Decimal("451803000.00")
FIRST = ("Maria", "Yosef", "Agustina", "Petrus", "Fransiska", "Simon", "Theresia", "Anton", "Ince", "Hamid")
SURNAMES = ("Rahanra", "Renyaan", "Ohoiwutun", "Rahayaan", "Lamaidja", "Tuasikal", "Bungku", "Lasimpala")


@dataclass
class FiguresReport:
    programs: int = 0
    businesses: int = 0
    enrollments: int = 0


def _villages(kab: str) -> list[str]:
    return list(
        Region.objects.filter(level=RegionLevel.DESA_KELURAHAN, code__startswith=kab + ".")
        .order_by("code")
        .values_list("code", flat=True)
    )


def _rows(kab: str, count: int) -> Iterator[BusinessRow]:
    """Micro businesses with owners whose NIK, birth date and sex agree (born 1970–1979, serials from 7001)."""
    villages = _villages(kab)
    # Another demo's owners may hold a NIK this scheme makes: the serial moves on past it.
    taken = set(Person.objects.filter(nik__startswith=kab.replace(".", "")).values_list("nik", flat=True))
    for i in range(count):
        desa = villages[i % len(villages)]
        female = i % 2 == 0
        birth = dt.date(1970 + i % 10, 1 + i % 12, 1 + i % 28)
        day = birth.day + (40 if female else 0)
        serial = 7001 + i // 120
        nik = f"{desa[:8].replace('.', '')}{day:02d}{birth:%m%y}{serial:04d}"
        while nik in taken:
            serial += 20
            nik = f"{nik[:12]}{serial:04d}"
        taken.add(nik)
        name = f"{FIRST[i % len(FIRST)]} {SURNAMES[(i // len(FIRST)) % len(SURNAMES)]}"
        yield BusinessRow(
            external_ref=f"{REF}{kab}:{i}",
            name=f"Usaha Mikro {name} {i + 1:04d}",
            owner=PersonRow(
                nik=nik, name=name, sex="P" if female else "L", birth_date=birth, phone="", address="", desa_id=desa
            ),
            desa_id=desa,
        )


def _pool(actor: User, kab: str, count: int, report: FiguresReport) -> list[Business]:
    made = bulk.businesses_bulk_create(actor=actor, rows=_rows(kab, count), source=SOURCE)
    report.businesses += made.created
    refs = [f"{REF}{kab}:{i}" for i in range(count)]
    found = {b.external_ref: b for b in Business.objects.filter(external_ref__in=refs)}
    return [found[r] for r in refs]


def _program(actor: User, *, ref: str, **data: Any) -> Program:
    program = Program(external_ref=REF + ref, status=ProgramStatus.CLOSED, **data)
    program.full_clean()
    save_logged(actor=actor, instance=program, before=None, source=SOURCE)
    return program


def _line(actor: User, program: Program, source: str, amount: Decimal) -> None:
    line = BudgetLine(program=program, source=source, amount=amount)
    save_logged(actor=actor, instance=line, before=None, source=SOURCE)


def _enrol(actor: User, program: Program, beneficiaries: list[dict[str, Any]], *, completed: bool) -> int:
    """The program's enrolments in one insert, with their change-log rows."""
    status = EnrollmentStatus.COMPLETED if completed else EnrollmentStatus.ENROLLED
    columns = ("program_id", "business_id", "person_id", "cooperative_id", "status", "enrolled_on", "completed_on")
    rows = []
    for i, who in enumerate(beneficiaries):
        day = dt.date(program.fiscal_year, 3 + i % 8, 1 + i % 28)
        rows.append(
            (
                program.pk,
                who.get("business"),
                who.get("person"),
                who.get("cooperative"),
                status,
                day,
                day + dt.timedelta(days=60) if completed else None,
            )
        )
    ids = insert_values(Enrollment, columns, rows)
    log = ChangeRows(actor=actor, source=SOURCE)
    for pk, row in zip(ids, rows, strict=True):
        values = {**dict(zip(columns, row, strict=True)), "id": pk}
        log.created(model=Enrollment, pk=pk, label=str(program), after=snapshot_values(Enrollment, values))
    log.save()
    return len(ids)


def _capital_aid(actor: User, report: FiguresReport) -> None:
    pool = _pool(actor, MALRA, MALRA_POOL, report)
    start = 0
    for (year, source), count in CAPITAL_AID.items():
        program = _program(
            actor,
            ref=f"{MALRA}:modal:{year}:{source}",
            name=f"Bantuan Modal Usaha Mikro {SOURCE_NAMES[source]} {year}",
            kind="bantuan_modal",
            fiscal_year=year,
            region_id=MALRA,
            capacity=count,
        )
        _line(actor, program, source, Decimal(count) * Decimal("2500000.00"))
        chosen = [pool[(start + k) % len(pool)] for k in range(count)]
        start += count
        report.enrollments += _enrol(actor, program, [{"business": b.pk} for b in chosen], completed=False)
        report.programs += 1
    mentoring = _program(
        actor,
        ref=f"{MALRA}:pendampingan:2024",
        name="Peningkatan Kapasitas Usaha Mikro (DAK)",
        kind="pendampingan",
        fiscal_year=2024,
        region_id=MALRA,
    )
    _line(actor, mentoring, "dak_non_fisik", DAK_MENTORING)
    report.programs += 1


def _cooperatives(actor: User) -> list[Cooperative]:
    out = []
    for n in range(NIK_KOPERASI_2021):
        ref = f"{REF}{TOUNA}:koperasi:{n}"
        coop = Cooperative.objects.filter(external_ref=ref).first() or cooperative_create(
            actor=actor,
            data={
                "name": f"Koperasi Produsen Ampana {n + 1}",
                "kind": "produsen",
                "region_id": _villages(TOUNA)[n],
                "external_ref": ref,
            },
            source=SOURCE,
        )
        out.append(coop)
    return out


def _tojo_una_una(actor: User, report: FiguresReport) -> None:
    pool = _pool(actor, TOUNA, sum(LAND.values()), report)
    start = 0
    for year, count in LAND.items():
        program = _program(
            actor,
            ref=f"{TOUNA}:tanah:{year}",
            name=f"Fasilitasi Sertifikat Hak Atas Tanah Pelaku Usaha {year}",
            kind="fasilitasi_sertifikasi",
            certification="land",
            target="person",
            fiscal_year=year,
            region_id=TOUNA,
        )
        owners = [{"person": b.owner_id} for b in pool[start : start + count]]
        start += count
        report.enrollments += _enrol(actor, program, owners, completed=True)
        report.programs += 1
    halal = _program(
        actor,
        ref=f"{TOUNA}:halal:2021",
        name="Fasilitasi Sertifikat Halal MUI 2021",
        kind="fasilitasi_sertifikasi",
        certification="halal",
        fiscal_year=2021,
        region_id=TOUNA,
    )
    report.enrollments += _enrol(actor, halal, [{"business": b.pk} for b in pool[:HALAL_2021]], completed=True)
    nik = _program(
        actor,
        ref=f"{TOUNA}:nik-koperasi:2021",
        name="Fasilitasi Nomor Induk Koperasi 2021",
        kind="fasilitasi_sertifikasi",
        certification="nik_koperasi",
        target="cooperative",
        fiscal_year=2021,
        region_id=TOUNA,
    )
    coops = [{"cooperative": c.pk} for c in _cooperatives(actor)]
    report.enrollments += _enrol(actor, nik, coops, completed=True)
    report.programs += 2


def figures_demo_seed() -> FiguresReport:
    """Make the programs behind the seeds' figures (see the module); a region whose programs exist is skipped."""
    actor = system_actor()
    report = FiguresReport()
    done = set(Program.objects.filter(external_ref__startswith=REF).values_list("external_ref", flat=True))
    if REF + f"{MALRA}:pendampingan:2024" not in done:
        with transaction.atomic():
            _capital_aid(actor, report)
    if REF + f"{TOUNA}:nik-koperasi:2021" not in done:
        with transaction.atomic():
            _tojo_una_una(actor, report)
    return report
