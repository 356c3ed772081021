"""Synthetic Indonesian person and business records with known truth, for tests and benchmarks.

``generate`` draws entities (people or businesses) in the five seed kabupaten (entities.py),
then records (render.py): one per entity plus ``round(n_entities * duplicate_rate)``
duplicates of randomly chosen entities, so some entities have three or more records. Every record,
and duplicates more so, carries the noise offices produce: honorifics and degrees added or dropped,
spelling variants, typos, NIK typos and transpositions, missing NIK or phone, phone and address in
other forms, a business prefix changed. Deterministic from ``seed``.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from sinergi.linkage.synthetic.entities import Draws, business_entities, person_entities
from sinergi.linkage.synthetic.render import render_businesses, render_persons

Kind = Literal["person", "business"]


def generate(*, n_entities: int, duplicate_rate: float, seed: int, kind: Kind) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Records for ``kind`` and the truth: a frame of (unique_id, entity_id); equal entity_id = same entity."""
    if n_entities < 2 or not 0.0 <= duplicate_rate <= 1.0:
        raise ValueError("need at least two entities and a duplicate rate between 0 and 1")
    draws = Draws(seed)
    n_dup = round(n_entities * duplicate_rate)
    entity_of_record = pl.concat([pl.int_range(n_entities, eager=True), draws.integers(n_dup, 0, n_entities)])
    is_dup = pl.concat([pl.repeat(False, n_entities, eager=True), pl.repeat(True, n_dup, eager=True)])
    if kind == "person":
        records = render_persons(person_entities(n_entities, draws), entity_of_record, is_dup, draws)
    elif kind == "business":
        records = render_businesses(business_entities(n_entities, draws), entity_of_record, is_dup, draws)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    order = draws.uniform(records.height).arg_sort()
    records = records.gather(order).with_columns(
        (pl.lit(f"synthetic:{kind}:") + pl.int_range(pl.len()).cast(pl.String)).alias("unique_id")
    )
    truth = records.select("unique_id", "entity_id")
    return records.drop("entity_id").select("unique_id", pl.exclude("unique_id")), truth
