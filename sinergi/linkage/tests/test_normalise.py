"""Every normalisation rule of the linkage engine, in its single-value and its vectorised (polars) form."""

from __future__ import annotations

import re

import polars as pl
import pytest

from sinergi.linkage import normalise as n
from sinergi.linkage.features import prepare_records

PERSON_NAMES = [
    # honorifics and front titles
    ("H. Ahmad Fauzi", "ahmad fauzi"),
    ("Hj. Siti Aminah", "siti aminah"),
    ("Hajjah Siti Aminah", "siti aminah"),
    ("Ibu Siti Aminah", "siti aminah"),
    ("Bu Sri Wahyuni", "sri wahjuni"),
    ("Bpk. Slamet", "slamet"),
    ("Bapak Slamet", "slamet"),
    ("Pak Slamet", "slamet"),
    ("Sdr. Budi Santoso", "budi santoso"),
    ("Ny. Maria Rahayaan", "maria rahajan"),
    ("Tn. Budi Santoso", "budi santoso"),
    ("Drs. Budi Santoso", "budi santoso"),
    ("Dra. Sri Wahyuni", "sri wahjuni"),
    ("Ir. Budi Santoso", "budi santoso"),
    ("Dr. Budi Santoso", "budi santoso"),
    ("Bpk.H.Achmad Chairul", "ahmad khairul"),
    ("Hj Siti Aminah", "siti aminah"),
    # degrees after the name
    ("Budi Santoso, S.Pd.", "budi santoso"),
    ("Budi Santoso, S.E.", "budi santoso"),
    ("Budi Santoso, S.H.", "budi santoso"),
    ("Budi Santoso, S.Kom.", "budi santoso"),
    ("Budi Santoso, M.Si.", "budi santoso"),
    ("Budi Santoso, A.Md.", "budi santoso"),
    ("Budi Santoso Amd", "budi santoso"),
    ("Budi Santoso, S.Ag.", "budi santoso"),
    ("Budi Santoso S.Pd", "budi santoso"),
    ("Budi Santoso SE MM", "budi santoso"),
    ("H. Muhammad Ahmad Fauzi, S.Pd., M.Si.", "muhamad ahmad fauzi"),
    # abbreviations and spelling variants
    ("St. Aminah", "siti aminah"),
    ("Sitti Aminah", "siti aminah"),
    ("M. Yusuf", "muhamad jusuf"),
    ("Moh. Yusuf", "muhamad jusuf"),
    ("Moch. Yusuf", "muhamad jusuf"),
    ("Mhd. Yusuf", "muhamad jusuf"),
    ("Mohammad Yusuf", "muhamad jusuf"),
    ("Muhamad Yusuf", "muhamad jusuf"),
    ("Mochammad Jusuf", "muhamad jusuf"),
    ("Nym. Sudarta", "njoman sudarta"),
    ("Kt. Sudarta", "ketut sudarta"),
    ("Wyn. Sudarta", "wajan sudarta"),
    ("Md. Sudarta", "made sudarta"),
    ("I Wayan Sudarta", "wajan sudarta"),
    ("Ni Made Ayu", "made aju"),
    ("I Gst. Ngurah Rai", "gusti ngurah rai"),
    ("Abd. Rahman", "abdul rahman"),
    ("Nurul Huda", "nur huda"),
    ("Hendry Setiawan", "hendri setiawan"),
    ("Yuly Astuti", "juli astuti"),
    ("Soekarno", "sukarno"),
    ("Djoko Susilo", "joko susilo"),
    ("Tjahjono", "cahjono"),
    ("Cahyono", "cahjono"),
    ("Sjahrir", "sjahrir"),
    ("Syahrir", "sjahrir"),
    ("Achmad Chairul", "ahmad khairul"),
    ("Abdullah", "abdulah"),
    ("Yohannes", "johanes"),
    ("Ma'ruf", "maruf"),
    ("  SITI   AMINAH ", "siti aminah"),
    ("", None),
    ("H.", None),
]


