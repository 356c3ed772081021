"""Benchmark of the record-linkage engine on synthetic Indonesian records with known truth.

    .venv/bin/python bench/linkage.py --records 100000
    .venv/bin/python bench/linkage.py --records 1000000 --kind person

Generates about N records (N / (1 + duplicate rate) entities plus duplicates, seeded), links them
with the shipped model through ``link_records`` (DuckDB in-process, 2 threads, capped memory), and
prints precision, recall and F1 at the model's threshold (pairwise, and over the pairs implied by
the clusters), the wall time of each stage and the peak resident memory. Writes
bench/out/linkage-<kind>-<N>.json. Nothing here asserts a time: the figures are for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", type=int, default=100_000, help="about this many records in total")
    p.add_argument("--kind", choices=("person", "business"), default="person")
    p.add_argument("--duplicate-rate", type=float, default=0.3, help="duplicates per entity")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--threshold", type=float, default=None, help="match probability; default: the model's")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--memory-limit", default="6GB", help="DuckDB memory limit")
    return p.parse_args()


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    args = parse_args()
    import django

    django.setup()
    from sinergi.ingest.linkage.evaluate import cluster_scores, pairwise_scores
    from sinergi.ingest.linkage.run import link_records
    from sinergi.ingest.linkage.synthetic import generate

    n_entities = round(args.records / (1 + args.duplicate_rate))
    start = time.perf_counter()
    records, truth = generate(n_entities=n_entities, duplicate_rate=args.duplicate_rate, seed=args.seed, kind=args.kind)
    generate_s = time.perf_counter() - start
    print(f"generated {records.height:,} {args.kind} records of {n_entities:,} entities in {generate_s:.1f} s")

    result = link_records(
        records=records,
        kind=args.kind,
        threshold=args.threshold,
        workers=args.workers,
        memory_limit=args.memory_limit,
    )
    pairwise = pairwise_scores(result.pairs, truth)
    clusters = cluster_scores(result.clusters, truth)
    timings = {"generate": generate_s, **result.timings}
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "kind": args.kind,
        "records": records.height,
        "entities": n_entities,
        "seed": args.seed,
        "threshold": result.threshold,
        "workers": args.workers,
        "memory_limit": args.memory_limit,
        "counts": result.counts,
        "pairwise": pairwise,
        "cluster": clusters,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
        "peak_rss_mib": round(peak_rss_mib()),
    }
    print(f"threshold {result.threshold}  counts {result.counts}")
    for name, s in (("pairwise", pairwise), ("cluster", clusters)):
        print(
            f"{name:9} precision {s['precision']:.4f}  recall {s['recall']:.4f}  F1 {s['f1']:.4f}"
            f"  (tp {s['true_positives']:,} / predicted {s['predicted']:,} / actual {s['actual']:,})"
        )
    print("seconds  " + "  ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    print(f"peak RSS {report['peak_rss_mib']:,} MiB")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"linkage-{args.kind}-{args.records}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
