"""Link person or business records: normalise, block, score pairs, cluster — one call, plain data out.

Existing registry records and a new import go in one table (told apart by ``source``) so that one
run finds duplicates inside the import, inside the registry, and between the two. The result holds
every pair at or above the threshold with per-field evidence (stored as JSON beside a review
candidate), the connected components at that threshold, and the exact model used, so a stored run
can be reproduced with ``link_records(records=..., kind=..., model=result.model, threshold=result.threshold)``.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import polars as pl
import pyarrow as pa

from sinergi.linkage.engine import DEFAULT_MEMORY_LIMIT, duckdb_connection, make_linker
from sinergi.linkage.features import prepare_records
from sinergi.linkage.model import default_model, model_from_json, scale_prior

Kind = Literal["person", "business"]


@dataclass(frozen=True)
class LinkageResult:
    """What one linkage run found.

    ``pairs`` columns: unique_id_l, unique_id_r (l < r), source_l, source_r, match_probability,
    match_weight, blocking_rule (index into the model's blocking rules), evidence (JSON text: per
    comparison {"level", "gamma", "weight", "bayes_factor"}; weight is log2 of the Bayes factor,
    term-frequency adjustment included).
    ``clusters`` columns: cluster_id, size, member_ids (sorted list), min_probability,
    mean_probability (over the pairs at or above the threshold inside the cluster); only clusters of
    two or more records.
    """

    kind: Kind
    pairs: pa.Table
    clusters: pa.Table
    model: dict[str, Any]
    threshold: float
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def iter_pairs(self) -> Iterator[dict[str, Any]]:
        """Each pair as a dict, its evidence parsed into a dict (ready for a JSONField)."""
        for row in self.pairs.to_pylist():
            row["evidence"] = json.loads(row["evidence"])
            yield row

    def iter_clusters(self) -> Iterator[dict[str, Any]]:
        yield from self.clusters.to_pylist()


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def evidence_sql(settings: dict[str, Any]) -> str:
    """A DuckDB expression building each pair's evidence JSON from Splink's gamma_ and mw_ columns."""
    parts = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        non_null = [lvl for lvl in levels if not lvl.get("is_null_level")]
        cases = " ".join(
            f"WHEN {len(non_null) - 1 - i} THEN {_sql_text(lvl['label_for_charts'])}" for i, lvl in enumerate(non_null)
        )
        has_tf = any(lvl.get("tf_adjustment_column") for lvl in levels)
        weight = f'("mw_{name}"' + (f' + coalesce("mw_tf_adj_{name}", 0))' if has_tf else ")")
        parts.append(
            f"{_sql_text(name)}, json_object("
            f"'level', CASE \"gamma_{name}\" WHEN -1 THEN 'missing' {cases} END, "
            f"'gamma', \"gamma_{name}\", "
            f"'weight', round({weight}, 4), "
            f"'bayes_factor', round(pow(2, {weight}), 6))"
        )
    return f"CAST(json_object({', '.join(parts)}) AS VARCHAR)"


# How often two different records agree by chance (u) depends on how crowded the data is: in a desa of
# a thousand businesses two owners called "Siti" are common, in a desa of fifty rare. A run of at least
# this many records measures u on its own records (a seeded random sample of pairs) instead of using
# the shipped model's, which were measured on about 65,000 records; m (how often true duplicates
# agree) stays as trained. The u values used are stored with the run's model.
U_FROM_RECORDS_MIN = 50_000
U_SAMPLE_PAIRS = 1_000_000
U_SAMPLE_SEED = 20261201


def _u_from_records(linker: Any, model: dict[str, Any], *, n_records: int) -> dict[str, Any]:
    """``model`` with u measured on the linker's records; a level the sample never met keeps its u."""
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=U_SAMPLE_SEED)
    measured = linker.misc.save_model_to_json()
    settings = copy.deepcopy(model["settings"])
    for comparison, fitted in zip(settings["comparisons"], measured["comparisons"], strict=True):
        for level, fitted_level in zip(comparison["comparison_levels"], fitted["comparison_levels"], strict=True):
            u = fitted_level.get("u_probability")
            # A fixed u was measured under a condition (model.CONDITIONAL_LEVELS); a random sample cannot.
            if level.get("is_null_level") or level.get("fix_u_probability"):
                continue
            if isinstance(u, float) and 0.0 < u < 1.0:
                level["u_probability"] = u
    return {
        **model,
        "settings": settings,
        "u_measured_on": {"records": n_records, "max_pairs": U_SAMPLE_PAIRS, "seed": U_SAMPLE_SEED},
    }


