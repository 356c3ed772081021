"""Benchmark of the spreadsheet import against raw PostgreSQL COPY and django-import-export, in one run.

    .venv/bin/python bench/import_rows.py --rows 1000000 --iie-rows 50000

Steps, on a fresh database `sinergi_bench_import` (dropped and re-created each run):
1. generate a CSV of N businesses in Kabupaten Jember as an office would send it (";"-separated,
   Indonesian headers, village and kecamatan by name, amounts like "Rp 1.500.000" and "2,5 jt", about
   1% bad rows: a short NIK, an unknown village);
2. baseline: `COPY` of the same file into a plain table of text columns (no checks at all);
3. ours: `manage.py import_businesses` in a child process — full parsing and validation, village
   resolution, owners, yearly figures, change log, rejected rows kept — timing it and taking the
   peak RSS of the importing process and of the process it forks to parse the file (their sum is
   reported: an upper bound, since the two share the pages they had at the fork);
4. the floor: the rows step 3 wrote (businesses, owners, yearly figures, documents, change log,
   rejected rows) read out and put with `COPY` into copies of the same tables (indexes, generated
   columns and checks; no foreign keys) — about what the database alone needs for the same records;
5. django-import-export 4 on the first M rows of the same file, with a resource for the same business
   fields (village looked up by code: it cannot resolve names), in a child process.

Prints rows/s for each and the ratios; writes bench/out/import_rows.json. Nothing here asserts a time:
the figures are for docs/performance.md. Only 127.0.0.1 is contacted.

With --profile, step 3 runs under cProfile: the slowest functions are printed, the stats are written to
bench/out/import_rows.prof (for `python -m pstats`), and import_rows.json is left as it was, since
profiled times are not the import's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sinergi_bench_import"
HEADER = [
    "ID",
    "Nama Usaha",
    "Nama Pemilik",
    "NIK Pemilik",
    "No. HP/WA",
    "Kecamatan",
    "Desa/Kel.",
    "Omzet/Tahun",
    "Modal",
    "Tahun",
]
FIRST = ["Siti", "Budi", "Agus", "Dewi", "Made", "Nyoman", "Rina", "Joko", "Ahmad", "Yohana", "Maria", "Hasan"]
LAST = ["Aminah", "Santoso", "Wulandari", "Saputra", "Hidayat", "Rahayu", "Lestari", "Rumlus", "Renwarin", "Lamato"]
KIND = ["Warung", "Toko", "Kedai", "UD", "CV", "Keripik", "Kopi", "Batik", "Tenun", "Bengkel"]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--iie-rows", type=int, default=50_000, help="rows for django-import-export (0 to skip)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--profile",
        action="store_true",
        help="run our import under cProfile (slower); stats to bench/out/import_rows.prof, top functions printed",
    )
    return p.parse_args()


def django_env(url: str, media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SINERGI_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "sinergi.settings",
    }


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def villages(env: dict[str, str]) -> list[tuple[str, str, str]]:
    """(code, kecamatan name, village name) of Jember's villages whose name is unique in the kabupaten."""
    code = (
        "import django, json; django.setup();"
        "from sinergi.regions.models import Region;"
        "names = dict(Region.objects.filter(code__startswith='35.09.').values_list('code', 'name'));"
        "print(json.dumps([(c, names[c.rsplit('.', 1)[0]], n) for c, n in names.items() if c.count('.') == 3]))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    rows = [tuple(r) for r in json.loads(out.stdout)]
    counts: dict[str, int] = {}
    for _c, _k, n in rows:
        counts[n] = counts.get(n, 0) + 1
    return sorted(r for r in rows if counts[r[2]] == 1)


def generate(path: Path, *, rows: int, seed: int, places: list[tuple[str, str, str]]) -> int:
    rng = random.Random(seed)
    bad = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(HEADER)
        for i in range(rows):
            code, kec, desa = places[i % len(places)]
            day = rng.randint(1, 28) + (40 if i % 2 else 0)
            nik = (
                f"{code[:8].replace('.', '')}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{i % 10000:04d}"
            )
            roll = rng.random()
            if roll < 0.005:
                nik, bad = nik[:12], bad + 1
            elif roll < 0.01:
                desa, bad = desa + " Lama Sekali", bad + 1
            sales = rng.choice(
                [f"Rp {rng.randint(10, 900) * 1_000_000:,}".replace(",", "."), f"{rng.randint(2, 90)},5 jt"]
            )
            w.writerow(
                [
                    f"B{i:07d}",
                    f"{rng.choice(KIND)} {rng.choice(LAST)} {i}",
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    nik if rng.random() < 0.8 else "",
                    f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
                    kec,
                    desa,
                    sales,
                    f"{rng.randint(1, 50)} jt",
                    "2024",
                ]
            )
    return bad


def copy_baseline(url: str, path: Path) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw")
        conn.execute(f"CREATE TABLE bench_raw ({', '.join(f'c{i} text' for i in range(len(HEADER)))})")
        start = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY bench_raw FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)") as copy,
            path.open("rb") as f,
        ):
            while block := f.read(1 << 20):
                copy.write(block)
        return time.perf_counter() - start


