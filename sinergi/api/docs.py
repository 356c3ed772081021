"""The interactive API docs, served without a CDN, and the OpenAPI document built once per process.

Ninja renders Swagger UI from a CDN unless "ninja" is in INSTALLED_APPS. Offices work offline, so the
page here is our own template whose script and stylesheet are the Swagger UI files that ship inside the
installed django-ninja package, served by a route of this API: gzipped once in memory (the 1.5 MB script
is 0.4 MB on the wire) and cached by the browser, so the page is usable on a slow link.

Ninja builds the OpenAPI document (~330 KB, about a second) on every request for it; ``SinergiAPI`` keeps
the document per path prefix and language (its descriptions are translated), since routes do not change
while a process runs. Before it is kept, ``declare_problems`` declares the problem JSON answers every
operation may give (sinergi/api/errors.py), so clients and schema fuzzers know them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import threading
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any

import ninja
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.types import DictStrAny

from sinergi.api.errors import PROBLEM_CONTENT_TYPE, Problem

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png", "favicon.svg"})


class LocalSwagger(Swagger):
    """Swagger UI whose assets come from this server."""

    template = "sinergi_api/swagger.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        namespace = api.urls_namespace

        def asset(name: str) -> str:
            return reverse(f"{namespace}:docs-asset", kwargs={**kwargs, "name": name})

        context = {
            "api": api,
            "swagger_settings": json.dumps(settings, indent=1),
            # The session is one way in, so "Try it out" must send the CSRF token the session requires.
            "add_csrf": True,
            "assets": {name.replace("-", "_").replace(".", "_"): asset(name) for name in ASSETS},
        }
        return render(request, self.template, context)


class SinergiAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document is built once per process, path prefix and language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str | None, str | None, str], OpenAPISchema] = {}
        self._schemas_lock = threading.Lock()

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        key = (path_prefix, json.dumps(path_params or {}, sort_keys=True), get_language() or "")
        found = self._schemas.get(key)
        if found is None:
            with self._schemas_lock:
                found = self._schemas.get(key)
                if found is None:
                    found = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
                    declare_problems(found)
                    self._schemas[key] = found
        return found


# What any operation may answer besides its success: a malformed request, no or a wrong sign-in, a record outside
# the caller's regions, invalid fields, a server error; and for writes a conflict or a body over the upload limit.
PROBLEM_STATUSES = (400, 401, 403, 404, 422, 500)
WRITE_PROBLEM_STATUSES = (409, 413)
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def declare_problems(schema: dict[str, Any]) -> None:
    """Every error answer of every operation as ``application/problem+json`` with the Problem schema.

    Errors an operation declared itself (through ``errors.responses``) keep their status and get the problem
    content type; the statuses every operation can give are added. 401 only where the operation needs sign-in."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
    content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            # Ninja keys the statuses by number; JSON (and so every client) by string.
            responses = {str(status): response for status, response in operation.get("responses", {}).items()}
            operation["responses"] = responses
            statuses = list(PROBLEM_STATUSES)
            if method in WRITE_METHODS:
                statuses += WRITE_PROBLEM_STATUSES
            if not operation.get("security"):
                statuses.remove(401)
            for code in statuses:
                responses.setdefault(str(code), {})
            for key, response in responses.items():
                if key.isdigit() and int(key) >= 400:
                    if response.get("description") in {None, "", "Error"}:  # ninja's default text says nothing
                        response["description"] = HTTPStatus(int(key)).phrase
                    response["content"] = content


@cache
def _asset(name: str) -> tuple[bytes, bytes, str]:
    """An asset's bytes, the same gzipped, and an ETag of its content."""
    raw = (ASSET_DIR / name).read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0), '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'


def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    """One of the Swagger UI files bundled with django-ninja; a fixed list, so no path can escape it."""
    if name not in ASSETS:
        raise Http404(name)
    raw, packed, etag = _asset(name)
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(packed if accepts_gzip else raw, content_type=content_type)
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=604800"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
