"""Businesses through the API as a client uses them: register, read, correct, figures, history, delete."""

from __future__ import annotations

import pytest

from conftest import village
from sinergi.registry import services
from sinergi.registry.models import Business


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def test_business_lifecycle(world, client, kepahiang_desa):
    response = client.post(
        "/api/v1/businesses",
        {
            "name": "  Keripik   Pisang Bu Siti ",
            "owner": world.owner.pk,
            "desa": kepahiang_desa,
            "cluster": "kuliner",
            "kbli": "10794",
            "latitude": "-3.6435",
            "longitude": "102.5821",
            "workforce": 4,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "Keripik Pisang Bu Siti"
    assert created["owner"] == {"id": world.owner.pk, "name": "Siti Aminah"}
    assert created["desa"]["code"] == kepahiang_desa
    assert created["cluster"] == {"slug": "kuliner", "name": "Kuliner / pangan olahan"}
    assert created["latitude"] == "-3.643500"
    assert created["years"] == []
    assert created["documents"] == []
    pk = created["id"]

    response = client.put(
        f"/api/v1/businesses/{pk}/years/2024",
        {"modal_usaha": "750000000", "annual_sales": "2500000000.5", "workforce": 6},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "year": 2024,
        "modal_usaha": "750000000.00",
        "annual_sales": "2500000000.50",
        "workforce": 6,
        "scale": "kecil",
        "scale_rule": "PP 7/2021 Pasal 35",
    }
    # Correcting the same year replaces it.
    client.put(f"/api/v1/businesses/{pk}/years/2024", {"annual_sales": "1000000"}, content_type="application/json")

    detail = client.get(f"/api/v1/businesses/{pk}").json()
    assert detail["scale"] == "mikro"
    assert [(y["year"], y["annual_sales"], y["modal_usaha"]) for y in detail["years"]] == [(2024, "1000000.00", None)]

    response = client.patch(
        f"/api/v1/businesses/{pk}", {"name": "Keripik Bu Siti", "cluster": None}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Keripik Bu Siti"
    assert response.json()["cluster"] is None
    assert response.json()["kbli"] == "10794"  # untouched by the partial update

    history = client.get(f"/api/v1/businesses/{pk}/history").json()["items"]
    assert [(h["record_type"], h["action"], h["source"]) for h in history][-1] == ("business", "create", "api")
    assert {h["actor"] for h in history} == {"kepahiang"}
    assert history[0]["after"]["name"] == "Keripik Bu Siti"

    assert client.delete(f"/api/v1/businesses/{pk}").status_code == 204
    assert client.get(f"/api/v1/businesses/{pk}").status_code == 404
    assert not Business.objects.filter(pk=pk).exists()


def test_detail_lists_years_and_documents(world, client):
    detail = client.get(f"/api/v1/businesses/{world.business.pk}").json()
    assert detail["has_nib"] is True
    assert detail["years"][0]["modal_usaha"] == "50000000.00"
    assert detail["years"][0]["annual_sales"] == "150000000.50"
    assert detail["documents"][0]["kind"] == "nib"
    assert detail["documents"][0]["state"] == "valid"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Kopi Kabawetan", "Batik Besurek", "Warung Tanpa Izin"}),
        ("q=kopi", {"Kopi Kabawetan"}),
        ("q=siti", {"Kopi Kabawetan"}),  # the owner's name is searched too
        ("region=17.08.01", {"Kopi Kabawetan"}),
        ("region=1708", {"Kopi Kabawetan", "Batik Besurek", "Warung Tanpa Izin"}),
        ("cluster=batik", {"Batik Besurek"}),
        ("scale=mikro", {"Kopi Kabawetan"}),
        ("has_nib=true", {"Kopi Kabawetan"}),
        ("has_nib=false", {"Batik Besurek", "Warung Tanpa Izin"}),
        ("has_halal=true", {"Batik Besurek"}),
        ("expiring=true", {"Batik Besurek"}),
        ("q=&region=&cluster=&scale=&has_nib=&limit=", {"Kopi Kabawetan", "Batik Besurek", "Warung Tanpa Izin"}),
    ],
)
def test_list_filters(world, client, kepahiang_officer, clusters, query, expected):
    from datetime import timedelta

    from django.utils import timezone

    batik = services.business_create(
        actor=kepahiang_officer,
        data={"name": "Batik Besurek", "desa_id": village("17.08.02"), "cluster_id": clusters["batik"].pk},
    )
    services.legal_document_create(
        actor=kepahiang_officer,
        business=batik,
        data={"kind": "halal", "number": "ID-123", "expires_on": timezone.localdate() + timedelta(days=30)},
    )
    services.business_create(
        actor=kepahiang_officer, data={"name": "Warung Tanpa Izin", "desa_id": village("17.08.03")}
    )
    items = client.get(f"/api/v1/businesses?{query}").json()["items"]
    assert {i["name"] for i in items} == expected


def test_list_query_count_does_not_grow_with_rows(
    world, client, kepahiang_officer, clusters, django_assert_max_num_queries
):
    owners = [
        services.person_create(actor=kepahiang_officer, data={"name": f"Pemilik {i}", "desa_id": village("17.08", i)})
        for i in range(5)
    ]
    for i in range(40):
        services.business_create(
            actor=kepahiang_officer,
            data={
                "name": f"Usaha {i:02d}",
                "owner_id": owners[i % 5].pk,
                "desa_id": village("17.08", i % 7),
                "cluster_id": list(clusters.values())[i % 5].pk,
            },
        )
    client.get("/api/v1/businesses")  # the token's first use records last_used_at; not part of the steady state
    # token, the user's regions, the page (owner, desa and cluster joined), the count
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/businesses?limit=200&with_total=true").json()
    assert body["total"] == 41
    assert len(body["items"]) == 41


def test_unknown_cluster_and_hidden_owner_are_field_errors(world, client, kepahiang_desa):
    response = client.post(
        "/api/v1/businesses",
        {"name": "X", "desa": kepahiang_desa, "cluster": "nope", "owner": world.jember_person.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"owner"}
    response = client.post(
        "/api/v1/businesses", {"name": "X", "desa": kepahiang_desa, "cluster": "nope"}, content_type="application/json"
    )
    assert response.json()["errors"] == {"cluster": ["Unknown cluster."]}


def test_year_errors(world, client):
    url = f"/api/v1/businesses/{world.business.pk}/years/1900"
    response = client.put(url, {"annual_sales": "-5"}, content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"year", "annual_sales"}
    response = client.put(
        f"/api/v1/businesses/{world.business.pk}/years/2024", {"annual_sales": "1.234"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"annual_sales"}


def test_the_founding_date_is_written_and_read_and_a_future_one_refused(client, kepahiang_desa):
    response = client.post(
        "/api/v1/businesses",
        {"name": "Tenun Rejang", "desa": kepahiang_desa, "founded_on": "1996-09-14"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["founded_on"], response.json()["extra"]) == ("1996-09-14", {})
    response = client.patch(
        f"/api/v1/businesses/{response.json()['id']}", {"founded_on": "2999-01-01"}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "founded_on" in response.content.decode()
