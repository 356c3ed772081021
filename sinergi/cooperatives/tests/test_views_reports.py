"""The annual report page and the assessment page: entered by the cooperative's own officer or the office,
checked by the services (balance sheet, notation), scored and explained line by line; read-only for viewers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from sinergi.cooperatives import services
from sinergi.cooperatives.models import AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.tests.factories import (
    cooperative_make,
    cooperative_officer_make,
    page_value,
    rat,
    report_data,
    report_form_data,
)
from sinergi.registry.tests.conftest import login


@pytest.fixture
def kepahiang_coop(kepahiang_officer) -> Cooperative:
    return cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Kaba Makmur")


def report_url(cooperative: Cooperative, year: int = 2023) -> str:
    return reverse("annual_report", args=[cooperative.pk, year])


def test_cooperative_officer_enters_a_report_and_sees_the_score_explained(client, kepahiang_coop):
    login(client, cooperative_officer_make(cooperative=kepahiang_coop))
    assert client.get(report_url(kepahiang_coop)).status_code == 200
    response = client.post(report_url(kepahiang_coop), report_form_data(report_data(**rat(2023))))
    report = AnnualReport.objects.get(cooperative=kepahiang_coop, fiscal_year=2023)
    assessment = HealthAssessment.objects.get(report=report, rule_set_version="ksp-2016-06-linear")
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperative_assessment", args=[assessment.pk])
    assert report.total_assets == Decimal("1000000000.00")
    assert report.management_answers["general"] == [True] * 12

    html = client.get(response["Location"]).content.decode()
    assert re.search(r'data-field="total">88,45<', html)  # the default linear reading; 88,50 banded
    assert re.search(r'data-field="predicate"[^>]*>Sehat<', html)
    # 1a own capital / total assets = 450.000.000 / 1.000.000.000 = 45 %: band (40, 60] scores 100, weight 6.
    assert page_value(html, row="data-component", key="1a", field="value") == "45,00 %"
    assert page_value(html, row="data-component", key="1a", field="band") == "40 < x ≤ 60"
    assert page_value(html, row="data-component", key="1a", field="score") == "100,00"
    assert page_value(html, row="data-component", key="1a", field="contribution") == "6,00"
    assert 'data-component="3a"' in html
    assert 'data-evidence="practice"' in html
    assert "ksp-2016-06" in html
    assert "Peraturan Deputi" in html
    assert page_value(html, row="data-aspect", key="permodalan", field="weight") == "15,00"
    # The officer may read the cooperative and its reports tab, but not change the register entry.
    assert client.get(reverse("cooperative_edit", args=[kepahiang_coop.pk])).status_code == 403
    tab = client.get(reverse("cooperative_detail", args=[kepahiang_coop.pk]) + "?tab=reports").content.decode()
    assert page_value(tab, row="data-year", key="2023", field="score") == "88,45"


def test_an_unbalanced_balance_sheet_shows_the_difference_and_saves_nothing(client, kepahiang_officer, kepahiang_coop):
    login(client, kepahiang_officer)
    data = report_form_data(report_data())
    data["total_assets"] = "1.000.001.000,00"
    response = client.post(report_url(kepahiang_coop), data)
    assert response.status_code == 400
    message = response.context["form"].errors["total_assets"][0]
    assert "does not balance" in message
    assert "Rp 1.000,00" in message
    assert "does not balance" in response.content.decode()
    assert not AnnualReport.objects.exists()
    assert not HealthAssessment.objects.exists()


def test_amounts_in_english_notation_are_refused_on_the_field(client, kepahiang_officer, kepahiang_coop):
    login(client, kepahiang_officer)
    data = report_form_data(report_data())
    data["cash"] = "50,000,000.00"
    response = client.post(report_url(kepahiang_coop), data)
    assert response.status_code == 400
    assert "English notation" in response.context["form"].errors["cash"][0]
    assert not AnnualReport.objects.exists()


def test_missing_figures_are_listed_on_the_assessment_page(client, kepahiang_officer, kepahiang_coop):
    login(client, kepahiang_officer)
    data = report_form_data(report_data(risk_reserve=None, management_answers={}))
    response = client.post(report_url(kepahiang_coop), data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Cannot be scored yet" in html
    assert "cadangan risiko (risk_reserve) is missing" in html
    assessment = HealthAssessment.objects.get()
    assert [p["component"] for p in assessment.problems] == ["2c", "3a", "3b", "3c", "3d", "3e"]
    for problem in assessment.problems:
        assert escape(services.problem_message(problem)) in html


def test_viewer_reads_the_report_but_a_post_is_403(client, kepahiang_officer, kepahiang_viewer, kepahiang_coop):
    services.annual_report_save(
        actor=kepahiang_officer, cooperative=kepahiang_coop, fiscal_year=2023, data=report_data()
    )
    login(client, kepahiang_viewer)
    response = client.get(report_url(kepahiang_coop))
    assert response.status_code == 200
    assert response.context["form"]["total_assets"].value() == "1.000.000.000,00"
    assert 'name="total_assets"' in response.content.decode()
    assert "disabled" in response.content.decode()
    data = report_form_data(report_data(total_assets=Decimal(1)))
    assert client.post(report_url(kepahiang_coop), data).status_code == 403
    assert AnnualReport.objects.get().total_assets == Decimal("1000000000.00")


def test_officer_of_another_cooperative_gets_404(client, kepahiang_officer, kepahiang_coop):
    neighbour = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Tetangga")
    login(client, cooperative_officer_make(cooperative=neighbour))
    assert client.get(report_url(kepahiang_coop)).status_code == 404
    assert client.post(report_url(kepahiang_coop), report_form_data(report_data())).status_code == 404
    assert client.get(reverse("cooperative_detail", args=[kepahiang_coop.pk])).status_code == 404
    names = {c.name for c in client.get(reverse("cooperative_list")).context["page"].object_list}
    assert names == {"KSP Tetangga"}
    assert not AnnualReport.objects.exists()


def test_rescore_under_the_other_rule_set(client, kepahiang_officer, kepahiang_coop):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=kepahiang_coop, fiscal_year=2023, data=report_data()
    )
    login(client, kepahiang_officer)
    first = report.assessments.get()
    response = client.post(
        reverse("cooperative_assessment_rescore", args=[first.pk]), {"rule_set_version": "ksp-2016-06"}
    )
    banded = HealthAssessment.objects.get(report=report, rule_set_version="ksp-2016-06")
    assert response["Location"] == reverse("cooperative_assessment", args=[banded.pk])
    html = client.get(response["Location"]).content.decode()
    assert re.search(r'data-field="total">88,50<', html)
    assert 'data-other="ksp-2016-06-linear"' in html
    bad = client.post(reverse("cooperative_assessment_rescore", args=[first.pk]), {"rule_set_version": "nope"})
    assert bad.status_code == 302
    assert HealthAssessment.objects.count() == 2


def test_year_picker_opens_the_years_form(client, kepahiang_officer, kepahiang_coop):
    login(client, kepahiang_officer)
    pick = reverse("annual_report_pick", args=[kepahiang_coop.pk])
    assert client.get(pick + "?tahun=2021")["Location"] == report_url(kepahiang_coop, 2021)
    assert client.get(pick + "?tahun=3000")["Location"].endswith("?tab=reports")
    assert client.get(pick + "?tahun=abc")["Location"].endswith("?tab=reports")
    assert client.get(report_url(kepahiang_coop, 3000)).status_code == 404


def test_assessment_page_writes_formulas_and_the_rule_set_in_indonesian(client, kepahiang_officer, kepahiang_coop):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=kepahiang_coop, fiscal_year=2023, data=report_data(**rat(2023))
    )
    assessment = report.assessments.get()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = login(client, kepahiang_officer).get(reverse("cooperative_assessment", args=[assessment.pk])).content
    text = html.decode()
    assert "Modal sendiri ÷ total aset × 100" in text
    assert "jumlah jawaban “ya” pada manajemen umum (12 pertanyaan) × 0,25" in text
    assert "(0,5 × pinjaman kurang lancar (PKL) + 0,75 × pinjaman diragukan (PDR) + pinjaman macet (PM))" in text
    assert "pembacaan linear" in text
    for internal in ("own_capital", "total_assets", "count of yes", "linear reading", " x 100"):
        assert internal not in text
