"""The office's "what needs me today" and the budget chart: each alert's count from its app, with the link to its
list, scoped to the user's regions; the realisation added up by month against the allocation, per source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sinergi.aspirations.tests.factories import aspiration
from sinergi.cooperatives.services import rule_set
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.insights.alerts import budget_by_source, staff_alerts, under_realised
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.models import BudgetLine, Program, Realisation

pytestmark = pytest.mark.django_db
OCTOBER = dt.date(2025, 10, 15)


@pytest.fixture
def budget(regions):
    def program(region: str, name: str) -> Program:
        return Program.objects.create(
            name=name, kind="diklat", fiscal_year=2025, region_id=region, status=ProgramStatus.RUNNING
        )

    own, other = program("17.08", "Pelatihan Kemasan"), program("35.09", "Pelatihan Jember")
    behind = BudgetLine.objects.create(program=own, source="apbd_kabupaten", amount=Decimal("100000000"))
    on_time = BudgetLine.objects.create(program=own, source="apbn", amount=Decimal("10000000"))
    BudgetLine.objects.create(program=other, source="apbd_kabupaten", amount=Decimal("999000000"))
    for line, day, amount in ((behind, 3, "5000000"), (behind, 7, "15000000"), (on_time, 5, "9000000")):
        Realisation.objects.create(
            budget_line=line, amount=Decimal(amount), spent_on=dt.date(2025, day, 1), description="Kegiatan"
        )
    return own


def test_budget_lines_behind_in_october_are_flagged_and_the_chart_adds_up_by_month(budget, kepahiang_officer):
    [late] = under_realised(kepahiang_officer, today=OCTOBER)
    # 20 of 100 million by October: under half of the 83 % expected by now; the APBN line (90 %) is not flagged
    assert (late.program, late.source, late.share) == ("Pelatihan Kemasan", "APBD kabupaten/kota", 20)
    assert late.url == f"/program/{budget.pk}/?tab=budget"
    assert under_realised(kepahiang_officer, today=dt.date(2025, 6, 1)) == []  # too early in the year to say
    sources = {b.source: b for b in budget_by_source(kepahiang_officer, today=OCTOBER)}
    assert set(sources) == {"APBD kabupaten/kota", "APBN"}  # not Jember's line
    apbd = sources["APBD kabupaten/kota"]
    assert apbd.allocation == "Rp 100.000.000"
    assert [m for m, _a in apbd.months] == [f"{m:02d}" for m in range(1, 11)]
    assert dict(apbd.months)["03"] == "Rp 5.000.000"
    assert dict(apbd.months)["07"] == "Rp 20.000.000"
    assert "stroke-dasharray" in apbd.chart  # the allocation's line


def test_the_alerts_count_what_is_late_in_the_users_regions_and_link_to_the_lists(
    budget, kepahiang_officer, jember_officer
):
    cooperative_make(actor=kepahiang_officer, region_code="17.08.01", name="KSP Belum Dinilai")
    scored = cooperative_make(actor=kepahiang_officer, region_code="17.08.01", name="KSP Sudah Dinilai")
    type(scored).objects.filter(pk=scored.pk).update(health_predicate=rule_set().predicates[0].code)
    aspiration(kepahiang_officer, office="17.08")  # heard in March 2025: its deadlines are long past
    alerts = {a.key: a for a in staff_alerts(kepahiang_officer, expiring=2, today=OCTOBER)}
    assert alerts["aspirations"].count == 1
    assert alerts["aspirations"].url == "/aspirasi/?overdue=1"
    assert alerts["unscored"].count == 1
    client = Client()
    client.force_login(kepahiang_officer)
    listed = client.get(alerts["unscored"].url)  # the link opens the list of exactly those cooperatives
    assert listed.status_code == 200
    assert [c.name for c in listed.context["page"].object_list] == ["KSP Belum Dinilai"]
    assert alerts["documents"].url == "/usaha/?expiring=1"
    assert alerts["budget"].count == 1
    others = {a.key: a.count for a in staff_alerts(jember_officer, expiring=0, today=OCTOBER)}
    assert "aspirations" not in others
    assert "unscored" not in others


def test_the_home_page_shows_the_alerts(budget, kepahiang_officer):
    aspiration(kepahiang_officer, office="17.08")
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(kepahiang_officer)
    html = client.get("/").content.decode()
    assert "What needs you today" in html
    assert 'data-alert="aspirations"' in html
    assert 'href="/aspirasi/?overdue=1"' in html
