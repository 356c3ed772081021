"""The notifications list and API on the house contracts: a user sees only their own."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.testing import ApiContract, PageContract
from sinergi.notifications import services


def _make(request: pytest.FixtureRequest, index: int) -> Any:
    user = request.getfixturevalue("kepahiang_officer")
    return services.notify(user=user, text=f"Pengingat nomor {index}", url="/", key=f"contract:{index}")


class TestNotificationPages(PageContract):
    list_url = "notification_list"
    filter_hit = {"unread": "on"}

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _make(request, index)

    def shown_as(self, obj: Any) -> str:
        return obj.text


class TestNotificationApi(ApiContract):
    list_path = "/api/v1/notifications"
    detail_path = "/api/v1/notifications/{pk}"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _make(request, index)
