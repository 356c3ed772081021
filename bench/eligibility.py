"""Benchmark of the program eligibility preview (rules compiled to SQL) at a million businesses, on PostgreSQL.

    .venv/bin/python bench/eligibility.py --businesses 1000000

Steps: create/migrate the database `sinergi_bench_programs` (or --url; never the test database), load the
seed regions, make N persons and N businesses (one owner each, 5 % without) with NIB/halal/PIRT documents,
P3KE deciles and ~3 % earlier program enrollments, then for each rule combination time

* the preview as the rule editor runs it (`eligibility.preview`: the candidates' count and the eligible
  count, ORM query building included) — the figure the 2 s target is about,
* the eligible count alone through the ORM, and the same COUNT statement, as Django sent it, run bare
  through `connection.cursor()` (the baseline),
* the explanation of one page of 50 candidates (one boolean column per rule).

Two candidate sets: the businesses of one organiser (Kabupaten Jember, 35.09) and the whole table.
Generation: `--generator sql` (default) writes the rows with INSERT … SELECT over generate_series, in
about a minute at 1M; `--generator demo` uses the registry's `demo_seed --scale` bulk path (realistic names
and yearly figures, ≈1,500 rows/s here, so ≈11 minutes at 1M) and then adds deciles and enrollments.
Rows are reused when the database already holds N businesses. Prints a table, says whether the 2 s target
is met, and writes bench/out/eligibility.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sinergi_bench_programs"
TARGET_S = 2.0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--businesses", type=int, default=1_000_000)
    p.add_argument("--generator", choices=("sql", "demo"), default="sql")
    p.add_argument("--repeats", type=int, default=5, help="timed runs per measurement (after one warm-up)")
    p.add_argument("--url", default=DEFAULT_URL)
    p.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE of the slowest preview")
    return p.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if name.startswith("test"):
        raise SystemExit("refusing to benchmark in a test database")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SINERGI_VAR_DIR", str(OUT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Pseudo-random but fixed per row: hashint4 of the row number and a salt, folded to 0..m-1.
def _h(salt: int, m: int) -> str:
    return f"(abs(hashint4(g * 7 + {salt})) % {m})"


def generate_sql(n: int) -> None:
    """Persons, businesses, documents and past enrollments as set-based INSERTs (no ORM, no change log:
    benchmark rows only)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM registry_person")
        base = cur.fetchone()[0]
        cur.execute(
            "CREATE TEMP TABLE bench_village AS SELECT row_number() OVER (ORDER BY code) AS i, code "
            "FROM regions_region WHERE level = 4"
        )
        cur.execute("SELECT count(*) FROM bench_village")
        villages = cur.fetchone()[0]
        t = time.perf_counter()
        cur.execute(
            f"""
            INSERT INTO registry_person (id, created_at, updated_at, nik, name, sex, birth_date, phone, address,
                                         desa_id, poverty_decile, poverty_source)
            SELECT {base} + g, now(), now(), NULL, 'Warga ' || g,
                   CASE WHEN {_h(1, 10)} < 1 THEN '' WHEN {_h(2, 2)} = 0 THEN 'L' ELSE 'P' END,
                   CASE WHEN {_h(3, 20)} = 0 THEN NULL ELSE date '1950-01-01' + {_h(4, 20000)} END,
                   '', '', v.code,
                   CASE WHEN {_h(5, 10)} < 4 THEN 1 + {_h(6, 10)} END,
                   CASE WHEN {_h(5, 10)} < 4 THEN 'P3KE 2023' ELSE '' END
            FROM generate_series(1, {n}) g JOIN bench_village v ON v.i = 1 + {_h(7, villages)}
            """
        )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('registry_person', 'id'), (SELECT max(id) FROM registry_person))"
        )
        print(f"  persons in {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        cur.execute("SELECT coalesce(max(id), 0) FROM registry_business")
        first = cur.fetchone()[0]
        cur.execute("SELECT array_agg(id ORDER BY slug) FROM registry_cluster")
        clusters = cur.fetchone()[0]
        cluster_ids = "ARRAY[" + ",".join(map(str, clusters)) + "]::bigint[]"
        cur.execute(
            f"""
            INSERT INTO registry_business (id, created_at, updated_at, name, owner_id, desa_id, address, kbli,
                                           cluster_id, scale, has_nib, has_halal, search_text, external_ref)
            SELECT {first} + g, now(), now(), 'Usaha ' || g,
                   CASE WHEN {_h(11, 20)} = 0 THEN NULL ELSE p.id END, p.desa_id, '', '',
                   CASE WHEN {_h(12, 10)} = 0 THEN NULL ELSE ({cluster_ids})[1 + {_h(13, len(clusters))}] END,
                   (ARRAY['', 'mikro', 'mikro', 'mikro', 'mikro', 'mikro', 'mikro', 'kecil', 'kecil', 'menengah'])
                       [1 + {_h(14, 10)}],
                   {_h(15, 100)} < 35, {_h(16, 100)} < 10, '', 'bench:' || g
            FROM generate_series(1, {n}) g JOIN registry_person p ON p.id = {base} + g
            """
        )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('registry_business', 'id'), (SELECT max(id) FROM registry_business))"
        )
        print(f"  businesses in {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        new = f"id > {first}"
        for kind, condition, expiry in (
            ("nib", "has_nib", "NULL"),
            ("halal", "has_halal", "date '2023-01-01' + (id % 2000)::int"),  # about a third expired by 2025
            ("pirt", "(abs(hashint4(id::int + 17)) % 100) < 15", "date '2024-01-01' + (id % 1500)::int"),
        ):
            cur.execute(
                f"""INSERT INTO registry_legaldocument (created_at, updated_at, business_id, kind, number, issued_on,
                                                        expires_on, issuer, notes)
                    SELECT now(), now(), id, '{kind}', 'B' || id, NULL, {expiry}, '', ''
                    FROM registry_business WHERE {new} AND {condition}"""
            )
        print(f"  documents in {time.perf_counter() - t:.1f} s", flush=True)
        add_history(cur, n=n, first=first)


def add_history(cur: Any, *, n: int, first: int) -> None:
    """Forty closed programs of 2019–2024 and ≈3 % of the businesses enrolled in one of them."""
    t = time.perf_counter()
    kinds = ["diklat", "studi_banding", "bantuan_modal", "pendampingan"]
    for i in range(40):
        cur.execute(
            "INSERT INTO programs_program (created_at, updated_at, name, kind, certification, fiscal_year, region_id,"
            " target, location, description, topics, status) VALUES"
            " (now(), now(), %s, %s, '', %s, %s, 'business', '', '', '[]', 'closed')",
            [f"Bench program {i}", kinds[i % 4], 2019 + i % 6, ["35.09", "17.08", "52.71", "72.09", "81.02"][i % 5]],
        )
    cur.execute("SELECT array_agg(id ORDER BY id) FROM programs_program WHERE name LIKE 'Bench program %'")
    programs = "ARRAY[" + ",".join(map(str, cur.fetchone()[0])) + "]::bigint[]"
    cur.execute(
        f"""INSERT INTO programs_enrollment (created_at, updated_at, program_id, business_id, person_id, status,
                                             enrolled_on, certificate_number, note)
            SELECT now(), now(), ({programs})[1 + abs(hashint4(b.id::int)) % 40], b.id, b.owner_id, 'completed',
                   date '2024-01-01', '', ''
            FROM registry_business b WHERE b.id > {first} AND abs(hashint4(b.id::int + 5)) % 100 < 3"""
    )
    print(f"  enrollments in {time.perf_counter() - t:.1f} s", flush=True)


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from sinergi.accounts.services import system_actor
    from sinergi.regions.models import Region
    from sinergi.regions.seed import seed_rows
    from sinergi.regions.services import regions_load
    from sinergi.registry.models import Business
    from sinergi.registry.services import clusters_ensure_defaults

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(level=4).exists():
        regions_load(actor=system_actor(), rows=seed_rows(), source="bench")
    clusters_ensure_defaults(actor=system_actor())
    have = Business.objects.count()
    info: dict[str, Any] = {"generator": args.generator, "generated": False}
    if have != args.businesses:
        if have:
            raise SystemExit(f"the database holds {have:,} businesses, not {args.businesses:,}: drop it or use --url")
        print(f"generating {args.businesses:,} businesses ({args.generator}) …", flush=True)
        t = time.perf_counter()
        if args.generator == "sql":
            with transaction.atomic():  # all or nothing: a failed run leaves no half-made rows to reuse
                generate_sql(args.businesses)
        else:
            from sinergi.registry import demo

            demo.demo_seed(seed=2026, businesses=args.businesses, use_bulk=True, reset=False)
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE registry_person SET poverty_decile = 1 + abs(hashint4(id::int)) % 10, "
                    "poverty_source = 'P3KE 2023' WHERE abs(hashint4(id::int + 3)) % 10 < 4"
                )
                add_history(cur, n=args.businesses, first=0)
        info.update(generated=True, seconds=round(time.perf_counter() - t, 1))
        print(f"generated in {info['seconds']} s", flush=True)
    t = time.perf_counter()
    with connection.cursor() as cur:
        for table in ("registry_person", "registry_business", "registry_legaldocument", "programs_enrollment"):
            cur.execute(f"VACUUM ANALYZE {table}")
    info["vacuum_seconds"] = round(time.perf_counter() - t, 1)
    info["businesses"] = Business.objects.count()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        info["database_size"] = cur.fetchone()[0]
    return info


