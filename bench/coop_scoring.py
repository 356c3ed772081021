"""Benchmark of batch health scoring (the `cooperative_assess` job) against its own floors, in one run.

    .venv/bin/python bench/coop_scoring.py                       # SQLite, in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sinergi_bench_coop .venv/bin/python bench/coop_scoring.py

Steps, on a database of its own (a fresh SQLite file in a temporary directory, or the PostgreSQL database
named in DATABASE_URL, which must start with "sinergi_bench" and is dropped and re-created):
1. migrate, load the seed regions, and generate N cooperatives with one annual report each (bulk insert,
   fixed seed; figures from the demo's generator, spread so that every predicate occurs and about 4% of
   reports lack the figures for one ratio, so they are stored unscored with their problems);
2. baseline A: the pure scoring function (`score_values`) alone over the same rows, read into memory first;
3. baseline B: a plain bulk INSERT (`fastwrite.insert_values`: COPY on PostgreSQL, bulk_create on SQLite) of
   N HealthAssessment rows carrying a result of the same size, rolled back afterwards;
4. ours: `manage.py cooperatives_assess` in a child process (reads in batches, scores, writes assessments,
   change log, the cooperatives' health columns and a checkpoint per batch), timed end to end, with the
   child's peak RSS and its own split between scoring and database time.

Prints rows/s for each and whether the target (150,000 in <= 60 s) was met; writes bench/out/coop_scoring.json.
Nothing here asserts a time. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_ROWS, TARGET_SECONDS = 150_000, 60.0
CHUNK = 5000

JOB_SCRIPT = r"""
import resource, sys, django
django.setup()
from django.core.management import call_command
from sinergi.cooperatives.services import batch
batch.BATCH_ROWS = int(sys.argv[1])
workers = int(sys.argv[2])
if len(sys.argv) > 3:
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.runcall(call_command, "cooperatives_assess", workers=workers)
    profiler.dump_stats(sys.argv[3])
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
else:
    call_command("cooperatives_assess", workers=workers)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("peak_kib", max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cooperatives", type=int, default=TARGET_ROWS)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--baseline-rows", type=int, default=None, help="rows for the two baselines (default: all)")
    p.add_argument("--batch-rows", type=int, default=None, help="reports per transaction (default: the job's)")
    p.add_argument(
        "--workers", type=int, default=1, help="processes side by side (cooperatives_assess --workers; 1: one job)"
    )
    p.add_argument("--profile", action="store_true", help="run the job under cProfile (slower; top functions shown)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (and the SQLite database)")
    return p.parse_args()


