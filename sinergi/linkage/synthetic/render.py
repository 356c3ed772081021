"""Write entities out as records the way offices type them, with noise (see __init__.py).

Each record draws its own noise; duplicates (``is_dup``) draw from heavier rates than first records,
because the second entry of a person is typically by another officer, from another document.
"""

from __future__ import annotations

import polars as pl

from sinergi.linkage.synthetic import pools
from sinergi.linkage.synthetic.entities import Draws


def _rate(light: float, heavy: float) -> pl.Expr:
    return pl.when(pl.col("is_dup")).then(pl.lit(heavy)).otherwise(pl.lit(light))


def _chance(draws: Draws, n: int, light: float, heavy: float) -> pl.Expr:
    return pl.lit(draws.uniform(n)) < _rate(light, heavy)


def _delete_char(col: pl.Expr, pos: pl.Expr) -> pl.Expr:
    return col.str.slice(0, pos) + col.str.slice(pos + 1)


def _swap_chars(col: pl.Expr, pos: pl.Expr) -> pl.Expr:
    return col.str.slice(0, pos) + col.str.slice(pos + 1, 1) + col.str.slice(pos, 1) + col.str.slice(pos + 2)


def _one_of(draws: Draws, n: int, variants: list[pl.Expr]) -> pl.Expr:
    """One of ``variants`` per row, uniformly."""
    k = pl.lit((draws.uniform(n) * len(variants)).floor().cast(pl.Int64))
    out = variants[-1]
    for i in range(len(variants) - 2, -1, -1):
        out = pl.when(k == i).then(variants[i]).otherwise(out)
    return out


def _step(frame: pl.DataFrame, expr: pl.Expr) -> pl.DataFrame:
    """Materialise one noise step as column "_t": reusing an expression in nested whens would repeat it."""
    return frame.with_columns(expr.alias("_t"))


T = pl.col("_t")


def person_name_noise(frame: pl.DataFrame, draws: Draws, *, name: str, marker: str, sex: str) -> pl.Series:
    """A person's name as written on one record: titles, spelling variants, typos, word order, letter case."""
    n = frame.height
    f = _step(frame, pl.col(name).str.to_lowercase())
    f = _step(
        f,
        pl.when(_chance(draws, n, 0.08, 0.35))
        .then(_one_of(draws, n, [T.str.replace(p, r) for p, r in pools.SPELLING_NOISE]))
        .otherwise(T),
    )
    f = f.with_columns((pl.lit(draws.uniform(n)) * (T.str.len_chars() - 1)).floor().cast(pl.Int64).alias("_pos"))
    pos = pl.col("_pos")
    f = _step(
        f,
        pl.when(_chance(draws, n, 0.01, 0.06))
        .then(_delete_char(T, pos))
        .when(_chance(draws, n, 0.01, 0.05))
        .then(_swap_chars(T, pos))
        .otherwise(T),
    )
    words = T.str.split(" ")
    f = _step(
        f,
        pl.when(_chance(draws, n, 0.0, 0.03) & (words.list.len() == 2))
        .then(words.list.reverse().list.join(" "))
        .when(_chance(draws, n, 0.0, 0.04) & (words.list.len() == 3))
        .then(words.list.slice(1).list.join(" "))
        .otherwise(T),
    )
    f = _step(f, pl.when(_chance(draws, n, 0.6, 0.5)).then(pl.col(marker).str.to_lowercase() + T).otherwise(T))
    male = pl.lit(draws.pick(n, pools.MALE_HONORIFICS))
    female = pl.lit(draws.pick(n, pools.FEMALE_HONORIFICS))
    honorific = pl.when(pl.col(sex) == "L").then(male).otherwise(female)
    f = _step(f, pl.when(_chance(draws, n, 0.12, 0.3)).then(honorific + " " + T).otherwise(T))
    f = _step(f, pl.when(_chance(draws, n, 0.04, 0.12)).then(T + pl.lit(draws.pick(n, pools.DEGREES))).otherwise(T))
    f = _step(f, _one_of(draws, n, [T.str.to_titlecase(), T.str.to_titlecase(), T.str.to_uppercase(), T]))
    return f.get_column("_t")


