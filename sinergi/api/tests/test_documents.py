"""Legal documents: nested under their business and addressable by id."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def test_document_lifecycle(world, client):
    soon = timezone.localdate() + timedelta(days=20)
    response = client.post(
        f"/api/v1/businesses/{world.business.pk}/documents",
        {"kind": "halal", "number": "ID00110012345", "issued_on": "2024-01-10", "expires_on": soon.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    doc = response.json()
    assert doc["business_id"] == world.business.pk
    assert doc["state"] == "expiring"
    assert doc["expires_on"] == soon.isoformat()
    assert client.get(f"/api/v1/businesses/{world.business.pk}").json()["has_halal"] is True

    nested = client.get(f"/api/v1/businesses/{world.business.pk}/documents").json()["items"]
    assert {d["id"] for d in nested} == {world.nib.pk, doc["id"]}
    assert [d["id"] for d in client.get("/api/v1/documents?kind=halal").json()["items"]] == [doc["id"]]
    assert [d["id"] for d in client.get("/api/v1/documents?expiring=true").json()["items"]] == [doc["id"]]
    assert client.get(f"/api/v1/documents/{doc['id']}").json() == doc

    response = client.patch(f"/api/v1/documents/{doc['id']}", {"issuer": "BPJPH"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["issuer"] == "BPJPH"

    assert client.delete(f"/api/v1/documents/{doc['id']}").status_code == 204
    assert client.get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert client.get(f"/api/v1/businesses/{world.business.pk}").json()["has_halal"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "nib", "number": "12345"}, "number"),  # an NIB has 13 digits
        ({"kind": "nib", "number": "123456789012A"}, "number"),
        ({"kind": "nib", "number": "1234567890123"}, "number"),  # already registered
        ({"kind": "npwp", "number": "12"}, "number"),
        ({"kind": "visa", "number": "1"}, "kind"),
        ({"kind": "pirt", "number": "1", "issued_on": "2024-05-01", "expires_on": "2024-01-01"}, "expires_on"),
        ({"kind": "pirt", "number": "1", "issued_on": "01/05/2024"}, "issued_on"),
        ({"kind": "pirt"}, "number"),
    ],
)
def test_document_field_errors(world, client, body, field):
    response = client.post(f"/api/v1/businesses/{world.business.pk}/documents", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()


def test_bad_nib_message_in_english(world, client):
    response = client.post(
        f"/api/v1/businesses/{world.business.pk}/documents",
        {"kind": "nib", "number": "12345"},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.json()["errors"] == {"number": ["An NIB has exactly 13 digits (from OSS); got “12345”."]}