def link_records(
    *,
    records: pa.Table | pl.DataFrame,
    kind: Kind,
    model: dict[str, Any] | None = None,
    threshold: float | None = None,
    workers: int = 2,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> LinkageResult:
    """Find the records of ``kind`` that are the same person or business.

    ``records`` need ``unique_id`` (unique text such as "person:123" or "import:45:row:12") and
    ``source``, plus the fields listed in features.py. ``model`` is a stored model (``model_to_json``
    form); None uses the shipped default. ``threshold`` is a match probability; None uses the model's.
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    chosen = model_from_json(model) if model is not None else default_model(kind)
    if chosen["kind"] != kind:
        raise ValueError(f"this is a {chosen['kind']} model, not a {kind} model")
    cutoff = float(chosen["threshold"] if threshold is None else threshold)
    if not 0.0 < cutoff < 1.0:
        raise ValueError("threshold is a match probability between 0 and 1")

    prepared = prepare_records(records, kind)
    chosen = scale_prior(chosen, prepared.height)
    timings["normalise"] = time.perf_counter() - start
    with duckdb_connection(workers=workers, memory_limit=memory_limit) as con:
        if prepared.height < 2:
            return _empty_result(kind, chosen, cutoff, timings, start, prepared.height)
        linker = make_linker(con, prepared, chosen["settings"])
        if model is None and prepared.height >= U_FROM_RECORDS_MIN:
            mark = time.perf_counter()
            chosen = _u_from_records(linker, chosen, n_records=prepared.height)
            linker = make_linker(con, prepared, chosen["settings"], table_name="sinergi_linkage_input_u")
            timings["u"] = time.perf_counter() - mark
        mark = time.perf_counter()
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        n_blocked = con.sql(f"SELECT count(*) FROM {blocked.physical_name}").fetchall()[0][0]  # noqa: S608
        timings["block"] = time.perf_counter() - mark

        mark = time.perf_counter()
        predictions = linker.inference.predict(threshold_match_probability=cutoff, warning_mode="never")
        pairs = _pairs_table(con, predictions.physical_name, chosen["settings"])
        timings["predict"] = time.perf_counter() - mark

        mark = time.perf_counter()
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, cutoff)
        clusters = _clusters_table(con, clustered.physical_name, predictions.physical_name)
        timings["cluster"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    counts = {
        "records": prepared.height,
        "blocked_pairs": int(n_blocked),
        "pairs": pairs.num_rows,
        "clusters": clusters.num_rows,
    }
    return LinkageResult(kind, pairs, clusters, chosen, cutoff, timings, counts)


# The SQL below interpolates only Splink's own table names and the model's comparison names.


def _pairs_table(con: duckdb.DuckDBPyConnection, table: str, settings: dict[str, Any]) -> pa.Table:
    # Splink puts the smaller id on the left; ordering by the pair makes the output reproducible.
    return con.sql(
        f"""
        SELECT unique_id_l, unique_id_r, source_l, source_r, match_probability, match_weight,
               CAST(match_key AS INTEGER) AS blocking_rule, {evidence_sql(settings)} AS evidence
        FROM {table}
        ORDER BY unique_id_l, unique_id_r
        """  # noqa: S608
    ).to_arrow_table()


def _clusters_table(con: duckdb.DuckDBPyConnection, clustered: str, predictions: str) -> pa.Table:
    return con.sql(
        f"""
        WITH members AS (
            SELECT cluster_id, count(*) AS size, list(unique_id ORDER BY unique_id) AS member_ids
            FROM {clustered} GROUP BY cluster_id HAVING count(*) > 1
        ),
        edges AS (
            SELECT c.cluster_id, min(p.match_probability) AS min_probability,
                   -- rounded: a parallel sum of doubles differs in the last bits from run to run
                   round(avg(p.match_probability), 9) AS mean_probability
            FROM {predictions} p JOIN {clustered} c ON p.unique_id_l = c.unique_id
            GROUP BY c.cluster_id
        )
        SELECT m.cluster_id, m.size, m.member_ids, e.min_probability, e.mean_probability
        FROM members m JOIN edges e USING (cluster_id)
        ORDER BY m.cluster_id
        """  # noqa: S608
    ).to_arrow_table()


def _empty_result(
    kind: Kind, model: dict[str, Any], cutoff: float, timings: dict[str, float], start: float, n: int
) -> LinkageResult:
    schema_pairs = pa.schema(
        [
            ("unique_id_l", pa.string()),
            ("unique_id_r", pa.string()),
            ("source_l", pa.string()),
            ("source_r", pa.string()),
            ("match_probability", pa.float64()),
            ("match_weight", pa.float64()),
            ("blocking_rule", pa.int32()),
            ("evidence", pa.string()),
        ]
    )
    schema_clusters = pa.schema(
        [
            ("cluster_id", pa.string()),
            ("size", pa.int64()),
            ("member_ids", pa.list_(pa.string())),
            ("min_probability", pa.float64()),
            ("mean_probability", pa.float64()),
        ]
    )
    timings["total"] = time.perf_counter() - start
    counts = {"records": n, "blocked_pairs": 0, "pairs": 0, "clusters": 0}
    return LinkageResult(
        kind, schema_pairs.empty_table(), schema_clusters.empty_table(), model, cutoff, timings, counts
    )