def nik_noise(frame: pl.DataFrame, draws: Draws, col: str, *, missing: tuple[float, float]) -> pl.Series:
    """A NIK as typed: missing, one digit wrong, two digits transposed, grouped with spaces, a leading apostrophe."""
    n = frame.height
    f = _step(frame, pl.col(col)).with_columns(pl.lit(draws.integers(n, 6, 16)).alias("_pos"))
    pos = pl.col("_pos")
    new_digit = ((T.str.slice(pos, 1).cast(pl.Int64) + pl.lit(draws.integers(n, 1, 10))) % 10).cast(pl.String)
    typo = T.str.slice(0, pos) + new_digit + T.str.slice(pos + 1)
    swap = _swap_chars(T, pos - 2)
    f = _step(
        f,
        pl.when(_chance(draws, n, 0.005, 0.07)).then(typo).when(_chance(draws, n, 0.005, 0.05)).then(swap).otherwise(T),
    )
    grouped = T.str.replace(r"^(\d{4})(\d{4})(\d{4})(\d{4})$", "$1 $2 $3 $4")
    f = _step(f, _one_of(draws, n, [T] * 8 + [grouped, pl.lit("'") + T]))
    return f.select(pl.when(_chance(draws, n, *missing)).then(None).otherwise(T)).to_series()


def phone_noise(frame: pl.DataFrame, draws: Draws, col: str) -> pl.Expr:
    """A phone in one of the forms people write: 08…, +62 8…, 62…, with dashes or spaces; sometimes missing or new."""
    n = frame.height
    national = pl.col(col).str.slice(3)
    grouped = national.str.replace(r"^(\d{3})(\d{4})(\d+)$", "$1-$2-$3")
    forms = _one_of(
        draws,
        n,
        [
            pl.lit("0") + national,
            pl.lit("0") + grouped,
            pl.lit("+62 ") + grouped.str.replace_all("-", " "),
            pl.lit("62") + national,
            pl.col(col),
        ],
    )
    new_number = pl.lit("08") + pl.lit(draws.integers(n, 1_000_000_000, 9_999_999_999).cast(pl.String))
    return (
        pl.when(_chance(draws, n, 0.05, 0.25))
        .then(None)
        .when(_chance(draws, n, 0.0, 0.08))
        .then(new_number)
        .otherwise(forms)
    )


def address_noise(frame: pl.DataFrame, draws: Draws) -> pl.Expr:
    """An address with its words abbreviated one way or another and RT/RW in one of its forms."""
    n = frame.height
    rt, rw = pl.col("rt").cast(pl.String), pl.col("rw").cast(pl.String)
    rt3, rw3 = rt.str.zfill(3), rw.str.zfill(3)
    rtrw = _one_of(
        draws,
        n,
        [
            " RT " + rt3 + " RW " + rw3,
            " Rt." + rt + "/Rw." + rw,
            " RT " + rt.str.zfill(2) + " RW " + rw.str.zfill(2),
            " " + rt3 + "/" + rw3,
            " RT" + rt3 + "/RW" + rw3,
        ],
    )
    street_word = pl.lit(draws.pick(n, ["Jl. ", "Jln. ", "Jalan ", "JL.", "jl "]))
    number_word = pl.lit(draws.pick(n, [" No. ", " no ", " Nomor ", " No."]))
    dusun_word = pl.lit(draws.pick(n, ["Dsn. ", "Dusun ", "Dsn "]))
    street = street_word + pl.col("street").str.replace_all("_", " ") + number_word + pl.col("house").cast(pl.String)
    dusun = dusun_word + pl.col("dusun").str.replace_all("_", " ")
    text = pl.when(pl.col("on_street")).then(street).otherwise(dusun) + rtrw
    return pl.when(_chance(draws, n, 0.04, 0.12)).then(None).otherwise(text)


def _move_desa(frame: pl.DataFrame, draws: Draws) -> pl.Expr:
    """A duplicate now and then names another desa of the same kecamatan (moved, or the neighbour's form)."""
    n = frame.height
    other = (pl.lit(draws.uniform(n)) * pl.col("desa_per_kec")).floor().cast(pl.Int64) + 1
    moved = pl.col("desa_code").str.slice(0, 10) + other.cast(pl.String).str.zfill(3)
    return pl.when(_chance(draws, n, 0.0, 0.04)).then(moved).otherwise(pl.col("desa_code"))


