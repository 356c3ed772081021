"""The OpenAPI document tells the truth: one schema per component name, problem JSON declared on every operation,
and date inputs that accept only the dates the document promises (YYYY-MM-DD)."""

from __future__ import annotations

import re
import types
import typing
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from sinergi.api_root import api
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.programs.tests.factories import person, program

PROBLEM = "application/problem+json"


def _models_in(annotation: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models_in(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, found)
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            _models_in(arg, found)


def _component_name(model: type[BaseModel]) -> str:
    # How pydantic names a model's definition: "Page[ImportOut]" becomes "Page_ImportOut_".
    return re.sub(r"[^a-zA-Z0-9.\-_]", "_", model.__name__)


def _operation_models() -> set[type[BaseModel]]:
    """Every schema reachable from an operation's inputs and responses (not ninja's own per-operation wrappers)."""
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for wrapper in [*operation.models, *operation.response_models.values()]:
                    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
                        for field in wrapper.model_fields.values():
                            _models_in(field.annotation, found)
    return found


def test_no_two_schemas_share_a_component_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in _operation_models():
        by_name[_component_name(model)].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(owners) for name, owners in by_name.items() if len(owners) > 1}
    assert not shared, f"component names used by more than one schema: {shared}"


def test_the_document_names_the_right_shape_for_imports_and_duplicates(db):
    doc = Client().get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]

    def shape(path: str, method: str, status: str) -> dict[str, Any]:
        content = doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
        found: dict[str, Any] = schemas[str(content["$ref"]).rsplit("/", 1)[-1]]
        return found

    def items(page: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = schemas[page["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]]
        return found

    assert {"id", "status"} <= set(shape("/api/v1/imports", "post", "201")["properties"])
    assert {"probability", "left", "right"} <= set(items(shape("/api/v1/duplicates", "get", "200"))["properties"])
    assert {"threshold", "counts"} <= set(shape("/api/v1/duplicates/runs", "post", "202")["properties"])
    eligibility = shape("/api/v1/programs/{program_id}/eligibility", "get", "200")
    assert {"passed", "failed"} <= set(
        schemas[eligibility["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]]["properties"]
    )


def test_every_operation_declares_problem_json(db):
    doc = Client().get("/api/v1/openapi.json").json()
    assert "Problem" in doc["components"]["schemas"]
    missing = []
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}
            if not errors or any(PROBLEM not in r.get("content", {}) for r in errors.values()):
                missing.append(f"{method.upper()} {path}")
                continue
            assert {"401", "422", "500"} <= set(errors), (method, path, sorted(errors))
            if method in {"post", "put", "patch"}:
                assert "413" in errors, (method, path)
    assert not missing, missing


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


@pytest.mark.parametrize("value", [0, 20250101, "0", "2025-1-1", "1/2/2025", "2025-01-01T00:00:00", True, "2025-02-30"])
def test_a_cooperative_officer_with_a_term_start_that_is_no_date_is_refused(
    client, kepahiang_officer, kepahiang_desa, value
):
    coop = cooperative_make(actor=kepahiang_officer, region_code="17.08")
    response = client.post(
        f"/api/v1/cooperatives/{coop.pk}/officers",
        {"person": person(kepahiang_desa).pk, "body": "pengurus", "role": "Ketua", "term_start": value},
        content_type="application/json",
    )
    assert response.status_code == 422, (value, response.content)
    assert response["Content-Type"] == PROBLEM
    assert list(response.json()["errors"]) == ["term_start"]


def test_a_cooperative_officer_with_an_iso_date_is_created(client, kepahiang_officer, kepahiang_desa):
    coop = cooperative_make(actor=kepahiang_officer, region_code="17.08")
    response = client.post(
        f"/api/v1/cooperatives/{coop.pk}/officers",
        {"person": person(kepahiang_desa).pk, "body": "pengurus", "role": "Ketua", "term_start": "2024-01-15"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["term_start"] == "2024-01-15"


@pytest.mark.parametrize("value", ["0", "20250101", "1735689600", "2025-13-01", "kemarin"])
def test_eligibility_as_of_that_is_no_date_is_refused(client, kepahiang_officer, value):
    draft = program(kepahiang_officer)
    response = client.get(f"/api/v1/programs/{draft.pk}/eligibility", {"as_of": value})
    assert response.status_code == 422, (value, response.content)
    assert list(response.json()["errors"]) == ["as_of"]


def test_eligibility_as_of_an_iso_date_is_used(client, kepahiang_officer):
    draft = program(kepahiang_officer)
    response = client.get(f"/api/v1/programs/{draft.pk}/eligibility", {"as_of": "2025-03-01"})
    assert response.status_code == 200, response.content
    assert response.json()["as_of"] == "2025-03-01"
