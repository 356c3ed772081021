"""Benchmark of the business list API (GET /api/v1/businesses) at a realistic size, on PostgreSQL.

    .venv/bin/python bench/api_list.py --businesses 1000000

Steps: create/migrate the database `sinergi_bench` (or DATABASE_URL), load the regions, make N demo
businesses through the bulk path (skipped when they are already there for this seed), make an API token,
start gunicorn on 127.0.0.1, send a fixed number of requests per scenario from a few threads on the
loopback, and time the bare SQL of the same query through psycopg. Prints a table and writes
bench/out/api_list.json. `--dry-run` does everything but the HTTP part (SQL timings and plans only).

Only 127.0.0.1 is ever contacted. Nothing here asserts a time: the figures are for docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sinergi_bench"
TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--businesses", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    p.add_argument("--warmup", type=int, default=20, help="untimed requests per scenario first")
    p.add_argument("--concurrency", type=int, default=2, choices=(1, 2, 3, 4))
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--sql-repeats", type=int, default=200)
    p.add_argument("--dry-run", action="store_true", help="no server and no HTTP: SQL timings and plans only")
    p.add_argument("--skip-generate", action="store_true", help="use whatever the database holds")
    return p.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # The demo's logins file belongs to the bench database, not to the laptop install in var/.
    os.environ.setdefault("SINERGI_VAR_DIR", str(OUT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_data(*, businesses: int, seed: int, skip: bool) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from sinergi.regions.models import Region
    from sinergi.registry import demo
    from sinergi.registry.models import Business

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        t = time.perf_counter()
        call_command("regions_load", verbosity=0)
        print(f"regions loaded in {time.perf_counter() - t:.1f} s")
    info: dict[str, Any] = {"generated": False}
    have = Business.objects.filter(external_ref__startswith=demo.REF_PREFIX).count()
    if not skip and have != businesses:
        reset = have > businesses
        print(f"generating {businesses:,} businesses (have {have:,}{', resetting' if reset else ''}) …")

        def progress(report: Any) -> None:
            done = report.created + report.skipped
            if report.batches and done % 100_000 < 5000:
                rate = report.created / report.seconds if report.seconds else 0
                print(f"  {done:>9,} rows in {report.seconds:7.1f} s ({rate:,.0f}/s)", flush=True)

        t = time.perf_counter()
        result = demo.demo_seed(seed=seed, businesses=businesses, use_bulk=True, reset=reset, progress=progress)
        info = {"generated": True, "created": result.created, "seconds": round(time.perf_counter() - t, 1)}
        print(f"generated {result.created:,} businesses in {info['seconds']} s")
        with connection.cursor() as cur:
            t = time.perf_counter()
            for table in ("registry_person", "registry_business", "registry_businessyear", "registry_legaldocument"):
                cur.execute(f"VACUUM ANALYZE {table}")
            info["vacuum_seconds"] = round(time.perf_counter() - t, 1)
    else:
        print(f"using the {have:,} demo businesses already in the database")
        with connection.cursor() as cur:
            cur.execute("ANALYZE registry_person, registry_business")  # planner statistics, in case they lag
    info["businesses"] = Business.objects.count()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        info["database_size"] = cur.fetchone()[0]
    return info


def make_token() -> str:
    from sinergi.accounts.models import Role, User
    from sinergi.accounts.services import api_token_create, system_actor, user_create
    from sinergi.core.models import ChangeSource

    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_create(actor=system_actor(), username="bench-admin", password=None, role=Role.ADMIN)
    _token, raw = api_token_create(actor=system_actor(), user=user, name="bench", source=ChangeSource.COMMAND)
    return raw


def scenarios() -> list[tuple[str, dict[str, str]]]:
    """The list page's common requests. Search words come from the data so they match something."""
    from sinergi.registry.models import Business

    owner = (
        Business.objects.filter(external_ref="demo:4242").values_list("owner__name", flat=True).first() or "sri wahyuni"
    )
    return [
        ("plain list, first page", {}),
        ("region 35.09 + cluster batik", {"region": "35.09", "cluster": "batik"}),
        ("scale kecil + has_nib", {"scale": "kecil", "has_nib": "true"}),
        ("search name word 'rempeyek'", {"q": "rempeyek"}),
        ("search common word 'kopi'", {"q": "kopi"}),
        ("search first name 'siti'", {"q": "siti"}),
        ("search place word 'tual'", {"q": "tual"}),
        ("search misspelt word 'rempeyk'", {"q": "rempeyk"}),
        ("search words reordered 'kopi bubuk' → 'bubuk kopi'", {"q": "bubuk kopi"}),
        (f"search owner '{owner.lower()}'", {"q": owner.lower()}),
        ("next page via cursor", {"__cursor_of__": "plain"}),
    ]


