"""Every page (from the URL resolver) and every API operation (from the OpenAPI document), and how to call it.

The permission matrix (matrix.py) keys its rows by what this module enumerates, so a new URL pattern or a new
operation without a row fails tests/security/test_matrix.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "api/v1/"
ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class Route:
    name: str  # the URL name (namespaced), the row's key
    pattern: str  # the route as the resolver holds it, e.g. "usaha/<int:pk>/"


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Route(name=name, pattern=prefix + str(entry.pattern))


def all_routes() -> list[Route]:
    return list(_walk(get_resolver()))


def page_routes() -> list[Route]:
    """The site's own pages: everything but the admin (one row covers it) and the API's operations."""
    return [r for r in all_routes() if not r.pattern.startswith(ADMIN_PREFIX)]


def admin_routes() -> list[Route]:
    return [r for r in all_routes() if r.pattern.startswith(ADMIN_PREFIX)]


def api_operations(schema: dict[str, Any]) -> list[str]:
    """ "METHOD /api/v1/path" for every operation in the OpenAPI document."""
    methods = {"get", "post", "put", "patch", "delete"}
    return sorted(f"{m.upper()} {path}" for path, item in schema["paths"].items() for m in item if m in methods)


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def openapi_path(pattern: str) -> str:
    """The OpenAPI form of a resolver route: "api/v1/persons/<person_id>" → "/api/v1/persons/{person_id}"."""
    return "/" + _PARAM.sub(r"{\1}", pattern)


def fill(pattern: str, values: dict[str, Any]) -> str:
    """A resolver route or an OpenAPI path with its parameters replaced by values."""
    url = _PARAM.sub(lambda m: str(values[m.group(1)]), pattern)
    url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), url)
    return url if url.startswith("/") else "/" + url
