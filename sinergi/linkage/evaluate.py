"""Precision, recall and F1 of a linkage result against known truth (synthetic data, labelled sets).

Two views: pairwise (each predicted pair is right or wrong) and cluster-level (the pairs implied by
putting records in the same cluster — what a reviewer merging clusters would act on).
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa


def _scores(true_positive: int, predicted: int, actual: int) -> dict[str, float | int]:
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": true_positive,
        "predicted": predicted,
        "actual": actual,
    }


def _true_pair_count(truth: pl.DataFrame) -> int:
    sizes = truth.group_by("entity_id").len()
    return int((sizes["len"] * (sizes["len"] - 1) // 2).sum())


def pairwise_scores(pairs: pa.Table, truth: pl.DataFrame) -> dict[str, float | int]:
    """Scores of the predicted pairs; ``truth`` has unique_id and entity_id."""
    frame = pl.from_arrow(pairs.select(["unique_id_l", "unique_id_r"]))
    assert isinstance(frame, pl.DataFrame)
    joined = frame.join(truth.rename({"unique_id": "unique_id_l", "entity_id": "e_l"}), on="unique_id_l").join(
        truth.rename({"unique_id": "unique_id_r", "entity_id": "e_r"}), on="unique_id_r"
    )
    true_positive = int((joined["e_l"] == joined["e_r"]).sum())
    return _scores(true_positive, frame.height, _true_pair_count(truth))


def cluster_scores(clusters: pa.Table, truth: pl.DataFrame) -> dict[str, float | int]:
    """Scores of the pairs implied by the clusters (every two members of one cluster)."""
    frame = pl.from_arrow(clusters.select(["cluster_id", "member_ids"]))
    assert isinstance(frame, pl.DataFrame)
    members = frame.explode("member_ids").rename({"member_ids": "unique_id"}).join(truth, on="unique_id")
    per_entity = members.group_by("cluster_id", "entity_id").len()
    per_cluster = members.group_by("cluster_id").len()
    true_positive = int((per_entity["len"] * (per_entity["len"] - 1) // 2).sum())
    predicted = int((per_cluster["len"] * (per_cluster["len"] - 1) // 2).sum())
    return _scores(true_positive, predicted, _true_pair_count(truth))


def pair_recall_by_blocking(pairs: pa.Table, truth: pl.DataFrame, candidate_pairs: int) -> float:
    """Share of true pairs among all candidate pairs blocking produced (diagnostic for the docs)."""
    actual = _true_pair_count(truth)
    return candidate_pairs / actual if actual else 0.0
