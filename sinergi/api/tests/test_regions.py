"""The region list: public reference data for any signed-in caller."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(jember_officer, client_for):
    # A Jember officer reads Bengkulu's regions too: the hierarchy is not scoped.
    return client_for(jember_officer)


def test_provinces_when_no_parent(client):
    items = client.get("/api/v1/regions?limit=200").json()["items"]
    assert {"11", "17", "35", "96"} <= {r["code"] for r in items}
    assert all(r["level"] == 1 and r["parent"] is None for r in items)


def test_children(client):
    items = client.get("/api/v1/regions?parent=17.08&limit=200").json()["items"]
    assert items
    assert all(r["parent"] == "17.08" and r["level"] == 3 for r in items)
    assert client.get("/api/v1/regions?parent=1708&limit=200").json()["items"] == items


def test_search_by_name(client):
    items = client.get("/api/v1/regions?q=kepahiang&limit=200").json()["items"]
    assert "17.08" in {r["code"] for r in items}
    assert all("kepahiang" in r["name"].lower() for r in items)
    below = client.get("/api/v1/regions?q=kepahiang&parent=17.08").json()["items"]
    assert all(r["code"].startswith("17.08.") for r in below)


def test_get_one_with_ancestors(client):
    code = client.get("/api/v1/regions?parent=17.08.01&limit=1").json()["items"][0]["code"]
    region = client.get(f"/api/v1/regions/{code}").json()
    assert region["level"] == 4
    assert [a["code"] for a in region["ancestors"]] == ["17", "17.08", "17.08.01"]
    assert region["timezone"] == "WIB"


def test_unknown_region_is_404(client):
    assert client.get("/api/v1/regions/17.99").status_code == 404


def test_regions_need_authentication(regions):
    from django.test import Client

    assert Client().get("/api/v1/regions").status_code == 401
