"""Test data for programs.

``person`` and ``business`` write rows straight through the ORM (setting the registry's derived columns
``has_nib``/``has_halal``/``scale`` as its services would) so that eligibility tests can make dozens of
candidates quickly; the service tests use the registry services instead. ``program`` goes through the
program service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sinergi.accounts.models import User
from sinergi.programs import services
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.models import Enrollment, Program
from sinergi.registry.models import Business, Cluster, LegalDocument, Person

_counter = iter(range(1, 10**9))


def person(desa: str, *, sex: str = "", birth: dt.date | None = None, decile: int | None = None, **kw: Any) -> Person:
    n = next(_counter)
    return Person.objects.create(
        name=kw.pop("name", f"Warga {n}"), desa_id=desa, sex=sex, birth_date=birth, poverty_decile=decile, **kw
    )


def business(
    desa: str,
    *,
    owner: Person | None = None,
    cluster: Cluster | None = None,
    scale: str = "",
    docs: tuple[tuple[str, dt.date | None], ...] = (),
    name: str = "",
) -> Business:
    """A business; ``docs`` are (kind, expires_on) pairs of legal documents it holds."""
    n = next(_counter)
    kinds = {k for k, _ in docs}
    b = Business.objects.create(
        name=name or f"Usaha {n}",
        owner=owner,
        desa_id=desa,
        cluster=cluster,
        scale=scale,
        has_nib="nib" in kinds,
        has_halal="halal" in kinds,
    )
    for kind, expires in docs:
        LegalDocument.objects.create(business=b, kind=kind, number=f"T{b.pk}-{kind}", expires_on=expires)
    return b


def program(actor: User, *, region: str = "17.08", status: str = ProgramStatus.DRAFT, **overrides: Any) -> Program:
    """A training program of 2025 organised by ``region``, moved along to ``status``."""
    data: dict[str, Any] = {"name": "Pelatihan Pemasaran Digital", "kind": "diklat", "fiscal_year": 2025}
    data.update(overrides)
    data["region_id"] = region
    p = services.program_create(actor=actor, data=data)
    path: list[str] = [ProgramStatus.OPEN, ProgramStatus.SELECTION]
    for step in path[: path.index(status) + 1] if status in path else []:
        p = services.program_transition(actor=actor, program=p, to=step)
    return p


def past_aid(*, kind: str, year: int, region: str = "17.08", **beneficiary: Any) -> Enrollment:
    """An enrollment in a (closed) program of ``kind`` and fiscal ``year``, written straight to the tables."""
    p = Program.objects.create(
        name=f"Program {kind} {year}", kind=kind, fiscal_year=year, region_id=region, status=ProgramStatus.CLOSED
    )
    return Enrollment.objects.create(program=p, **beneficiary)
