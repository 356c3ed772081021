"""Cooperative services on the real database: validation, scoping, the change log, scoring on save."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.accounts.models import Role
from sinergi.accounts.services import user_create
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.activity import ActivityRule
from sinergi.cooperatives.health import KSP_2016_06_LINEAR, health_score
from sinergi.cooperatives.models import AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.services.assessments import answers_of, figures_of
from sinergi.cooperatives.tests.factories import cooperative_make, rat, report_data
from sinergi.core.models import ChangeLog

D = Decimal


@pytest.fixture
def coop(kepahiang_officer) -> Cooperative:
    return cooperative_make(actor=kepahiang_officer, region_code="17.08.01", nik_koperasi="1708 0100 0000 0001")


@pytest.fixture
def coop_officer(coop):
    return user_create(
        actor=None, username="ksp-officer", password="x-long-pass-123", role=Role.COOPERATIVE, cooperative_id=coop.pk
    )


def _log(instance) -> list[ChangeLog]:
    ct = ContentType.objects.get_for_model(type(instance))
    return list(ChangeLog.objects.filter(content_type=ct, object_id=str(instance.pk)))


def test_create_normalises_and_logs(coop, kepahiang_officer):
    assert coop.nik_koperasi == "1708010000000001"
    [row] = _log(coop)
    assert row.action == "create"
    assert row.actor == kepahiang_officer
    assert row.after is not None
    assert row.after["name"] == "Koperasi Sejahtera Bersama"


def test_every_bad_field_is_reported_at_once(kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.cooperative_create(
            actor=kepahiang_officer,
            data={"name": " ", "kind": "bank", "region_id": "17", "nik_koperasi": "12AB", "phone": "123"},
        )
    errors = exc.value.message_dict
    assert set(errors) == {"name", "kind", "region_id", "nik_koperasi", "phone"}
    assert "province" in errors["region_id"][0]


def test_duplicate_nik_koperasi_is_refused(coop, kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        cooperative_make(actor=kepahiang_officer, region_code="17.08", nik_koperasi="1708010000000001")
    assert "already registered" in exc.value.message_dict["nik_koperasi"][0]


def test_other_regions_and_viewers_cannot_write(coop, jember_officer, kepahiang_viewer):
    with pytest.raises(PermissionDenied):
        cooperative_make(actor=jember_officer, region_code="17.08")
    with pytest.raises(PermissionDenied):
        services.cooperative_update(actor=jember_officer, cooperative=coop, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        services.cooperative_update(actor=kepahiang_viewer, cooperative=coop, data={"name": "X"})


def test_scoping_of_reads(coop, jember_officer, bengkulu_officer, coop_officer):
    assert not selectors.cooperatives_visible(user=jember_officer).exists()
    assert list(selectors.cooperatives_visible(user=bengkulu_officer)) == [coop]
    assert list(selectors.cooperatives_visible(user=coop_officer)) == [coop]
    with pytest.raises(Cooperative.DoesNotExist):
        selectors.cooperative_get(user=jember_officer, pk=coop.pk)


def test_report_save_scores_it_as_the_pure_function_does(coop, kepahiang_officer):
    data = report_data(**rat(2024))
    report = services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=data)
    assessment = HealthAssessment.objects.get(report=report)
    expected = health_score(
        rules=KSP_2016_06_LINEAR, figures=figures_of(data), answers=answers_of(data["management_answers"])
    )
    assert assessment.total == expected.total
    assert assessment.predicate == expected.predicate_code
    assert assessment.rule_set_version == "ksp-2016-06-linear"  # the default (docs/health-assessment.md, D2)
    assert assessment.problems == []
    line = {c["code"]: c for a in assessment.result["aspects"] for c in a["components"]}
    # own capital / total assets = 450 / 1000 = 45 % → band (40, 60] → 100, weight 6, contribution 6
    assert line["1a"]["value"].startswith("45")
    assert line["1a"]["band"] == "(40, 60]"
    assert D(line["1a"]["contribution"]) == D(6)
    coop.refresh_from_db()
    assert (coop.health_year, coop.health_total, coop.health_predicate) == (
        2024,
        expected.total,
        expected.predicate_code,
    )


def test_report_that_cannot_be_scored_keeps_every_reason(coop, kepahiang_officer):
    data = report_data(total_assets=None, current_liabilities=None, long_term_liabilities=None, equity=None)
    data.pop("management_answers")
    report = services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=data)
    assessment = HealthAssessment.objects.get(report=report)
    assert assessment.total is None
    codes = [p["component"] for p in assessment.problems]
    assert codes == ["1a", "3a", "3b", "3c", "3d", "3e", "5a", "6a"]  # 5a needs kewajiban lancar
    messages = [services.problem_message(p) for p in assessment.problems]
    assert messages[0] == "1a Rasio modal sendiri terhadap total aset: total aset (total_assets) is missing."


def test_unbalanced_balance_sheet_is_refused_with_the_difference(coop, kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.annual_report_save(
            actor=kepahiang_officer,
            cooperative=coop,
            fiscal_year=2024,
            data=report_data(equity=D("499000000.00")),
        )
    message = exc.value.message_dict["total_assets"][0]
    assert "does not balance" in message
    assert "Rp 1.000.000,00" in message  # the difference
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"current_loans": D("610000000")}, "current_loans"),
        ({"cash": D("250000000"), "bank": D("100000000")}, "cash"),
        ({"rat_attendance": 500}, "rat_attendance"),
        ({"members_female": 10}, "members_female"),
        ({"members_with_voluntary_savings": 121}, "members_with_voluntary_savings"),
        ({"member_loan_volume": D("900000001")}, "member_loan_volume"),
        ({"risk_reserve": D("-1")}, "risk_reserve"),
        ({"risk_reserve": 1.5}, "risk_reserve"),
        ({"risk_reserve": "1,5.0"}, "risk_reserve"),
        ({"risk_reserve": D("0.001")}, "risk_reserve"),
        ({"rat_held": True}, "rat_date"),
        ({"rat_date": dt.date(2025, 3, 1)}, "rat_held"),
        ({"rat_held": True, "rat_date": dt.date(2023, 12, 1)}, "rat_date"),
        ({"management_answers": {"general": [True] * 11}}, "management_answers"),
        ({"management_answers": {"feelings": [True]}}, "management_answers"),
        ({"staff": -2}, "staff"),
    ],
)
def test_report_checks(coop, kepahiang_officer, override, field):
    with pytest.raises(ValidationError) as exc:
        services.annual_report_save(
            actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=report_data(**override)
        )
    assert field in exc.value.message_dict


def test_losses_may_be_negative_and_amounts_may_be_indonesian_text(coop, kepahiang_officer):
    data = report_data(shu=D("-5000000"), shu_before_tax="-5.000.000,00", risk_reserve="60.000.000,00")
    report = services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=data)
    assert report.shu_before_tax == D("-5000000.00")
    assert report.risk_reserve == D("60000000.00")


def test_update_keeps_other_fields_and_logs_only_the_change(coop, kepahiang_officer):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=report_data(**rat(2024))
    )
    services.annual_report_save(
        actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data={"staff": 6, "members_end": 120}
    )
    report.refresh_from_db()
    assert (report.staff, report.total_assets) == (6, D("1000000000.00"))
    update = _log(report)[0]
    assert update.action == "update"
    assert update.before == {"staff": 5}
    assert update.after == {"staff": 6}
    assert AnnualReport.objects.count() == 1
    assert HealthAssessment.objects.count() == 1


def test_cooperative_officer_writes_own_reports_only(coop, coop_officer, kepahiang_officer):
    other = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Lain")
    services.annual_report_save(actor=coop_officer, cooperative=coop, fiscal_year=2024, data=report_data())
    with pytest.raises(PermissionDenied):
        services.annual_report_save(actor=coop_officer, cooperative=other, fiscal_year=2024, data=report_data())
    with pytest.raises(PermissionDenied):
        services.cooperative_update(actor=coop_officer, cooperative=coop, data={"name": "Renamed"})


def test_rescoring_under_another_rule_set_adds_a_row_and_keeps_the_office_one(coop, kepahiang_officer):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=report_data()
    )
    banded = services.cooperative_assess(actor=kepahiang_officer, report=report, rule_set_version="ksp-2016-06")
    assert banded.rule_set_version == "ksp-2016-06"
    assert HealthAssessment.objects.filter(report=report).count() == 2
    coop.refresh_from_db()
    assert coop.health_total == HealthAssessment.objects.get(report=report, rule_set_version="ksp-2016-06-linear").total
    with pytest.raises(ValidationError):
        services.cooperative_assess(actor=kepahiang_officer, report=report, rule_set_version="ksp-1999")


def test_deleting_the_newest_report_falls_back_to_the_previous_score(coop, kepahiang_officer):
    services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2023, data=report_data())
    newest = services.annual_report_save(
        actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=report_data(risk_reserve=D("1"))
    )
    coop.refresh_from_db()
    assert coop.health_year == 2024
    services.annual_report_delete(actor=kepahiang_officer, report=newest)
    coop.refresh_from_db()
    assert coop.health_year == 2023


def test_a_cooperative_with_reports_is_not_deleted(coop, kepahiang_officer):
    services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2024, data=report_data())
    with pytest.raises(ValidationError, match="dissolved"):
        services.cooperative_delete(actor=kepahiang_officer, cooperative=coop)


def test_officers_and_members(coop, kepahiang_officer):
    from sinergi.registry import services as registry

    person = registry.person_create(
        actor=kepahiang_officer, data={"name": "Ahmad Yani", "nik": "1708010101800001", "desa_id": "17.08.01.2001"}
    )
    officer = services.cooperative_officer_add(
        actor=kepahiang_officer,
        cooperative=coop,
        data={"person_id": person.pk, "body": "pengurus", "role": "Ketua", "term_start": dt.date(2024, 1, 1)},
    )
    assert list(selectors.cooperative_officers(user=kepahiang_officer, cooperative=coop)) == [officer]
    with pytest.raises(ValidationError) as exc:
        services.cooperative_officer_add(
            actor=kepahiang_officer,
            cooperative=coop,
            data={
                "person_id": 0,
                "body": "direksi",
                "role": "",
                "term_start": dt.date(2024, 1, 1),
                "term_end": dt.date(2023, 1, 1),
            },
        )
    assert set(exc.value.message_dict) == {"person_id", "body", "role", "term_end"}
    services.cooperative_member_add(actor=kepahiang_officer, cooperative=coop, data={"person_id": person.pk})
    with pytest.raises(ValidationError, match="already"):
        services.cooperative_member_add(actor=kepahiang_officer, cooperative=coop, data={"person_id": person.pk})


def test_activity_in_sql_agrees_with_the_pure_rule(coop, kepahiang_officer):
    other = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Dua")
    for year in (2024, 2025):
        services.annual_report_save(
            actor=kepahiang_officer, cooperative=coop, fiscal_year=year, data=report_data(**rat(year))
        )
    services.annual_report_save(
        actor=kepahiang_officer, cooperative=other, fiscal_year=2025, data=report_data(**rat(2025))
    )
    rule = ActivityRule(years=2, mode="each")
    annotated: Any = selectors.with_activity(Cooperative.objects.all(), as_of_year=2025, rule=rule)
    flags = dict(annotated.values_list("name", "is_active"))
    assert flags == {"Koperasi Sejahtera Bersama": True, "KSP Dua": False}
    for c in (coop, other):
        assert selectors.cooperative_activity(cooperative=c, as_of_year=2025, rule=rule).active is flags[c.name]
    any_rule = ActivityRule(years=2, mode="any")
    annotated = selectors.with_activity(Cooperative.objects.all(), as_of_year=2025, rule=any_rule)
    assert all(annotated.values_list("is_active", flat=True))


def test_stored_result_is_explained_from_its_rule_set_and_survives_an_unknown_one():
    from sinergi.cooperatives.services.assessments import result_explained, rule_set, score_values

    data = report_data(**rat(2024))
    stored = score_values(values=data, answers=data["management_answers"], rules=rule_set()).result
    assert "name" not in stored["aspects"][0]["components"][0]  # texts are not stored on every row
    known = result_explained(assessment_result=stored)
    first = known["aspects"][0]["components"][0]
    assert known["rule_set_title"].startswith("Peraturan Deputi")
    assert (first["code"], first["name"]) == ("1a", "Rasio modal sendiri terhadap total aset")
    assert first["formula"] == "own_capital / total_assets x 100"
    gone = result_explained(assessment_result={**stored, "rule_set_version": "gone-1"})
    assert gone["rule_set_title"] == ""
    assert gone["aspects"][0]["components"][0]["name"] == ""
    assert gone["aspects"][0]["components"][0]["value"] == stored["aspects"][0]["components"][0]["value"]
