"""Test data for aspirations, made through the services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from sinergi.accounts.models import User
from sinergi.aspirations import services
from sinergi.aspirations.models import Aspiration, Forum
from sinergi.regions.models import Region

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WULUHAN = "35.09.11"
TANJUNGREJO = "35.09.11.2006"


def forum(actor: User, *, office: str = "35.09", **overrides: Any) -> Forum:
    data: dict[str, Any] = {
        "office_id": office,
        "kind": "jhur",
        "title": "J-HUR Kecamatan Wuluhan",
        "held_on": dt.date(2025, 3, 12),
        "place_id": WULUHAN if office == "35.09" else None,
        "officials": "Bupati Jember; Kepala Dinas Koperasi dan UM",
    }
    data.update(overrides)
    return services.forum_create(actor=actor, data=data)


def aspiration(actor: User, *, office: str = "35.09", **overrides: Any) -> Aspiration:
    data: dict[str, Any] = {
        "text": "Mohon difasilitasi studi banding pemasaran kopi ke Malang.",
        "category": "study_tour",
        "who": "contact",
        "name": "Pak Slamet",
        "phone": "0812-3456-7890",
        "email": "slamet@contoh.id",
        "heard_at": dt.datetime(2025, 3, 12, 10, 0, tzinfo=WIB),
        "desa_id": TANJUNGREJO if office == "35.09" else None,
    }
    data.update(overrides)
    return services.aspiration_record(actor=actor, office=Region.objects.get(pk=office), data=data)