def _records(entities: pl.DataFrame, entity_of_record: pl.Series, is_dup: pl.Series, draws: Draws) -> pl.DataFrame:
    frame = entities.gather(entity_of_record).with_columns(is_dup.alias("is_dup"))
    return frame.with_columns(pl.lit(draws.pick(frame.height, ["registry", "import:1", "import:2"])).alias("source"))


def render_persons(
    entities: pl.DataFrame, entity_of_record: pl.Series, is_dup: pl.Series, draws: Draws
) -> pl.DataFrame:
    """Person records: entity_id, source, name, nik, sex, birth_date, phone, address, desa_code."""
    frame = _records(entities, entity_of_record, is_dup, draws)
    n = frame.height
    dob_typo = pl.col("birth_date") + pl.duration(
        days=pl.lit(draws.pick(n, ["1", "-1", "10", "-10", "30"])).cast(pl.Int64)
    )
    return frame.select(
        "entity_id",
        "source",
        person_name_noise(frame, draws, name="name", marker="name_marker", sex="sex").alias("name"),
        nik_noise(frame, draws, "nik", missing=(0.1, 0.2)).alias("nik"),
        pl.when(_chance(draws, n, 0.3, 0.3)).then(None).otherwise(pl.col("sex")).alias("sex"),
        pl.when(_chance(draws, n, 0.06, 0.12))
        .then(None)
        .when(_chance(draws, n, 0.0, 0.06))
        .then(dob_typo)
        .otherwise(pl.col("birth_date"))
        .alias("birth_date"),
        phone_noise(frame, draws, "phone").alias("phone"),
        address_noise(frame, draws).alias("address"),
        _move_desa(frame, draws).alias("desa_code"),
    )


def render_businesses(
    entities: pl.DataFrame, entity_of_record: pl.Series, is_dup: pl.Series, draws: Draws
) -> pl.DataFrame:
    """Business records: entity_id, source, name, owner_name, owner_nik, phone, address, desa_code, kbli."""
    frame = _records(entities, entity_of_record, is_dup, draws).with_columns(pl.lit(10).alias("desa_per_kec"))
    n = frame.height
    prefix = (
        pl.when(_chance(draws, n, 0.0, 0.4))
        .then(pl.lit(draws.pick(n, pools.BUSINESS_PREFIXES)))
        .otherwise(pl.col("prefix"))
    )
    name = pl.col("base_name")
    pos = (pl.lit(draws.uniform(n)) * (name.str.len_chars() - 1)).floor().cast(pl.Int64)
    name = pl.when(_chance(draws, n, 0.01, 0.08)).then(_delete_char(name, pos)).otherwise(name)
    words = name.str.split(" ")
    name = (
        pl.when(_chance(draws, n, 0.0, 0.1) & (words.list.len() >= 3))
        .then(words.list.slice(0, words.list.len() - 1).list.join(" "))
        .otherwise(name)
    )
    full = pl.when(prefix == "").then(name).otherwise(prefix + " " + name)
    kbli = (
        pl.when(_chance(draws, n, 0.2, 0.3))
        .then(None)
        .when(_chance(draws, n, 0.0, 0.05))
        .then(pl.lit(draws.pick(n, pools.KBLI)))
        .otherwise(pl.col("kbli"))
    )
    return frame.select(
        "entity_id",
        "source",
        _one_of(draws, n, [full, full.str.to_uppercase(), full.str.to_titlecase()]).alias("name"),
        person_name_noise(frame, draws, name="owner_name", marker="owner_marker", sex="owner_sex").alias("owner_name"),
        nik_noise(frame, draws, "owner_nik", missing=(0.25, 0.4)).alias("owner_nik"),
        phone_noise(frame, draws, "phone").alias("phone"),
        address_noise(frame, draws).alias("address"),
        pl.col("desa_code"),
        kbli.alias("kbli"),
    )
