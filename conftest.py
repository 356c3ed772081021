"""Fixtures shared by every test: the seed regions, users of each role, a cluster."""

from __future__ import annotations

import functools

import pytest
from django.conf import settings
from django.utils import translation

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.regions.models import Region
from sinergi.regions.seed import seed_rows
from sinergi.regions.services import RegionRow, regions_load
from sinergi.registry.models import Cluster
from sinergi.registry.services import clusters_ensure_defaults

# The contract bases (imported by the apps' tests) get pytest's detailed assertion messages.
pytest.register_assert_rewrite("sinergi.core.testing")

PASSWORD = "rahasia-uji-123"  # test-only password; never used outside the test database


@pytest.fixture(autouse=True)
def _english_in_tests():
    """Tests read English messages; the Indonesian default has its own tests (tests/test_language.py)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_login_counters():
    """Each test starts with no sign-in attempts counted (accounts.throttle keeps them in the cache)."""
    from django.core.cache import cache

    cache.clear()
    return


@pytest.fixture
def client(client):
    """The page client of pytest-django, with English chosen through the language switch's cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@functools.cache
def _seed_rows() -> tuple[RegionRow, ...]:
    return tuple(seed_rows())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed regions once per test database; each test's transaction then rolls back over them."""
    with django_db_blocker.unblock():
        regions_load(actor=system_actor(), rows=_seed_rows(), source="test")


@pytest.fixture
def regions(db):
    """The provinces and the seed kabupaten (Kepahiang, Mataram, Tojo Una-Una, Maluku Tenggara, Jember).

    Tests that flush the database (transactional ones, such as the browser tests) load them again."""
    if not Region.objects.filter(code="35.09").exists():
        regions_load(actor=system_actor(), rows=_seed_rows(), source="test")


@pytest.fixture
def system(db) -> User:
    return system_actor()


@pytest.fixture
def clusters(regions, system) -> dict[str, Cluster]:
    clusters_ensure_defaults(actor=system)
    return {c.slug: c for c in Cluster.objects.all()}


def village(prefix: str, index: int = 0) -> str:
    """The code of the index-th village (desa/kelurahan) under a region code, in code order."""
    return Region.objects.filter(code__startswith=prefix + ".", level=4).order_by("code")[index].code


@pytest.fixture
def kepahiang_desa(regions) -> str:
    return village("17.08")


@pytest.fixture
def jember_desa(regions) -> str:
    return village("35.09")


def _user(username: str, role: str, codes: list[str], **extra) -> User:
    return user_create(
        actor=system_actor(), username=username, password=PASSWORD, role=role, region_codes=codes, **extra
    )


@pytest.fixture
def admin_user(regions) -> User:
    return _user("admin", Role.ADMIN, [])


@pytest.fixture
def kepahiang_officer(regions) -> User:
    return _user("kepahiang", Role.KABUPATEN, ["17.08"])


@pytest.fixture
def jember_officer(regions) -> User:
    return _user("jember", Role.KABUPATEN, ["35.09"])


@pytest.fixture
def bengkulu_officer(regions) -> User:
    return _user("bengkulu", Role.PROVINCE, ["17"])


@pytest.fixture
def kepahiang_viewer(regions) -> User:
    return _user("pemantau", Role.VIEWER, ["17.08"])


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploads kept for jobs land in a folder of the test run, never in the laptop's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
