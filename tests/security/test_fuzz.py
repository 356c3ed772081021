"""A bounded schemathesis run over the whole API as two roles: an editor of Kepahiang and its read-only viewer.

Every operation of the OpenAPI document gets up to EXAMPLES generated requests (valid by the schema; a fixed,
derandomised draw so a run repeats), each sent to the Django app in this process and rolled back after. A case
fails on a server error (5xx), a status the operation does not declare, a content type it does not declare, or a
body that does not match the declared schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sinergi.api_root import api
from tests.security.world import World, build_world

EXAMPLES = 20
ROLES = ("kabupaten", "viewer")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema() -> Any:
    config = SchemathesisConfig()
    project = config.projects.default
    project.generation.update(
        modes=[GenerationMode.POSITIVE], max_examples=EXAMPLES, deterministic=True, no_shrink=True
    )
    project.phases.update(phases=["examples", "fuzzing"])
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    # The real WSGI handler closes the connection when a request ends; the test's transaction lives on it, so
    # keep it open as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield from _world(django_db_blocker, tmp_path_factory)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _world(django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        try:
            with transaction.atomic():
                yield build_world()
                raise _Rollback
        except _Rollback:
            pass


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as first found
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case, role, world):
    headers = {"Authorization": f"Bearer {world.tokens[role]}", "Accept-Language": "en"}
    try:
        with transaction.atomic():
            case.call_and_validate(headers=headers, checks=CHECKS)
            raise _Rollback
    except _Rollback:
        pass
