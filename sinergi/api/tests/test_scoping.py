"""Region scoping on every endpoint: a Jember officer meets Kepahiang records as missing (404) and never lists
them; a viewer may read but not write (403); a business owner sees only their own."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.registry.models import AssociationMembership, BoardMember, Business, LegalDocument, Person

# (method, url template, body) — every endpoint that addresses one Kepahiang record.
RECORD_ENDPOINTS = [
    ("get", "/api/v1/persons/{owner}", None),
    ("patch", "/api/v1/persons/{owner}", {"name": "Diganti"}),
    ("get", "/api/v1/businesses/{business}", None),
    ("patch", "/api/v1/businesses/{business}", {"name": "Diganti"}),
    ("delete", "/api/v1/businesses/{business}", None),
    ("put", "/api/v1/businesses/{business}/years/2023", {"annual_sales": "100000000"}),
    ("get", "/api/v1/businesses/{business}/history", None),
    ("get", "/api/v1/businesses/{business}/documents", None),
    ("post", "/api/v1/businesses/{business}/documents", {"kind": "pirt", "number": "P-IRT 1"}),
    ("get", "/api/v1/documents/{nib}", None),
    ("patch", "/api/v1/documents/{nib}", {"issuer": "OSS"}),
    ("delete", "/api/v1/documents/{nib}", None),
    ("get", "/api/v1/associations/{association}", None),
    ("patch", "/api/v1/associations/{association}", {"name": "Diganti"}),
    ("get", "/api/v1/associations/{association}/board", None),
    ("post", "/api/v1/associations/{association}/board", {"person": "{owner}", "role": "Sekretaris"}),
    ("delete", "/api/v1/associations/{association}/board/{seat}", None),
    ("get", "/api/v1/associations/{association}/members", None),
    ("post", "/api/v1/associations/{association}/members", {"business": "{business}"}),
    ("delete", "/api/v1/associations/{association}/members/{business}", None),
]
WRITES = [e for e in RECORD_ENDPOINTS if e[0] != "get"]
LISTS = [
    ("/api/v1/persons", "owner"),
    ("/api/v1/businesses", "business"),
    ("/api/v1/documents", "nib"),
    ("/api/v1/associations", "association"),
]


def _ids(world) -> dict[str, int]:
    return {
        "owner": world.owner.pk,
        "business": world.business.pk,
        "nib": world.nib.pk,
        "association": world.association.pk,
        "seat": world.seat.pk,
    }


def _call(client, method: str, template: str, body, ids: dict[str, int]):
    url = template.format(**ids)
    if body is None:
        return getattr(client, method)(url)
    data = {k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    return getattr(client, method)(url, data, content_type="application/json")


def _state() -> tuple[list[Any], ...]:
    """Everything the write endpoints could change, to show that a refused call changed nothing."""
    return (
        list(Person.objects.order_by("pk").values_list("name", flat=True)),
        list(Business.objects.order_by("pk").values_list("name", "scale", flat=False)),
        list(LegalDocument.objects.order_by("pk").values_list("kind", "issuer")),
        list(BoardMember.objects.order_by("pk").values_list("pk", flat=True)),
        list(AssociationMembership.objects.order_by("pk").values_list("pk", flat=True)),
    )


@pytest.mark.parametrize(("method", "template", "body"), RECORD_ENDPOINTS)
def test_other_region_officer_gets_404(world, jember_officer, client_for, method, template, body):
    before = _state()
    response = _call(client_for(jember_officer), method, template, body, _ids(world))
    assert response.status_code == 404, response.content
    assert response.json() == {
        "type": "about:blank",
        "title": response.json()["title"],
        "status": 404,
        "detail": response.json()["detail"],
    }
    assert _state() == before


def test_out_of_scope_and_missing_are_indistinguishable(world, jember_officer, client_for):
    client = client_for(jember_officer)
    hidden = client.get(f"/api/v1/businesses/{world.business.pk}")
    missing = client.get("/api/v1/businesses/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


@pytest.mark.parametrize(("url", "hidden"), LISTS)
def test_other_region_officer_never_lists_them(world, jember_officer, client_for, url, hidden):
    listed = {item["id"] for item in client_for(jember_officer).get(url + "?limit=200").json()["items"]}
    assert _ids(world)[hidden] not in listed


def test_other_region_officer_search_and_filters_hide_them(world, jember_officer, client_for):
    client = client_for(jember_officer)
    for query in ["q=kopi", "region=17.08", "cluster=kopi", "has_nib=true", "with_total=true&region=17"]:
        body = client.get(f"/api/v1/businesses?{query}").json()
        assert body["items"] == [], query
    assert client.get("/api/v1/businesses?with_total=true").json()["total"] == 1


@pytest.mark.parametrize(("method", "template", "body"), WRITES)
def test_viewer_gets_403_on_writes(world, kepahiang_viewer, client_for, method, template, body):
    before = _state()
    response = _call(client_for(kepahiang_viewer), method, template, body, _ids(world))
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]
    assert _state() == before


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/persons", {"name": "Ani", "desa": "{desa}"}),
        ("/api/v1/businesses", {"name": "Toko Ani", "desa": "{desa}"}),
        ("/api/v1/associations", {"name": "Asosiasi Baru", "region": "17.08"}),
    ],
)
def test_viewer_gets_403_on_create(world, kepahiang_viewer, kepahiang_desa, client_for, url, body):
    data = {k: v.format(desa=kepahiang_desa) for k, v in body.items()}
    response = client_for(kepahiang_viewer).post(url, data, content_type="application/json")
    assert response.status_code == 403, response.content


def test_viewer_reads(world, kepahiang_viewer, client_for):
    client = client_for(kepahiang_viewer)
    assert client.get(f"/api/v1/businesses/{world.business.pk}").status_code == 200
    assert [b["id"] for b in client.get("/api/v1/businesses").json()["items"]] == [world.business.pk]


def test_officer_may_not_create_in_another_region(world, jember_officer, kepahiang_desa, client_for):
    response = client_for(jember_officer).post(
        "/api/v1/businesses", {"name": "Toko", "desa": kepahiang_desa}, content_type="application/json"
    )
    assert response.status_code == 403


def test_province_officer_sees_the_whole_province(world, bengkulu_officer, client_for):
    ids = [b["id"] for b in client_for(bengkulu_officer).get("/api/v1/businesses").json()["items"]]
    assert ids == [world.business.pk]


def test_owner_sees_only_their_own(world, owner_user, client_for, kepahiang_officer, kepahiang_desa):
    from sinergi.registry import services

    other = services.business_create(actor=kepahiang_officer, data={"name": "Warung Lain", "desa_id": kepahiang_desa})
    client = client_for(owner_user)
    assert [b["id"] for b in client.get("/api/v1/businesses").json()["items"]] == [world.business.pk]
    assert client.get(f"/api/v1/businesses/{world.business.pk}").status_code == 200
    assert client.get(f"/api/v1/businesses/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/businesses/{world.jember_business.pk}").status_code == 404
    assert [p["id"] for p in client.get("/api/v1/persons").json()["items"]] == [world.owner.pk]
    # The owner may correct their own business and its figures, but not delete it.
    assert (
        client.patch(
            f"/api/v1/businesses/{world.business.pk}", {"address": "Jl. Kopi 1"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert client.delete(f"/api/v1/businesses/{world.business.pk}").status_code == 403
