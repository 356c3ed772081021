"""Fixtures of the empowerment page and API tests: a desa of Kepahiang with its potentials, a P3KE list of
households and the drafted groups, and a signed-in client per user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from conftest import village
from sinergi.accounts.models import User
from sinergi.accounts.services import api_token_create, system_actor
from sinergi.empowerment import services
from sinergi.empowerment.models import Group, PotentialSource, Sector
from sinergi.empowerment.tests.factories import household, p3ke_list
from sinergi.regions.models import Region


@pytest.fixture
def desa(regions) -> Region:
    return Region.objects.get(pk=village("17.08"))


@pytest.fixture
def source(kepahiang_officer):
    return p3ke_list(kepahiang_officer)


@pytest.fixture
def drafted(kepahiang_officer, source, desa) -> list[Group]:
    """Two draft groups of the desa (fisheries from the profile, tourism from a survey), 15 households each."""
    services.potential_save(
        actor=kepahiang_officer, desa=desa, data={"sector": Sector.FISHERIES, "rank": 1, "note": "pesisir"}
    )
    services.potential_save(
        actor=kepahiang_officer,
        desa=desa,
        data={"sector": Sector.TOURISM, "rank": 2, "source": PotentialSource.SURVEY},
    )
    for i in range(30):
        household(kepahiang_officer, source, desa.code, decile=1 if i < 12 else 2, persons=1 + (i % 2))
    return services.group_draft(actor=kepahiang_officer, desa=desa).groups


@pytest.fixture
def active(kepahiang_officer, drafted) -> Group:
    """The first drafted group, with a leader, confirmed on 1 February 2024."""
    group = drafted[0]
    services.leader_set(actor=kepahiang_officer, member=group.members.order_by("id")[0], leader=True)
    return services.group_confirm(actor=kepahiang_officer, group=group, on=dt.date(2024, 2, 1))


@pytest.fixture
def pages():
    def make(user: User) -> Client:
        client = Client(headers={"Accept-Language": "en"})
        client.cookies["django_language"] = "en"
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api():
    def make(user: User) -> Client:
        _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})

    return make