def database(workdir: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not url.startswith("postgres") or not name.startswith("sinergi_bench"):
        sys.exit(f"refusing {url!r}: give a PostgreSQL database whose name starts with sinergi_bench")
    import psycopg

    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def generate(n: int, seed: int) -> tuple[float, int]:
    """N cooperatives with one annual report each (the newest fiscal year due), in bulk; returns seconds, rows."""
    from django.db import transaction
    from django.utils import timezone

    from sinergi.cooperatives.activity import last_due_fiscal_year
    from sinergi.cooperatives.demo.rows import PATTERNS, WORDS, report_values
    from sinergi.cooperatives.models import AnnualReport, Cooperative
    from sinergi.core.fastwrite import insert_values
    from sinergi.regions.models import Region
    from sinergi.regions.seed import SEED_KABUPATEN

    villages = [
        code
        for kab in SEED_KABUPATEN
        for code in Region.objects.filter(level=4, code__startswith=kab + ".").values_list("code", flat=True)
    ]
    year = last_due_fiscal_year(today=timezone.localdate())
    rat_date = dt.date(year + 1, 3, 15)
    kinds = list(PATTERNS)
    coop_columns = ("name", "kind", "region_id", "business_lines", "nik_koperasi", "external_ref")
    rng = random.Random(seed)
    start = time.perf_counter()
    report_columns: tuple[str, ...] = ()
    for first in range(0, n, CHUNK):
        size = min(CHUNK, n - first)
        coops = [
            (
                f"KSP {rng.choice(WORDS)} {i}",
                rng.choice(kinds),
                rng.choice(villages),
                "Simpan pinjam",
                None,
                f"bench:{i}",
            )
            for i in range(first, first + size)
        ]
        reports = []
        for _ in range(size):
            quality = rng.betavariate(2.2, 1.8)
            values = report_values(
                rng,
                quality=quality,
                assets=rng.lognormvariate(21, 1.0),
                members=rng.randint(30, 3000),
                complete=rng.random() > 0.04,
            )
            values.update(rat_held=True, rat_date=rat_date, fiscal_year=year, external_ref=None)
            reports.append(values)
        report_columns = report_columns or tuple(reports[0])
        with transaction.atomic():
            ids = insert_values(Cooperative, coop_columns, coops)
            rows = [(pk, *(r[c] for c in report_columns)) for pk, r in zip(ids, reports, strict=True)]
            insert_values(AnnualReport, ("cooperative_id", *report_columns), rows)
        print(f"  generated {first + size:,}/{n:,}", end="\r", flush=True)
    print()
    return time.perf_counter() - start, AnnualReport.objects.count()


def baseline_scoring(limit: int) -> tuple[float, int, dict[str, Any]]:
    """score_values alone over the first ``limit`` reports, read as the job reads them (reading not timed)."""
    from sinergi.cooperatives.models import AnnualReport
    from sinergi.cooperatives.services import batch
    from sinergi.cooperatives.services.assessments import rule_set, score_values

    rules = rule_set()
    seconds, done = 0.0, 0
    sample: dict[str, Any] = {}
    after = 0
    while done < limit:
        rows = list(
            AnnualReport.objects.filter(pk__gt=after)
            .order_by("pk")
            .values(*batch._READ_FIELDS)[: min(CHUNK, limit - done)]
        )
        if not rows:
            break
        start = time.perf_counter()
        for row in rows:
            scored = score_values(values=row, answers=row["management_answers"], rules=rules)
        seconds += time.perf_counter() - start
        sample = sample or scored.result
        done += len(rows)
        after = rows[-1]["pk"]
    return seconds, done, sample


def baseline_insert(limit: int, result: dict[str, Any]) -> tuple[float, int]:
    """A plain bulk INSERT of ``limit`` assessments with a result of the real size, rolled back."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from sinergi.cooperatives.models import AnnualReport, HealthAssessment
    from sinergi.cooperatives.services import batch
    from sinergi.core.fastwrite import insert_values

    keys = list(AnnualReport.objects.order_by("pk").values_list("pk", "cooperative_id", "fiscal_year")[:limit])
    now = timezone.now()
    seconds = 0.0
    with transaction.atomic():
        for first in range(0, len(keys), 2000):
            rows: list[tuple[Any, ...]] = [
                (coop, pk, year, "bench-insert", Decimal("71.25"), "CUKUP_SEHAT", result, [], None, now, None)
                for pk, coop, year in keys[first : first + 2000]
            ]
            start = time.perf_counter()
            insert_values(HealthAssessment, batch._INSERT_COLUMNS, rows)
            seconds += time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds, len(keys)


def run_job(env: dict[str, str], *, batch_rows: int, workers: int, profile: Path | None) -> tuple[float, int]:
    command = [sys.executable, "-c", JOB_SCRIPT, str(batch_rows), str(workers), *([str(profile)] if profile else [])]
    start = time.perf_counter()
    out = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if profile or out.returncode:
        print(out.stdout[-3000:], out.stderr[-3000:], file=sys.stderr)
    out.check_returncode()
    return seconds, int(out.stdout.strip().splitlines()[-1].split()[1])


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sinergi-bench-coop-"))
    url = database(workdir)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SINERGI_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "sinergi.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    load = os.getloadavg()
    print(f"database: {url.split('?')[0]}  (load average {load[0]:.1f} at start)")
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"], env=env, check=True)
    import django

    django.setup()
    from django.db.models import Count

    from sinergi.accounts.services import system_actor
    from sinergi.cooperatives.models import HealthAssessment
    from sinergi.cooperatives.services import batch
    from sinergi.core.models import Job
    from sinergi.regions.seed import seed_rows
    from sinergi.regions.services import regions_load

    regions_load(actor=system_actor(), rows=list(seed_rows()), source="command")
    gen_s, n = generate(args.cooperatives, args.seed)
    print(f"generated {n:,} cooperatives with one annual report each in {gen_s:.1f} s")
    limit = args.baseline_rows if args.baseline_rows is not None else n
    score_s, scored_n, sample = baseline_scoring(limit)
    print(f"baseline A, score_values alone: {scored_n:,} in {score_s:.1f} s, {scored_n / score_s:,.0f} rows/s")
    insert_s, inserted_n = baseline_insert(limit, sample)
    print(
        f"baseline B, bulk INSERT of assessments: {inserted_n:,} in {insert_s:.1f} s, "
        f"{inserted_n / insert_s:,.0f} rows/s"
    )
    from django.db import connection

    connection.close()  # the job's process writes alone
    batch_rows = args.batch_rows or batch.BATCH_ROWS
    profile = OUT / "coop_scoring.prof" if args.profile else None
    job_s, peak_kib = run_job(env, batch_rows=batch_rows, workers=args.workers, profile=profile)
    jobs = list(Job.objects.filter(kind=batch.ASSESS_JOB).order_by("pk"))
    counts = {k: sum(j.checkpoint["counts"][k] for j in jobs) for k in jobs[0].checkpoint["counts"]}
    messages = " | ".join(j.message for j in jobs)
    predicates = dict(HealthAssessment.objects.values_list("predicate").annotate(n=Count("pk")).order_by("predicate"))
    met = n >= TARGET_ROWS and job_s <= TARGET_SECONDS
    load = os.getloadavg()
    print(
        f"ours, manage.py cooperatives_assess: {n:,} in {job_s:.1f} s wall (process start included), "
        f"{n / job_s:,.0f} rows/s, peak RSS {peak_kib / 1024:.0f} MiB"
    )
    print(
        f"  inside the job: scoring {counts['score_seconds']:.1f} s, database {counts['db_seconds']:.1f} s "
        f"(read, write, change log, commit; summed over {len(jobs)} job(s)); {messages}"
    )
    print(f"  predicates: {predicates}")
    print(
        f"target {TARGET_ROWS:,} in <= {TARGET_SECONDS:.0f} s: {'met' if met else 'NOT met'} "
        f"(load average {load[0]:.1f})"
    )
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "database": connection.vendor,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_end": load},
        "rows": n,
        "batch_rows": batch_rows,
        "workers": args.workers,
        "generate_seconds": gen_s,
        "baseline_scoring": {"rows": scored_n, "seconds": score_s, "rows_per_s": scored_n / score_s},
        "baseline_insert": {"rows": inserted_n, "seconds": insert_s, "rows_per_s": inserted_n / insert_s},
        "job": {"seconds": job_s, "rows_per_s": n / job_s, "peak_rss_mib": peak_kib / 1024, "counts": counts},
        "predicates": predicates,
        "target_met": met,
    }
    if not args.profile:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "coop_scoring.json").write_text(json.dumps(result, indent=2, default=str))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
