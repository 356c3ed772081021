"""Associations with their board and member businesses."""

from __future__ import annotations

import pytest

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.registry import services


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def test_association_lifecycle(world, client, kepahiang_officer):
    response = client.post(
        "/api/v1/associations",
        {"name": "Asosiasi Batik", "region": "17.08", "term_start": "2024-01-01", "term_end": "2028-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    association = response.json()
    assert association["region"] == {"code": "17.08", "name": "Kabupaten Kepahiang"}
    assert association["board"] == []
    pk = association["id"]

    response = client.post(
        f"/api/v1/associations/{pk}/board", {"person": world.owner.pk, "role": "Ketua"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    seat = response.json()
    assert seat["term_end"] == "2028-12-31"  # the association's term by default
    assert [s["id"] for s in client.get(f"/api/v1/associations/{pk}/board").json()] == [seat["id"]]
    assert client.get(f"/api/v1/associations/{pk}").json()["board"][0]["person"]["name"] == "Siti Aminah"

    response = client.post(
        f"/api/v1/associations/{pk}/members",
        {"business": world.business.pk, "joined_on": "2024-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["business"]["id"] == world.business.pk
    again = client.post(
        f"/api/v1/associations/{pk}/members", {"business": world.business.pk}, content_type="application/json"
    )
    assert again.status_code == 422
    assert list(again.json()["errors"]) == ["business"]
    members = client.get(f"/api/v1/associations/{pk}/members").json()["items"]
    assert [m["business"]["id"] for m in members] == [world.business.pk]

    response = client.patch(f"/api/v1/associations/{pk}", {"term_end": "2023-01-01"}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["term_end"]
    response = client.patch(
        f"/api/v1/associations/{pk}", {"description": "Perajin batik"}, content_type="application/json"
    )
    assert response.json()["description"] == "Perajin batik"

    assert client.delete(f"/api/v1/associations/{pk}/members/{world.business.pk}").status_code == 204
    assert client.get(f"/api/v1/associations/{pk}/members").json()["items"] == []
    assert client.delete(f"/api/v1/associations/{pk}/board/{seat['id']}").status_code == 204
    assert client.get(f"/api/v1/associations/{pk}/board").json() == []
    assert [a["name"] for a in client.get("/api/v1/associations?q=batik").json()["items"]] == ["Asosiasi Batik"]


def test_unknown_region_and_references(world, client):
    response = client.post("/api/v1/associations", {"name": "A", "region": "17.99"}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["region"]
    url = f"/api/v1/associations/{world.association.pk}"
    hidden_person = client.post(
        url + "/board", {"person": world.jember_person.pk, "role": "Ketua"}, content_type="application/json"
    )
    assert hidden_person.json()["errors"] == {"person": ["Unknown person."]}
    hidden_business = client.post(
        url + "/members", {"business": world.jember_business.pk}, content_type="application/json"
    )
    assert hidden_business.json()["errors"] == {"business": ["Unknown business."]}
    blank_role = client.post(url + "/board", {"person": world.owner.pk, "role": " "}, content_type="application/json")
    assert list(blank_role.json()["errors"]) == ["role"]


def test_association_officer_recruits_in_their_region(world, kepahiang_officer, client_for):
    officer = user_create(
        actor=system_actor(),
        username="ketua",
        password=None,
        role=Role.ASSOCIATION,
        association_id=world.association.pk,
    )
    newcomer = services.business_create(
        actor=kepahiang_officer, data={"name": "Kopi Baru", "desa_id": village("17.08", 3)}
    )
    client = client_for(officer)
    assert [a["id"] for a in client.get("/api/v1/associations").json()["items"]] == [world.association.pk]
    # Not a member yet, so not visible, but within the association's region: it may be added.
    assert client.get(f"/api/v1/businesses/{newcomer.pk}").status_code == 404
    response = client.post(
        f"/api/v1/associations/{world.association.pk}/members",
        {"business": newcomer.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert client.get(f"/api/v1/businesses/{newcomer.pk}").status_code == 200
    # Outside the region it stays unknown.
    response = client.post(
        f"/api/v1/associations/{world.association.pk}/members",
        {"business": world.jember_business.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
