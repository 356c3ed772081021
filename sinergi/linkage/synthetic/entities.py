"""Entities (the truth) for the synthetic generator: people and businesses, with the relations that
make hard negatives: namesakes in the same desa, spouses and parent/child pairs sharing an address and
phone, one owner with two businesses, two shops with the same generic name in one desa.

The only Python-level randomness is ``random.Random(seed).randbytes``, turned into uniform columns;
everything else is a polars expression, so a million entities take seconds.
"""

from __future__ import annotations

import random
from typing import Literal

import polars as pl
import pyarrow as pa

from sinergi.linkage.synthetic import pools

Kind = Literal["person", "business"]


class Draws:
    """Uniform [0, 1) columns from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets

    def uniform(self, n: int) -> pl.Series:
        buffer = pa.py_buffer(self._rng.randbytes(4 * n))
        array = pa.Array.from_buffers(pa.uint32(), n, [None, buffer])
        series = pl.Series(array).cast(pl.Float64) / 4294967296.0
        assert isinstance(series, pl.Series)
        return series

    def integers(self, n: int, low: int, high: int) -> pl.Series:
        """Integers in [low, high)."""
        return (self.uniform(n) * (high - low)).floor().cast(pl.Int64) + low

    def pick(self, n: int, options: list[str]) -> pl.Series:
        return pl.Series(options).gather(self.integers(n, 0, len(options)))

    def pick_by(self, keys: pl.Series, table: dict[tuple[str, str], list[str]]) -> pl.Series:
        """For each key ("culture|sex"), one word from that key's pool."""
        flat: list[str] = []
        offsets: dict[str, int] = {}
        sizes: dict[str, int] = {}
        for (culture, sex), words in table.items():
            offsets[f"{culture}|{sex}"] = len(flat)
            sizes[f"{culture}|{sex}"] = len(words)
            flat.extend(words)
        offset = keys.replace_strict(offsets, return_dtype=pl.Int64)
        size = keys.replace_strict(sizes, return_dtype=pl.Int64)
        index = offset + (self.uniform(len(keys)) * size).floor().cast(pl.Int64)
        return pl.Series(flat).gather(index)


def _weighted(draws: Draws, n: int, weights: list[float]) -> pl.Series:
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total / sum(weights))
    index = pl.Series(cumulative).search_sorted(draws.uniform(n), side="right")
    return index.clip(0, len(weights) - 1).cast(pl.Int64)


def _prev(col: str) -> pl.Expr:
    return pl.col(col).shift(1)


