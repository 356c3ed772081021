"""The aspiration pages and API held to the generic contract (sinergi.core.testing): aspirations (list with
filter and export, detail with its tabs, create, edit), forums (list, detail, create, edit), and the API list,
detail and create."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sinergi.aspirations import services
from sinergi.aspirations.models import Aspiration, Forum
from sinergi.core.testing import ApiCreateContract, CreateContract, EditContract
from sinergi.regions.models import Region


def _aspiration(request: pytest.FixtureRequest, index: int) -> Aspiration:
    return services.aspiration_record(
        actor=request.getfixturevalue("kepahiang_officer"),
        office=Region.objects.get(pk="17.08"),
        data={"text": f"Usulan pelatihan kopi nomor {index + 1}", "category": "training", "who": "anonymous"},
    )


class TestAspirationPages(CreateContract, EditContract):
    list_url = "aspiration_list"
    detail_url = "aspiration_detail"
    create_url = "aspiration_create"
    edit_url = "aspiration_edit"
    tabs = ("handling", "history")
    reader = "kepahiang_viewer"
    filter_hit = {"category": "training"}
    filter_miss = {"category": "capital"}
    export_formats = ("xlsx",)

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _aspiration(request, index)

    def shown_as(self, obj: Any) -> str:
        return obj.code

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "office": "17.08",
            "text": "Mohon bantuan sertifikasi halal",
            "category": "legality",
            "who": "contact",
            "name": "Bu Rina",
            "phone": "0812 7000 1111",
            "channel": "forum",
            "confidentiality": "anonim",
        }

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"office": "17.08", "text": "", "who": "contact", "name": "", "phone": "12", "confidentiality": "x"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Aspiration.objects.filter(text=data["text"], office_id="17.08", confidentiality="anonim").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {
            "text": "Usulan pelatihan kopi (dikoreksi)",
            "category": "training",
            "who": "anonymous",
            "channel": "forum",
            "confidentiality": "rahasia",
        }

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.text == "Usulan pelatihan kopi (dikoreksi)"


class TestForumPages(CreateContract, EditContract):
    list_url = "forum_list"
    detail_url = "forum_detail"
    create_url = "forum_create"
    edit_url = "forum_edit"
    reader = "kepahiang_viewer"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return services.forum_create(
            actor=request.getfixturevalue("kepahiang_officer"),
            data={
                "office_id": "17.08",
                "kind": "musrenbang",
                "title": f"Musrenbang {index + 1}",
                "held_on": dt.date(2025, 2, 3 + index),
            },
        )

    def shown_as(self, obj: Any) -> str:
        return obj.title

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"kind": "reses", "title": "Reses DPRD Dapil I", "held_on": "2025-04-14", "office": "17.08"}

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"kind": "reses", "title": "", "held_on": "", "office": "17.08", "place": "35.09.11"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Forum.objects.filter(title=data["title"], office_id="17.08").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {"kind": obj.kind, "title": "Musrenbang Kecamatan Kepahiang", "held_on": "2025-02-03", "office": "17.08"}

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.title == "Musrenbang Kecamatan Kepahiang"


class TestAspirationApi(ApiCreateContract):
    list_path = "/api/v1/aspirations"
    detail_path = "/api/v1/aspirations/{pk}"
    create_path = "/api/v1/aspirations"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _aspiration(request, index)

    def create_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"office": "17.08", "text": "Pelatihan pengemasan"}

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"office": "17.08", "text": "x" * 3000, "category": "nope"}
