"""Turn raw person or business records into the normalised columns the linkage model compares.

Input columns (missing optional ones are treated as empty):

- person: ``unique_id``, ``source``, ``name``, ``nik``, ``sex`` ("L"/"P"), ``birth_date`` (date or
  ISO text), ``phone``, ``address``, ``desa_code`` (Kemendagri "NN.NN.NN.NNNN").
- business: ``unique_id``, ``source``, ``name``, ``owner_name``, ``owner_nik``, ``phone``,
  ``address``, ``desa_code``, ``kbli``.

Everything here is a polars expression: a million rows normalise in seconds on two cores.
"""

from __future__ import annotations

from typing import Literal

import polars as pl
import pyarrow as pa

from sinergi.linkage.model import BLOCK_GROUP_CAP, BLOCK_KEY_MAX_SHARED
from sinergi.linkage.normalise import (
    address_expr,
    business_name_expr,
    nik_expr,
    nik_valid_expr,
    person_name_expr,
    phone_expr,
)

Kind = Literal["person", "business"]

PERSON_INPUT = ("name", "nik", "sex", "birth_date", "phone", "address", "desa_code")
BUSINESS_INPUT = ("name", "owner_name", "owner_nik", "phone", "address", "desa_code", "kbli")


def to_polars(records: pa.Table | pl.DataFrame) -> pl.DataFrame:
    """Accept either table type the API promises."""
    if isinstance(records, pl.DataFrame):
        return records
    frame = pl.from_arrow(records)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _with_missing(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in columns if c not in frame.columns]
    return frame.with_columns(missing) if missing else frame


def _blank_to_null(col: str) -> pl.Expr:
    text = pl.col(col).cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _token_columns(prefix: str, normalised: pl.Expr) -> list[pl.Expr]:
    """Tokens of a normalised name: the sorted set, the first token and a sorted-token key.

    The sorted key makes "Aminah Siti" equal "Siti Aminah" (order is not fixed on forms); the first
    token feeds blocking; the token set feeds the "shares tokens" comparison levels.
    """
    tokens = normalised.str.split(" ")
    return [
        tokens.list.unique().list.sort().alias(f"{prefix}_tokens"),
        tokens.list.sort().list.join(" ").alias(f"{prefix}_key"),
        tokens.list.first().alias(f"{prefix}_first"),
        tokens.list.last().alias(f"{prefix}_last"),
    ]


def _capped_block_key(col: str) -> pl.Expr:
    """``col`` for blocking, null where more than BLOCK_KEY_MAX_SHARED records share it (a placeholder)."""
    return pl.when(pl.len().over(col) <= BLOCK_KEY_MAX_SHARED).then(pl.col(col)).alias(f"{col}_block")


def _crowd_split_key(key: str, *, within: str, split_by: str, alias: str) -> pl.Expr:
    """``key`` for blocking within ``within``, with ``split_by`` appended where the group is crowded.

    A group of more than BLOCK_GROUP_CAP records sharing ``within`` and ``key`` is split by
    ``split_by`` (empty when missing). Both records of a pair sit in the same group, so they are split
    alike; a pair the split separates is still found by the other rules if it shares NIK, phone, date
    of birth or the other name word.
    """
    crowded = pl.col(key).is_not_null() & (pl.len().over(within, key) > BLOCK_GROUP_CAP)
    split = pl.col(key) + pl.lit("|") + pl.col(split_by).cast(pl.String).fill_null("")
    return pl.when(crowded).then(split).otherwise(pl.col(key)).alias(alias)


def _name_core() -> pl.Expr:
    """The business name without its owner's name words ("kerupuk bu agustina" of Agustina → "kerupuk bu").

    A personal business name carries the owner's first name, which the owner comparison already
    judges; compared without it, two shops "Tenun Sasak Mas Nuraini" of two women called Nuraini
    agree only on "tenun sasak mas", and "Kerupuk Bu" / "Kerupuk Bu Agustina" of one Agustina agree
    exactly. A name that is nothing but its owner's name stays whole.
    """
    words = pl.col("name_norm").str.split(" ")
    core = words.list.set_difference(pl.col("owner_tokens")).list.join(" ")
    return (
        pl.when(pl.col("owner_tokens").is_null() | (core == ""))
        .then(pl.col("name_norm"))
        .otherwise(core)
        .alias("name_core")
    )


