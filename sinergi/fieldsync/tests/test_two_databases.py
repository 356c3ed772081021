"""Two real databases in one run: the office server on PostgreSQL behind a live HTTP server (``manage.py runserver``
in its own process), the laptop on SQLite (``field_checkout`` / ``field_sync`` in processes of their own). After
each step every travelling record of the officer's region is compared field by field on both sides.

The server's database is made afresh on the PostgreSQL of ``SINERGI_TEST_PG_URL`` (default: the local one
scripts/test starts); the test fails, loudly, when that PostgreSQL cannot be reached. It starts its own databases,
so it runs once, in scripts/test's SQLite phase, and skips in the PostgreSQL phase."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sinergi.fieldsync.testing import LatencyProxy, LiveServer, Side, differences

ADMIN_URL = os.environ.get("SINERGI_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
OFFICER, OTHER = "lapangan", "kantor"

pytestmark = [
    pytest.mark.two_databases,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="starts its own PostgreSQL and SQLite databases: runs once, in the SQLite phase",
    ),
]

SERVER_SEED = """
from sinergi.accounts.models import Role
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.regions.seed import seed_rows
from sinergi.regions.services import regions_load
from sinergi.registry import services as registry
from sinergi.registry.services import clusters_ensure_defaults
from sinergi.regions.models import Region

system = system_actor()
regions_load(actor=system, rows=list(seed_rows(("17.08",))), source="test")
clusters_ensure_defaults(actor=system)
pw = "rahasia-uji-123"
officer = user_create(actor=system, username=OFFICER, password=pw, role=Role.KABUPATEN, region_codes=["17.08"])
other = user_create(actor=system, username=OTHER, password=pw, role=Role.PROVINCE, region_codes=["17"])
villages = Region.objects.filter(code__startswith="17.08.", level=4).order_by("code")
desa = list(villages.values_list("code", flat=True)[:2])
owner = registry.person_create(actor=other, data={"name": "Rahmat Hidayat", "desa_id": desa[0], "sex": "L"})
for name in ("Kopi Bubuk Kaba", "Keripik Sanjai", "Tenun Rejang", "Gula Aren Lestari"):
    data = {"name": name, "desa_id": desa[0], "owner_id": owner.pk, "address": "Jl. Pasar 1"}
    registry.business_create(actor=other, data=data)
_token, raw = api_token_create(actor=system, user=officer, name="laptop")
result = {"token": raw, "desa": desa}
"""

# Edit a business found by name (on either side), through the service, as ACTOR.
EDIT = """
from sinergi.accounts.models import User
from sinergi.registry import services as registry
from sinergi.registry.models import Business
actor = User.objects.get(username=ACTOR)
business = Business.objects.get(name=NAME)
if DATA is None:
    registry.business_delete(actor=actor, business=business)
else:
    registry.business_update(actor=actor, business=business, data=DATA)
