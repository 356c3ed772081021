"""Fixtures for the API tests: clients holding a token for each role, and a small registry in two regions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from conftest import village
from sinergi.accounts.models import Role, User
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.registry import services
from sinergi.registry.models import Association, BoardMember, Business, LegalDocument, Person

NIK_WOMAN_1990 = "1708015505900001"  # Bengkulu 17.08.01, woman, 15-05-1990
NIK_MAN_1980 = "1708010101800002"
NIK_JEMBER = "3509010202850003"


ClientFor = Callable[[User], Client]


@pytest.fixture
def client_for() -> ClientFor:
    """A test client that sends a fresh bearer token of the given user, as a script would."""

    def make(user: User) -> Client:
        _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})

    return make


@dataclass
class World:
    """One business with its owner, documents and figures in Kepahiang and one in Jember, and an association."""

    owner: Person
    business: Business
    nib: LegalDocument
    association: Association
    seat: BoardMember
    jember_person: Person
    jember_business: Business


@pytest.fixture
def world(kepahiang_officer, jember_officer, clusters, kepahiang_desa, jember_desa) -> World:
    k, j = kepahiang_officer, jember_officer
    owner = services.person_create(
        actor=k, data={"nik": NIK_WOMAN_1990, "name": "Siti Aminah", "desa_id": kepahiang_desa}
    )
    business = services.business_create(
        actor=k,
        data={
            "name": "Kopi Kabawetan",
            "owner_id": owner.pk,
            "desa_id": kepahiang_desa,
            "cluster_id": clusters["kopi"].pk,
        },
    )
    nib = services.legal_document_create(actor=k, business=business, data={"kind": "nib", "number": "1234567890123"})
    services.business_year_set(
        actor=k, business=business, year=2024, modal_usaha=Decimal("50000000"), annual_sales=Decimal("150000000.50")
    )
    association = services.association_create(actor=k, data={"name": "Asosiasi Kopi Kepahiang", "region_id": "17.08"})
    seat = services.association_board_add(actor=k, association=association, person=owner, role="Ketua")
    services.association_member_add(actor=k, association=association, business=business)
    jember_person = services.person_create(actor=j, data={"nik": NIK_JEMBER, "name": "Budi", "desa_id": jember_desa})
    jember_business = services.business_create(
        actor=j, data={"name": "Tembakau Jember", "owner_id": jember_person.pk, "desa_id": jember_desa}
    )
    business.refresh_from_db()
    return World(owner, business, nib, association, seat, jember_person, jember_business)


@pytest.fixture
def owner_user(world) -> User:
    """The Kepahiang business's owner, signed up as a business owner."""
    return user_create(actor=system_actor(), username="siti", password=None, role=Role.OWNER, person_id=world.owner.pk)


# --- cooperatives (test_cooperatives, test_cooperative_reports) ---------------------------------------


@pytest.fixture
def coop(kepahiang_officer) -> Cooperative:
    return cooperative_make(actor=kepahiang_officer, region_code=village("17.08"), name="KSP Kopi Kabawetan")


@pytest.fixture
def jember_coop(jember_officer) -> Cooperative:
    return cooperative_make(actor=jember_officer, region_code="35.09", name="Koperasi Tembakau")


@pytest.fixture
def coop_officer(coop):
    """The self-service officer of the Kepahiang cooperative."""
    return user_create(
        actor=system_actor(), username="pengurus", password=None, role=Role.COOPERATIVE, cooperative_id=coop.pk
    )
