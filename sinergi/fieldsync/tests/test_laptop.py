"""The laptop side without a network: the outbox filled from the change log, and the server's records written."""

from __future__ import annotations

import uuid

import pytest

from sinergi.accounts.models import User
from sinergi.fieldsync import keys
from sinergi.fieldsync.client import apply_records, remove_records
from sinergi.fieldsync.models import Checkout, OpKind, OutboxOp
from sinergi.fieldsync.outbox import pulling
from sinergi.registry import services as registry_services
from sinergi.registry.models import Business

pytestmark = pytest.mark.django_db


@pytest.fixture
def laptop(db: None) -> Checkout:
    return Checkout.objects.create(server="http://office", token="t", region_code="17.08", username="kepahiang")


def test_no_outbox_without_a_checkout(kepahiang_officer: User, kepahiang_desa: str) -> None:
    registry_services.business_create(actor=kepahiang_officer, data={"name": "Kopi", "desa_id": kepahiang_desa})
    assert not OutboxOp.objects.exists()


def test_local_writes_fill_the_outbox_in_sequence(
    laptop: Checkout, kepahiang_officer: User, kepahiang_desa: str
) -> None:
    owner = registry_services.person_create(actor=kepahiang_officer, data={"name": "Siti", "desa_id": kepahiang_desa})
    shop = registry_services.business_create(
        actor=kepahiang_officer, data={"name": "Tenun Siti", "desa_id": kepahiang_desa, "owner_id": owner.pk}
    )
    registry_services.business_update(actor=kepahiang_officer, business=shop, data={"address": "Jl. Baru"})
    registry_services.business_delete(actor=kepahiang_officer, business=shop)
    ops = list(OutboxOp.objects.order_by("seq"))
    assert [(o.seq, o.kind, o.model) for o in ops] == [
        (1, OpKind.CREATE, "person"),
        (2, OpKind.CREATE, "business"),
        (3, OpKind.UPDATE, "business"),
        (4, OpKind.DELETE, "business"),
    ]
    assert ops[1].changes["owner_id"] == str(ops[0].record)  # the new owner by its UUID
    assert (ops[2].base, ops[2].changes) == ({"address": ""}, {"address": "Jl. Baru"})
    assert ops[1].record == ops[2].record == ops[3].record
    assert ops[3].base["name"] == "Tenun Siti"


def test_the_servers_records_are_written_without_entering_the_outbox(laptop: Checkout, kepahiang_desa: str) -> None:
    person, shop = str(uuid.uuid4()), str(uuid.uuid4())
    records = [
        {"model": "business", "uuid": shop, "fields": {"name": "Batik", "desa_id": kepahiang_desa, "owner_id": person}},
        {"model": "person", "uuid": person, "fields": {"name": "Rina", "desa_id": kepahiang_desa}},
    ]
    notes: list[str] = []
    with pulling():
        assert apply_records(records, notes=notes) == 2
    made = Business.objects.get(pk=keys.object_ids_for("business", [shop])[shop])
    assert made.owner is not None
    assert made.owner.name == "Rina"
    assert not OutboxOp.objects.exists()
    with pulling():
        assert remove_records([{"model": "business", "uuid": shop, "deleted": True}], notes=notes) == 1
    assert not Business.objects.filter(pk=made.pk).exists()
    assert notes == ["Removed: business Batik (deleted on the server)."]
