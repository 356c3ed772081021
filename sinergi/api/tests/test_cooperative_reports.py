"""Annual reports and health assessments through the API: enter, re-enter, correct, delete, score again;
balance-sheet and amount errors as field errors; who may do what, including the cooperative's own officer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.models import AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.schemas import ReportIn, ReportOut
from sinergi.cooperatives.tests.factories import rat, report_data

JSON = "application/json"
YEAR = timezone.localdate().year - 1


def as_json(data: dict[str, Any]) -> dict[str, Any]:
    """Report values as a client sends them: amounts as decimal strings, dates in ISO 8601."""
    return {
        k: str(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v for k, v in data.items()
    }


def full_report(year: int = YEAR, **overrides: Any) -> dict[str, Any]:
    return as_json(report_data(**rat(year), **overrides))


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def reports_url(coop: Cooperative, year: int | None = None) -> str:
    return f"/api/v1/cooperatives/{coop.pk}/reports" + (f"/{year}" if year is not None else "")


def test_schemas_cover_every_report_field():
    assert set(ReportIn.model_fields) == set(services.REPORT_FIELDS)
    assert set(services.REPORT_FIELDS) <= set(ReportOut.model_fields)


def test_report_round_trip(client, coop):
    response = client.put(reports_url(coop, YEAR), full_report(), content_type=JSON)
    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["fiscal_year"], report["cooperative_id"], report["rat_held"]) == (YEAR, coop.pk, True)
    assert report["total_assets"] == "1000000000.00"
    assert report["shu"] == "55000000.00"
    assert report["members_end"] == 120
    assert report["management_answers"]["general"] == [True] * 12
    [summary] = report["assessments"]
    assert summary["rule_set_version"] == "ksp-2016-06-linear"  # the default
    assert summary["problems"] == []
    assert Decimal(summary["total"]) > 0
    assert summary["predicate"]
    assert summary["predicate_label"]

    detail = client.get(f"/api/v1/cooperatives/{coop.pk}").json()
    assert (detail["health_year"], detail["health_total"], detail["health_predicate"]) == (
        YEAR,
        summary["total"],
        summary["predicate"],
    )
    assert client.get(reports_url(coop, YEAR)).json() == report

    # PATCH changes what it names; the rest stays, and the report is scored again.
    response = client.patch(reports_url(coop, YEAR), {"voluntary_savings": "260000000.5"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["voluntary_savings"] == "260000000.50"
    assert response.json()["total_assets"] == "1000000000.00"
    # PUT again replaces the whole report: what it leaves out is cleared, and the score goes with the figures.
    response = client.put(reports_url(coop, YEAR), {"rat_held": False, "members_end": 130}, content_type=JSON)
    assert response.status_code == 200, response.content
    replaced = response.json()
    assert (replaced["members_end"], replaced["total_assets"], replaced["rat_held"]) == (130, None, False)
    assert replaced["management_answers"] == {}
    [summary] = replaced["assessments"]
    assert summary["total"] is None
    messages = [p["message"] for p in summary["problems"]]
    assert len(messages) == 22  # every component is listed, not only the first that fails
    assert "1a Rasio modal sendiri terhadap total aset: modal sendiri (own_capital) is missing." in messages
    assert {p["kind"] for p in summary["problems"]} == {"missing"}
    assert client.get(f"/api/v1/cooperatives/{coop.pk}").json()["health_total"] is None

    assert client.delete(reports_url(coop, YEAR)).status_code == 204
    assert client.get(reports_url(coop, YEAR)).status_code == 404
    assert not AnnualReport.objects.filter(cooperative=coop).exists()
    assert not HealthAssessment.objects.filter(cooperative=coop).exists()


def test_patch_and_delete_need_an_existing_report(client, coop):
    assert client.patch(reports_url(coop, YEAR), {"staff": 3}, content_type=JSON).status_code == 404
    assert client.delete(reports_url(coop, YEAR)).status_code == 404
    assert client.post(reports_url(coop, YEAR) + "/assess").status_code == 404
    assert not AnnualReport.objects.exists()


def test_unbalanced_balance_sheet_is_a_field_error(client, coop):
    response = client.put(reports_url(coop, YEAR), full_report(total_assets="1000000001.00"), content_type=JSON)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert list(errors) == ["total_assets"]
    assert "does not balance" in errors["total_assets"][0]
    assert "Rp 1.000.000.001,00" in errors["total_assets"][0]
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cash", "1,5.0"),
        ("cash", "abc"),
        ("cash", "1.250.000,00"),
        ("cash", "NaN"),
        ("cash", "Infinity"),
        ("cash", "1e400"),
        ("cash", "12345678901234567.00"),
        ("cash", "10.123"),
        ("cash", 1.5),
        ("cash", True),
        ("cash", []),
        ("cash", "-5"),
        ("members_end", -1),
        ("members_end", "banyak"),
        ("members_end", 2**31),
        ("rat_date", "31-12-2024"),
        ("rat_held", "maybe"),
        ("management_answers", {"general": [True]}),
        ("management_answers", {"unknown": []}),
        ("management_answers", {"general": ["ya"] * 12}),
        ("nama", "x"),
    ],
)
def test_bad_values_are_422_not_500(client, coop, field, value):
    body = full_report() | {field: value}
    response = client.put(reports_url(coop, YEAR), body, content_type=JSON)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert {key.split(".")[0] for key in errors} == {field}, errors
    assert all(messages for messages in errors.values())
    assert not AnnualReport.objects.exists()


def test_amount_messages_name_the_problem(client, coop):
    errors = client.put(reports_url(coop, YEAR), {"cash": 1.5}, content_type=JSON).json()["errors"]
    assert errors == {"cash": ["Send the amount as a decimal string, e.g. “1500000.50”, not as a JSON number."]}
    errors = client.put(reports_url(coop, YEAR), {"cash": "1,5.0"}, content_type=JSON).json()["errors"]
    assert errors == {"cash": ["Enter a number."]}
    errors = client.put(reports_url(coop, YEAR), {"loss_loans": "-1"}, content_type=JSON).json()["errors"]
    assert errors == {"loss_loans": ["This amount cannot be negative."]}
    # Losses may be negative; whole rupiah as JSON integers are exact.
    response = client.put(reports_url(coop, YEAR), {"shu": "-2500000", "cash": 1500000}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["shu"], response.json()["cash"]) == ("-2500000.00", "1500000.00")


@pytest.mark.parametrize(
    ("year", "body", "field"),
    [
        (1900, {}, "fiscal_year"),
        (timezone.localdate().year + 1, {}, "fiscal_year"),
        (40000, {}, "year"),
        (YEAR, {"rat_held": True}, "rat_date"),
        (YEAR, {"rat_held": True, "rat_date": "2001-01-01"}, "rat_date"),
        (YEAR, {"members_end": 10, "rat_attendance": 11}, "rat_attendance"),
    ],
)
def test_report_rules_are_field_errors(client, coop, year, body, field):
    response = client.put(reports_url(coop, year), body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [field]


def test_report_list_pages_newest_first(client, coop, kepahiang_officer):
    for year in (YEAR - 3, YEAR - 1, YEAR - 2, YEAR):
        services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=year, data=report_data())
    first = client.get(reports_url(coop) + "?limit=3&with_total=true").json()
    assert [r["fiscal_year"] for r in first["items"]] == [YEAR, YEAR - 1, YEAR - 2]
    assert first["total"] == 4
    rest = client.get(reports_url(coop) + f"?limit=3&cursor={first['next']}").json()
    assert ([r["fiscal_year"] for r in rest["items"]], rest["next"]) == ([YEAR - 3], None)
    assert all(len(r["assessments"]) == 1 for r in first["items"])
    assessments = client.get(f"/api/v1/cooperatives/{coop.pk}/assessments?limit=2").json()
    assert [a["fiscal_year"] for a in assessments["items"]] == [YEAR, YEAR - 1]
    more = client.get(f"/api/v1/cooperatives/{coop.pk}/assessments?limit=2&cursor={assessments['next']}").json()
    assert [a["fiscal_year"] for a in more["items"]] == [YEAR - 2, YEAR - 3]
    assert client.get(reports_url(coop) + "?cursor=WyJ4IiwxXQ").status_code == 422  # ["x",1]: not a year


def test_assessment_detail_explains_the_score(client, coop):
    report = client.put(reports_url(coop, YEAR), full_report(), content_type=JSON).json()
    summary = report["assessments"][0]
    response = client.get(f"/api/v1/assessments/{summary['id']}")
    assert response.status_code == 200, response.content
    assessment = response.json()
    assert assessment["cooperative"] == {"id": coop.pk, "name": "KSP Kopi Kabawetan"}
    assert (assessment["report_id"], assessment["fiscal_year"]) == (report["id"], YEAR)
    assert (assessment["total"], assessment["predicate"]) == (summary["total"], summary["predicate"])
    assert assessment["rule_set_title"]
    assert assessment["assessed_by"] == "kepahiang"
    assert [a["code"] for a in assessment["aspects"]][:2] == ["permodalan", "kualitas_aktiva_produktif"]
    components = [c for a in assessment["aspects"] for c in a["components"]]
    assert len(components) == 22
    one = next(c for c in components if c["code"] == "1a")
    # Own capital 450.000.000 over total assets 1.000.000.000 is 45 %, in the (40, 60] band: score 100.
    assert Decimal(one["value"]) == 45
    assert one["band"]
    assert Decimal(one["score"]) == 100
    assert Decimal(one["contribution"]) == Decimal(one["score"]) * Decimal(one["weight"]) / 100
    assert one["evidence"]
    total = sum(Decimal(a["subtotal"]) for a in assessment["aspects"])
    assert abs(total - Decimal(assessment["total"])) < Decimal("0.01")


def test_assess_under_another_rule_set(client, coop, kepahiang_viewer, client_for):
    client.put(reports_url(coop, YEAR), full_report(), content_type=JSON)
    url = reports_url(coop, YEAR) + "/assess"
    response = client.post(url + "?rule_set=ksp-2016-06")
    assert response.status_code == 200, response.content
    assert response.json()["rule_set_version"] == "ksp-2016-06"
    assert response.json()["aspects"]
    listed = client.get(f"/api/v1/cooperatives/{coop.pk}/assessments").json()["items"]
    assert sorted(a["rule_set_version"] for a in listed) == ["ksp-2016-06", "ksp-2016-06-linear"]
    again = client.post(url)  # the office's rule set, replacing its earlier result
    assert again.json()["rule_set_version"] == "ksp-2016-06-linear"
    assert HealthAssessment.objects.filter(cooperative=coop).count() == 2
    unknown = client.post(url + "?rule_set=ksp-1999")
    assert unknown.status_code == 422
    assert list(unknown.json()["errors"]) == ["rule_set"]
    too_long = client.post(url + "?rule_set=" + "x" * 41)
    assert (too_long.status_code, list(too_long.json()["errors"])) == (422, ["rule_set"])
    assert client_for(kepahiang_viewer).post(url).status_code == 403


def test_cooperative_officer_enters_their_own_report(coop, jember_coop, coop_officer, client_for):
    client = client_for(coop_officer)
    response = client.put(reports_url(coop, YEAR), full_report(), content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["assessments"][0]["total"] is not None
    response = client.patch(reports_url(coop, YEAR), {"staff": 6}, content_type=JSON)
    assert (response.status_code, response.json()["staff"]) == (200, 6)
    assert client.post(reports_url(coop, YEAR) + "/assess").status_code == 200
    assessment_id = response.json()["assessments"][0]["id"]
    assert client.get(f"/api/v1/assessments/{assessment_id}").status_code == 200
    assert client.get(f"/api/v1/cooperatives/{coop.pk}").json()["health_year"] == YEAR
    # Another cooperative does not exist for them.
    assert client.get(f"/api/v1/cooperatives/{jember_coop.pk}").status_code == 404
    assert client.put(reports_url(jember_coop, YEAR), full_report(), content_type=JSON).status_code == 404
    assert client.get(reports_url(jember_coop)).status_code == 404
    assert not AnnualReport.objects.filter(cooperative=jember_coop).exists()
    # Nor may they change the register entry.
    assert client.patch(f"/api/v1/cooperatives/{coop.pk}", {"name": "X"}, content_type=JSON).status_code == 403
    # Nor delete a report: removing one, with its assessments, is the office's call.
    assert client.delete(reports_url(coop, YEAR)).status_code == 403
    assert AnnualReport.objects.filter(cooperative=coop, fiscal_year=YEAR).exists()


def test_other_region_officer_and_viewer(coop, kepahiang_officer, jember_officer, kepahiang_viewer, client_for):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=coop, fiscal_year=YEAR, data=report_data(**rat(YEAR))
    )
    assessment = report.assessments.get()
    url = reports_url(coop, YEAR)
    calls: list[tuple[str, str, dict[str, Any] | None]] = [
        ("get", reports_url(coop), None),
        ("get", url, None),
        ("put", url, full_report()),
        ("patch", url, {"staff": 1}),
        ("delete", url, None),
        ("post", url + "/assess", None),
        ("get", f"/api/v1/cooperatives/{coop.pk}/assessments", None),
        ("get", f"/api/v1/assessments/{assessment.pk}", None),
    ]

    def call(client, method: str, target: str, body: dict[str, Any] | None):
        if body is None:
            return getattr(client, method)(target)
        return getattr(client, method)(target, body, content_type=JSON)

    before = list(AnnualReport.objects.values_list("pk", "staff", "updated_at"))
    jember, viewer = client_for(jember_officer), client_for(kepahiang_viewer)
    for method, target, body in calls:
        assert call(jember, method, target, body).status_code == 404, (method, target)
        assert call(viewer, method, target, body).status_code == (200 if method == "get" else 403), (method, target)
    assert list(AnnualReport.objects.values_list("pk", "staff", "updated_at")) == before
    assert HealthAssessment.objects.get().assessed_at == assessment.assessed_at


def test_activity_follows_the_reports(client, coop):
    year = last_due_fiscal_year(today=timezone.localdate())
    client.put(reports_url(coop, year - 1), full_report(year - 1), content_type=JSON)
    activity = client.get(f"/api/v1/cooperatives/{coop.pk}").json()["activity"]
    assert (activity["active"], activity["held"], activity["missing"]) == (False, [year - 1], [year])
    client.put(reports_url(coop, year), full_report(year), content_type=JSON)
    activity = client.get(f"/api/v1/cooperatives/{coop.pk}").json()["activity"]
    assert (activity["active"], activity["held"], activity["missing"]) == (True, [year - 1, year], [])
