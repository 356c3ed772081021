"""The OpenAPI document and the docs page, which must work with no internet."""

from __future__ import annotations

import re

from django.test import Client


def test_openapi_lists_the_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    paths = doc["paths"]
    for path in [
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/businesses",
        "/api/v1/businesses/{business_id}",
        "/api/v1/businesses/{business_id}/years/{year}",
        "/api/v1/businesses/{business_id}/history",
        "/api/v1/businesses/{business_id}/documents",
        "/api/v1/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/associations",
        "/api/v1/associations/{association_id}",
        "/api/v1/associations/{association_id}/board",
        "/api/v1/associations/{association_id}/board/{seat_id}",
        "/api/v1/associations/{association_id}/members",
        "/api/v1/associations/{association_id}/members/{business_id}",
    ]:
        assert path in paths, path
    params = {p["name"] for p in paths["/api/v1/businesses"]["get"]["parameters"]}
    assert {"q", "region", "cluster", "scale", "has_nib", "has_halal", "expiring", "limit", "cursor"} <= params
    assert "with_total" in params
    assert "offset" not in params
    assert "cursor" in paths["/api/v1/businesses"]["get"]["description"]
    schemes = doc["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "422" in paths["/api/v1/businesses"]["post"]["responses"]


def test_docs_page_uses_only_local_assets(db):
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs)
    assert any(r.endswith("swagger-ui.css") for r in refs)
    for ref in refs:
        assert ref.startswith("/"), ref
        assert not ref.startswith("//"), ref
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert asset.getvalue(), ref
    assert "cdn" not in html.lower()
    assert "http://" not in html
    assert "https://" not in html


def test_docs_assets_are_a_fixed_list(db):
    assert Client().get("/api/v1/docs/assets/..%2F..%2Fmain.py").status_code == 404
    assert Client().get("/api/v1/docs/assets/redoc.standalone.js.map").status_code == 404