def _region_columns() -> list[pl.Expr]:
    desa = _blank_to_null("desa_code")
    return [desa.alias("desa"), desa.str.slice(0, 8).alias("kecamatan")]


def prepare_records(records: pa.Table | pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """The normalised table the Splink model for ``kind`` reads; raises ValueError on a bad input shape."""
    frame = to_polars(records)
    for required in ("unique_id", "source"):
        if required not in frame.columns:
            raise ValueError(f"records need a {required!r} column")
    if frame.height and frame.get_column("unique_id").n_unique() != frame.height:
        raise ValueError("unique_id values must be unique")
    ids = [pl.col("unique_id").cast(pl.String), pl.col("source").cast(pl.String)]
    if kind == "person":
        frame = _with_missing(frame, PERSON_INPUT)
        return _prepare_persons(frame, ids)
    if kind == "business":
        frame = _with_missing(frame, BUSINESS_INPUT)
        return _prepare_businesses(frame, ids)
    raise ValueError(f"unknown kind {kind!r}")


def _birth_date_text() -> pl.Expr:
    col = pl.col("birth_date")
    return col.cast(pl.Date, strict=False).dt.strftime("%Y-%m-%d")


def _prepare_persons(frame: pl.DataFrame, ids: list[pl.Expr]) -> pl.DataFrame:
    if frame.schema["birth_date"] == pl.String:
        frame = frame.with_columns(pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False))
    stage = frame.select(
        *ids,
        person_name_expr("name").alias("name_norm"),
        nik_expr("nik").alias("nik"),
        _blank_to_null("sex").str.to_uppercase().alias("sex_given"),
        _birth_date_text().alias("dob"),
        phone_expr("phone").alias("phone"),
        address_expr("address").alias("address_norm"),
        *_region_columns(),
    )
    # A valid NIK encodes sex (day + 40 for women); use it where the form left sex empty.
    nik_day = pl.col("nik").str.slice(6, 2).cast(pl.Int32, strict=False)
    valid = nik_valid_expr("nik")
    sex_from_nik = pl.when(valid & (nik_day > 40)).then(pl.lit("P")).when(valid).then(pl.lit("L"))
    stage = stage.with_columns(
        *_token_columns("name", pl.col("name_norm")),
        pl.when(pl.col("sex_given").is_in(["L", "P"])).then(pl.col("sex_given")).otherwise(sex_from_nik).alias("sex"),
        pl.col("dob").str.slice(0, 4).alias("dob_year"),
        _capped_block_key("nik"),
        _capped_block_key("phone"),
    ).drop("sex_given")
    return stage.with_columns(
        _crowd_split_key("name_first", within="desa", split_by="dob_year", alias="first_in_desa"),
        _crowd_split_key("name_last", within="desa", split_by="name_first", alias="last_in_desa"),
        _crowd_split_key("name_key", within="kecamatan", split_by="dob_year", alias="key_in_kecamatan"),
    )


def _prepare_businesses(frame: pl.DataFrame, ids: list[pl.Expr]) -> pl.DataFrame:
    stage = frame.select(
        *ids,
        business_name_expr("name").alias("name_norm"),
        person_name_expr("owner_name").alias("owner_norm"),
        nik_expr("owner_nik").alias("owner_nik"),
        phone_expr("phone").alias("phone"),
        address_expr("address").alias("address_norm"),
        _blank_to_null("kbli").alias("kbli"),
        *_region_columns(),
    )
    stage = stage.with_columns(
        *_token_columns("name", pl.col("name_norm")),
        *_token_columns("owner", pl.col("owner_norm")),
        _capped_block_key("owner_nik"),
        _capped_block_key("phone"),
    ).with_columns(_name_core())
    return stage.with_columns(
        _crowd_split_key("name_first", within="desa", split_by="name_last", alias="first_in_desa"),
        _crowd_split_key("owner_first", within="desa", split_by="owner_last", alias="owner_in_desa"),
        _crowd_split_key("name_key", within="kecamatan", split_by="owner_first", alias="key_in_kecamatan"),
    )
