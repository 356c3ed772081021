"""A person in Kepahiang with a business, a board seat and aid received; users of each role around it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import PASSWORD
from sinergi.accounts.models import Role, User
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.programs.models import Enrollment
from sinergi.programs.tests.factories import past_aid
from sinergi.registry import services
from sinergi.registry.models import Association, Business, Person

NIK = "1708014507850001"  # woman, born 5 July 1985, kecamatan 17.08.01
MASKED_NIK = "1708••••••••0001"
PHONE = "+6281234567890"
OTHER_NIK = "1708010101800002"
JEMBER_NIK = "3509010202850003"


@dataclass
class Kepahiang:
    person: Person
    business: Business
    association: Association
    enrollment: Enrollment
    other: Person
    jember: Person


@pytest.fixture
def kep(kepahiang_officer, jember_officer, kepahiang_desa, jember_desa, clusters) -> Kepahiang:
    k = kepahiang_officer
    person = services.person_create(
        actor=k,
        data={
            "name": "Siti Rahmawati",
            "nik": NIK,
            "phone": "0812-3456-7890",
            "address": "Jl. Kaba 3",
            "desa_id": kepahiang_desa,
        },
    )
    business = services.business_create(
        actor=k, data={"name": "Kopi Bubuk Kaba", "owner_id": person.pk, "desa_id": kepahiang_desa}
    )
    association = services.association_create(actor=k, data={"name": "Asosiasi Kopi", "region_id": "17.08"})
    services.association_board_add(actor=k, association=association, person=person, role="Ketua")
    services.association_member_add(actor=k, association=association, business=business)
    enrollment = past_aid(kind="diklat", year=2024, person=person)
    other = services.person_create(actor=k, data={"name": "Budi Santoso", "nik": OTHER_NIK, "desa_id": kepahiang_desa})
    jember = services.person_create(
        actor=jember_officer, data={"name": "Joko", "nik": JEMBER_NIK, "desa_id": jember_desa}
    )
    return Kepahiang(person, business, association, enrollment, other, jember)


@pytest.fixture
def association_officer(kep) -> User:
    return user_create(
        actor=system_actor(),
        username="asosiasi",
        password=PASSWORD,
        role=Role.ASSOCIATION,
        association_id=kep.association.pk,
    )


@pytest.fixture
def owner_self(kep) -> User:
    return user_create(
        actor=system_actor(), username="siti", password=PASSWORD, role=Role.OWNER, person_id=kep.person.pk
    )


@pytest.fixture
def other_owner(kep) -> User:
    return user_create(
        actor=system_actor(), username="budi", password=PASSWORD, role=Role.OWNER, person_id=kep.other.pk
    )


@pytest.fixture
def api_client():
    from django.test import Client

    def make(user: User) -> Client:
        _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})

    return make


@pytest.fixture
def page_client(client):
    def make(user: User):
        client.force_login(user)
        return client

    return make
