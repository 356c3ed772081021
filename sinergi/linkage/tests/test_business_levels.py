"""The business model's comparison levels on tiny examples: which level a pair of records reaches.

Each case is two business records; the level is computed by running the model's own SQL conditions
in DuckDB over the prepared records, in the order Splink evaluates them (first level that holds).
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from sinergi.linkage.features import prepare_records
from sinergi.linkage.model import untrained_model

DESA = "52.71.02.1008"


def _business(name: str, owner: str, nik: str | None = None, phone: str | None = None, address: str | None = None):
    return {"name": name, "owner_name": owner, "owner_nik": nik, "phone": phone, "address": address}


def _levels(a: dict[str, Any], b: dict[str, Any]) -> dict[str, str]:
    """The label of the level the pair (a, b) reaches in each business comparison."""
    rows = [{"unique_id": uid, "source": "registry", "desa_code": DESA, **rec} for uid, rec in (("a", a), ("b", b))]
    prepared = prepare_records(pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String)), "business")
    con = duckdb.connect()
    con.register("p", prepared.to_arrow())
    columns = [c for c in prepared.columns if c not in ("unique_id",)]
    select = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in columns)
    con.execute(f"CREATE TABLE pair AS SELECT {select} FROM p l, p r WHERE l.unique_id = 'a' AND r.unique_id = 'b'")  # noqa: S608
    found = {}
    for comparison in untrained_model("business")["settings"]["comparisons"]:
        cases = " ".join(
            f"WHEN {lvl['sql_condition']} THEN '{lvl['label_for_charts'].replace(chr(39), chr(39) * 2)}'"
            for lvl in comparison["comparison_levels"]
            if lvl["sql_condition"] != "ELSE"
        )
        row = con.execute(f"SELECT CASE {cases} ELSE 'different' END FROM pair").fetchone()  # noqa: S608
        assert row is not None
        found[comparison["output_column_name"]] = row[0]
    con.close()
    return found


def test_name_core_is_the_business_name_without_its_owners_name():
    rows = [
        {"unique_id": "a", "source": "x", "name": "Kerupuk Bu Agustina", "owner_name": "Agustina Rahayu"},
        {"unique_id": "b", "source": "x", "name": "Toko Agus", "owner_name": "Agus"},
        {"unique_id": "c", "source": "x", "name": "Berkah Jaya", "owner_name": None},
    ]
    prepared = prepare_records(pl.DataFrame(rows), "business")
    assert prepared.get_column("name_core").to_list() == ["kerupuk bu", "agus", "berkah jaja"]


def test_words_added_that_are_the_owners_name_still_agree():
    found = _levels(
        _business("Kerupuk Bu Agustina", "Agustina Sari", phone="081211110101"),
        _business("UD Kerupuk Bu", "Agustina Sari", phone="0812-1111-0101"),
    )
    assert found["name_norm"] == "same name, owner's name aside"
    assert found["owner"] == "same owner name and phone or address"


def test_two_shops_named_after_two_owners_with_one_first_name():
    found = _levels(
        _business("Tenun Sasak Mas Nuraini", "Nuraini Sumarni", phone="081211110102"),
        _business("Tenun Sasak Mas Nuraini", "Nuraini Nurhayati", phone="081299990102"),
    )
    # The shared first name is in both business names already; the owners share nothing else.
    assert found["name_norm"] == "same name, owner's name aside"
    assert found["owner"] == "owner names partly alike, same desa"


def test_namesake_owners_whose_phones_differ_are_told_from_one_owner_without_a_phone():
    one = _business("Karya Mandiri", "Cahyono Riyadi", phone="081211110103", address="Jl. Melati No. 3")
    other = _business("Karya Mandiri", "Cahyono Riyadi", phone="081299990103", address="Jl. Gajah Mada No. 94")
    same_without_contact = _business("Karya Mandiri", "Cahyono Riyadi")
    assert _levels(one, other)["owner"] == "same owner name, same desa, phone or address differs"
    assert _levels(one, same_without_contact)["owner"] == "same owner name, same desa"


def test_an_address_agrees_only_with_its_numbers():
    found = _levels(
        _business("Berkah", "Siti Mulyani", address="Dsn. Ohoi Tual RT 12 RW 4"),
        _business("Berkah", "Sulastri Mulyani", address="Dusun Ohoi Tual RT 9 RW 5"),
    )
    assert found["owner"] == "owner names partly alike, same desa"
