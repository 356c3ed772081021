"""Benchmark of a field sync: N records changed on a laptop (SQLite) and N others changed on the office server
(PostgreSQL, a live ``runserver``), synced over the loopback through a TCP proxy that adds latency.

    .venv/bin/python bench/field_sync.py --records 10000 --latency-ms 200

Two rounds in the same run, each with fresh changes both ways: a baseline through the proxy with no added latency,
then with ``--latency-ms`` added to every chunk in each direction (so a request/answer pair waits at least twice
that). Printed for each: the sync's time (send the outbox, then receive the server's changes), the bytes through
the proxy each way, and the bytes of the changed records' JSON (each record once, all its travelling fields, as
the server holds it after the sync), with the ratio. The pull also brings back the laptop's own N records (they
changed on the server when applied), so 2N records come down. No assertion on time: figures for docs/scaling.md.
The server's database (`sinergi_bench_field`) is made afresh and dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sinergi.fieldsync.testing import DUMP, LatencyProxy, LiveServer, Side

SEED = """
from django.db import transaction
from sinergi.accounts.models import Role
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.regions.models import Region
from sinergi.regions.seed import seed_rows
from sinergi.regions.services import regions_load
from sinergi.registry.models import Business
system = system_actor()
regions_load(actor=system, rows=list(seed_rows(("17.08",))), source="bench")
officer = user_create(actor=system, username="lapangan", password="bench-123", role=Role.KABUPATEN,
    region_codes=["17.08"])
user_create(actor=system, username="kantor", password="bench-123", role=Role.PROVINCE, region_codes=["17"])
villages = list(Region.objects.filter(code__startswith="17.08.", level=4).values_list("code", flat=True))
with transaction.atomic():
    Business.objects.bulk_create(
        [Business(name=f"Usaha {i:05d}", desa_id=villages[i % len(villages)], address="Jl. Awal")
         for i in range(2 * N)],
        batch_size=2000,
    )
_token, raw = api_token_create(actor=system, user=officer, name="bench")
result = raw
"""

# Change N businesses (every other one from FIRST) through the service, in one transaction.
CHANGE = """
import time
from django.db import transaction
from sinergi.accounts.models import User
from sinergi.registry import services as registry
from sinergi.registry.models import Business
actor = User.objects.get(username=ACTOR)
started = time.perf_counter()
with transaction.atomic():
    for i, business in enumerate(list(Business.objects.order_by("name"))[FIRST::2][:N]):
        data = {"address": f"Jl. {TAG} {i}", "workforce": i % 50}
        registry.business_update(actor=actor, business=business, data=data)
result = round(time.perf_counter() - started, 1)
"""

SYNC = """
import time
from sinergi.fieldsync import client
from sinergi.fieldsync.models import Checkout
Checkout.objects.update(server=URL)
started = time.perf_counter()
run = client.sync(batch=BATCH, progress=lambda line: None)
result = {"seconds": time.perf_counter() - started, "sent": run.sent, "applied": run.applied,
          "conflicts": run.conflicts, "refused": run.refused, "received": run.received}
"""


def _json_bytes(server: Side, tags: list[str]) -> tuple[int, int]:
    """The JSON size of the records changed in this round on the laptop (up) and on the server (down)."""
    records = server.run(DUMP, USERNAME="lapangan")["business"].values()
    size = dict.fromkeys(tags, 0)
    for record in records:
        for tag in tags:
            if str(record.get("address", "")).startswith(f"Jl. {tag} "):
                size[tag] += len(json.dumps(record, separators=(",", ":")))
    return size[tags[0]], size[tags[1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10000, help="records changed each way")
    parser.add_argument("--latency-ms", type=float, default=200, help="latency added in each direction")
    parser.add_argument("--batch", type=int, default=200, help="operations per request")
    parser.add_argument(
        "--pg", default="postgres://postgres@127.0.0.1:5432/postgres", help="PostgreSQL to make the DB on"
    )
    args = parser.parse_args()
    import psycopg

    name = "sinergi_bench_field"
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    folder = Path(tempfile.mkdtemp(prefix="bench-field-"))
    server = Side("server", args.pg.rsplit("/", 1)[0] + "/" + name, folder / "server")
    laptop = Side("laptop", f"sqlite:///{folder / 'laptop' / 'laptop.sqlite3'}", folder / "laptop")
    live = None
    try:
        t = time.perf_counter()
        server.manage("migrate", "--noinput", "-v", "0")
        laptop.manage("migrate", "--noinput", "-v", "0")
        token = server.run(SEED, N=args.records)
        live = LiveServer(server)
        print(f"setup: {time.perf_counter() - t:.0f} s ({2 * args.records} businesses on the server)", flush=True)
        t = time.perf_counter()
        laptop.manage("field_checkout", "--server", live.url, "--token", token, "--region", "17.08", "--chunk", "1000")
        print(f"checkout of {2 * args.records} records, no added latency: {time.perf_counter() - t:.1f} s", flush=True)
        for label, latency in (
            ("baseline, 0 ms added", 0.0),
            (f"{args.latency_ms:.0f} ms added", args.latency_ms / 1000),
        ):
            up, down = f"L{int(latency * 1000)}", f"S{int(latency * 1000)}"
            took = laptop.run(CHANGE, ACTOR="lapangan", FIRST=0, N=args.records, TAG=up)
            took_server = server.run(CHANGE, ACTOR="kantor", FIRST=1, N=args.records, TAG=down)
            print(f"[{label}] changed {args.records} on the laptop ({took} s), {args.records} on the server "
                  f"({took_server} s)", flush=True)  # fmt: skip
            proxy = LatencyProxy(live.port, latency=latency)
            try:
                result = laptop.run(SYNC, URL=proxy.url, BATCH=args.batch)
            finally:
                proxy.stop()
            json_up, json_down = _json_bytes(server, [up, down])
            records_json = json_up + json_down
            moved = proxy.up + proxy.down
            print(
                f"[{label}] sync {result['seconds']:.1f} s: sent {result['sent']} (applied {result['applied']}, "
                f"conflicts {result['conflicts']}, refused {result['refused']}), received {result['received']}; "
                f"bytes up {proxy.up:,} down {proxy.down:,} total {moved:,}; records' JSON {records_json:,} "
                f"(up {json_up:,}, down {json_down:,}); ratio {moved / max(records_json, 1):.2f}",
                flush=True,
            )
    finally:
        if live is not None:
            live.stop()
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