def person_entities(n: int, draws: Draws) -> pl.DataFrame:
    """People with region, culture, name parts, sex, birth date, NIK, phone and address, plus relations."""
    kab = _weighted(draws, n, [r[2] for r in pools.REGIONS])
    frame = pl.DataFrame({"entity_id": pl.int_range(n, eager=True), "kab": kab})
    frame = frame.with_columns(
        pl.col("kab").replace_strict({i: r[0] for i, r in enumerate(pools.REGIONS)}).alias("kab_code"),
        ((draws.uniform(n) * pl.col("kab").replace_strict({i: r[3] for i, r in enumerate(pools.REGIONS)})).floor() + 1)
        .cast(pl.Int64)
        .alias("kec"),
        ((draws.uniform(n) * pl.col("kab").replace_strict({i: r[4] for i, r in enumerate(pools.REGIONS)})).floor() + 1)
        .cast(pl.Int64)
        .alias("desa_no"),
        pl.Series(draws.uniform(n)).alias("u_culture"),
        pl.when(draws.uniform(n) < 0.5).then(pl.lit("L")).otherwise(pl.lit("P")).alias("sex"),
        draws.uniform(n).alias("u_relation"),
    )
    culture = pl.lit(None, dtype=pl.String)
    for i, region in reversed(list(enumerate(pools.REGIONS))):
        branch, edge = pl.lit(None, dtype=pl.String), 1.0
        for culture_name, weight in reversed(list(region[5].items())):
            edge -= weight
            branch = pl.when(pl.col("u_culture") >= edge - 1e-9).then(pl.lit(culture_name)).otherwise(branch)
        culture = pl.when(pl.col("kab") == i).then(branch).otherwise(culture)
    # A desa code: kelurahan (1xxx) in a kota such as Mataram, desa (2xxx) elsewhere.
    village_kind = pl.when(pl.col("kab_code").str.slice(3, 1) == "7").then(pl.lit("1")).otherwise(pl.lit("2"))
    frame = frame.with_columns(
        culture.alias("culture"),
        (
            pl.col("kab_code")
            + "."
            + pl.col("kec").cast(pl.String).str.zfill(2)
            + "."
            + village_kind
            + pl.col("desa_no").cast(pl.String).str.zfill(3)
        ).alias("desa_code"),
        pl.col("kab").replace_strict({i: r[4] for i, r in enumerate(pools.REGIONS)}).alias("desa_per_kec"),
    )
    # Relations to the previous entity: namesake in the same desa, spouse, parent of a child, or a
    # neighbour: someone else in the same kecamatan born on the same day, of the same sex, so that the
    # two NIKs differ only in the serial (an unrelated person with their own name, address and phone).
    rel = pl.col("u_relation")
    relation = (
        pl.when(pl.col("entity_id") == 0)
        .then(pl.lit("none"))
        .when(rel < 0.05)
        .then(pl.lit("namesake"))
        .when(rel < 0.13)
        .then(pl.lit("spouse"))
        .when(rel < 0.19)
        .then(pl.lit("child"))
        .when(rel < 0.23)
        .then(pl.lit("neighbour"))
        .otherwise(pl.lit("none"))
    )
    frame = frame.with_columns(relation.alias("relation"))
    related = ~pl.col("relation").is_in(["none", "neighbour"])
    opposite = pl.when(_prev("sex") == "L").then(pl.lit("P")).otherwise(pl.lit("L"))
    frame = frame.with_columns(
        pl.when(related).then(_prev("desa_code")).otherwise(pl.col("desa_code")).alias("desa_code"),
        pl.when(related).then(_prev("culture")).otherwise(pl.col("culture")).alias("culture"),
        pl.when(pl.col("relation") == "spouse")
        .then(opposite)
        .when(related)
        .then(_prev("sex"))
        .otherwise(pl.col("sex"))
        .alias("sex"),
    )
    # A neighbour takes the previous entity's place and sex as they are now (after its own relation),
    # and lives in a desa of that kecamatan: its own desa number, folded into the kecamatan's range.
    neighbour = pl.col("relation") == "neighbour"
    frame = frame.with_columns(
        pl.when(neighbour)
        .then(
            _prev("desa_code").str.slice(0, 10)
            + ((pl.col("desa_no") - 1) % _prev("desa_per_kec") + 1).cast(pl.String).str.zfill(3)
        )
        .otherwise(pl.col("desa_code"))
        .alias("desa_code"),
        *[pl.when(neighbour).then(_prev(c)).otherwise(pl.col(c)).alias(c) for c in ("desa_per_kec", "culture", "sex")],
    )
    group = frame.get_column("culture") + "|" + frame.get_column("sex")
    frame = frame.with_columns(
        draws.pick_by(group, pools.FIRST).alias("first"),
        draws.pick_by(group, pools.SECOND).alias("second"),
        draws.pick_by(group, pools.SECOND).alias("third"),
        draws.uniform(n).alias("u_shape"),
        draws.integers(n, 0, 20454).alias("dob_days"),  # 1950-01-01 .. 2005-12-31
        draws.integers(n, 1, 10000).alias("serial_draw"),  # no longer used; drawn so later draws keep their values
        draws.uniform(n).alias("u_phone"),
        draws.pick(n, ["12", "13", "21", "22", "23", "52", "53", "77", "78", "81", "82", "95", "96", "38", "57"]).alias(
            "phone_prefix"
        ),
        draws.integers(n, 0, 100_000_000).alias("phone_rest"),
        draws.pick(n, pools.STREETS).alias("street"),
        draws.pick(n, pools.DUSUN).alias("dusun"),
        (draws.uniform(n) < 0.6).alias("on_street"),
        draws.integers(n, 1, 200).alias("house"),
        draws.integers(n, 1, 16).alias("rt"),
        draws.integers(n, 1, 9).alias("rw"),
        draws.integers(n, 7300, 12800).alias("age_gap"),
        draws.integers(n, -1800, 1800).alias("spouse_gap"),
    )
    # Name shape: a third name for some, one name for some Javanese; Balinese take I/Ni, Sasak gentry Lalu/Baiq.
    third = (pl.col("u_shape") < 0.25) & pl.col("culture").is_in(["javanese", "islamic", "sasak"])
    single = (pl.col("u_shape") > 0.88) & (pl.col("culture") == "javanese")
    name = (
        pl.when(single)
        .then(pl.col("first"))
        .when(third)
        .then(pl.col("first") + " " + pl.col("third") + " " + pl.col("second"))
        .otherwise(pl.col("first") + " " + pl.col("second"))
    )
    frame = frame.with_columns(name.alias("name"))
    is_ = pl.col("relation")
    frame = frame.with_columns(
        pl.when(is_ == "namesake")
        .then(_prev("name"))
        .when((is_ == "child") & pl.col("culture").is_in(["javanese", "islamic", "christian", "sasak"]))
        .then(pl.col("first") + " " + _prev("name").str.split(" ").list.last())
        .when((is_ == "spouse") & (pl.col("culture") == "christian"))
        .then(pl.col("first") + " " + _prev("name").str.split(" ").list.last())
        .otherwise(pl.col("name"))
        .alias("name"),
        # A child is born 20-35 years after the parent; where that would pass 2005 this record is the parent.
        pl.when((is_ == "child") & (_prev("dob_days") + pl.col("age_gap") <= 20454))
        .then(_prev("dob_days") + pl.col("age_gap"))
        .when(is_ == "child")
        .then((_prev("dob_days") - pl.col("age_gap")).clip(0, 20454))
        .when(is_ == "spouse")
        .then((_prev("dob_days") + pl.col("spouse_gap")).clip(0, 20454))
        .otherwise(pl.col("dob_days"))
        .alias("dob_days"),
    )
    # ... born on the same day as the previous entity (now that a child's or spouse's date is set).
    frame = frame.with_columns(
        pl.when(is_ == "neighbour").then(_prev("dob_days")).otherwise(pl.col("dob_days")).alias("dob_days")
    )
    household = is_.is_in(["spouse", "child"])
    frame = frame.with_columns(
        (pl.date(1950, 1, 1) + pl.duration(days=pl.col("dob_days"))).alias("birth_date"),
        pl.when(pl.col("culture") == "balinese")
        .then(pl.when(pl.col("sex") == "L").then(pl.lit("I ")).otherwise(pl.lit("Ni ")))
        .otherwise(pl.lit(""))
        .alias("name_marker"),
        *[
            pl.when(household).then(_prev(c)).otherwise(pl.col(c)).alias(c)
            for c in ("street", "dusun", "on_street", "house", "rt", "rw")
        ],
    )
    phone = pl.lit("+628") + pl.col("phone_prefix") + pl.col("phone_rest").cast(pl.String).str.zfill(8)
    shares_phone = ((is_ == "spouse") & (pl.col("u_phone") < 0.6)) | ((is_ == "child") & (pl.col("u_phone") < 0.4))
    frame = frame.with_columns(
        pl.when(pl.col("u_phone") > 0.85).then(None).otherwise(phone).alias("phone"),
    ).with_columns(pl.when(shares_phone).then(_prev("phone")).otherwise(pl.col("phone")).alias("phone"))
    # The NIK: kecamatan of registration, birth date (day + 40 for women), and a serial that counts the
    # people registered with that kecamatan and birth date (0001 for the first, 0002 for the next), so
    # two people of one kecamatan born on one day have NIKs that differ only in the last digits.
    day = pl.col("birth_date").dt.day() + pl.when(pl.col("sex") == "P").then(40).otherwise(0)
    head = (
        pl.col("desa_code").str.slice(0, 8).str.replace_all(".", "", literal=True)
        + day.cast(pl.String).str.zfill(2)
        + pl.col("birth_date").dt.strftime("%m%y")
    )
    frame = frame.with_columns(head.alias("nik_head"))
    serial = pl.col("entity_id").rank("ordinal").over("nik_head")
    return frame.with_columns((pl.col("nik_head") + serial.cast(pl.String).str.zfill(4)).alias("nik")).drop(
        "nik_head", "serial_draw"
    )