result = True
"""

OUTBOX = """
from sinergi.fieldsync.models import OutboxOp
result = [[o.seq, o.kind, o.model, o.status, o.reason, o.object_repr] for o in OutboxOp.objects.order_by("seq")]
"""

RESOLVE = """
from sinergi.accounts.models import User
from sinergi.fieldsync.models import Conflict
from sinergi.fieldsync.services import conflict_resolve
conflict = Conflict.objects.get(status="open", object_repr=NAME)
conflict_resolve(actor=User.objects.get(username=OFFICER), conflict=conflict, choices=CHOICES)
result = conflict.kind
"""


def _create_database(name: str) -> str:
    try:
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # any failure to reach PostgreSQL fails the test, with its cause
        pytest.fail(f"PostgreSQL for the server side is not reachable at {ADMIN_URL}: {exc}", pytrace=False)
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_count(url: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(sql).fetchone()
    return int(row[0]) if row else 0


class Field:
    """The server side (PostgreSQL, a live server), the laptop side (SQLite) and how to compare them."""

    def __init__(self, server: Side, laptop: Side, live: LiveServer, token: str, desa: list[str]) -> None:
        self.server, self.laptop, self.live, self.token, self.desa = server, laptop, live, token, desa

    def sync(self, *args: str) -> str:
        return self.laptop.manage("field_sync", *args).stdout

    def laptop_edit(self, name: str, data: dict[str, Any] | None) -> None:
        self.laptop.run(EDIT, ACTOR=OFFICER, NAME=name, DATA=data)

    def server_edit(self, name: str, data: dict[str, Any] | None) -> None:
        self.server.run(EDIT, ACTOR=OTHER, NAME=name, DATA=data)

    def same(self) -> dict[str, dict[str, Any]]:
        """Both sides' records, asserted equal field by field; the server's returned."""
        on_server, on_laptop = self.server.dump(OFFICER), self.laptop.dump(OFFICER)
        diff = differences(on_server, on_laptop, names=("server", "laptop"))
        assert diff == [], "\n".join(diff)
        return on_server


def _names(records: dict[str, dict[str, Any]], model: str = "business") -> list[str]:
    return sorted(r["name"] for r in records[model].values())


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:
    folder: Path = tmp_path_factory.mktemp("two-databases")
    name = f"sinergi_fieldtwo_{os.getpid()}"
    server = Side("server", _create_database(name), folder / "server")
    laptop = Side("laptop", f"sqlite:///{folder / 'laptop' / 'laptop.sqlite3'}", folder / "laptop")
    live: LiveServer | None = None
    try:
        server.manage("migrate", "--noinput", "-v", "0")
        laptop.manage("migrate", "--noinput", "-v", "0")
        seeded = server.run(SERVER_SEED, OFFICER=OFFICER, OTHER=OTHER)
        live = LiveServer(server)
        laptop.manage("field_checkout", "--server", live.url, "--token", seeded["token"], "--region", "17.08")
        done = (
            "from sinergi.fieldsync.models import Checkout\nresult = Checkout.objects.get().finished_at is not None\n"
        )
        assert laptop.run(done) is True
        yield Field(server, laptop, live, seeded["token"], seeded["desa"])
    finally:
        if live is not None:
            live.stop()
        _drop_database(name)


def test_the_checkout_copies_the_region_as_it_is_on_the_server(field: Field) -> None:
    records = field.same()
    assert _names(records) == ["Gula Aren Lestari", "Keripik Sanjai", "Kopi Bubuk Kaba", "Tenun Rejang"]
    assert _names(records, "person") == ["Rahmat Hidayat"]


def test_offline_edits_on_both_sides_meet(field: Field) -> None:
    field.laptop_edit("Keripik Sanjai", {"address": "Jl. Laptop 7", "workforce": 3})
    field.server_edit("Tenun Rejang", {"address": "Jl. Kantor 2"})
    out = field.sync()
    assert "applied=1" in out
    records = field.same()
    by_name = {r["name"]: r for r in records["business"].values()}
    assert (by_name["Keripik Sanjai"]["address"], by_name["Keripik Sanjai"]["workforce"]) == ("Jl. Laptop 7", 3)
    assert by_name["Tenun Rejang"]["address"] == "Jl. Kantor 2"


def test_the_same_field_changed_on_both_sides_keeps_the_servers_value_until_the_officer_decides(field: Field) -> None:
    field.laptop_edit("Kopi Bubuk Kaba", {"name": "Kopi Kaba Laptop", "address": "Jl. Laptop 1"})
    field.server_edit("Kopi Bubuk Kaba", {"name": "Kopi Kaba Kantor"})
    assert "conflicts=1" in field.sync()
    by_name = {r["name"]: r for r in field.same()["business"].values()}
    assert by_name["Kopi Kaba Kantor"]["address"] == "Jl. Laptop 1"  # only the laptop changed it: it won
    assert field.server.run(RESOLVE, NAME="Kopi Kaba Kantor", OFFICER=OFFICER, CHOICES={"name": "device"}) == "fields"
    field.sync()
    assert "Kopi Kaba Laptop" in _names(field.same())


def test_deleted_on_the_laptop_and_changed_on_the_server_stays_until_decided(field: Field) -> None:
    field.laptop_edit("Gula Aren Lestari", None)
    field.server_edit("Gula Aren Lestari", {"address": "Jl. Kantor 9"})
    assert "conflicts=1" in field.sync()
    assert "Gula Aren Lestari" in _names(field.same())  # back on the laptop, as the server kept it
    field.server.run(RESOLVE, NAME="Gula Aren Lestari", OFFICER=OFFICER, CHOICES={"record": "device"})
    field.sync()
    assert "Gula Aren Lestari" not in _names(field.same())


def test_changed_on_the_laptop_and_deleted_on_the_server_can_be_restored(field: Field) -> None:
    field.laptop_edit("Tenun Rejang", {"workforce": 12})
    field.server_edit("Tenun Rejang", None)
    out = field.sync()
    assert "conflicts=1" in out
    assert "removed=1" in out  # the server's tombstone took it off the laptop, with a note
    assert "Tenun Rejang" not in _names(field.same())
    field.server.run(RESOLVE, NAME="Tenun Rejang", OFFICER=OFFICER, CHOICES={"record": "server"})
    field.sync()
    by_name = {r["name"]: r for r in field.same()["business"].values()}
    assert by_name["Tenun Rejang"]["workforce"] == 12


def test_records_created_offline_refer_to_each_other_after_the_trip(field: Field) -> None:
    field.laptop.run(
        """
