"""The selection as a pure function: quotas, priority scores, the seeded tie-break, and its reasons."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinergi.programs.selection import (
    Candidate,
    need_match,
    need_mismatch,
    parse_config,
    poverty_feature,
    rerun,
    select,
    tiebreak,
)

D = Decimal
CLUSTERS = [f"c{i:02d}" for i in range(1, 14)]


def cand(key, cluster="c01", kecamatan="35.09.01", need="0", poverty="0", never="1", failed=(), mismatch=False):
    return Candidate(
        key=str(key),
        label=f"Usaha {key}",
        groups={"cluster": cluster, "kecamatan": kecamatan},
        features={"need_match": D(need), "poverty": D(poverty), "never_aided": D(never)},
        failed=tuple(failed),
        mismatch=mismatch,
    )


def config(**data):
    return parse_config(data, default_capacity=None)


def keys(result, part="selected"):
    return [e["key"] for e in result[part]]


def test_one_representative_per_cluster_across_13_clusters():
    rng = random.Random(3)
    candidates = [
        cand(f"{cluster}-{i}", cluster=cluster, need=str(rng.choice(["0", "0.5", "1"])), poverty=str(rng.random())[:6])
        for cluster in CLUSTERS
        for i in range(3)
    ]
    cfg = config(capacity=13, quotas=[{"by": "cluster", "min": 1, "max": 1}])
    result = select(candidates, cfg, "J-HUR 2022")
    chosen = [next(c for c in candidates if c.key == k) for k in keys(result)]
    assert sorted(c.groups["cluster"] for c in chosen) == CLUSTERS
    ranks = {e["key"]: e["rank"] for e in result["selected"] + result["not_selected"]}
    for c in chosen:  # each is the best-ranked of its cluster
        rivals = [x for x in candidates if x.groups["cluster"] == c.groups["cluster"]]
        assert ranks[c.key] == min(ranks[x.key] for x in rivals)
    assert {e["reason"]["code"] for e in result["not_selected"]} == {"cap"}
    assert result["unfilled"] == []


def test_reserved_seat_goes_to_the_best_of_its_group_then_the_ranking():
    candidates = [cand("k1", "kopi", need="1"), cand("k2", "kopi", need="0.9"), cand("k3", "kopi", need="0.8")]
    candidates += [cand("b1", "batik", need="0.2"), cand("b2", "batik", need="0.1")]
    cfg = config(capacity=3, quotas=[{"by": "cluster", "groups": {"batik": {"min": 1}}}], weights={"need_match": 1})
    result = select(candidates, cfg, "s")
    assert keys(result) == ["k1", "k2", "b1"]
    reasons = {e["key"]: e["reason"] for e in result["selected"]}
    assert reasons["b1"] == {"code": "reserved", "by": "cluster", "group": "batik"}
    assert reasons["k1"] == {"code": "rank"}
    waiting = {e["key"]: e["reason"] for e in result["not_selected"]}
    assert waiting["k3"] == {"code": "capacity", "waiting": 1}
    assert waiting["b2"] == {"code": "capacity", "waiting": 2}


def test_quota_per_kecamatan_and_cluster_together():
    candidates = [cand(f"a{i}", "kopi", "35.09.01", need=str(10 - i)) for i in range(4)]
    candidates += [cand(f"b{i}", "batik", "35.09.02", need=str(5 - i)) for i in range(2)]
    cfg = config(
        capacity=4,
        quotas=[{"by": "kecamatan", "min": 1, "max": 2}, {"by": "cluster", "max": 3}],
        weights={"need_match": 1},
    )
    result = select(candidates, cfg, "s")
    assert keys(result) == ["a0", "a1", "b0", "b1"]
    assert {e["key"]: e["reason"]["code"] for e in result["not_selected"]} == {"a2": "cap", "a3": "cap"}


def test_same_inputs_and_seed_same_list_in_any_order():
    candidates = [cand(i, CLUSTERS[i % 13]) for i in range(40)]  # all tied: the seed decides
    cfg = config(capacity=10)
    first = select(candidates, cfg, "2025-seed")
    shuffled = candidates[:]
    random.Random(1).shuffle(shuffled)
    assert select(shuffled, cfg, "2025-seed") == first
    other = select(candidates, cfg, "another seed")
    assert keys(other) != keys(first)
    assert len(keys(other)) == 10


def test_tiebreak_is_the_published_hash():
    assert tiebreak("abc", "17") == hashlib.sha256(b"abc:17").hexdigest()
    candidates = [cand(k) for k in ("1", "2", "3")]
    result = select(candidates, config(capacity=1), "abc")
    winner = min(("1", "2", "3"), key=lambda k: hashlib.sha256(f"abc:{k}".encode()).hexdigest())
    assert keys(result) == [winner]
    assert result["tiebreak"][winner] == tiebreak("abc", winner)


def test_score_orders_before_the_seed():
    poor = cand("p", poverty=str(poverty_feature(1)))
    rich = cand("r", poverty=str(poverty_feature(10)))
    result = select([rich, poor], config(capacity=1, weights={"poverty": 2}), "any")
    assert keys(result) == ["p"]
    assert result["selected"][0]["score"] == "2.0000"
    assert result["not_selected"][0]["score"] == "0.0000"


def test_ineligible_and_mismatched_applicants():
    candidates = [cand("ok"), cand("bad", failed=("r0", "r2")), cand("miss", mismatch=True)]
    flagged = select(candidates, config(), "s")
    assert keys(flagged) == sorted(["ok", "miss"], key=lambda k: tiebreak("s", k))
    assert flagged["mismatch"] == ["miss"]
    assert flagged["not_selected"] == [{"key": "bad", "reason": {"code": "ineligible", "failed": ["r0", "r2"]}}]
    strict = select(candidates, config(exclude_mismatch=True), "s")
    assert keys(strict) == ["ok"]
    assert {"key": "miss", "reason": {"code": "need_mismatch"}} in strict["not_selected"]


def test_reserved_seats_nobody_filled_are_reported():
    cfg = config(capacity=5, quotas=[{"by": "cluster", "min": 1, "groups": {"tenun": 2}}])
    result = select([cand("1", "kopi"), cand("2", "batik", failed=("r1",))], cfg, "s")
    assert result["unfilled"] == [
        {"by": "cluster", "group": "batik", "wanted": 1, "filled": 0},
        {"by": "cluster", "group": "tenun", "wanted": 2, "filled": 0},
    ]


def test_stored_run_reruns_to_the_same_result():
    candidates = [cand(i, CLUSTERS[i % 5], need=str(i % 3 / 2)) for i in range(20)]
    cfg = config(capacity=6, quotas=[{"by": "cluster", "min": 1, "max": 2, "groups": {"c02": 3}}])
    result = select(candidates, cfg, "seed")
    stored_inputs = [c.as_data() for c in candidates]
    assert rerun(inputs=stored_inputs, config={**cfg.as_data(), "as_of": "2025-06-01"}, seed="seed") == result


def test_features():
    assert need_match(topics=["Pemasaran Digital", "pembukuan", "foto produk"], needs=["pemasaran  digital", "x"]) == D(
        "0.3333"
    )
    assert need_match(topics=[], needs=["a"]) == 0
    assert need_mismatch(topics=["pembukuan"], needs=["ekspor"])
    assert not need_mismatch(topics=["pembukuan"], needs=[])
    assert (poverty_feature(1), poverty_feature(10), poverty_feature(None)) == (D(1), D(0), D(0))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"capacity": -1}, "Capacity"),
        ({"quotas": [{"by": "village"}]}, "groups by"),
        ({"quotas": [{"by": "cluster", "min": 3, "max": 1}]}, "min is above max"),
        ({"quotas": [{"by": "cluster"}, {"by": "cluster"}]}, "one quota per grouping"),
        ({"weights": {"wealth": 1}}, "Unknown feature"),
        ({"weights": {"poverty": "-2"}}, "0 or more"),
        ({"weights": {"poverty": "abc"}}, "0 or more"),
        ({"exclude_mismatch": "yes"}, "true or false"),
        ({"seats": 3}, "Unknown settings"),
    ],
)
def test_bad_configuration(data, expected):
    with pytest.raises(ValidationError) as exc:
        parse_config(data, default_capacity=10)
    assert expected in exc.value.message_dict["config"][0]