@pytest.mark.parametrize(("raw", "expected"), PERSON_NAMES)
def test_person_name(raw, expected):
    assert n.normalise_person_name(raw) == expected


def _vectorised(expr_factory, values):
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    return frame.select(expr_factory("v")).to_series().to_list()


def test_person_name_polars_agrees_with_python():
    raws = [raw for raw, _ in PERSON_NAMES]
    assert _vectorised(n.person_name_expr, raws) == [n.normalise_person_name(r) for r in raws]


BUSINESS_NAMES = [
    ("CV. Maju Jaya", "maju jaja"),
    ("CV Maju Jaya", "maju jaja"),
    ("UD Sumber Rejeki", "sumber rejeki"),
    ("PT Sinar Abadi", "sinar abadi"),
    ("Toko Berkah", "berkah"),
    ("Tk. Berkah", "berkah"),
    ("Warung Makan Bu Sri", "bu sri"),
    ("Warung Bu Sri", "bu sri"),
    ("Wr. Bu Sri", "bu sri"),
    ("Kedai Kopi Kita", "kopi kita"),
    ("Kios Pulsa Jaya", "pulsa jaja"),
    ("Usaha Keripik Tempe", "keripik tempe"),
    ("Home Industri Keripik Tempe", "keripik tempe"),
    ("IRT Keripik Tempe", "keripik tempe"),
    ("Maju Jaya, CV", "maju jaja"),
    ("Batik & Tenun", "batik dan tenun"),
    ("Toko", "toko"),
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), BUSINESS_NAMES)
def test_business_name(raw, expected):
    assert n.normalise_business_name(raw) == expected


def test_business_name_polars_agrees_with_python():
    raws = [raw for raw, _ in BUSINESS_NAMES]
    assert _vectorised(n.business_name_expr, raws) == [n.normalise_business_name(r) for r in raws]


ADDRESSES = [
    ("Jl. Merdeka No. 12", "jalan merdeka no 12"),
    ("Jln. Merdeka no 12", "jalan merdeka no 12"),
    ("Jalan Merdeka Nomor 12", "jalan merdeka no 12"),
    ("JL.Merdeka No.12", "jalan merdeka no 12"),
    ("Gg. Mawar 5", "gang mawar 5"),
    ("Gang Mawar 5", "gang mawar 5"),
    ("Dsn. Krajan", "dusun krajan"),
    ("Dusun Krajan", "dusun krajan"),
    ("Kel. Sukorejo", "desa sukorejo"),
    ("Desa Sukorejo", "desa sukorejo"),
    ("Kec. Bangsalsari", "kec bangsalsari"),
    ("Perum. Griya Asri", "perum griya asri"),
    ("Dusun Krajan RT 03 RW 02", "dusun krajan rt 3 rw 2"),
    ("Dusun Krajan Rt.3/Rw.2", "dusun krajan rt 3 rw 2"),
    ("Dusun Krajan RT003 RW002", "dusun krajan rt 3 rw 2"),
    ("Dusun Krajan RT003/RW002", "dusun krajan rt 3 rw 2"),
    ("Dusun Krajan 003/002", "dusun krajan rt 3 rw 2"),
    ("Dusun Krajan, RT 3", "dusun krajan rt 3"),
    ("Dusun Krajan RW 02", "dusun krajan rw 2"),
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), ADDRESSES)
def test_address(raw, expected):
    assert n.normalise_address(raw) == expected


def test_address_polars_agrees_with_python():
    raws = [raw for raw, _ in ADDRESSES]
    assert _vectorised(n.address_expr, raws) == [n.normalise_address(r) for r in raws]


