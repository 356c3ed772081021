"""Fixtures of the market tests: a food business in Kepahiang with an NIB and a PIRT, its owner's account."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.market import services
from sinergi.market.models import Product
from sinergi.registry import services as registry
from sinergi.registry.models import Business, LegalDocument


@pytest.fixture
def owner_person(kepahiang_officer, kepahiang_desa):
    return registry.person_create(actor=kepahiang_officer, data={"name": "Siti Rahmawati", "desa_id": kepahiang_desa})


@pytest.fixture
def food_business(kepahiang_officer, kepahiang_desa, clusters, owner_person) -> Business:
    business = registry.business_create(
        actor=kepahiang_officer,
        data={
            "name": "Keripik Kaba",
            "owner_id": owner_person.pk,
            "desa_id": kepahiang_desa,
            "cluster_id": clusters["kuliner"].pk,
        },
    )
    registry.legal_document_create(
        actor=kepahiang_officer, business=business, data={"kind": "nib", "number": "1234567890123"}
    )
    return business


@pytest.fixture
def pirt(kepahiang_officer, food_business) -> LegalDocument:
    return registry.legal_document_create(
        actor=kepahiang_officer,
        business=food_business,
        data={
            "kind": "pirt",
            "number": "P-IRT 2061708010123-29",
            "expires_on": timezone.localdate() + dt.timedelta(days=400),
        },
    )


@pytest.fixture
def owner_user(owner_person) -> User:
    return user_create(actor=system_actor(), username="siti", password=None, role=Role.OWNER, person_id=owner_person.pk)


def product_make(actor, business, clusters, *, index: int = 0, **extra) -> Product:
    data = {
        "business_id": business.pk,
        "name": f"Keripik Pisang Kepok {index + 1}",
        "description": "Pisang kepok iris tipis, digoreng dengan minyak kelapa.",
        "category_id": clusters["kuliner"].pk,
        "price": "Rp 25.000/pak",
    } | extra
    return services.product_create(actor=actor, data=data)


class KepahiangProducts:
    """``make`` for the contract tests (pages and API): the officer's product of the food business."""

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return product_make(
            request.getfixturevalue("kepahiang_officer"),
            request.getfixturevalue("food_business"),
            request.getfixturevalue("clusters"),
            index=index,
        )


@pytest.fixture
def product(kepahiang_officer, food_business, clusters) -> Product:
    return product_make(kepahiang_officer, food_business, clusters)