def business_entities(n: int, draws: Draws) -> pl.DataFrame:
    """Businesses with an owner (a person entity), a name, a prefix, a KBLI code, and relations."""
    owners = person_entities(n, draws)
    frame = owners.select(
        "entity_id",
        "desa_code",
        "street",
        "dusun",
        "on_street",
        "house",
        "rt",
        "rw",
        pl.col("name").alias("owner_name"),
        pl.col("name_marker").alias("owner_marker"),
        pl.col("sex").alias("owner_sex"),
        pl.col("nik").alias("owner_nik"),
        "phone",
        pl.col("relation").is_in(["spouse", "child"]).alias("owner_in_household"),
    ).with_columns(
        draws.uniform(n).alias("u_type"),
        draws.pick(n, pools.BRANDS).str.replace_all("_", " ").alias("brand"),
        draws.pick(n, pools.BRAND_SUFFIX).alias("suffix"),
        (draws.uniform(n) < 0.4).alias("has_suffix"),
        draws.pick(n, pools.PRODUCTS).str.replace_all("_", " ").alias("product"),
        draws.pick(n, ["Bu ", "Pak ", "", "Mbak ", "Mas "]).alias("owner_call"),
        draws.pick(n, pools.BUSINESS_PREFIXES).alias("prefix"),
        draws.pick(n, pools.KBLI).alias("kbli"),
        draws.uniform(n).alias("u_brel"),
        draws.uniform(n).alias("u_addr"),
    )
    branded = pl.col("brand") + pl.when(pl.col("has_suffix")).then(" " + pl.col("suffix")).otherwise(pl.lit(""))
    personal = pl.col("product") + " " + pl.col("owner_call") + pl.col("owner_name").str.split(" ").list.first()
    frame = frame.with_columns(
        pl.when(pl.col("u_type") < 0.55).then(branded).otherwise(personal).alias("base_name"),
        pl.when(pl.col("entity_id") == 0)
        .then(pl.lit("none"))
        .when(pl.col("u_brel") < 0.06)
        .then(pl.lit("same_name"))
        .when(pl.col("u_brel") < 0.11)
        .then(pl.lit("same_owner"))
        .otherwise(pl.lit("none"))
        .alias("relation"),
    )
    # Two businesses of one name in a desa: a common brand ("Toko Putra", "Berkah") under unrelated owners.
    # A personal name ("Kopi Bu Agus") names its own owner, and a household member's shop with the same
    # name at the same address is, for an office, the same business: neither is drawn as two entities.
    same_name = (pl.col("relation") == "same_name") & (_prev("u_type") < 0.55) & ~pl.col("owner_in_household")
    same_owner = pl.col("relation") == "same_owner"
    owner_cols = ("owner_name", "owner_marker", "owner_sex", "owner_nik", "phone")
    address_cols = ("street", "dusun", "on_street", "house", "rt", "rw")
    return frame.with_columns(
        pl.when(same_name).then(_prev("base_name")).otherwise(pl.col("base_name")).alias("base_name"),
        pl.when(same_name).then(_prev("prefix")).otherwise(pl.col("prefix")).alias("prefix"),
        *[pl.when(same_owner).then(_prev(c)).otherwise(pl.col(c)).alias(c) for c in owner_cols],
        pl.when(same_name | (same_owner & (pl.col("u_addr") < 0.5)))
        .then(_prev("desa_code"))
        .otherwise(pl.col("desa_code"))
        .alias("desa_code"),
        *[
            pl.when(same_owner & (pl.col("u_addr") < 0.5)).then(_prev(c)).otherwise(pl.col(c)).alias(c)
            for c in address_cols
        ],
    )
