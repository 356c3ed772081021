"""An association in Kepahiang inaugurated on 26 October 2023 (the seed report's), its Ketua and its officer; an
association in Jember with its own officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.registry import services as registry
from sinergi.registry.models import Association, BoardMember
from sinergi.workprograms import services
from sinergi.workprograms.models import WorkItem, WorkProgram

INAUGURATED = dt.date(2023, 10, 26)
NIK_KETUA = "1708015505900001"  # Kepahiang 17.08.01, a woman born 15-05-1990


@dataclass
class World:
    association: Association
    ketua: BoardMember
    officer: User
    other: Association
    other_officer: User


@pytest.fixture
def mataram_officer(regions) -> User:
    return user_create(
        actor=system_actor(), username="mataram", password=None, role=Role.KABUPATEN, region_codes=["52.71"]
    )


@pytest.fixture
def malra_officer(regions) -> User:
    return user_create(
        actor=system_actor(), username="malra", password=None, role=Role.KABUPATEN, region_codes=["81.02"]
    )


@pytest.fixture
def world(kepahiang_officer, jember_officer, kepahiang_desa) -> World:
    k = kepahiang_officer
    association = registry.association_create(
        actor=k,
        data={
            "name": "Asosiasi UMKM MMS Kepahiang",
            "region_id": "17.08",
            "term_start": INAUGURATED,
            "term_end": dt.date(2028, 10, 25),
            "inaugurated_on": INAUGURATED,
        },
    )
    person = registry.person_create(
        actor=k, data={"nik": NIK_KETUA, "name": "Siti Aminah", "desa_id": kepahiang_desa, "phone": "0812-7300-1111"}
    )
    ketua = registry.association_board_add(actor=k, association=association, person=person, role="Ketua")
    officer = user_create(
        actor=system_actor(),
        username="pengurus-mms",
        password=None,
        role=Role.ASSOCIATION,
        association_id=association.pk,
        email="mms@example.id",
    )
    other = registry.association_create(
        actor=jember_officer,
        data={"name": "Asosiasi Batik Jember", "region_id": "35.09", "inaugurated_on": dt.date(2024, 1, 10)},
    )
    other_officer = user_create(
        actor=system_actor(), username="pengurus-batik", password=None, role=Role.ASSOCIATION, association_id=other.pk
    )
    return World(association, ketua, officer, other, other_officer)


def item_data(world: World, **extra: object) -> dict[str, object]:
    return {
        "goal": "Members sell online",
        "activity": "Marketplace training",
        "target_number": "20",
        "target_unit": "members trained",
        "responsible_id": world.ketua.pk,
        "budget": "5000000",
        "budget_source": "dues",
        "deadline": dt.date(2023, 12, 15),
        "partners": "Bank BRI, Universitas Bengkulu",
        **extra,
    }


def draft(world: World, *, items: int = 2) -> tuple[WorkProgram, list[WorkItem]]:
    program = services.program_create(actor=world.officer, association=world.association, data={"kind": "100day"})
    made = [
        services.item_add(
            actor=world.officer,
            program=program,
            data=item_data(world, activity=f"Activity {n}", budget=str(Decimal(1000000 * (n + 1)))),
        )
        for n in range(items)
    ]
    return program, made