from sinergi.accounts.models import User
from sinergi.aspirations import services as aspirations
from sinergi.regions.models import Region
from sinergi.registry import services as registry
actor = User.objects.get(username=OFFICER)
person = registry.person_create(actor=actor, data={"name": "Siti Aminah", "desa_id": DESA, "sex": "P"})
shop = registry.business_create(actor=actor, data={"name": "Tenun Siti", "desa_id": DESA, "owner_id": person.pk})
aspirations.aspiration_record(actor=actor, office=Region.objects.get(pk="17.08"),
    data={"who": "business", "business_id": shop.pk, "person_id": person.pk, "text": "Butuh alat tenun baru."})
result = True
""",
        OFFICER=OFFICER,
        DESA=field.desa[1],
    )
    out = field.sync()
    assert "refused=0" in out
    assert "conflicts=0" in out
    records = field.same()
    [siti] = [k for k, r in records["person"].items() if r["name"] == "Siti Aminah"]
    [shop] = [k for k, r in records["business"].items() if r["name"] == "Tenun Siti"]
    assert records["business"][shop]["owner_id"] == siti
    [heard] = [r for r in records["aspiration"].values() if r["text"] == "Butuh alat tenun baru."]
    assert (heard["business_id"], heard["person_id"]) == (shop, siti)
    assert heard["code"]  # the server's code came back to the laptop


def test_a_batch_sent_twice_is_applied_once(field: Field) -> None:
    for i in range(3):
        field.laptop.run(
            "from sinergi.accounts.models import User\nfrom sinergi.registry import services as r\n"
            "r.business_create(actor=User.objects.get(username=OFFICER), data={'name': NAME, 'desa_id': DESA})\n",
            OFFICER=OFFICER,
            NAME=f"Ulang {i}",
            DESA=field.desa[1],
        )
    field.sync()
    # The answers are lost on the way back: the laptop still holds the three as waiting to send, and sends them again.
    field.laptop.run(
        "from sinergi.fieldsync.models import OutboxOp\n"
        "result = OutboxOp.objects.filter(object_repr__startswith='Ulang').update(status='pending', acked_at=None)\n"
    )
    assert "applied=3" in field.sync()
    records = field.same()
    assert _names(records).count("Ulang 0") == 1
    assert (
        _server_count(field.server.database_url, "SELECT count(*) FROM registry_business WHERE name LIKE 'Ulang %'")
        == 3
    )
    repeated = _server_count(field.server.database_url, "SELECT max(repeated) FROM fieldsync_syncbatch")
    assert repeated == 3


def test_a_sync_killed_mid_transfer_resumes_and_nothing_is_lost_or_doubled(field: Field) -> None:
    many = 40
    field.laptop.run(
        """
