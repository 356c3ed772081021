"""Estimate a model's parameters: u by random sampling; m from labels or by expectation maximisation (EM).

Training is separate from linking on purpose. The shipped models (``trained/*.json``) were trained
once on synthetic data (``python -m sinergi.linkage.training``) and are loaded as they are,
which keeps a million-record run inside its time budget and makes every run reproducible.

The shipped m probabilities come from the synthetic truth (``label_column``), not from EM: EM on
unlabelled data cannot tell a household (spouse, parent, child: same address, phone, surname) from
one person entered twice, and learned that a different NIK is weak evidence. Labelled m values
encode the noise rates we assume offices produce (synthetic/render.py); an office that has reviewed
enough of its own merges should retrain on those labels. Without labels ``train_model`` falls back
to EM on the rules below.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import polars as pl
import pyarrow as pa

from sinergi.linkage.engine import duckdb_connection, make_linker
from sinergi.linkage.features import Kind, prepare_records, to_polars
from sinergi.linkage.model import CONDITIONAL_LEVELS, TRAINED_DIR, model_to_json, untrained_model

# EM runs once per rule; each rule leaves the comparisons it blocks on untrained, the other one trains them.
EM_RULES: dict[str, list[str]] = {
    "person": ["l.nik = r.nik", "l.desa = r.desa AND l.name_first = r.name_first AND l.dob_year = r.dob_year"],
    "business": ["l.owner_nik = r.owner_nik", "l.desa = r.desa AND l.name_key = r.name_key"],
}
# Rules that admit almost no false matches, and the share of true matches they are believed to find.
DETERMINISTIC: dict[str, tuple[list[str], float]] = {
    "person": (["l.nik = r.nik", "l.name_norm = r.name_norm AND l.dob = r.dob AND l.desa = r.desa"], 0.8),
    "business": (
        ["l.owner_nik = r.owner_nik AND l.name_key = r.name_key", "l.phone = r.phone AND l.name_key = r.name_key"],
        0.6,
    ),
}


def train_model(
    *,
    records: pa.Table | pl.DataFrame,
    kind: Kind,
    seed: int = 20261125,
    u_max_pairs: float = 3e6,
    threshold: float | None = None,
    label_column: str | None = None,
    workers: int = 2,
) -> dict[str, Any]:
    """A trained model (``model_to_json`` form) for ``kind`` from ``records``.

    ``label_column`` names a column of ``records`` holding the true entity of each record (known
    duplicates); with it, m and the prior come from the labels, without it from EM.
    """
    base = untrained_model(kind, threshold=threshold)
    frame = to_polars(records)
    prepared = prepare_records(frame, kind)
    settings = base["settings"]
    if label_column is not None:
        prepared = prepared.with_columns(frame.get_column(label_column).cast(pl.String).alias("label"))
        sizes = prepared.group_by("label").len().get_column("len")
        true_pairs = int((sizes * (sizes - 1) // 2).sum())
        all_pairs = prepared.height * (prepared.height - 1) // 2
        settings["probability_two_random_records_match"] = max(true_pairs, 1) / all_pairs
    with duckdb_connection(workers=workers) as con:
        linker = make_linker(con, prepared, settings)
        if label_column is None:
            rules, recall = DETERMINISTIC[kind]
            deterministic: list[Any] = list(rules)  # Splink wants list[str | BlockingRuleCreator]
            linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
        linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
        if label_column is not None:
            linker.training.estimate_m_from_label_column("label")
        else:
            for rule in EM_RULES[kind]:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )
        settings = linker.misc.save_model_to_json()
    conditional: dict[str, Any] = {}
    if label_column is not None:
        _smooth(settings, m_floor=0.5 / max(true_pairs, 1), u_floor=0.5 / u_max_pairs)
        conditional = _conditional_levels(prepared, settings, workers=workers)
    model = model_to_json(
        kind=kind,
        settings=settings,
        threshold=base["threshold"],
        prior_for_records=prepared.height,
        trained_on={
            "records": prepared.height,
            "seed": seed,
            "u_max_pairs": u_max_pairs,
            "m_from": "labels" if label_column else "em",
        },
    )
    if conditional:
        model["trained_on"]["conditional_levels"] = conditional
    return model


def _conditional_levels(prepared: pl.DataFrame, settings: dict[str, Any], *, workers: int) -> dict[str, Any]:
    """Give each of ``CONDITIONAL_LEVELS`` its Bayes factor among the labelled pairs that agree as it says.

    Such a level's condition includes another comparison's agreement (two NIKs one digit apart "with
    the same date of birth"), so measured among all pairs it would count that agreement a second time.
    Among the labelled pairs that share the level's column (and meet its extra condition), m' (true
    pairs) and u' (the others) at the level say what it adds beyond that agreement; the level keeps
    its m and gets u = m · u' / m', so that its Bayes factor is m' / u', and is marked
    ``fix_u_probability`` so that a run measuring u on its own records leaves it alone. The u values
    of the comparison then no longer sum to one; Splink scores each level by m / u.
    """
    report: dict[str, Any] = {}
    columns = [c for c in prepared.columns if c != "label"]
    select = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in columns)
    with duckdb_connection(workers=workers) as con:
        con.register("p", prepared.to_arrow())
        for comparison in settings["comparisons"]:
            name = comparison["output_column_name"]
            levels = comparison["comparison_levels"]
            cases = " ".join(
                f"WHEN {lvl['sql_condition']} THEN {i}"
                for i, lvl in enumerate(levels)
                if lvl["sql_condition"] != "ELSE"
            )
            for index, level in enumerate(levels):
                given = CONDITIONAL_LEVELS.get((name, level["label_for_charts"]))
                if given is None:
                    continue
                column, extra = given
                rows = con.execute(
                    f"""
                    WITH pairs AS (
                        SELECT l.label = r.label AS same, {select}
                        FROM p l JOIN p r ON l."{column}" = r."{column}" AND l.unique_id < r.unique_id
                    )
                    SELECT same, count(*), count(*) FILTER (WHERE (CASE {cases} ELSE {len(levels) - 1} END) = {index})
                    FROM pairs WHERE {extra or "TRUE"} GROUP BY same
                    """  # noqa: S608 - the model's own SQL and column names
                ).fetchall()
                counts = {bool(same): (int(total), int(at)) for same, total, at in rows}
                (m_total, m_at), (u_total, u_at) = counts.get(True, (0, 0)), counts.get(False, (0, 0))
                # Half a pair where none was seen, as in _smooth.
                m_given = (m_at or 0.5) / max(m_total, 1)
                u_given = (u_at or 0.5) / max(u_total, 1)
                level["u_probability"] = level["m_probability"] * u_given / m_given
                level["fix_u_probability"] = True
                report[f"{name}: {level['label_for_charts']}"] = {
                    "pairs_share": column,
                    "and_meet": extra,
                    "true_pairs": m_total,
                    "true_pairs_at_level": m_at,
                    "other_pairs": u_total,
                    "other_pairs_at_level": u_at,
                }
    return report


def _smooth(settings: dict[str, Any], *, m_floor: float, u_floor: float) -> None:
    """Give every level a probability where the training data had no example of it, then renormalise.

    A level no labelled duplicate pair reached (two owners whose NIKs differ) has no m estimate, and
    Splink would then score it as no evidence either way; it is strong evidence against. Half a pair
    out of all the labelled pairs (additive smoothing) says "rarer than anything we saw". Likewise
    for u when the random sample held no pair at a level.
    """
    for comparison in settings["comparisons"]:
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        for key, floor in (("m_probability", m_floor), ("u_probability", u_floor)):
            for lvl in levels:
                if not lvl.get(key):
                    lvl[key] = floor
            total = sum(lvl[key] for lvl in levels)
            for lvl in levels:
                lvl[key] = lvl[key] / total


def main() -> None:
    """Retrain the shipped models on synthetic data (deterministic from the seed)."""
    from sinergi.linkage.synthetic import generate

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--kind", choices=["person", "business"], required=True)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    records, truth = generate(n_entities=args.entities, duplicate_rate=0.3, seed=args.seed, kind=args.kind)
    labelled = records.join(truth, on="unique_id")
    model = train_model(records=labelled, kind=args.kind, seed=args.seed, label_column="entity_id")
    model["trained_on"].update({"data": "synthetic", "generator_seed": args.seed, "entities": args.entities})
    TRAINED_DIR.mkdir(exist_ok=True)
    (TRAINED_DIR / f"{args.kind}.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