COMBINATIONS: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    ("legality NIB + scale mikro/kecil", [("legality", {"nib": True}), ("scale", {"in": ["mikro", "kecil"]})]),
    (
        "study tour: 3 clusters + NIB",
        [("cluster", {"in": ["batik", "kriya", "kuliner"]}), ("legality", {"nib": True})],
    ),
    (
        "owner: decile ≤ 4 + women + age 18–60",
        [("poverty", {"max_decile": 4}), ("gender", {"in": ["P"]}), ("age", {"min": 18, "max": 60})],
    ),
    ("not aided 3 years + mikro", [("not_aided", {"years": 3}), ("scale", {"in": ["mikro"]})]),
    ("valid halal + PIRT documents", [("legality", {"documents": ["halal", "pirt"]})]),
    (
        "kecamatan prefixes + cluster kopi",
        [("region", {"prefixes": ["35.09.01", "35.09.02", "17.08"]}), ("cluster", {"in": ["kopi"]})],
    ),
    (
        "all eight rule kinds",
        [
            ("region", {"prefixes": ["35.09", "17.08"]}),
            ("cluster", {"in": ["batik", "kriya", "kuliner", "kopi"]}),
            ("scale", {"in": ["mikro", "kecil"]}),
            ("legality", {"nib": True, "documents": ["pirt"]}),
            ("poverty", {"max_decile": 6}),
            ("gender", {"in": ["P"]}),
            ("age", {"min": 18, "max": 65}),
            ("not_aided", {"years": 3, "kinds": ["bantuan_modal", "diklat"]}),
        ],
    ),
]


