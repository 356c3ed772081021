"""Fixtures of the registry's page tests: a business in Kepahiang and one in Jember, a signed-in officer."""

from __future__ import annotations

import pytest

from sinergi.registry import services
from sinergi.registry.models import Business

KEPAHIANG_NIK = "1708014507850001"  # woman, born 5 July 1985, kecamatan 17.08.01
JEMBER_NIK = "3509010101800003"  # man, born 1 January 1980


def login(client, user):
    # force_login skips django-axes, which insists on a real request; the login page has its own tests.
    client.force_login(user)
    return client


@pytest.fixture
def kepahiang_business(kepahiang_officer, kepahiang_desa, clusters) -> Business:
    owner = services.person_create(
        actor=kepahiang_officer,
        data={"name": "Siti Rahmawati", "nik": KEPAHIANG_NIK, "sex": "P", "desa_id": kepahiang_desa},
    )
    business = services.business_create(
        actor=kepahiang_officer,
        data={
            "name": "Kopi Bubuk Kaba",
            "owner_id": owner.pk,
            "desa_id": kepahiang_desa,
            "address": "Jl. Raya Kepahiang 12",
            "cluster_id": clusters["kopi"].pk,
        },
    )
    services.legal_document_create(
        actor=kepahiang_officer, business=business, data={"kind": "nib", "number": "1234567890123"}
    )
    return business


@pytest.fixture
def jember_business(jember_officer, jember_desa, clusters) -> Business:
    return services.business_create(
        actor=jember_officer,
        data={"name": "Batik Tembakau Jember", "desa_id": jember_desa, "cluster_id": clusters["batik"].pk},
    )


@pytest.fixture
def officer_client(client, kepahiang_officer):
    return login(client, kepahiang_officer)