PHONES = [
    ("0812-3456-7890", "+6281234567890"),
    ("081234567890", "+6281234567890"),
    ("+62 812 3456 7890", "+6281234567890"),
    ("62812.3456.7890", "+6281234567890"),
    ("+6281234567890", "+6281234567890"),
    ("(0331) 412345", "+62331412345"),
    ("12345", None),
    ("", None),
    ("bukan nomor", None),
]


@pytest.mark.parametrize(("raw", "expected"), PHONES)
def test_phone_reuses_the_registry_validator(raw, expected):
    assert n.normalise_phone(raw) == expected


def test_phone_polars_agrees_with_the_registry_validator():
    raws = [raw for raw, _ in PHONES]
    assert _vectorised(n.phone_expr, raws) == [n.normalise_phone(r) for r in raws]


NIKS = [
    ("3509014101900001", "3509014101900001"),  # woman born 1 January 1990 (day 01 + 40)
    ("3509 0141 0190 0001", "3509014101900001"),
    ("3509.0141.0190.0001", "3509014101900001"),
    ("'3509014101900001", "3509014101900001"),  # a spreadsheet's text marker
    ("3509019901900001", "3509019901900001"),  # date wrong (a typo): kept, the comparison sees the edit
    ("350901410190000", None),  # 15 digits
    ("0000000000000000", None),
    ("1111111111111111", None),
    ("1234567890123456", None),
    ("0509014101900001", None),  # no province code starts with 0
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), NIKS)
def test_nik_normalised(raw, expected):
    assert n.normalise_nik(raw) == expected


def test_nik_polars_agrees_with_python():
    raws = [raw for raw, _ in NIKS]
    assert _vectorised(n.nik_expr, raws) == [n.normalise_nik(r) for r in raws]


@pytest.mark.parametrize(
    ("nik", "valid"),
    [
        ("3509014101900001", True),  # woman, day 01 + 40
        ("3509011501900001", True),  # man, day 15
        ("3509017101900001", True),  # woman, day 31 + 40
        ("3509013201900001", False),  # day 32
        ("3509010113900001", False),  # month 13
        ("3509014101900000", False),  # serial 0000
        ("3500014101900001", False),  # kabupaten 00
    ],
)
def test_nik_structure(nik, valid):
    assert n.nik_is_valid(nik) is valid
    frame = pl.DataFrame({"v": [nik]})
    assert frame.select(n.nik_valid_expr("v")).item() is valid


def test_every_rule_says_why_and_compiles_in_both_engines():
    rules = n.PERSON_NAME_RULES + n.PERSON_SPELLING_RULES + n.BUSINESS_NAME_RULES + n.ADDRESS_RULES
    for rule in rules:
        assert len(rule.why) > 20, rule
        re.compile(rule.pattern)
        pl.DataFrame({"v": ["abc"]}).select(pl.col("v").str.replace_all(rule.pattern, rule.replacement))


def test_prepare_records_derives_sex_tokens_region_and_caps_shared_block_keys():
    records = pl.DataFrame(
        {
            "unique_id": [f"p:{i}" for i in range(25)],
            "source": ["registry"] * 25,
            "name": ["Aminah Siti"] + ["Budi"] * 24,
            "nik": ["3509014101900001"] + [None] * 24,
            "phone": ["081234567890"] * 25,  # one number for 25 people: a placeholder
            "desa_code": ["35.09.01.2001"] * 25,
        }
    )
    prepared = prepare_records(records, "person")
    first = prepared.row(0, named=True)
    assert first["sex"] == "P"
    assert first["name_key"] == "aminah siti"
    assert first["name_first"] == "aminah"
    assert first["kecamatan"] == "35.09.01"
    assert first["phone"] == "+6281234567890"
    assert first["phone_block"] is None


def test_prepare_records_rejects_duplicate_ids():
    records = pl.DataFrame({"unique_id": ["a", "a"], "source": ["x", "x"], "name": ["A", "B"]})
    with pytest.raises(ValueError, match="unique"):
        prepare_records(records, "person")
