"""Fixtures of the purchasing tests: an agency in Kepahiang and one in Jember, a civil servant of each, a
civil servant's login, and a business to buy from in each region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.purchasing import services
from sinergi.purchasing.models import Agency, CivilServant
from sinergi.registry import services as registry
from sinergi.registry.models import Business

NIP_RINA = "198507052010012003"
NIP_BUDI = "199001012015031002"
NIP_JEMBER = "198803032012011001"


def agency_make(actor: User, region: str, name: str) -> Agency:
    return services.agency_create(actor=actor, data={"region_id": region, "name": name})


def servant_make(actor: User, agency: Agency, nip: str, name: str, rank: str = "III/a") -> CivilServant:
    servant, _status = services.civil_servant_save(
        actor=actor, agency=agency, data={"nip": nip, "name": name, "rank": rank}
    )
    return servant


def business_make(actor: User, desa: str, name: str, cluster: int) -> Business:
    return registry.business_create(actor=actor, data={"name": name, "desa_id": desa, "cluster_id": cluster})


@pytest.fixture
def agency(kepahiang_officer) -> Agency:
    return agency_make(kepahiang_officer, "17.08", "Dinas Koperasi dan UKM")


@pytest.fixture
def jember_agency(jember_officer) -> Agency:
    return agency_make(jember_officer, "35.09", "Dinas Kesehatan Jember")


@pytest.fixture
def rina(kepahiang_officer, agency) -> CivilServant:
    return servant_make(kepahiang_officer, agency, NIP_RINA, "Rina Wati", "III/c")


@pytest.fixture
def budi(kepahiang_officer, agency) -> CivilServant:
    return servant_make(kepahiang_officer, agency, NIP_BUDI, "Budi Santoso", "II/b")


@pytest.fixture
def jember_servant(jember_officer, jember_agency) -> CivilServant:
    return servant_make(jember_officer, jember_agency, NIP_JEMBER, "Agus Salim")


@pytest.fixture
def shop(kepahiang_officer, kepahiang_desa, clusters) -> Business:
    return business_make(kepahiang_officer, kepahiang_desa, "Kopi Kaba", clusters["kuliner"].pk)


@pytest.fixture
def jember_shop(jember_officer, jember_desa, clusters) -> Business:
    return business_make(jember_officer, jember_desa, "Tembakau Jember", clusters["kriya"].pk)


@pytest.fixture
def rina_user(kepahiang_officer, rina) -> User:
    user = user_create(actor=system_actor(), username="rina", password=None, role=Role.ASN)
    services.civil_servant_link_account(actor=kepahiang_officer, civil_servant=rina, account=user)
    return user


def buy(actor: User, servant: CivilServant, business: Business, amount: str, day: dt.date, **extra):
    data = {"business_id": business.pk, "description": "Kopi bubuk", "amount": Decimal(amount), "day": day} | extra
    return services.purchase_record(actor=actor, civil_servant=servant, data=data)
