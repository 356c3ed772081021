"""Linkage quality on labelled data, and reproducibility of a stored run.

Floors were set from measurement (docs/linkage.md) minus a margin, so that a change to the
normalisation or the model that costs real quality fails here, while the synthetic noise of a
different seed does not.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from sinergi.linkage.evaluate import cluster_scores, pairwise_scores
from sinergi.linkage.model import default_model, model_from_json, model_to_json
from sinergi.linkage.run import link_records
from sinergi.linkage.synthetic import generate

# (kind, floor on pairwise precision, recall, F1); measured at 3,000 entities, seed 11 (see docs/linkage.md).
FLOORS = {"person": (0.98, 0.98, 0.98), "business": (0.97, 0.98, 0.975)}


@pytest.fixture(scope="module")
def person_set():
    return generate(n_entities=3000, duplicate_rate=0.3, seed=11, kind="person")


@pytest.fixture(scope="module")
def business_set():
    return generate(n_entities=3000, duplicate_rate=0.3, seed=11, kind="business")


@pytest.mark.parametrize("kind", ["person", "business"])
def test_quality_on_generated_records(kind, person_set, business_set):
    records, truth = person_set if kind == "person" else business_set
    result = link_records(records=records, kind=kind)
    scores = pairwise_scores(result.pairs, truth)
    precision, recall, f1 = FLOORS[kind]
    assert scores["precision"] >= precision, scores
    assert scores["recall"] >= recall, scores
    assert scores["f1"] >= f1, scores
    assert cluster_scores(result.clusters, truth)["f1"] >= f1 - 0.02


def test_generation_is_deterministic(person_set):
    again, truth = generate(n_entities=3000, duplicate_rate=0.3, seed=11, kind="person")
    assert again.equals(person_set[0])
    assert truth.equals(person_set[1])
    other, _ = generate(n_entities=3000, duplicate_rate=0.3, seed=12, kind="person")
    assert not other.equals(person_set[0])


def test_stored_model_reproduces_the_same_predictions(person_set):
    records, _ = person_set
    first = link_records(records=records, kind="person")
    stored = json.dumps(first.model)
    again = link_records(records=records, kind="person", model=model_from_json(stored), threshold=first.threshold)
    assert again.pairs.equals(first.pairs)
    assert again.clusters.equals(first.clusters)
    assert again.model == first.model


def test_model_round_trip_and_rejections():
    model = default_model("business")
    assert model_from_json(json.dumps(model)) == model
    rebuilt = model_to_json(
        kind="business",
        settings=model["settings"],
        threshold=model["threshold"],
        trained_on=model["trained_on"],
        prior_for_records=model["prior_for_records"],
    )
    assert rebuilt == model
    with pytest.raises(ValueError, match="not a"):
        model_from_json({"format": "other"})
    with pytest.raises(ValueError, match="not a person model"):
        link_records(records=pl.DataFrame({"unique_id": ["a"], "source": ["x"]}), kind="person", model=model)


def test_evidence_is_json_per_pair_with_every_comparison(person_set):
    records, _ = person_set
    result = link_records(records=records.head(400), kind="person", threshold=0.5)
    pair = next(result.iter_pairs())
    names = [c["output_column_name"] for c in result.model["settings"]["comparisons"]]
    assert sorted(pair["evidence"]) == sorted(names)
    for field in pair["evidence"].values():
        assert set(field) == {"level", "gamma", "weight", "bayes_factor"}
    assert 0.5 <= pair["match_probability"] <= 1.0
    assert set(result.timings) >= {"normalise", "block", "predict", "cluster", "total"}


def test_fewer_than_two_records_gives_an_empty_result():
    one = pl.DataFrame({"unique_id": ["person:1"], "source": ["registry"], "name": ["Siti Aminah"]})
    result = link_records(records=one, kind="person")
    assert result.pairs.num_rows == 0
    assert result.clusters.num_rows == 0


# ---- hand-written tricky pairs ---------------------------------------------------------------------
# (a, b, same person?) with a = b = (name, nik, sex, birth date, phone, address); each pair gets its own
# desa so that pairs do not meet each other in blocking.
P = tuple[str, str | None, str | None, str | None, str | None, str | None]
PERSON_PAIRS: list[tuple[P, P, bool]] = [
    (
        ("Hj. Siti Aminah", "3509014101900001", "P", "1990-01-01", None, None),
        ("Siti Aminah", "3509014101900001", None, None, None, None),
        True,
    ),
    (
        ("St. Aminah", None, "P", "1985-03-12", "0812-3456-7001", "Dsn. Krajan RT 03 RW 02"),
        ("Sitti Aminah", None, "P", "1985-03-12", "+62 812 3456 7001", "Dusun Krajan 003/002"),
        True,
    ),
    (
        ("Moch. Soekarno", "3509011206750003", "L", "1975-06-12", None, "Jl. Merdeka No. 4"),
        ("Muhammad Sukarno", "3509011260750003", "L", "1975-06-12", None, "Jalan Merdeka Nomor 4"),
        True,
    ),
    (
        ("I Wayan Sudarta", "5271011508800002", "L", "1980-08-15", "081900000002", None),
        ("Wyn. Sudarta", "5271011508800012", None, "1980-08-15", None, None),
        True,
    ),
    (
        ("Drs. Djoko Tjahjono, M.Si.", None, "L", "1962-11-02", None, "Jl. Kartini No. 7 Rt.3/Rw.2"),
        ("Joko Cahyono", None, "L", "1962-11-02", None, "Jln. Kartini no 7 RT 003 RW 002"),
        True,
    ),
    (
        ("Ahmad Fauzi", None, "L", "1979-05-05", "081311110006", None),
        ("Fauzi Ahmad", None, "L", "1979-05-05", "+6281311110006", None),
        True,
    ),
    (
        ("Nurul Huda", "3509010707880001", "L", None, None, None),
        ("Nur Huda", "3509010707880001", "L", None, None, None),
        True,
    ),
    (
        ("Yohanis Rahayaan", None, "L", "1970-02-20", "085200000008", "Dsn. Ohoi Tual"),
        ("Johanis Rahayaan", None, None, "1970-02-20", "0852-0000-0008", "Dusun Ohoi Tual"),
        True,
    ),
    (
        ("Hendry Setiawan", "3509010101700009", "L", "1970-01-01", None, "Jl. Mawar No. 1"),
        ("Hendri Setiawan", None, "L", "1970-01-01", None, "Jalan Mawar No 1"),
        True,
    ),
    (
        ("Ibu Sri Wahyuni", "3509 0150 0384 0010", "P", None, None, None),
        ("SRI WAHYUNI, S.Pd.", "3509015003840010", "P", None, None, None),
        True,
    ),
    (
        ("Abd. Rahman", None, "L", "1968-09-09", "081200000012", None),
        ("Abdul Rahman", None, "L", "1968-09-09", "0812 0000 0012", None),
        True,
    ),
    (
        ("Ni Made Ayu Suartini", None, "P", "1991-04-04", None, "Jl. Gajah Mada No. 12"),
        ("Md. Ayu Suartini", None, "P", "1991-04-04", None, "JL.Gajah Mada No.12"),
        True,
    ),
    (
        ("Bpk. H. Achmad Chairul", "3509012002650014", "L", None, None, None),
        ("Ahmad Khairul", "3509012002650014", None, None, None, None),
        True,
    ),
    (
        ("Suparman Hidayat", "3509011111660015", "L", "1966-11-11", None, None),
        ("Suparmn Hidayat", "3509011111660015", "L", "1966-11-11", None, None),
        True,
    ),
    # hard negatives
    (
        ("Siti Aminah", "3509014101900016", "P", "1990-01-01", None, "Dusun Krajan RT 1 RW 1"),
        ("Siti Aminah", "3509015207820016", "P", "1982-07-12", None, "Dusun Krajan RT 4 RW 2"),
        False,
    ),
    (
        ("Ahmad Fauzi", "3509010505790017", "L", "1979-05-05", "081311110017", "Jl. Mawar No. 9"),
        ("Siti Khodijah", "3509015006830017", "P", "1983-06-10", "081311110017", "Jl. Mawar No. 9"),
        False,
    ),
    (
        ("Ahmad Fauzi", None, "L", "1960-03-03", "081311110018", "Jl. Melati No. 3"),
        ("Muhammad Fauzi", None, "L", "1988-09-21", "081311110018", "Jl. Melati No. 3"),
        False,
    ),
    (
        ("Maria Rahayaan", None, "P", "1965-12-24", "085200000019", "Dsn. Tanjung RT 2 RW 1"),
        ("Yuliana Rahayaan", None, "P", "1992-07-01", "085200000019", "Dsn. Tanjung RT 2 RW 1"),
        False,
    ),
    (
        ("Wayan Sudarta", None, "L", "1975-01-01", "081900000020", "Jl. Pasar No. 5"),
        ("Made Sudarta", None, "L", "1978-02-02", "081900000020", "Jl. Pasar No. 5"),
        False,
    ),
    (
        ("Budi Santoso", "3509011010700021", "L", "1970-10-10", None, None),
        ("Budi Santoso", "3509012304850021", "L", "1985-04-23", None, None),
        False,
    ),
    (
        ("Sulastri", None, "P", None, "081234567890", None),
        ("Bambang Wibowo", None, "L", None, "081234567890", None),
        False,
    ),
    (
        ("Rina Lestari", "0000000000000000", "P", None, None, None),
        ("Dewi Kartini", "0000000000000000", "P", None, None, None),
        False,
    ),
]


def _person_frame(pairs):
    rows = []
    for i, (a, b, _) in enumerate(pairs):
        for side, rec in (("a", a), ("b", b)):
            name, nik, sex, birth, phone, address = rec
            rows.append(
                {
                    "unique_id": f"hand:{i}:{side}",
                    "source": "registry" if side == "a" else "import:1",
                    "name": name,
                    "nik": nik,
                    "sex": sex,
                    "birth_date": dt.date.fromisoformat(birth) if birth else None,
                    "phone": phone,
                    "address": address,
                    "desa_code": f"35.09.{1 + i // 9:02d}.2{i % 9:03d}",
                }
            )
    return pl.DataFrame(rows)


def _hand_scores(result, pairs):
    found = {
        (r["unique_id_l"], r["unique_id_r"]) for r in result.pairs.select(["unique_id_l", "unique_id_r"]).to_pylist()
    }
    tp = fp = fn = 0
    wrong = []
    for i, (_, _, same) in enumerate(pairs):
        linked = (f"hand:{i}:a", f"hand:{i}:b") in found
        tp += linked and same
        fp += linked and not same
        fn += same and not linked
        if linked != same:
            wrong.append(i)
    return tp, fp, fn, wrong


def test_hand_written_person_pairs():
    result = link_records(records=_person_frame(PERSON_PAIRS), kind="person")
    _, fp, fn, wrong = _hand_scores(result, PERSON_PAIRS)
    # Measured: all 22 right. Allow one miss each way before failing.
    assert fp <= 1, wrong
    assert fn <= 1, wrong


B = tuple[str, str, str | None, str | None, str | None]
BUSINESS_PAIRS: list[tuple[B, B, bool]] = [
    (
        ("CV. Maju Jaya", "Budi Santoso", "3509011010700101", "081211110101", "Jl. Merdeka No. 1"),
        ("Maju Jaya", "Budi Santoso", "3509011010700101", None, None),
        True,
    ),
    (
        ("Toko Berkah", "Ibu Siti Aminah", None, "0812-1111-0102", "Dsn. Krajan RT 1 RW 2"),
        ("Tk. Berkah", "Siti Aminah", None, "+6281211110102", "Dusun Krajan 001/002"),
        True,
    ),
    (
        ("Warung Makan Bu Sri", "Sri Wahyuni", None, "081211110103", None),
        ("Warung Bu Sri", "Hj. Sri Wahyuni", None, "0812 1111 0103", None),
        True,
    ),
    (
        ("UD Sumber Rejeki", "H. Ahmad Fauzi", "3509010505790104", None, "Jl. Pasar No. 4"),
        ("Sumber Rejeki, UD", "Ahmad Fauzi", "3509010505790104", None, "Jalan Pasar Nomor 4"),
        True,
    ),
    (
        ("Home Industri Keripik Tempe Bu Sri", "Sri Lestari", "3509014505800105", "081211110105", None),
        ("IRT Keripik Tempe Bu Sri", "Sri Lestari", None, "081211110105", None),
        True,
    ),
    # hard negatives: one owner, two businesses; one generic name, two owners
    (
        ("Keripik Tempe Bu Sri", "Sri Rahayu", "3509014505800106", "081211110106", "Jl. Melati No. 6"),
        ("Catering Sri Rejeki", "Sri Rahayu", "3509014505800106", "081211110106", "Jl. Melati No. 6"),
        False,
    ),
    (
        ("Toko Berkah", "Slamet Riyadi", "3509010101700107", "081211110107", "Jl. Mawar No. 7"),
        ("Toko Berkah", "Yohanis Renyaan", "3509010202700107", "081211119107", "Jl. Kenanga No. 70"),
        False,
    ),
    (
        ("Bengkel Maju Motor", "Agus Salim", "3509010303700108", "081211110108", None),
        ("Salon Ayu", "Dewi Salim", "3509015003780108", "081211110108", None),
        False,
    ),
]


def test_hand_written_business_pairs():
    rows = []
    for i, (a, b, _) in enumerate(BUSINESS_PAIRS):
        for side, (name, owner, owner_nik, phone, address) in (("a", a), ("b", b)):
            rows.append(
                {
                    "unique_id": f"hand:{i}:{side}",
                    "source": "registry",
                    "name": name,
                    "owner_name": owner,
                    "owner_nik": owner_nik,
                    "phone": phone,
                    "address": address,
                    "desa_code": f"35.09.02.2{i:03d}",
                }
            )
    result = link_records(records=pl.DataFrame(rows), kind="business")
    _, fp, fn, wrong = _hand_scores(result, BUSINESS_PAIRS)
    # Measured: all 8 right.
    assert fp <= 1, wrong
    assert fn <= 1, wrong


def test_a_large_run_measures_u_on_its_own_records_and_stores_it(person_set, monkeypatch):
    """Above U_FROM_RECORDS_MIN records u comes from the run's records; the stored model reproduces the run."""
    from sinergi.linkage import run as run_module

    records, _truth = person_set
    monkeypatch.setattr(run_module, "U_FROM_RECORDS_MIN", 1000)
    monkeypatch.setattr(run_module, "U_SAMPLE_PAIRS", 200_000)
    first = link_records(records=records, kind="person")
    assert first.model["u_measured_on"]["records"] == records.height
    shipped = default_model("person")["settings"]["comparisons"]
    measured = first.model["settings"]["comparisons"]
    changed = [
        (a["label_for_charts"], a["u_probability"], b["u_probability"])
        for c_old, c_new in zip(shipped, measured, strict=True)
        for a, b in zip(c_old["comparison_levels"], c_new["comparison_levels"], strict=True)
        if not a.get("is_null_level") and a["u_probability"] != b["u_probability"]
    ]
    assert changed, "no u was measured on the records"
    fixed = [
        (a["u_probability"], b["u_probability"])
        for c_old, c_new in zip(shipped, measured, strict=True)
        for a, b in zip(c_old["comparison_levels"], c_new["comparison_levels"], strict=True)
        if a.get("fix_u_probability")
    ]
    assert fixed, "the person model has levels trained among agreeing pairs"
    assert all(old == new for old, new in fixed), "a run does not re-measure them on random pairs"
    again = link_records(records=records, kind="person", model=first.model, threshold=first.threshold)
    assert "u_measured_on" in again.model  # a stored model is used as it is, not measured again
    assert again.pairs.select(["unique_id_l", "unique_id_r"]).equals(first.pairs.select(["unique_id_l", "unique_id_r"]))
