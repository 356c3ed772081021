"""The field protocol through the real HTTP endpoint (a live test server), as a device sends it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.accounts.services import api_token_create
from sinergi.aspirations.models import Aspiration
from sinergi.core.models import ChangeLog
from sinergi.fieldsync import keys, protocol, services
from sinergi.fieldsync.client import Server
from sinergi.fieldsync.models import Conflict, ConflictKind, ConflictStatus, Operation, OpStatus
from sinergi.regions.models import Region
from sinergi.registry import services as registry_services
from sinergi.registry.models import Business, Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(live_server, kepahiang_officer: User, settings) -> Server:
    settings.SINERGI_FIELD_PULL_HORIZON_SECONDS = 0
    _token, raw = api_token_create(actor=kepahiang_officer, user=kepahiang_officer, name="laptop")
    return Server(live_server.url, raw)


class Device:
    """A field device: its id and the next sequence number."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.id = str(uuid.uuid4())
        self.seq = 0

    def op(
        self, kind: str, model: str, record: str, changes: dict[str, Any] | None = None, **base: Any
    ) -> dict[str, Any]:
        self.seq += 1
        return {
            "seq": self.seq,
            "op_id": str(uuid.uuid4()),
            "kind": kind,
            "model": model,
            "record": record,
            "base": base,
            "changes": changes or {},
            "made_at": timezone.now().isoformat(),
        }

    def send(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        answer = self.server.call("POST", "/field/operations", body={"device_id": self.id, "operations": list(ops)})
        return answer["acks"]


def _new(name: str = "Keripik Pisang Kaba", **fields: Any) -> dict[str, Any]:
    return {"name": name, "desa_id": "", **fields}


@pytest.fixture
def desa(kepahiang_desa: str) -> str:
    return kepahiang_desa


@pytest.fixture
def business(kepahiang_officer: User, desa: str) -> Business:
    return registry_services.business_create(
        actor=kepahiang_officer, data={"name": "Kopi Bubuk Kaba", "desa_id": desa, "address": "Jl. Pasar 1"}
    )


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    obj.refresh_from_db()
    return {n: getattr(obj, n) for n in names}


def test_the_same_batch_sent_twice_applies_once(server: Server, desa: str) -> None:
    device = Device(server)
    record = str(uuid.uuid4())
    batch = [device.op("create", "business", record, _new(desa_id=desa, address="Jl. Merdeka 3", workforce=4))]
    first = device.send(*batch)
    again = device.send(*batch)
    assert [a["status"] for a in first] == ["applied"]
    assert first[0]["repeated"] is False
    assert [a["status"] for a in again] == ["applied"]
    assert again[0]["repeated"] is True
    made = Business.objects.get(name="Keripik Pisang Kaba")
    assert Business.objects.filter(name="Keripik Pisang Kaba").count() == 1
    assert _fields(made, ("desa_id", "address", "workforce")) == {
        "desa_id": desa,
        "address": "Jl. Merdeka 3",
        "workforce": 4,
    }
    assert keys.object_ids_for("business", [record]) == {record: str(made.pk)}
    assert Operation.objects.count() == 1


def test_a_batch_whose_answer_was_lost_is_resent_with_new_ops_and_nothing_doubles(server: Server, desa: str) -> None:
    """A link that drops after the server applied a batch but before the answer arrived: the device resends it."""
    device = Device(server)
    lost = [device.op("create", "business", str(uuid.uuid4()), _new(f"Usaha {i}", desa_id=desa)) for i in range(3)]
    device.send(*lost)  # the answer never reaches the device
    more = device.op("create", "business", str(uuid.uuid4()), _new("Usaha 3", desa_id=desa))
    acks = device.send(*lost, more)
    assert [(a["status"], a["repeated"]) for a in acks] == [("applied", True)] * 3 + [("applied", False)]
    assert sorted(Business.objects.values_list("name", flat=True)) == ["Usaha 0", "Usaha 1", "Usaha 2", "Usaha 3"]


def test_records_created_offline_refer_to_each_other(server: Server, desa: str) -> None:
    device = Device(server)
    person, shop, heard = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    acks = device.send(
        device.op("create", "person", person, {"name": "Siti Aminah", "desa_id": desa, "sex": "P"}),
        device.op("create", "business", shop, _new("Tenun Siti", desa_id=desa, owner_id=person)),
        device.op(
            "create",
            "aspiration",
            heard,
            {"office_id": "17.08", "who": "business", "business_id": shop, "text": "Butuh alat tenun baru."},
        ),
    )
    assert [a["status"] for a in acks] == ["applied"] * 3, acks
    owner = Person.objects.get(name="Siti Aminah")
    made = Business.objects.get(name="Tenun Siti")
    assert made.owner_id == owner.pk
    aspiration = Aspiration.objects.get(pk=keys.object_ids_for("aspiration", [heard])[heard])
    assert (aspiration.business_id, aspiration.person_id, aspiration.office_id) == (made.pk, owner.pk, "17.08")
    assert aspiration.text == "Butuh alat tenun baru."


def test_a_refused_op_is_quarantined_and_the_later_ones_apply(server: Server, desa: str, business: Business) -> None:
    device = Device(server)
    record = keys.key_for("business", business.pk)
    acks = device.send(
        device.op(
            "update", "business", record, {"latitude": "48.1", "longitude": "101.2"}, latitude=None, longitude=None
        ),
        device.op("update", "business", record, {"address": "Jl. Baru 9"}, address="Jl. Pasar 1"),
        device.op("create", "business", str(uuid.uuid4()), _new("Usaha Jalan", desa_id="35.09.01.2001")),
        device.op("create", "business", str(uuid.uuid4()), _new("Usaha Lanjut", desa_id=desa)),
    )
    assert [a["status"] for a in acks] == ["refused", "applied", "refused", "applied"]
    assert "Latitude" in acks[0]["reason"] or "latitude" in acks[0]["reason"]
    assert "35.09.01.2001" in acks[2]["reason"]  # another region: the officer's own permissions hold
    assert _fields(business, ("latitude", "address")) == {"latitude": None, "address": "Jl. Baru 9"}
    assert Business.objects.filter(name="Usaha Lanjut").exists()
    assert not Business.objects.filter(name="Usaha Jalan")


def test_fields_changed_on_both_sides_keep_the_servers_value_and_wait_for_the_officer(
    server: Server, business: Business, kepahiang_officer: User, bengkulu_officer: User
) -> None:
    registry_services.business_update(actor=bengkulu_officer, business=business, data={"name": "Kopi Kaba Jaya"})
    device = Device(server)
    record = keys.key_for("business", business.pk)
    changes = {"name": "Kopi Bubuk Kaba Asli", "address": "Jl. Pasar 2"}
    [ack] = device.send(device.op("update", "business", record, changes, name="Kopi Bubuk Kaba", address="Jl. Pasar 1"))
    assert ack["status"] == "conflict"
    # Only the device changed the address: it wins; both changed the name: the server's stays.
    assert _fields(business, ("name", "address")) == {"name": "Kopi Kaba Jaya", "address": "Jl. Pasar 2"}
    conflict = Conflict.objects.get()
    assert conflict.kind == ConflictKind.FIELDS
    assert conflict.region_code == business.desa_id
    assert conflict.fields == {
        "name": {"base": "Kopi Bubuk Kaba", "server": "Kopi Kaba Jaya", "device": "Kopi Bubuk Kaba Asli"}
    }
    assert (conflict.server_actor, conflict.device_actor) == (bengkulu_officer, kepahiang_officer)
    assert conflict.server_time is not None
    assert conflict.device_time is not None
    services.conflict_resolve(actor=kepahiang_officer, conflict=conflict, choices={"name": "device"})
    assert _fields(business, ("name", "address")) == {"name": "Kopi Bubuk Kaba Asli", "address": "Jl. Pasar 2"}
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.RESOLVED
    assert conflict.resolved_by == kepahiang_officer
    logged = ChangeLog.objects.filter(object_id=str(conflict.pk), content_type__model="conflict").get()
    assert logged.after is not None
    assert logged.after["resolution"] == {"name": "device"}


def test_the_same_new_value_on_both_sides_is_no_conflict(
    server: Server, business: Business, bengkulu_officer: User
) -> None:
    registry_services.business_update(actor=bengkulu_officer, business=business, data={"workforce": 7})
    device = Device(server)
    [ack] = device.send(
        device.op("update", "business", keys.key_for("business", business.pk), {"workforce": 7}, workforce=None)
    )
    assert ack["status"] == "applied"
    assert not Conflict.objects.exists()


def test_deleted_on_the_device_edited_on_the_server_is_a_conflict(
    server: Server, business: Business, bengkulu_officer: User, kepahiang_officer: User
) -> None:
    registry_services.business_update(actor=bengkulu_officer, business=business, data={"address": "Jl. Lain 4"})
    device = Device(server)
    record = keys.key_for("business", business.pk)
    [ack] = device.send(device.op("delete", "business", record, name="Kopi Bubuk Kaba", address="Jl. Pasar 1"))
    assert ack["status"] == "conflict"
    assert Business.objects.filter(pk=business.pk).exists()
    conflict = Conflict.objects.get()
    assert conflict.kind == ConflictKind.DELETE_EDIT
    assert conflict.fields == {"address": {"base": "Jl. Pasar 1", "server": "Jl. Lain 4", "device": None}}
    services.conflict_resolve(actor=kepahiang_officer, conflict=conflict, choices={"record": "device"})
    assert not Business.objects.filter(pk=business.pk).exists()


def test_edited_on_the_device_deleted_on_the_server_is_a_conflict_and_can_be_restored(
    server: Server, business: Business, bengkulu_officer: User, kepahiang_officer: User
) -> None:
    record = keys.key_for("business", business.pk)
    registry_services.business_delete(actor=bengkulu_officer, business=business)
    device = Device(server)
    [ack] = device.send(device.op("update", "business", record, {"workforce": 3}, workforce=None))
    assert ack["status"] == "conflict"
    conflict = Conflict.objects.get()
    assert conflict.kind == ConflictKind.EDIT_DELETE
    assert conflict.object_repr == "Kopi Bubuk Kaba"
    services.conflict_resolve(actor=kepahiang_officer, conflict=conflict, choices={"record": "server"})
    restored = Business.objects.get(pk=keys.object_ids_for("business", [record])[record])
    assert _fields(restored, ("name", "address", "workforce")) == {
        "name": "Kopi Bubuk Kaba",
        "address": "Jl. Pasar 1",
        "workforce": 3,
    }


def test_an_op_ahead_of_a_missing_one_waits_then_applies_in_order(server: Server, desa: str) -> None:
    device = Device(server)
    first = device.op("create", "business", str(uuid.uuid4()), _new("Pertama", desa_id=desa))
    second = device.op("create", "business", str(uuid.uuid4()), _new("Kedua", desa_id=desa))
    assert [a["status"] for a in device.send(second)] == ["waiting"]
    assert not Business.objects.filter(name="Kedua").exists()
    assert [a["status"] for a in device.send(first)] == ["applied"]
    assert Operation.objects.get(seq=2).status == OpStatus.APPLIED
    assert Business.objects.filter(name__in=["Pertama", "Kedua"]).count() == 2


def test_a_waiting_op_is_applied_without_the_missing_one_after_the_offices_window(
    server: Server, desa: str, admin_user: User
) -> None:
    from sinergi.accounts.services import office_settings_update

    office_settings_update(actor=admin_user, region_code="17.08", field_wait_days=10)
    device = Device(server)
    device.op("create", "business", str(uuid.uuid4()), _new("Hilang", desa_id=desa))  # never arrives
    later = device.op("create", "business", str(uuid.uuid4()), _new("Terlambat", desa_id=desa))
    assert [a["status"] for a in device.send(later)] == ["waiting"]
    assert protocol.waiting_release_expired(now=timezone.now() + dt.timedelta(days=9)) == 0
    assert protocol.waiting_release_expired(now=timezone.now() + dt.timedelta(days=11)) == 1
    assert Business.objects.filter(name="Terlambat").exists()


def test_pull_sends_changed_records_and_tombstones_for_deleted_and_moved_ones(
    server: Server, business: Business, bengkulu_officer: User, admin_user: User, desa: str
) -> None:
    start = server.call("GET", "/field/checkout", query={"model": "business", "after": 0})
    assert [r["fields"]["name"] for r in start["records"]] == ["Kopi Bubuk Kaba"]
    other = registry_services.business_create(actor=bengkulu_officer, data={"name": "Batik Besurek", "desa_id": desa})
    registry_services.business_update(actor=bengkulu_officer, business=business, data={"address": "Jl. Pasar 5"})
    page = server.call("GET", "/field/changes", query={"since": start["cursor"]})
    got = {r["fields"]["name"]: r for r in page["records"]}
    assert set(got) == {"Kopi Bubuk Kaba", "Batik Besurek"}
    assert page["tombstones"] == []
    assert got["Kopi Bubuk Kaba"]["fields"]["address"] == "Jl. Pasar 5"
    assert got["Kopi Bubuk Kaba"]["uuid"] == start["records"][0]["uuid"]
    jember = Region.objects.filter(code__startswith="35.09.", level=4).first()
    assert jember is not None
    registry_services.business_update(actor=admin_user, business=business, data={"desa_id": jember.code})
    registry_services.business_delete(actor=bengkulu_officer, business=other)
    after = server.call("GET", "/field/changes", query={"since": page["next"]})
    assert after["records"] == []
    assert sorted((t["uuid"], t["deleted"]) for t in after["tombstones"]) == sorted(
        [(got["Kopi Bubuk Kaba"]["uuid"], False), (got["Batik Besurek"]["uuid"], True)]
    )
    assert server.call("GET", "/field/changes", query={"since": after["next"]})["more"] is False


def test_pull_is_resumable_in_pages(server: Server, kepahiang_officer: User, desa: str) -> None:
    cursor = server.call("GET", "/field/checkout", query={"model": "business", "after": 0})["cursor"]
    for i in range(5):
        registry_services.business_create(actor=kepahiang_officer, data={"name": f"Usaha {i}", "desa_id": desa})
    seen: list[str] = []
    more = True
    while more:
        page = server.call("GET", "/field/changes", query={"since": cursor, "limit": 2})
        seen += [r["fields"]["name"] for r in page["records"]]
        cursor, more = page["next"], page["more"]
    assert sorted(seen) == [f"Usaha {i}" for i in range(5)]
