"""The indicator dashboard, the charts and the API: figures with their computed-at time, drill-down on the
map, drill-through to the rows for those who may see them, targets with their status, and region scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import _user, village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor
from sinergi.cooperatives.services import cooperative_create
from sinergi.indicators import charts, services
from sinergi.indicators.models import Indicator
from sinergi.indicators.refresh import analytics_refresh
from sinergi.indicators.selectors import Status, target_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(regions, system):
    for n, code in enumerate([village("17.08", 0), village("17.08", 1), "35.09"]):
        cooperative_create(actor=system, data={"name": f"Koperasi {n}", "kind": "ksp", "region_id": code})
    analytics_refresh(
        indicators=Indicator.objects.filter(code__in=["koperasi-jumlah", "koperasi-aktif", "koperasi-tidak-aktif"])
    )


def test_province_officer_drills_from_map_to_kabupaten_to_the_inactive_list(client, figures, bengkulu_officer):
    client.force_login(bengkulu_officer)
    page = client.get("/indikator/?indicator=koperasi-aktif&region=17")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert 'role="img"' in html
    assert "/indikator/?indicator=koperasi-aktif&amp;region=17.08" in html  # the map's tile of Kepahiang
    assert "Computed at" in html
    down = client.get("/indikator/?indicator=koperasi-aktif&region=17.08").content.decode()
    assert "/koperasi/?active=0&amp;region_code=17.08" in down  # the inactive cooperatives of Kepahiang
    assert "/koperasi/?active=1&amp;region_code=17.08" in down  # the share's rows: the active ones
    assert 'data-region="17.08.' in down  # kecamatan tiles below


def test_kabupaten_officer_cannot_open_another_kabupaten(client, figures, kepahiang_officer):
    client.force_login(kepahiang_officer)
    assert client.get("/indikator/?region=35.09").status_code == 404
    page = client.get("/indikator/?region=17").content.decode()
    assert 'data-region="17.08"' in page  # the province view shows only what the officer may see below it


def _api(user):
    from django.test import Client

    from sinergi.accounts.services import api_token_create

    _token, raw = api_token_create(actor=system_actor(), user=user, name="uji")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def test_api_lists_values_and_targets_with_status(figures, admin_user, kepahiang_officer):
    year = timezone.localdate().year
    roadmap = services.roadmap_create(
        actor=admin_user,
        data={"name": "Peta Jalan", "region_id": "17.08", "start_year": year - 1, "end_year": year + 2},
    )
    goal = services.goal_get_or_create(actor=admin_user, roadmap=roadmap, title="Koperasi tumbuh")
    indicator = Indicator.objects.get(code="koperasi-jumlah")
    services.target_set(
        actor=admin_user,
        goal=goal,
        indicator=indicator,
        region_code="17.08",
        year=year,
        baseline_year=year - 1,
        baseline=1,
        target=2,
    )
    api = _api(kepahiang_officer)
    codes = {i["code"] for i in api.get("/api/v1/indicators").json()}
    assert {"koperasi-aktif", "umkm-bantuan-modal"} <= codes
    rows = api.get("/api/v1/indicators/values", {"indicator": "koperasi-jumlah", "level": 2}).json()
    assert [(r["region_code"], r["numerator"]) for r in rows] == [("17.08", 2)]  # not Jember's row
    [target] = api.get("/api/v1/indicators/targets").json()
    assert (target["region_code"], Decimal(target["actual"]), target["status"]) == (
        "17.08",
        Decimal(2),
        Status.ON_TRACK,
    )
    assert api.get("/api/v1/indicators/values", {"indicator": "nope"}).status_code == 404
    assert _api(_user("pemilik2", Role.OWNER, [])).get("/api/v1/indicators").status_code == 403


def test_target_status_rule():
    today = dt.date(2026, 7, 1)
    args: dict[str, Any] = {
        "baseline": Decimal(80),
        "target": Decimal(90),
        "baseline_year": 2025,
        "year": 2026,
        "today": today,
    }
    assert target_status(actual=Decimal(91), **args) == Status.ON_TRACK  # met
    # 7 of 12 months gone: 0.58 of the way expected; half way made is 0.86 of that → at risk
    assert target_status(actual=Decimal(85), **args) == Status.AT_RISK
    assert target_status(actual=Decimal(86), **args) == Status.ON_TRACK  # 0.6 made ≥ 0.9 × 0.58
    assert target_status(actual=Decimal(80), **args) == Status.OFF_TRACK
    assert target_status(actual=None, **args) == Status.NO_DATA
    assert target_status(actual=Decimal(89), **{**args, "today": dt.date(2027, 1, 5)}) == Status.OFF_TRACK


def test_charts_escape_labels_and_draw_one_tile_per_region():
    svg = charts.tile_map(
        title="<x>", tiles=[charts.Tile("17", "A&B", Decimal(1), "/x?a=1&b=2"), charts.Tile("35", "C", None, "")]
    )
    assert "<x>" not in svg
    assert "&lt;x&gt;" in svg
    assert "A&amp;B" in svg
    assert svg.count("<rect") == 2
    assert 'href="/x?a=1&amp;b=2"' in svg
    line = charts.line_chart(title="t", points=[("2025", 1.0), ("2026", 2.0)], target=3.0)
    assert "<polyline" in line
    assert "stroke-dasharray" in line
