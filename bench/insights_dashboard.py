"""Benchmark of the indicator dashboard and the analytics refresh, on PostgreSQL.

    .venv/bin/python bench/insights_dashboard.py --cooperatives 2000 --requests 30

Steps: migrate the database of DATABASE_URL (default: the local `sinergi_indicators`), load the seed
regions, add N cooperatives over the seed kabupaten's villages in bulk (with RAT reports for the last two
fiscal years for most of them, so the active share has something to count; skipped when there), time a full
analytics refresh, then time the national dashboard page (GET /indikator/?region= as the administrator,
through Django's test client) against the bare SQL it replaces: a direct GROUP BY count over the
cooperatives. Prints the figures; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinergi_indicators")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cooperatives", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from sinergi.accounts.models import Role, User
    from sinergi.accounts.services import system_actor
    from sinergi.cooperatives.activity import last_due_fiscal_year
    from sinergi.cooperatives.models import AnnualReport, Cooperative
    from sinergi.indicators.refresh import analytics_refresh
    from sinergi.regions.models import Region
    from sinergi.regions.seed import SEED_KABUPATEN, seed_rows
    from sinergi.regions.services import regions_load

    if not Region.objects.filter(code="35.09").exists():
        regions_load(actor=system_actor(), rows=tuple(seed_rows()), source="bench")
    have = Cooperative.objects.filter(external_ref__startswith="bench:").count()
    if have < args.cooperatives:
        desa = list(
            Region.objects.filter(
                level=4, code__regex=r"^(" + "|".join(c.replace(".", r"\.") for c in SEED_KABUPATEN) + ")"
            ).values_list("code", flat=True)
        )
        rng = random.Random(18)
        year = last_due_fiscal_year(today=timezone.localdate())
        coops = Cooperative.objects.bulk_create(
            [
                Cooperative(
                    name=f"Koperasi Bench {n}", kind="ksp", region_id=rng.choice(desa), external_ref=f"bench:{n}"
                )
                for n in range(have, args.cooperatives)
            ],
            batch_size=5000,
        )
        AnnualReport.objects.bulk_create(
            [
                AnnualReport(cooperative=c, fiscal_year=y, rat_held=True)
                for c in coops
                if rng.random() < 0.85
                for y in (year - 1, year)
            ],
            batch_size=5000,
        )
    print(f"database: {connection.vendor}; cooperatives: {Cooperative.objects.count()}")

    started = time.perf_counter()
    report = analytics_refresh(full=True)
    print(f"full refresh: {report.indicators} indicators, {report.rows} rows, {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    recent = analytics_refresh(full=False)
    print(f"recent refresh: {recent.rows} rows, {time.perf_counter() - started:.2f} s")

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": Role.ADMIN})
    client = Client()
    client.force_login(admin)
    client.get("/indikator/?region=")  # warm up
    page: list[float] = []
    size = 0
    for _n in range(args.requests):
        t = time.perf_counter()
        response = client.get("/indikator/?region=")
        page.append((time.perf_counter() - t) * 1000)
        size = len(response.content)
    bare: list[float] = []
    with connection.cursor() as cur:
        for _n in range(args.requests):
            t = time.perf_counter()
            cur.execute("SELECT substr(region_id, 1, 2), count(*) FROM cooperatives_cooperative GROUP BY 1")
            cur.fetchall()
            bare.append((time.perf_counter() - t) * 1000)
    print(f"national dashboard: p95 {p95(page):.1f} ms, median {statistics.median(page):.1f} ms, {size / 1024:.0f} KB")
    print(f"bare SQL (direct GROUP BY count): p95 {p95(bare):.1f} ms, median {statistics.median(bare):.1f} ms")


if __name__ == "__main__":
    main()
