"""Persons through the API, and the field errors a client gets for bad identity data."""

from __future__ import annotations

import pytest

from .conftest import NIK_MAN_1980


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def test_person_lifecycle(world, client, kepahiang_desa):
    response = client.post(
        "/api/v1/persons",
        {"nik": "17.0801.010180.0002", "name": "Ahmad", "phone": "0812-3456-7890", "desa": kepahiang_desa},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    person = response.json()
    assert person["nik"] == NIK_MAN_1980
    assert person["birth_date"] == "1980-01-01"  # read from the NIK
    assert person["sex"] == "L"
    assert person["phone"] == "+6281234567890"
    assert client.get(f"/api/v1/persons/{person['id']}").json() == person

    response = client.patch(
        f"/api/v1/persons/{person['id']}", {"address": "Jl. Merdeka 1"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["address"] == "Jl. Merdeka 1"
    assert response.json()["nik"] == NIK_MAN_1980

    listed = client.get("/api/v1/persons?q=ahm").json()["items"]
    assert [p["id"] for p in listed] == [person["id"]]
    # A NIK is searched for in a POST body; in a URL it is refused (issue 14: it would land in access logs).
    found = client.post("/api/v1/persons/search", {"nik": NIK_MAN_1980}, content_type="application/json")
    assert [p["id"] for p in found.json()] == [person["id"]]
    assert client.get(f"/api/v1/persons?nik={NIK_MAN_1980}").status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nik": "17080155059", "name": "A"}, "nik"),  # too short
        ({"nik": "9908015505900001", "name": "A"}, "nik"),  # 99 is no province
        ({"nik": "1708019905900001", "name": "A"}, "nik"),  # day 99
        ({"nik": "1708015505900001", "name": "A", "sex": "L"}, "sex"),  # the NIK says a woman
        ({"name": "A", "phone": "12345"}, "phone"),
        ({"name": ""}, "name"),
        ({"name": "A", "birth_date": "1990-02-30"}, "birth_date"),
        ({"name": "A", "sex": "X"}, "sex"),
        ({"name": "A", "nickname": "Si A"}, "nickname"),
    ],
)
def test_person_field_errors(world, client, kepahiang_desa, body, field):
    response = client.post("/api/v1/persons", {"desa": kepahiang_desa, **body}, content_type="application/json")
    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["status"] == 422
    assert field in problem["errors"], problem
    assert all(isinstance(m, str) and m for m in problem["errors"][field])


def test_duplicate_nik(world, client, kepahiang_desa):
    response = client.post(
        "/api/v1/persons",
        {"nik": world.owner.nik, "name": "Lain", "desa": kepahiang_desa},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"nik": ["Another person is already registered with this NIK."]}


def test_unknown_region_and_non_village(world, client):
    response = client.post("/api/v1/persons", {"name": "A", "desa": "17.08.99.9999"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"desa": ["Unknown region code “17.08.99.9999”."]}
    response = client.post("/api/v1/persons", {"name": "A", "desa": "17.08.01"}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["desa"]
    assert "village" in response.json()["errors"]["desa"][0]
