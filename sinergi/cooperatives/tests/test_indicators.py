"""Indicators per region and year: counts, active share under the office's rule, health by predicate,
members, savings participation and outside capital, on a small set whose answers are known."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.indicators import cooperative_indicators, percent
from sinergi.cooperatives.models import CooperativeStatus, HealthAssessment
from sinergi.cooperatives.tests.factories import cooperative_make, rat, report_data
from sinergi.regions.models import Region

YEAR = last_due_fiscal_year(today=timezone.localdate())


def _report(actor, coop, year, *, held=True, **overrides):
    data = report_data(**overrides)
    if held:
        data.update(rat(year))
    return services.annual_report_save(actor=actor, cooperative=coop, fiscal_year=year, data=data)


@pytest.fixture
def coops(kepahiang_officer, jember_officer):
    """Four cooperatives in Kepahiang, three active (RAT for both years of the window), one dissolved and one
    in Jember that a Kepahiang table must not count."""
    k = kepahiang_officer
    a = cooperative_make(actor=k, region_code=village("17.08.01"), name="KSP Kaba Makmur")
    b = cooperative_make(actor=k, region_code=village("17.08.01", 1), name="KSP Ujan Mas")
    c = cooperative_make(actor=k, region_code="17.08", name="Koperasi Kabupaten")
    d = cooperative_make(actor=k, region_code=village("17.08.02"), name="KSP Tebat Karai")
    gone = cooperative_make(
        actor=k, region_code=village("17.08.02"), name="KSP Bubar", status=CooperativeStatus.DISSOLVED
    )
    j = cooperative_make(actor=jember_officer, region_code=village("35.09"), name="KSP Jember")
    for coop in (a, b, c):
        _report(k, coop, YEAR - 1)
    _report(k, a, YEAR)  # 120 members, 80 savers; liabilities 500 M of 1,000 M assets
    _report(
        k,
        b,
        YEAR,
        members_end=80,
        members_male=50,
        members_female=30,
        rat_attendance=60,
        members_with_voluntary_savings=20,
    )
    _report(k, c, YEAR, members_with_voluntary_savings=None)  # no savers' count: left out of the share
    _report(k, d, YEAR)  # RAT only for the newest year: inactive under "each of the last 2 years"
    _report(k, gone, YEAR)
    _report(jember_officer, j, YEAR)
    return {"a": a, "b": b, "c": c, "d": d, "gone": gone, "jember": j}


def test_percent_is_two_places_half_up():
    assert percent(296, 347) == Decimal("85.30")  # the Maluku Tenggara seed figure
    assert percent(3, 4) == Decimal("75.00")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 0) is None


def test_kabupaten_table_counts_active_and_shares(coops, kepahiang_officer):
    result = cooperative_indicators(user=kepahiang_officer, year=YEAR)
    assert result.region_code == "17.08"
    total = result.total
    assert (total.cooperatives, total.active, total.inactive) == (4, 3, 1)
    assert total.active_pct == Decimal("75.00")
    assert total.members_end == 120 + 80 + 120 + 120
    # Savers over members of the reports that give both: a, b and d.
    assert (total.savers, total.savers_base) == (80 + 20 + 80, 120 + 80 + 120)
    assert total.savings_participation_pct == Decimal("56.25")
    assert total.outside_capital_pct == Decimal("50.00")
    assert result.rule.years == 2
    assert "each of the last 2 fiscal years" in result.rule_text
    assert f"{YEAR - 1}, {YEAR}" in result.rule_text

    rows = {r.code: r for r in result.rows}
    assert (rows["17.08.01"].cooperatives, rows["17.08.01"].active) == (2, 2)
    assert (rows["17.08.02"].cooperatives, rows["17.08.02"].active, rows["17.08.02"].active_pct) == (
        1,
        0,
        Decimal("0.00"),
    )
    assert rows["17.08"].cooperatives == 1  # placed at the kabupaten itself: its own row, last
    assert result.rows[-1].code == "17.08"
    kecamatan = Region.objects.filter(parent_id="17.08").count()
    assert len(result.rows) == kecamatan + 1  # every kecamatan, with or without cooperatives
    empty = next(r for r in result.rows if r.cooperatives == 0)
    assert empty.active_pct is None
    assert empty.savings_participation_pct is None


def test_health_counts_come_from_the_years_assessments(coops, kepahiang_officer):
    predicates = dict(
        HealthAssessment.objects.filter(fiscal_year=YEAR, cooperative__region__code__startswith="17.08")
        .exclude(cooperative=coops["gone"])
        .values_list("cooperative_id", "predicate")
    )
    assert len(predicates) == 4
    assert all(predicates.values())
    result = cooperative_indicators(user=kepahiang_officer, year=YEAR)
    assert result.total.assessed == 4
    counted = {p.code: p.count for p in result.total.health}
    for code in set(predicates.values()):
        assert counted[code] == list(predicates.values()).count(code)
    assert sum(p.pct or 0 for p in result.total.health) == Decimal("100.00")
    assert next(code for code, _label in result.predicates) == "SEHAT"
    # The year before: three reports, all assessed.
    assert cooperative_indicators(user=kepahiang_officer, year=YEAR - 1).total.assessed == 3


def test_active_follows_the_rule_setting(coops, kepahiang_officer):
    with override_settings(SINERGI_COOP_ACTIVE_YEARS=1):
        result = cooperative_indicators(user=kepahiang_officer, year=YEAR)
    assert (result.total.cooperatives, result.total.active) == (4, 4)
    with override_settings(SINERGI_COOP_ACTIVE_YEARS=3, SINERGI_COOP_ACTIVE_MODE="any"):
        result = cooperative_indicators(user=kepahiang_officer, year=YEAR)
    assert result.total.active == 4
    assert "at least one of the last 3" in result.rule_text


def test_province_rows_are_kabupaten_and_scope_holds(coops, bengkulu_officer, jember_officer, admin_user):
    province = cooperative_indicators(user=bengkulu_officer, year=YEAR)
    assert province.region_code == "17"
    rows = {r.code: r for r in province.rows}
    assert rows["17.08"].cooperatives == 4
    assert province.total.cooperatives == 4
    assert "17" not in rows  # no cooperative is placed at the province itself

    jember = cooperative_indicators(user=jember_officer, year=YEAR)
    assert (jember.total.cooperatives, jember.total.active) == (1, 0)
    with pytest.raises(Region.DoesNotExist):
        cooperative_indicators(user=jember_officer, year=YEAR, region="17.08")
    with pytest.raises(Region.DoesNotExist):
        cooperative_indicators(user=bengkulu_officer, year=YEAR, region="99.99")

    national = cooperative_indicators(user=admin_user, year=YEAR)
    assert national.region_code == ""
    by_province = {r.code: r.cooperatives for r in national.rows}
    assert len(by_province) == Region.objects.filter(level=1).count()
    assert (by_province["17"], by_province["35"], national.total.cooperatives) == (4, 1, 5)
    kecamatan = cooperative_indicators(user=admin_user, year=YEAR, region="17.08.01")
    assert kecamatan.total.cooperatives == 2
    assert {r.code for r in kecamatan.rows if r.cooperatives} == {coops["a"].region_id, coops["b"].region_id}


def test_user_with_several_regions_gets_a_row_per_region(coops):
    user = user_create(
        actor=system_actor(), username="dua", password=None, role=Role.VIEWER, region_codes=["17.08", "35.09"]
    )
    result = cooperative_indicators(user=user, year=YEAR)
    assert [(r.code, r.cooperatives, r.active) for r in result.rows] == [("17.08", 4, 3), ("35.09", 1, 0)]
    assert result.total.active_pct == Decimal("60.00")


def test_cooperative_officer_counts_nothing(coops):
    officer = user_create(
        actor=system_actor(), username="kop", password=None, role=Role.COOPERATIVE, cooperative_id=coops["a"].pk
    )
    assert cooperative_indicators(user=officer, year=YEAR).total.cooperatives == 0


def test_query_count_does_not_grow_with_cooperatives(coops, kepahiang_officer):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            cooperative_indicators(user=kepahiang_officer, year=YEAR)
        return len(captured)

    before = queries()
    for i in range(5):
        coop = cooperative_make(actor=kepahiang_officer, region_code=village("17.08.03", i), name=f"KSP {i}")
        _report(kepahiang_officer, coop, YEAR)
    assert queries() == before <= 9  # 9: the office's rule set is one query (accounts.OfficeSettings)
    assert cooperative_indicators(user=kepahiang_officer, year=YEAR).total.cooperatives == 9


# --- pages --------------------------------------------------------------------------------------------


def test_indicator_page_with_year_and_region_choosers(coops, client, kepahiang_officer, jember_officer):
    client.force_login(kepahiang_officer)
    response = client.get(reverse("coop_indicators"), {"year": YEAR})
    assert response.status_code == 200
    assert response.context["indicators"].total.active_pct == Decimal("75.00")
    text = response.content.decode()
    assert "75.00%" in text
    assert 'name="year"' in text
    assert 'name="region_code"' in text
    bars = {label.split(" (")[0]: (n, width) for label, n, width in response.context["bars"]}
    assert bars["Kabupaten Kepahiang"] == (1, 100)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert "75,00%" in client.get(reverse("coop_indicators"), {"year": YEAR}).content.decode()  # Indonesian decimals
    kecamatan = client.get(reverse("coop_indicators"), {"year": YEAR, "region_code": "170801"})
    assert kecamatan.context["indicators"].region_code == "17.08.01"
    assert kecamatan.context["indicators"].total.cooperatives == 2

    client.force_login(jember_officer)
    assert client.get(reverse("coop_indicators"), {"region_code": "17.08"}).status_code == 404
    assert client.get(reverse("coop_indicators_xlsx"), {"region_code": "17.08"}).status_code == 404


def test_indicator_xlsx_opens_and_has_the_rows(coops, client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = client.get(reverse("coop_indicators_xlsx"), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="indikator-koperasi-17.08-{YEAR}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert str(YEAR) in rows[0][0]
    assert "Kepahiang" in rows[0][0]
    assert "each of the last 2 fiscal years" in rows[1][0]
    header = rows[4]
    assert header[:6] == ("Region code", "Region", "Cooperatives", "Active", "Active %", "Assessed")
    body = {r[0]: r for r in rows[5:-1]}
    kecamatan = Region.objects.filter(parent_id="17.08").count()
    assert len(body) == kecamatan + 1
    assert body["17.08.01"][2:5] == (2, 2, 100)
    assert body["17.08.02"][2:5] == (1, 0, 0)
    total = rows[-1]
    assert total[:5] == ("17.08", "Total", 4, 3, 75)
    assert total[header.index("Savings participation %")] == pytest.approx(56.25)
    assert total[header.index("Members at year end")] == 440
