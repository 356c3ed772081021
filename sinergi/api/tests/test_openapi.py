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


def test_the_openapi_document_is_built_once_per_language(db, monkeypatch):
    from ninja.openapi import schema as ninja_schema

    from sinergi.api_root import api

    api._schemas.clear()
    built: list[str] = []
    real = ninja_schema.get_schema

    def counting(**kwargs):
        built.append(kwargs["path_prefix"])
        return real(**kwargs)

    monkeypatch.setattr("ninja.main.get_schema", counting)
    client = Client()
    first = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="id")
    again = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="id")
    english = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == again.status_code == english.status_code == 200
    assert first.json() == again.json()
    assert len(built) == 2  # one for Indonesian, one for English; the repeat is served from memory


def test_docs_assets_are_gzipped_and_cached_by_the_browser(db):
    import gzip

    client = Client()
    plain = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    packed = client.get("/api/v1/docs/assets/swagger-ui-bundle.js", HTTP_ACCEPT_ENCODING="gzip, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) * 2 < len(plain.content)
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"]
    assert "max-age" in packed["Cache-Control"]
    unchanged = client.get("/api/v1/docs/assets/swagger-ui-bundle.js", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert unchanged.status_code == 304