# Every table the import writes, for the "COPY of what we wrote" floor.
WRITTEN = (
    "registry_person",
    "registry_business",
    "registry_businessyear",
    "registry_legaldocument",
    "core_changelog",
    "ingest_rejectedrow",
)


def copy_written(url: str) -> tuple[float, int]:
    """Seconds to COPY exactly the rows our import wrote into copies of the same tables, and how many rows.

    The rows are read out (binary COPY, generated columns left to the database) and copied, in one
    transaction, into fresh tables made `LIKE` the originals `INCLUDING ALL`: the same columns,
    generated columns, defaults, checks and indexes, but no foreign keys (PostgreSQL does not copy
    them), so the floor is a little low. No Python runs per row: this is close to the least any
    import writing the same records can cost on this database.
    """
    import psycopg

    with psycopg.connect(url) as conn:
        dumps: dict[str, tuple[str, bytearray]] = {}
        rows = 0
        for table in WRITTEN:
            names = conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER' "
                "ORDER BY ordinal_position",
                (table,),
            ).fetchall()
            columns = ", ".join(f'"{n}"' for (n,) in names)
            data = bytearray()
            query = f"COPY (SELECT {columns} FROM {table}) TO STDOUT (FORMAT binary)"
            with conn.cursor() as cur, cur.copy(query) as out:
                for block in out:
                    data += block
            dumps[table] = (columns, data)
            rows += conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            conn.execute(f"DROP TABLE IF EXISTS floor_{table}")
            conn.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
        conn.commit()
        start = time.perf_counter()
        with conn.transaction():
            for table, (columns, data) in dumps.items():
                query = f"COPY floor_{table} ({columns}) FROM STDIN (FORMAT binary)"
                with conn.cursor() as cur, cur.copy(query) as into:
                    into.write(data)
        return time.perf_counter() - start, rows


OURS_SCRIPT = r"""
import resource, sys, django
django.setup()
from django.core.management import call_command
args = (sys.argv[1],)
options = {"user": "bench", "region": "35.09", "source": "bench"}
if len(sys.argv) > 2:
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.runcall(call_command, "import_businesses", *args, **options)
    profiler.dump_stats(sys.argv[2])
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(40)
else:
    call_command("import_businesses", *args, **options)
print(
    "peak_kib",
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,  # the parsing process, if one was forked
)
"""


def run_ours(env: dict[str, str], path: Path, *, profile: Path | None = None) -> tuple[float, tuple[int, int], str]:
    """The CLI import in a child process of its own, which reports its peak RSS and that of the parsing
    process it forked (0 if none), in KiB (and profiles, if asked)."""
    command = [sys.executable, "-c", OURS_SCRIPT, str(path), *([str(profile)] if profile else [])]
    start = time.perf_counter()
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if profile:
        print(out.stderr, file=sys.stderr)
    lines = out.stdout.strip().splitlines()
    _label, writer_kib, parser_kib = lines[-1].split()
    return seconds, (int(writer_kib), int(parser_kib)), lines[-2]


IIE_SCRIPT = r"""
import sys, time, django
django.setup()
import tablib
from import_export import fields, resources, widgets
from sinergi.registry.models import Business
from sinergi.regions.models import Region

class BusinessResource(resources.ModelResource):
    desa = fields.Field(attribute="desa", column_name="desa", widget=widgets.ForeignKeyWidget(Region, "code"))
    class Meta:
        model = Business
        fields = ("external_ref", "name", "address", "desa")
        import_id_fields = ("external_ref",)
        use_bulk = False
        skip_unchanged = True

data = tablib.Dataset(headers=["external_ref", "name", "address", "desa"])
for line in sys.stdin:
    ref, name, owner, desa = line.rstrip("\n").split("\t")
    data.append([ref, name, owner, desa])
start = time.perf_counter()
result = BusinessResource().import_data(data, dry_run=False, use_transactions=True, raise_errors=False)
print(time.perf_counter() - start, result.totals.get("new", 0), len(result.invalid_rows), result.has_errors())
"""


