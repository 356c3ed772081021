"""The risk ranking: order by score, the reasons in words, scope, and the page that shows it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.models import CooperativeStatus
from sinergi.cooperatives.tests.factories import answers, cooperative_make, rat, report_data
from sinergi.supervision import services as supervision
from sinergi.supervision.risk import RISK_FACTORS, WEIGHT, risk_entries, risk_ranking

D = Decimal
TODAY = timezone.localdate()
YEAR = last_due_fiscal_year(today=TODAY)
# Figures that score Dalam Pengawasan (58.35) with every management answer "ya", and Dalam Pengawasan Khusus
# (43.35) with every answer "tidak"; report_data() itself scores Sehat (88.45 under the default linear reading,
# 88.50 banded).
WEAK = {
    "own_capital": D("10000000"),
    "cash": D("1000000"),
    "bank": D("1000000"),
    "risk_reserve": D("0"),
    "shu_before_tax": D("1000000"),
    "shu": D("1000000"),
    "shu_members_share": D("500000"),
    "member_economic_benefit": D("0"),
    "operating_expenses": D("139000000"),
    "weighted_capital": D("1000000"),
}


def _report(actor, coop, year, *, held=True, **overrides):
    data = report_data(**overrides)
    if held:
        data.update(rat(year))
    return services.annual_report_save(actor=actor, cooperative=coop, fiscal_year=year, data=data)


def _overdue_follow_ups(actor, coop, n, *, done=0, later=0):
    visit = TODAY - timedelta(days=40)
    inspection = supervision.inspection_create(
        actor=actor, cooperative=coop, data={"status": "done", "visited_on": visit}
    )
    finding = supervision.finding_add(actor=actor, inspection=inspection, data={"description": "Kas tidak cocok"})
    for i in range(n):
        supervision.follow_up_add(
            actor=actor, finding=finding, data={"action": f"Tindak {i}", "due_on": TODAY - timedelta(days=5 + i)}
        )
    for _ in range(done):
        supervision.follow_up_add(
            actor=actor,
            finding=finding,
            data={"action": "Selesai", "due_on": TODAY - timedelta(days=5), "status": "done", "done_on": TODAY},
        )
    for _ in range(later):
        supervision.follow_up_add(actor=actor, finding=finding, data={"action": "Nanti", "due_on": TODAY})


@pytest.fixture
def ranked(kepahiang_officer, jember_officer):
    k = kepahiang_officer
    desa = village("17.08.01")
    coops = {
        name: cooperative_make(actor=k, region_code=desa, name=name)
        for name in ("KSP A Khusus", "KSP B Pengawasan", "KSP C Tindak", "KSP D Kosong", "KSP E Lalai", "KSP F Sehat")
    }
    for name in ("KSP A Khusus", "KSP B Pengawasan", "KSP C Tindak", "KSP F Sehat"):
        _report(k, coops[name], YEAR - 1)
    _report(k, coops["KSP A Khusus"], YEAR, **WEAK, management_answers=answers(yes=False))
    _report(k, coops["KSP B Pengawasan"], YEAR, **WEAK)
    _report(k, coops["KSP C Tindak"], YEAR)
    _report(k, coops["KSP E Lalai"], YEAR)  # RAT only for the newest year
    _report(k, coops["KSP F Sehat"], YEAR)
    _overdue_follow_ups(k, coops["KSP C Tindak"], 4, done=1, later=1)
    cooperative_make(actor=k, region_code=desa, name="KSP Bubar", status=CooperativeStatus.DISSOLVED)
    cooperative_make(actor=jember_officer, region_code=village("35.09"), name="KSP Jember Kosong")
    return coops


def test_weights_are_a_table():
    assert {f.code for f in RISK_FACTORS} == {
        "special_supervision",
        "supervision",
        "score_fell",
        "inactive",
        "rat_missing",
        "overdue_follow_ups",
        "no_report",
    }
    assert all(f.weight > 0 for f in RISK_FACTORS)


def test_order_scores_and_reasons(ranked, kepahiang_officer):
    qs = risk_ranking(user=kepahiang_officer, today=TODAY)
    entries = risk_entries(qs, today=TODAY)
    order = [(e.cooperative.name, e.score) for e in entries]
    assert order == [
        ("KSP A Khusus", WEIGHT["special_supervision"] + WEIGHT["score_fell"]),  # 55
        ("KSP B Pengawasan", WEIGHT["supervision"] + WEIGHT["score_fell"]),  # 40
        ("KSP D Kosong", WEIGHT["inactive"] + WEIGHT["no_report"]),  # 35
        ("KSP C Tindak", 3 * WEIGHT["overdue_follow_ups"]),  # 4 overdue, counted up to 3
        ("KSP E Lalai", WEIGHT["inactive"]),  # 20
    ]
    reasons = {e.cooperative.name: e.reasons for e in entries}
    assert reasons["KSP A Khusus"] == (
        f"Health predicate Dalam Pengawasan Khusus (score 43.35, fiscal year {YEAR}).",
        f"Health score fell from 88.45 ({YEAR - 1}) to 43.35 ({YEAR}).",
    )
    assert reasons["KSP B Pengawasan"][0].startswith("Health predicate Dalam Pengawasan (score 58.35")
    assert reasons["KSP C Tindak"] == ("4 follow-ups past their deadline.",)
    assert reasons["KSP D Kosong"] == (
        f"Inactive: no RAT for fiscal years {YEAR - 1}, {YEAR} (RAT held for each of the last 2 fiscal years).",
        "No annual report has been entered.",
    )
    assert reasons["KSP E Lalai"] == (
        f"Inactive: no RAT for fiscal years {YEAR - 1} (RAT held for each of the last 2 fiscal years).",
    )
    assert "KSP F Sehat" not in reasons
    assert "KSP Bubar" not in reasons
    assert "KSP Jember Kosong" not in reasons


def test_rat_missing_under_the_any_rule(ranked, kepahiang_officer):
    coop = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP G Tahun Lalu")
    _report(kepahiang_officer, coop, YEAR - 1)
    with override_settings(SINERGI_COOP_ACTIVE_MODE="any"):
        entry = next(
            e for e in risk_entries(risk_ranking(user=kepahiang_officer), today=TODAY) if e.cooperative == coop
        )
    assert entry.score == WEIGHT["rat_missing"]
    assert entry.reasons == (f"No RAT for fiscal year {YEAR}.",)


def test_scope_and_roles(ranked, jember_officer, bengkulu_officer, admin_user):
    assert [c.name for c in risk_ranking(user=jember_officer)] == ["KSP Jember Kosong"]
    assert risk_ranking(user=bengkulu_officer).count() == 5
    assert risk_ranking(user=admin_user).count() == 6
    officer = user_create(
        actor=system_actor(),
        username="kop-a",
        password=None,
        role=Role.COOPERATIVE,
        cooperative_id=ranked["KSP D Kosong"].pk,
    )
    assert not risk_ranking(user=officer).exists()


def test_queries_do_not_grow_with_the_page(ranked, kepahiang_officer):
    def count(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            risk_entries(list(risk_ranking(user=kepahiang_officer, today=TODAY)[:limit]), today=TODAY)
        return len(captured)

    assert count(1) == count(5) <= 4


# --- the page -----------------------------------------------------------------------------------------


def test_home_page_ranks_and_flags_overdue(ranked, client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = client.get(reverse("supervision_home"))
    assert response.status_code == 200
    names = [e.cooperative.name for e in response.context["entries"]]
    assert names[:2] == ["KSP A Khusus", "KSP B Pengawasan"]
    assert response.context["overdue_count"] == 4
    text = response.content.decode()
    assert "4 follow-ups past their deadline." in text
    assert text.count('class="overdue"') == 4
    assert "KSP Jember Kosong" not in text


def test_home_page_paginates(ranked, client, kepahiang_officer, settings):
    settings.SINERGI_PAGE_SIZE = 2
    client.force_login(kepahiang_officer)
    second = client.get(reverse("supervision_home"), {"page": 2})
    assert [e.cooperative.name for e in second.context["entries"]] == ["KSP D Kosong", "KSP C Tindak"]
    assert second.context["rank_start"] == 3


def test_cooperative_officer_is_refused(ranked, client):
    officer = user_create(
        actor=system_actor(),
        username="kop-b",
        password=None,
        role=Role.COOPERATIVE,
        cooperative_id=ranked["KSP F Sehat"].pk,
    )
    client.force_login(officer)
    assert client.get(reverse("supervision_home")).status_code == 403
    assert client.get(reverse("coop_indicators")).status_code == 403
