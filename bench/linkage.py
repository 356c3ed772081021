"""Benchmark of the record-linkage engine on synthetic Indonesian records with known truth.

    .venv/bin/python bench/linkage.py --records 100000
    .venv/bin/python bench/linkage.py --records 1000000 --kind person
    .venv/bin/python bench/linkage.py --records 1000000 --kind business --kecamatan-every 10 --sweep 0.1,0.3,0.5,0.9

Generates about N records (N / (1 + duplicate rate) entities plus duplicates, seeded), links them
with the shipped model through ``link_records`` (DuckDB in-process, 2 threads, capped memory), and
prints precision, recall and F1 at the model's threshold (pairwise, and over the pairs implied by
the clusters), the wall time of each stage and the peak resident memory. Writes
bench/out/linkage-<kind>-<N>.json. Nothing here asserts a time: the figures are for
docs/performance.md.

``--kecamatan-every K`` keeps only every K-th kecamatan (in code order) of the N generated records:
about N / K records at the density of N (a cheap stand-in for a million records while developing).
``--sweep`` links at the lowest of the listed thresholds and prints pairwise scores at each; the
cluster scores are then those of the clusters at that lowest threshold.
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
    p.add_argument("--kecamatan-every", type=int, default=1, help="keep every K-th kecamatan of the records")
    p.add_argument("--sweep", default="", help="comma-separated thresholds to score the pairs at")
    return p.parse_args()


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _at(pairs: Any, threshold: float) -> Any:
    """The pairs at or above ``threshold`` (a pyarrow table)."""
    import pyarrow.compute as pc

    return pairs.filter(pc.greater_equal(pairs["match_probability"], threshold))


def main() -> None:
    args = parse_args()
    import django

    django.setup()
    import polars as pl

    from sinergi.linkage.evaluate import cluster_scores, pairwise_scores
    from sinergi.linkage.model import default_model
    from sinergi.linkage.run import link_records
    from sinergi.linkage.synthetic import generate

    n_entities = round(args.records / (1 + args.duplicate_rate))
    start = time.perf_counter()
    records, truth = generate(n_entities=n_entities, duplicate_rate=args.duplicate_rate, seed=args.seed, kind=args.kind)
    generate_s = time.perf_counter() - start
    print(f"generated {records.height:,} {args.kind} records of {n_entities:,} entities in {generate_s:.1f} s")
    if args.kecamatan_every > 1:
        kecamatan = pl.col("desa_code").str.slice(0, 8)
        codes = records.select(kecamatan.unique().sort()).to_series()
        kept = codes.gather(list(range(0, len(codes), args.kecamatan_every)))
        records = records.filter(kecamatan.is_in(kept.implode()))
        truth = truth.filter(pl.col("unique_id").is_in(records.get_column("unique_id").implode()))
        print(f"kept {records.height:,} records in {len(kept):,} of {len(codes):,} kecamatan")
    sweep = sorted(float(t) for t in args.sweep.split(",") if t)

    # With --sweep the run links at the lowest threshold; the main scores stay at the model's (or --threshold).
    base = args.threshold if args.threshold is not None else float(default_model(args.kind)["threshold"])
    result = link_records(
        records=records,
        kind=args.kind,
        threshold=min([base, *sweep]),
        workers=args.workers,
        memory_limit=args.memory_limit,
    )
    swept = {str(t): pairwise_scores(_at(result.pairs, t), truth) for t in sweep}
    pairwise = pairwise_scores(_at(result.pairs, base), truth)
    clusters = cluster_scores(result.clusters, truth)
    timings = {"generate": generate_s, **result.timings}
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "kind": args.kind,
        "records": records.height,
        "entities": n_entities,
        "seed": args.seed,
        "kecamatan_every": args.kecamatan_every,
        "sweep": swept,
        "threshold": base,
        "linked_at": result.threshold,
        "workers": args.workers,
        "memory_limit": args.memory_limit,
        "counts": result.counts,
        "pairwise": pairwise,
        "cluster": clusters,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
        "peak_rss_mib": round(peak_rss_mib()),
    }
    print(f"threshold {base} (linked at {result.threshold})  counts {result.counts}")
    for name, s in (("pairwise", pairwise), ("cluster", clusters)):
        print(
            f"{name:9} precision {s['precision']:.4f}  recall {s['recall']:.4f}  F1 {s['f1']:.4f}"
            f"  (tp {s['true_positives']:,} / predicted {s['predicted']:,} / actual {s['actual']:,})"
        )
    for t, s in swept.items():
        print(f"at {t:5}   precision {s['precision']:.4f}  recall {s['recall']:.4f}  F1 {s['f1']:.4f}")
    print("seconds  " + "  ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    print(f"peak RSS {report['peak_rss_mib']:,} MiB")
    OUT.mkdir(parents=True, exist_ok=True)
    subset = f"-every{args.kecamatan_every}" if args.kecamatan_every > 1 else ""
    path = OUT / f"linkage-{args.kind}-{args.records}{subset}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
