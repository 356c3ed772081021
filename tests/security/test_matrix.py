"""The permission matrix asserted against the app: every page and API operation, every role, own region, other
region and no record (tests/security/matrix.py holds the expected outcomes and says how to read them).

A URL pattern or an OpenAPI operation without a row fails here, so a new endpoint cannot land without its
permissions written down. The world (two kabupaten, a user of each role) is made once for the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from sinergi.api_root import api
from tests.security import matrix
from tests.security.calls import api_client, call, page_client
from tests.security.routes import API_PREFIX, Route, admin_routes, api_operations, openapi_path, page_routes
from tests.security.sweep import clients_for, observe_operation, observe_page
from tests.security.world import World, build_world

# Records anyone signed in may read in any region: the Kemendagri region list and the API docs' own files.
PUBLIC_RECORDS = {"GET /api/v1/regions/{code}", "api:docs-asset get"}
# A forum's public page (what the office heard there), in any region, signed in or not.
PUBLIC_RECORDS |= {"aspiration_public_forum get", "aspiration_public_forum post"}
PUBLIC_RECORDS |= {"GET /api/v1/public/aspiration-forums/{pk}"}
# Open data (Satu Data): a published dataset, its files and the CKAN action API, for anyone in any region.
PUBLIC_RECORDS |= {
    f"{name} {m}"
    for name in ("opendata_public_detail", "opendata_download", "ckan_action", "ckan_action_unversioned")
    for m in ("get", "post")
}
# The market's public pages, in any region: a listed product, its order link and its business's storefront (404
# until listed; the world lists a craft in each region).
PUBLIC_RECORDS |= {
    f"{name} {m}"
    for name in ("market_public_product", "market_order_whatsapp", "market_public_storefront")
    for m in ("get", "post")
}
# An aspiration's public status by its code, in any region (the code is the key; a secret one shows no details).
PUBLIC_RECORDS |= {"GET /api/v1/public/aspirations/{code}"}
# Pages for the public, signed in or not: a selection run's published report (404 until it is published).
PUBLIC_PAGES = PUBLIC_RECORDS | {"program_public_report get", "program_public_report post"}
PUBLIC_PAGES |= {"GET /api/v1/programs/{program_id}/report", "api:docs-asset post"}


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media_root):
    """Every call reads the world's own media folder (its work-program evidence), not a fresh one per test."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root) -> Iterator[World]:
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        try:
            with transaction.atomic():
                yield build_world()
                raise _Rollback
        except _Rollback:
            pass


def _schema() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="/" + API_PREFIX)


def _pages() -> list[Route]:
    """Pages with a row in PAGES: every route but the admin's and those that are API operations."""
    operation_paths = set(_schema()["paths"])
    routes = [r for r in page_routes() if openapi_path(r.pattern) not in operation_paths]
    return sorted(routes, key=lambda r: r.name == "logout")  # signing out last keeps the others' sessions


def test_every_page_has_a_row():
    names = [r.name for r in _pages()]
    assert len(names) == len(set(names)), "two URL patterns share a name; the matrix keys rows by name"
    assert sorted(set(names) - set(matrix.PAGES)) == [], "pages without a row in tests/security/matrix.py"
    assert sorted(set(matrix.PAGES) - set(names)) == [], "rows for pages that no longer exist"


def test_every_operation_has_a_row():
    operations = api_operations(_schema())
    assert sorted(set(operations) - set(matrix.OPERATIONS)) == [], "operations without a row in matrix.py"
    assert sorted(set(matrix.OPERATIONS) - set(operations)) == [], "rows for operations that no longer exist"


def test_every_api_route_is_documented_or_a_page():
    """A route under the API's prefix is an OpenAPI operation, or it is a page with its own row."""
    paths = set(_schema()["paths"])
    pages = set(matrix.PAGES)
    for route in page_routes():
        if route.pattern.startswith(API_PREFIX):
            assert openapi_path(route.pattern) in paths or route.name in pages, route


def test_the_matrix_lets_no_one_into_another_region():
    """The table itself: no role but the administrator is allowed a record of the other region."""
    rows = {f"{name} {m}": p for name, d in matrix.PAGES.items() for m, p in d.items()} | matrix.OPERATIONS
    for key, policy in rows.items():
        parts = policy.split()
        assert len(parts) == len(matrix.ROLES), key
        if len(parts[0]) != 2 or key in PUBLIC_RECORDS:
            continue
        for role, pair in zip(matrix.ROLES, parts, strict=True):
            if role != "admin":
                assert pair[1] not in "oE", f"{key}: {role} is let into the other region ({pair})"
        for role, pair in zip(matrix.ROLES, parts, strict=True):
            if role == "anonymous" and key not in PUBLIC_PAGES:
                assert pair == "LL", f"{key}: anonymous is not sent to sign in ({pair})"


PAGE_NAMES = sorted(matrix.PAGES, key=lambda n: n == "logout")


@pytest.fixture(scope="module")
def page_clients(world, django_db_blocker) -> dict[str, Client]:
    """One signed-in client per role for the whole module (each call's savepoint keeps its session as it was)."""
    with django_db_blocker.unblock():
        return clients_for(world, api=False)


@pytest.fixture(scope="module")
def api_clients(world) -> dict[str, Client]:
    return clients_for(world, api=True)


@pytest.fixture(scope="module")
def pages() -> dict[str, Route]:
    return {r.name: r for r in _pages()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page(world, page_clients, pages, name):
    seen = {method: observe_page(world, page_clients, pages[name], method) for method in matrix.PAGES[name]}
    assert seen == matrix.PAGES[name]


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(matrix.OPERATIONS))
def test_operation(world, api_clients, key):
    assert observe_operation(world, api_clients, key) == matrix.OPERATIONS[key]


@pytest.mark.django_db
def test_admin_is_for_superusers_only(world):
    """The Django admin (one row for all its routes, tried on its index, a list and a record of the other
    region): the system administrator gets in; every other role is sent to the admin's sign-in."""
    assert admin_routes(), "the admin site is mounted"
    other = world.ids["other"]["business"]
    urls = ["/admin/", "/admin/registry/business/", f"/admin/registry/business/{other}/change/"]
    for role in matrix.ROLES:
        expected = "o" if role == "admin" else "L"
        assert [call(page_client(world, role), "get", url, api=False) for url in urls] == [expected] * 3, role


@pytest.mark.django_db
def test_api_tokens_do_not_open_pages(world, django_db_blocker):
    """A bearer token is for the API only: with it alone, a page still asks to sign in."""
    with django_db_blocker.unblock():
        client = api_client(world, "kabupaten")
        assert call(client, "get", "/usaha/", api=False) == "L"
