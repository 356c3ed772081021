"""Load bench: scripts/serve on PostgreSQL with the demo data, many concurrent users doing a mix of work.

    .venv/bin/python bench/load_mix.py --businesses 1000000 --users 50 --seconds 300

Steps: create/migrate the database `sinergi_bench` (or DATABASE_URL) and make N demo businesses through the
bulk path (bench/api_list.py's preparation; skipped when they are there), make a Kepahiang officer with an API
token, start scripts/serve on 127.0.0.1, then run the same request mix twice: first one user for
--baseline-seconds (the baseline), then --users users for --seconds. Each user is a thread with its own
keep-alive connection doing, in a fixed weighted cycle, list, search, detail, edit, import and report
requests through the API; with --think MIN MAX each user waits a random MIN..MAX seconds between two
requests, as a person at a desk does (locust's `between`), and without it the users fire back to back.
Prints request count, errors and p50/p95/p99 per kind for both runs and writes
bench/out/load_mix.json.

Only 127.0.0.1 is ever contacted, and every run stops by itself after its time. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_list

ROOT = api_list.ROOT
OUT = api_list.OUT
REGION = "17.08"
# kind → weight in the cycle a user repeats (reads dominate, as at an office)
# What a closed idle keep-alive connection raises on the next request through it.
STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
MIX = {"list": 4, "search": 3, "detail": 4, "edit": 2, "import": 1, "report": 1}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--businesses", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=300.0, help="length of the concurrent run")
    p.add_argument("--baseline-seconds", type=float, default=30.0, help="length of the one-user run")
    p.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: scripts/serve's default)")
    p.add_argument("--skip-generate", action="store_true", help="use whatever the database holds")
    p.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.0, 0.0),
        metavar=("MIN", "MAX"),
        help="seconds a user waits between two requests, drawn uniformly (locust's between(MIN, MAX)); 0 0: none",
    )
    return p.parse_args()


def make_officer() -> tuple[str, list[int], list[str]]:
    """A Kepahiang officer's token, some of its businesses' ids, and search words from their names."""
    from sinergi.accounts.models import Role, User
    from sinergi.accounts.services import api_token_create, system_actor, user_create
    from sinergi.core.models import ChangeSource
    from sinergi.registry.models import Business

    user = User.objects.filter(username="bench-kepahiang").first()
    if user is None:
        user = user_create(
            actor=system_actor(), username="bench-kepahiang", password=None, role=Role.KABUPATEN, region_codes=[REGION]
        )
    _token, raw = api_token_create(actor=system_actor(), user=user, name="load", source=ChangeSource.COMMAND)
    rows = list(
        Business.objects.filter(desa__code__startswith=REGION + ".").order_by("pk").values_list("pk", "name")[:2000]
    )
    ids = [pk for pk, _name in rows]
    words = sorted({w.lower() for _pk, name in rows for w in name.split() if len(w) > 4})[:200]
    return raw, ids, words or ["kopi"]


def import_body(boundary: str, n: int) -> bytes:
    """A small business CSV (5 rows) as a multipart upload for POST /api/v1/imports."""
    from sinergi.regions.models import Region

    villages = list(Region.objects.filter(code__startswith=REGION + ".", level=4).values_list("code", flat=True)[:5])
    lines = ["ID;Nama Usaha;Nama Pemilik;Kode Wilayah"]
    lines += [f"L-{n}-{i};Usaha Beban {n} {i};Pemilik {i};{villages[i % len(villages)]}" for i in range(5)]
    csv = ("\n".join(lines) + "\n").encode()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="region"\r\n\r\n{REGION}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="beban.csv"\r\n'.encode()
        + b"Content-Type: text/csv\r\n\r\n"
        + csv
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts)


class User(threading.Thread):
    def __init__(
        self,
        n: int,
        *,
        port: int,
        token: str,
        ids: list[int],
        words: list[str],
        until: float,
        think: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        super().__init__(daemon=True)
        self.n, self.port, self.token, self.ids, self.words, self.until = n, port, token, ids, words, until
        self.think = think
        self.reused = False  # whether the connection has carried a request already
        self.stale_retries = 0
        self.samples: list[tuple[str, float, bool]] = []
        self.errors: dict[str, int] = {}
        self.rng = random.Random(n)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, kind: str, method: str, path: str, body: bytes | None = None, ctype: str = "") -> None:
        headers = {"Authorization": f"Bearer {self.token}", "Accept-Language": "en"}
        if ctype:
            headers["Content-Type"] = ctype
        start = time.perf_counter()
        ok = False
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                response.read()
                ok = response.status < 400
                if not ok:
                    key = f"{kind} {response.status}"
                    self.errors[key] = self.errors.get(key, 0) + 1
                break
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 1 and self.reused and isinstance(exc, STALE):
                    # The server closed the idle keep-alive connection before this request reached it (gunicorn
                    # keeps an idle connection 2 s): a browser or urllib3 sends it again on a new connection. It
                    # is counted, and a second failure is an error.
                    self.stale_retries += 1
                    self.reused = False
                    continue
                key = f"{kind} {type(exc).__name__}"
                self.errors[key] = self.errors.get(key, 0) + 1
                break
        self.reused = True
        self.samples.append((kind, (time.perf_counter() - start) * 1000, ok))

    def one(self, kind: str, i: int) -> None:
        pk = self.rng.choice(self.ids)
        if kind == "list":
            self.request(kind, "GET", f"/api/v1/businesses?region={REGION}&limit=50")
        elif kind == "search":
            self.request(kind, "GET", f"/api/v1/businesses?q={self.rng.choice(self.words)}&limit=20")
        elif kind == "detail":
            self.request(kind, "GET", f"/api/v1/businesses/{pk}")
        elif kind == "edit":
            body = json.dumps({"address": f"Jalan Beban {self.n}-{i}"}).encode()
            self.request(kind, "PATCH", f"/api/v1/businesses/{pk}", body, "application/json")
        elif kind == "import":
            boundary = uuid.uuid4().hex
            body = import_body(boundary, self.n * 1_000_000 + i)
            self.request(kind, "POST", "/api/v1/imports", body, f"multipart/form-data; boundary={boundary}")
        elif kind == "report":
            self.request(kind, "GET", f"/api/v1/programs/reports/beneficiaries?region={REGION}")

    def run(self) -> None:
        cycle = [kind for kind, weight in MIX.items() for _ in range(weight)]
        self.rng.shuffle(cycle)
        i = 0
        while time.monotonic() < self.until:
            self.one(cycle[i % len(cycle)], i)
            i += 1
            if self.think[1] > 0:
                time.sleep(self.rng.uniform(*self.think))
        self.conn.close()


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def run_load(
    *,
    users: int,
    seconds: float,
    port: int,
    token: str,
    ids: list[int],
    words: list[str],
    think: tuple[float, float] = (0.0, 0.0),
) -> dict[str, Any]:
    until = time.monotonic() + seconds
    threads = [User(n, port=port, token=token, ids=ids, words=words, until=until, think=think) for n in range(users)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.perf_counter() - start
    result: dict[str, Any] = {
        "users": users,
        "seconds": round(wall, 1),
        "think": list(think),
        "kinds": {},
        "errors": {},
    }
    for kind in [*MIX, "all"]:
        ms = [m for t in threads for k, m, _ok in t.samples if kind in ("all", k)]
        errors = sum(1 for t in threads for k, _m, ok in t.samples if kind in ("all", k) and not ok)
        result["kinds"][kind] = {
            "requests": len(ms),
            "errors": errors,
            "p50": round(pct(ms, 50), 1),
            "p95": round(pct(ms, 95), 1),
            "p99": round(pct(ms, 99), 1),
        }
    for t in threads:
        for key, count in t.errors.items():
            result["errors"][key] = result["errors"].get(key, 0) + count
    result["rps"] = round(result["kinds"]["all"]["requests"] / wall, 1)
    result["stale_retries"] = sum(t.stale_retries for t in threads)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 50),
        "SINERGI_MEDIA_ROOT": str(OUT / "media"),
    }
    if workers:
        env["WEB_WORKERS"] = str(workers)
    log = (OUT / "load_mix_serve.log").open("wb")
    proc = subprocess.Popen([str(ROOT / "scripts" / "serve")], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"scripts/serve ended (exit {proc.returncode}); see bench/out/load_mix_serve.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/akun/masuk/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    raise SystemExit("scripts/serve did not answer within 5 minutes")


def table(label: str, result: dict[str, Any]) -> str:
    think = result.get("think") or [0, 0]
    waits = f", thinking {think[0]:g}-{think[1]:g} s between requests" if think[1] else ", no thinking time"
    lines = [f"{label}: {result['users']} user(s){waits}, {result['seconds']} s, {result['rps']} requests/s"]
    lines.append(f"  {'kind':<8} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, k in result["kinds"].items():
        lines.append(f"  {kind:<8} {k['requests']:>9} {k['errors']:>7} {k['p50']:>8} {k['p95']:>8} {k['p99']:>8}")
    if result["errors"]:
        lines.append(f"  errors: {result['errors']}")
    if result.get("stale_retries"):
        lines.append(f"  sent again on a new connection after the server closed an idle one: {result['stale_retries']}")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", api_list.DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("load_mix: DATABASE_URL must be PostgreSQL (the bench is of the production setup)")
    api_list.ensure_database(url)
    api_list.setup_django(url)
    data = api_list.prepare_data(businesses=args.businesses, seed=args.seed, skip=args.skip_generate)
    token, ids, words = make_officer()
    from django.db import connection

    connection.close()  # the server is a separate process; this one only prepared the data
    port = free_port()
    server = start_server(url, port, args.workers)
    try:
        baseline = run_load(users=1, seconds=args.baseline_seconds, port=port, token=token, ids=ids, words=words)
        print(table("baseline", baseline), flush=True)
        loaded = run_load(
            users=args.users,
            seconds=args.seconds,
            port=port,
            token=token,
            ids=ids,
            words=words,
            think=tuple(args.think),
        )
        print(table("load", loaded), flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=90)
        except subprocess.TimeoutExpired:
            server.kill()
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
        "data": data,
        "mix": MIX,
        "baseline": baseline,
        "load": loaded,
    }
    (OUT / "load_mix.json").write_text(json.dumps(report, indent=2))
    print("wrote bench/out/load_mix.json")


if __name__ == "__main__":
    main()