def timed(fn: Any, repeats: int) -> tuple[float, Any]:
    fn()  # warm-up: the first run pays for cold pages and plan caching
    ms, value = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        value = fn()
        ms.append((time.perf_counter() - t) * 1000)
    return statistics.median(ms), value


def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sinergi.programs.eligibility import Context, RuleSpec, eligible, explain, preview, universe
    from sinergi.programs.rules import clean_rule
    from sinergi.registry.models import Business

    results = []
    for scope, region in (("Jember 35.09", "35.09"), ("all businesses", None)):
        ctx = Context(
            target="business",
            program_kind="bantuan_modal",
            fiscal_year=2025,
            region_code=region or "",
            as_of=dt.date(2025, 6, 1),
        )
        base = universe(ctx) if region else Business.objects.all()
        candidates = base.count()
        for name, rules in COMBINATIONS:
            specs = [
                RuleSpec(
                    key=f"r{i}",
                    kind=k,
                    params=clean_rule(kind=k, params=p, target="business", program_kind="bantuan_modal"),
                    label=k,
                )
                for i, (k, p) in enumerate(rules, start=1)
            ]
            preview_ms, _preview = timed(lambda s=specs, b=base, c=ctx: preview(b, s, c), args.repeats)
            orm_ms, count = timed(lambda s=specs, b=base, c=ctx: eligible(b, s, c).count(), args.repeats)
            with CaptureQueriesContext(connection) as captured:
                eligible(base, specs, ctx).count()
            sql = captured.captured_queries[-1]["sql"]

            def bare(sql: str = sql) -> int:
                with connection.cursor() as cur:
                    cur.execute(sql)
                    return int(cur.fetchone()[0])

            sql_ms, sql_count = timed(bare, args.repeats)
            page_ms, _page = timed(lambda s=specs, b=base, c=ctx: explain(b, s, c, limit=50), args.repeats)
            assert sql_count == count
            results.append(
                {
                    "scope": scope,
                    "candidates": candidates,
                    "rules": name,
                    "eligible": count,
                    "preview_ms": round(preview_ms, 1),
                    "count_ms": round(orm_ms, 1),
                    "bare_sql_ms": round(sql_ms, 1),
                    "explain_page_ms": round(page_ms, 1),
                    "sql": sql,
                }
            )
            print(
                f"{scope:<15} {name:<38} {candidates:>9,} → {count:>8,}  preview {preview_ms:7.1f} ms  "
                f"count {orm_ms:7.1f} ms  bare SQL {sql_ms:7.1f} ms  page of 50 {page_ms:7.1f} ms",
                flush=True,
            )
    return results


def main() -> None:
    args = parse_args()
    if not args.url.startswith("postgres"):
        raise SystemExit("this benchmark needs PostgreSQL (--url postgres://…)")
    ensure_database(args.url)
    setup_django(args.url)
    from django.db import connection

    info = prepare(args)
    print(f"database: {info}")
    with connection.cursor() as cur:
        cur.execute("SHOW max_parallel_workers_per_gather")
        info["max_parallel_workers_per_gather"] = cur.fetchone()[0]
    info["load_average"] = os.getloadavg()
    results = measure(args)
    worst = max(results, key=lambda r: r["preview_ms"])
    met = worst["preview_ms"] <= TARGET_S * 1000
    print(
        f"\nslowest preview: {worst['preview_ms']:.0f} ms ({worst['scope']}, {worst['rules']}); "
        f"target ≤ {TARGET_S:.0f} s at {info['businesses']:,} businesses: {'MET' if met else 'NOT MET'}"
    )
    if args.plans:
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + worst["sql"])
            print("\n".join(r[0] for r in cur.fetchall()))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "eligibility.json").write_text(
        json.dumps({"info": info, "target_met": met, "results": results}, indent=2, default=str)
    )


if __name__ == "__main__":
    main()
