"""The list of merges held to the generic page contract (sinergi.core.testing): region scope, sign-in, no N+1.
The review queue is a workflow of cards, not a list of rows; its pages have their own tests."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.testing import PageContract
from sinergi.registry import services
from sinergi.registry.models import MergeKind
from sinergi.registry.services.merges import records_merge


class TestMergePages(PageContract):
    list_url = "merge_list"
    list_queries = 10

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        officer = request.getfixturevalue("kepahiang_officer")
        desa = request.getfixturevalue("kepahiang_desa")
        kept, twin = (
            services.person_create(actor=officer, data={"name": f"Siti Aminah {index}{suffix}", "desa_id": desa})
            for suffix in ("", " (ganda)")
        )
        return records_merge(actor=officer, kind=MergeKind.PERSON, survivor_id=kept.pk, duplicate_id=twin.pk)

    def shown_as(self, obj: Any) -> str:
        return f"#{obj.merged_id}"
