"""Sweeping the app: each page and operation called as every role in every scope, read as a policy string."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sinergi.api.docs import ASSETS
from tests.security.calls import api_client, call, page_client
from tests.security.matrix import BODIES, PAGE_PK, PAGE_PK_PREFIX, PARAMS, PATH_PARAMS, ROLES, RUN_ID
from tests.security.routes import Route, fill
from tests.security.world import World

PAGE_METHODS = ("get", "post")


def scope_ids(world: World, scope: str, role: str) -> dict[str, Any]:
    """The records of a scope as a role calls them: in its own scope, its own user's records (world.mine) first."""
    ids = world.ids[scope]
    if scope == "own" and role in world.mine:
        return {**ids, **world.mine[role]}
    return ids


def page_values(route: Route, world: World, scope: str, role: str = "kabupaten") -> dict[str, Any] | None:
    """The URL parameters of a page in a scope; None if the page names no record."""
    names = [p.split(":")[-1] for p in _params(route.pattern)]
    if not names:
        return None
    ids = scope_ids(world, scope, role)
    values: dict[str, Any] = {}
    for name in names:
        if name == "pk":
            key = PAGE_PK.get(route.name.split(":")[-1]) or next(
                v for k, v in PAGE_PK_PREFIX.items() if route.pattern.startswith(k)
            )
            values[name] = ids[key]
        elif name == "name":
            values[name] = sorted(ASSETS)[0]
        else:
            values[name] = ids[PARAMS[name]]
    return values


def _params(pattern: str) -> list[str]:
    import re

    return re.findall(r"<([\w:]+)>", pattern)


def api_values(path: str, world: World, scope: str, role: str = "kabupaten") -> dict[str, Any] | None:
    import re

    names = re.findall(r"\{(\w+)\}", path)
    if not names:
        return None
    ids = scope_ids(world, scope, role)
    params = next((p for prefix, p in PATH_PARAMS.items() if path.startswith(prefix)), {})
    return {n: ids[RUN_ID.get(path, "selection_run") if n == "run_id" else params.get(n) or PARAMS[n]] for n in names}


def body_for(key: str, world: World, scope: str | None) -> dict[str, Any] | None:
    """The operation's body (matrix.BODIES) with its "{record}" values taken from the scope."""
    template = BODIES.get(key)
    if template is None:
        return None
    ids = world.ids[scope or "own"]

    def value(v: Any) -> Any:
        if isinstance(v, str) and v.startswith("{") and v.endswith("}"):
            return ids[v[1:-1]]
        return v

    return {k: value(v) for k, v in template.items()}


def names_record(key: str) -> bool:
    return any(isinstance(v, str) and v.startswith("{") for v in BODIES.get(key, {}).values())


def observe(
    world: World, clients: dict[str, Client], method: str, url_for: Any, *, api: bool, key: str = "", scoped: bool
) -> str:
    """The policy string the app answers with: one outcome (or own/other pair) per role."""
    parts = []
    for role in ROLES:
        if not scoped:
            parts.append(call(clients[role], method, url_for(None, role), api=api, body=body_for(key, world, None)))
        else:
            parts.append(
                "".join(
                    call(clients[role], method, url_for(scope, role), api=api, body=body_for(key, world, scope))
                    for scope in ("own", "other")
                )
            )
    return " ".join(parts)


def observe_page(world: World, clients: dict[str, Client], route: Route, method: str) -> str:
    def url_for(scope: str | None, role: str) -> str | None:
        if scope is None:
            return fill(route.pattern, {})
        values = page_values(route, world, scope, role)
        return None if values is None else fill(route.pattern, values)

    return observe(world, clients, method, url_for, api=False, scoped=url_for("own", "kabupaten") is not None)


def observe_operation(world: World, clients: dict[str, Client], key: str) -> str:
    method, path = key.split(" ", 1)

    def url_for(scope: str | None, role: str) -> str | None:
        values = api_values(path, world, scope, role) if scope else None
        return path if values is None else fill(path, values)

    scoped = api_values(path, world, "own") is not None or names_record(key)
    return observe(world, clients, method.lower(), url_for, api=True, key=key, scoped=scoped)


def clients_for(world: World, *, api: bool) -> dict[str, Client]:
    make = api_client if api else page_client
    return {role: make(world, role) for role in ROLES}