def queryset_for(params: dict[str, str], cursor: str | None, limit: int) -> Any:
    """The queryset the endpoint runs for these parameters, built the way the endpoint builds it."""
    from sinergi.accounts.models import User
    from sinergi.api.pagination import decode_cursor, keyset_of
    from sinergi.registry import selectors

    user = User.objects.get(username="bench-admin")
    filters = selectors.BusinessFilter(
        q=params.get("q", ""),
        region=params.get("region", ""),
        cluster=params.get("cluster", ""),
        scale=params.get("scale", ""),
        has_nib={"true": True, "false": False}.get(params.get("has_nib", "")),
    )
    qs = selectors.business_list(user=user, filters=filters)
    keyset = keyset_of(qs)
    qs = qs.order_by(*keyset.ordering())
    if cursor:
        value, pk = decode_cursor(cursor=cursor, keyset=keyset)
        qs = qs.filter(keyset.after(value=value, pk=pk))
    return qs[: limit + 1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50": round(pct(ms, 0.50), 2),
        "p95": round(pct(ms, 0.95), 2),
        "p99": round(pct(ms, 0.99), 2),
        "mean": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


def time_sql(url: str, sql: str, params: list[Any], repeats: int) -> tuple[list[float], int]:
    import psycopg

    # prepare_threshold=None: as Django does, no server-side prepared statements. psycopg would otherwise
    # prepare after five runs and PostgreSQL may switch to a generic plan that ignores the search words.
    with psycopg.connect(url, prepare_threshold=None) as conn:
        rows = 0
        for _ in range(5):
            rows = len(conn.execute(sql, params).fetchall())
        ms = []
        for _ in range(repeats):
            t = time.perf_counter()
            conn.execute(sql, params).fetchall()
            ms.append((time.perf_counter() - t) * 1000)
    return ms, rows


def explain(url: str, sql: str, params: list[Any]) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
    return "\n".join(r[0] for r in plan)


def queries_per_request(path: str, token: str) -> int:
    """How many SQL statements one request runs (in-process test client; an N+1 shows up here)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "sinergi.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


def get(port: int, path: str, token: str) -> tuple[float, int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    t = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - t) * 1000
    conn.close()
    return elapsed, response.status, body


def load(port: int, path: str, token: str, *, requests: int, warmup: int, concurrency: int) -> dict[str, Any]:
    errors: list[int] = []
    lock = threading.Lock()
    for _ in range(warmup):
        get(port, path, token)

    def one(_i: int) -> float:
        ms, status, _body = get(port, path, token)
        if status != 200:
            with lock:
                errors.append(status)
        return ms

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        ms = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - t
    return {**summary(ms), "errors": len(errors), "throughput_rps": round(requests / wall, 1)}


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("this benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
    ensure_database(url)
    setup_django(url)
    data = prepare_data(businesses=args.businesses, seed=args.seed, skip=args.skip_generate)
    token = make_token()
    limit = 25

    from sinergi.api.pagination import encode_cursor

    first_page = list(queryset_for({}, None, limit))
    cursor = encode_cursor(value=first_page[limit - 1].name, pk=first_page[limit - 1].pk)

    results: list[dict[str, Any]] = []
    proc = None
    port = 0
    if not args.dry_run:
        proc, port = start_server(url, args.workers)
    try:
        for name, params in scenarios():
            cur = cursor if params.get("__cursor_of__") else None
            query = {k: v for k, v in params.items() if not k.startswith("__")}
            query["limit"] = str(limit)
            if cur:
                query["cursor"] = cur
            path = "/api/v1/businesses?" + urllib.parse.urlencode(query)
            qs = queryset_for(params, cur, limit)
            sql, sql_params = qs.query.get_compiler(using="default").as_sql()
            sql_ms, rows = time_sql(url, sql, list(sql_params), args.sql_repeats)
            entry: dict[str, Any] = {
                "scenario": name,
                "path": path,
                "rows": rows,
                "sql": summary(sql_ms),
                "plan": explain(url, sql, list(sql_params)),
                "queries_per_request": queries_per_request(path, token),
            }
            if proc is not None:
                entry["api"] = load(
                    port, path, token, requests=args.requests, warmup=args.warmup, concurrency=args.concurrency
                )
                entry["ratio_p95"] = round(entry["api"]["p95"] / max(entry["sql"]["p95"], 0.001), 1)
            results.append(entry)
            print(f"  done: {name}", flush=True)
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)

    report = {
        "command": " ".join([".venv/bin/python", "bench/api_list.py", *sys.argv[1:]]),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "server": None if args.dry_run else f"gunicorn, {args.workers} sync workers",
        "concurrency": args.concurrency,
        "requests_per_scenario": args.requests,
        "data": data,
        "targets": {"p95_ms": TARGET_P95_MS, "ratio_to_sql_p95": TARGET_RATIO},
        "results": results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "api_list.json").write_text(json.dumps(report, indent=2))
    print_table(report)


def print_table(report: dict[str, Any]) -> None:
    print()
    print(f"{report['data'].get('businesses', 0):,} businesses; {report['command']}")
    head = f"{'scenario':<40} {'rows':>4} {'q/req':>5} {'sql p95':>8}"
    if report["server"]:
        head += f" {'api p50':>8} {'api p95':>8} {'api p99':>8} {'ratio':>6} {'rps':>6}  targets"
    print(head)
    for r in report["results"]:
        line = f"{r['scenario'][:40]:<40} {r['rows']:>4} {r['queries_per_request']:>5} {r['sql']['p95']:>8.2f}"
        if "api" in r:
            a = r["api"]
            ok = a["p95"] <= TARGET_P95_MS and r["ratio_p95"] <= TARGET_RATIO and a["errors"] == 0
            line += f" {a['p50']:>8.2f} {a['p95']:>8.2f} {a['p99']:>8.2f} {r['ratio_p95']:>6.1f}"
            line += f" {a['throughput_rps']:>6.1f}  {'met' if ok else 'MISSED'}"
            if a["errors"]:
                line += f" ({a['errors']} errors)"
        print(line)
    print(f"\nwritten to {OUT / 'api_list.json'}")


if __name__ == "__main__":
    main()