def run_iie(env: dict[str, str], path: Path, rows: int, places: list[tuple[str, str, str]]) -> tuple[float, int]:
    code_of = {(kec, desa): code for code, kec, desa in places}
    lines = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        for i, r in enumerate(reader):
            if i >= rows:
                break
            code = code_of.get((r[5], r[6]))
            if code:
                lines.append("\t".join([f"iie:{r[0]}", r[1], r[2], code]))
    out = subprocess.run(
        [sys.executable, "-c", IIE_SCRIPT],
        env=env,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds, created, _invalid, _errors = out.stdout.split()
    return float(seconds), int(created)


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    OUT.mkdir(parents=True, exist_ok=True)
    media = OUT / "import-media"
    env = django_env(url, media)
    recreate_database(url)
    manage(env, "migrate", "--no-input")
    manage(env, "regions_load", "--if-empty")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from sinergi.accounts.models import User, Role; "
            "User.objects.create_user(username='bench', password='x', role=Role.ADMIN)",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    places = villages(env)
    path = OUT / f"import-{args.rows}.csv"
    t0 = time.perf_counter()
    bad = generate(path, rows=args.rows, seed=args.seed, places=places)
    gen_s = time.perf_counter() - t0
    print(f"generated {args.rows:,} rows ({bad:,} bad, {path.stat().st_size / 1e6:.0f} MB) in {gen_s:.1f} s")

    copy_s = copy_baseline(url, path)
    print(f"COPY (text columns, no checks): {copy_s:.1f} s, {args.rows / copy_s:,.0f} rows/s")

    ours_s, (writer_kib, parser_kib), summary = run_ours(
        env, path, profile=OUT / "import_rows.prof" if args.profile else None
    )
    peak_kib = writer_kib + parser_kib
    label = "import_businesses (profiled)" if args.profile else "import_businesses"
    print(
        f"{label}: {ours_s:.1f} s, {args.rows / ours_s:,.0f} rows/s, peak RSS {peak_kib / 1024:.0f} MiB "
        f"(writer {writer_kib / 1024:.0f} + parsing process {parser_kib / 1024:.0f})"
    )
    print(f"  {summary}")

    written_s, written_rows = copy_written(url) if not args.profile else (0.0, 0)
    if written_rows:
        print(
            f"COPY of the {written_rows:,} rows our import wrote, into copies of its tables (indexes, no keys): "
            f"{written_s:.1f} s, {args.rows / written_s:,.0f} source rows/s"
        )
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "rows": args.rows,
        "bad_rows": bad,
        "copy": {"seconds": copy_s, "rows_per_s": args.rows / copy_s},
        "ours": {
            "seconds": ours_s,
            "rows_per_s": args.rows / ours_s,
            "peak_rss_mib": peak_kib / 1024,
            "peak_rss_writer_mib": writer_kib / 1024,
            "peak_rss_parser_mib": parser_kib / 1024,
            "summary": summary,
        },
        "ratio_to_copy": (args.rows / ours_s) / (args.rows / copy_s),
        "copy_written": {"seconds": written_s, "rows_written": written_rows},
    }
    if args.iie_rows:
        iie_s, iie_created = run_iie(env, path, args.iie_rows, places)
        result["django_import_export"] = {
            "rows": args.iie_rows,
            "created": iie_created,
            "seconds": iie_s,
            "rows_per_s": args.iie_rows / iie_s,
        }
        result["ratio_to_iie"] = (args.rows / ours_s) / (args.iie_rows / iie_s)
        print(
            f"django-import-export: {args.iie_rows:,} rows in {iie_s:.1f} s, "
            f"{args.iie_rows / iie_s:,.0f} rows/s ({iie_created:,} created)"
        )
        print(f"ours / django-import-export: {result['ratio_to_iie']:.1f}x (target >= 10x)")
    print(f"ours / COPY: {result['ratio_to_copy']:.4f} (target >= 0.33); peak RSS target <= 1024 MiB")
    if written_rows:
        print(f"ours / COPY of what we wrote: {written_s / ours_s:.2f}")
    if not args.profile:
        (OUT / "import_rows.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