from django.db import transaction
from sinergi.accounts.models import User
from sinergi.registry import services as registry
actor = User.objects.get(username=OFFICER)
with transaction.atomic():
    for i in range(N):
        registry.business_create(actor=actor, data={"name": f"Massal {i:02d}", "desa_id": DESA})
result = True
""",
        OFFICER=OFFICER,
        N=many,
        DESA=field.desa[1],
    )
    before = _server_count(field.server.database_url, "SELECT count(*) FROM fieldsync_operation")
    proxy = LatencyProxy(field.live.port, latency=0.4)
    field.laptop.run(
        "from sinergi.fieldsync.models import Checkout\nresult = Checkout.objects.update(server=URL)\n", URL=proxy.url
    )
    try:
        process = field.laptop.start("field_sync", "--batch", "4")
        deadline = time.monotonic() + 300
        sql = "SELECT count(*) FROM fieldsync_operation"
        while _server_count(field.server.database_url, sql) - before < 8:
            assert process.poll() is None, "the sync ended before it could be killed"
            assert time.monotonic() < deadline, "the sync sent nothing"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        proxy.stop()
        field.laptop.run(
            "from sinergi.fieldsync.models import Checkout\nresult = Checkout.objects.update(server=URL)\n",
            URL=field.live.url,
        )
    arrived = _server_count(field.server.database_url, sql) - before
    assert 8 <= arrived < many, arrived
    outbox = field.laptop.run(OUTBOX)
    assert sum(1 for o in outbox if o[3] == "pending") > 0  # the kill left work behind
    field.sync()
    mass = [o for o in field.laptop.run(OUTBOX) if o[5].startswith("Massal")]
    assert [o[3] for o in mass] == ["applied"] * many
    records = field.same()
    assert [n for n in _names(records) if n.startswith("Massal")] == [f"Massal {i:02d}" for i in range(many)]
    assert _server_count(field.server.database_url, sql) - before == many  # each operation stored once
    assert (
        _server_count(field.server.database_url, "SELECT count(*) FROM registry_business WHERE name LIKE 'Massal %'")
        == many
    )


def test_a_refused_operation_stays_on_the_laptop_with_its_reason(field: Field) -> None:
    name = f"Di luar {uuid.uuid4().hex[:4]}"
    field.laptop.run(
        "from sinergi.accounts.models import User\nfrom sinergi.registry import services as r\n"
        "from sinergi.registry.models import Business\n"
        "b = r.business_create(actor=User.objects.get(username=OFFICER), data={'name': NAME, 'desa_id': DESA})\n",
        OFFICER=OFFICER,
        NAME=name,
        DESA=field.desa[1],
    )
    # The officer's rights shrink on the server before the laptop syncs (to another kecamatan): the create is
    # refused there, alone. This runs last: the pull then takes the records now out of scope off the laptop.
    field.server.run(
        "from sinergi.accounts.models import User\nfrom sinergi.regions.models import Region\n"
        "other = Region.objects.filter(code__startswith='17.08.', level=3).exclude(code=DESA.rsplit('.', 1)[0])\n"
        "User.objects.get(username=OFFICER).regions.set(other[:1])\n",
        OFFICER=OFFICER,
        DESA=field.desa[1],
    )
    try:
        out = field.sync()
    finally:
        field.server.run(
            "from sinergi.accounts.models import User\nfrom sinergi.regions.models import Region\n"
            "User.objects.get(username=OFFICER).regions.set(Region.objects.filter(code='17.08'))\n",
            OFFICER=OFFICER,
        )
    [refused] = [o for o in field.laptop.run(OUTBOX) if o[3] == "refused"]
    assert refused[5] == name
    assert "17.08" in refused[4]  # with the server's reason
    assert "refused=1" in out
    sql = f"SELECT count(*) FROM registry_business WHERE name = '{name}'"  # noqa: S608 - our own fixed name
    assert not _server_count(field.server.database_url, sql)
