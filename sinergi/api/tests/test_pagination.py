"""Keyset pagination: walking every page gives every row once, in order, even with equal names."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from conftest import village
from sinergi.registry import services


@pytest.fixture
def many(world, kepahiang_officer) -> list[int]:
    names = ["Warung Makan"] * 7 + ["Bengkel Motor"] * 3 + [f"Usaha {c}" for c in "EDCBA"] + ["warung makan"] * 2
    for i, name in enumerate(names):
        services.business_create(actor=kepahiang_officer, data={"name": name, "desa_id": village("17.08", i % 5)})
    return list(range(len(names) + 1))


def _walk(client, url: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    pages = 0
    cursor = None
    while True:
        sep = "&" if "?" in url else "?"
        page_url = f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(page_url).json()
        pages += 1
        assert len(body["items"]) <= limit
        assert body["total"] is None
        items.extend(body["items"])
        cursor = body["next"]
        if cursor is None:
            return items, pages


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 200])
def test_walk_all_pages(many, kepahiang_officer, client_for, limit):
    client = client_for(kepahiang_officer)
    items, pages = _walk(client, "/api/v1/businesses", limit)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)) == len(many)
    everything = client.get("/api/v1/businesses?limit=200").json()["items"]
    assert ids == [i["id"] for i in everything]
    keys = [(i["name"], i["id"]) for i in items]
    # Equal names come out by id, so a page boundary inside a run of equal names loses nothing.
    for a, b in itertools.pairwise(keys):
        assert a[0] != b[0] or a[1] < b[1]
    assert pages == -(-len(many) // limit)


def test_walk_with_filters(many, kepahiang_officer, client_for):
    items, _pages = _walk(client_for(kepahiang_officer), "/api/v1/businesses?q=warung", 2)
    assert len(items) == 9
    assert len({i["id"] for i in items}) == 9


@pytest.mark.parametrize("limit", [1, 4, 200])
def test_search_results_walk_newest_first(many, kepahiang_officer, client_for, limit):
    items, _pages = _walk(client_for(kepahiang_officer), "/api/v1/businesses?q=mak", limit)
    ids = [i["id"] for i in items]
    assert len(ids) == 9  # "mak" starts the word "Makan" of the nine Warung Makan
    assert ids == sorted(ids, reverse=True)


def test_with_total(many, kepahiang_officer, client_for):
    client = client_for(kepahiang_officer)
    body = client.get("/api/v1/businesses?limit=5&with_total=true").json()
    assert body["total"] == len(many)
    assert len(body["items"]) == 5
    second = client.get(f"/api/v1/businesses?limit=5&with_total=true&cursor={body['next']}").json()
    assert second["total"] == len(many)
    assert client.get("/api/v1/businesses?q=warung&with_total=1").json()["total"] == 9
    assert client.get("/api/v1/businesses").json()["total"] is None


def test_default_limit_is_25(world, kepahiang_officer, client_for):
    for i in range(30):
        services.business_create(actor=kepahiang_officer, data={"name": f"U{i:02d}", "desa_id": village("17.08")})
    body = client_for(kepahiang_officer).get("/api/v1/businesses").json()
    assert len(body["items"]) == 25
    assert body["next"]


def test_history_walk(world, kepahiang_officer, client_for):
    for i in range(6):
        services.business_update(actor=kepahiang_officer, business=world.business, data={"address": f"Jl. {i}"})
    client = client_for(kepahiang_officer)
    url = f"/api/v1/businesses/{world.business.pk}/history"
    items, _pages = _walk(client, url, 2)
    assert [i["id"] for i in items] == [i["id"] for i in client.get(url + "?limit=200").json()["items"]]
    assert len(items) == len({i["id"] for i in items}) >= 9


def test_region_pages(regions, kepahiang_officer, client_for):
    client = client_for(kepahiang_officer)
    items, _pages = _walk(client, "/api/v1/regions", 10)
    codes = [r["code"] for r in items]
    assert len(codes) == 38  # the provinces (Kepmendagri 2025)
    assert codes == sorted(codes)
