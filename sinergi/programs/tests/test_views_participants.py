"""A participant's page: capital aid from a budget line (Indonesian amounts; overspending the line refused
with the figures), mentoring visits, outcomes (a registry document obtained, a follow-up survey), and its
scope (404 outside the region, 403 for viewers, forms only while the program's status allows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from conftest import village
from sinergi.programs import services
from sinergi.programs.forms.participants import parse_answers
from sinergi.programs.models import AidDisbursement, Enrollment, MentoringVisit, Outcome, Program, Realisation
from sinergi.programs.tests.factories import business, program
from sinergi.registry.tests.conftest import login


@pytest.fixture
def aided(kepahiang_officer, regions) -> tuple[Program, Enrollment]:
    p = program(kepahiang_officer, name="Bantuan Modal Kepahiang 2025", kind="bantuan_modal", status="selection")
    services.budget_line_add(
        actor=kepahiang_officer, program=p, data={"source": "apbd_kabupaten", "amount": Decimal("10000000")}
    )
    b = business(village("17.08"), docs=(("nib", None), ("halal", None)), name="Keripik Ubi Bu Sri")
    enrollment = services.enrollment_add(actor=kepahiang_officer, program=p, data={"business_id": b.pk})
    p = services.program_transition(actor=kepahiang_officer, program=p, to="running")
    return p, enrollment


def _url(name: str, p: Program, e: Enrollment) -> str:
    return reverse(name, args=[p.pk, e.pk])


def test_aid_from_a_line_and_overspend_refused(client, kepahiang_officer, aided):
    p, e = aided
    login(client, kepahiang_officer)
    tab = client.get(reverse("program_detail", args=[p.pk]) + "?tab=enrollments").content.decode()
    assert _url("program_participant", p, e) in tab
    line = p.budget_lines.get()
    url = _url("program_participant_aid", p, e)
    ok = {"budget_line": line.pk, "amount": "6.000.000", "disbursed_on": "2025-03-01", "description": "tunai"}
    response = client.post(url, ok)
    assert response.status_code == 302
    aid = AidDisbursement.objects.get(enrollment=e)
    assert (aid.amount, aid.budget_line_id, aid.description) == (Decimal("6000000.00"), line.pk, "tunai")
    assert Realisation.objects.filter(budget_line=line).count() == 1
    html = client.get(_url("program_participant", p, e)).content.decode()
    assert 'data-field="aid-total"' in html
    assert "6.000.000" in html

    response = client.post(url, {**ok, "amount": "5.000.000,00"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "left on the" in text
    assert "4.000.000" in text
    assert AidDisbursement.objects.filter(enrollment=e).count() == 1
    response = client.post(url, {**ok, "budget_line": "999999"})
    assert response.status_code == 400
    response = client.post(url, {**ok, "amount": "enam juta"})
    assert response.status_code == 400
    assert AidDisbursement.objects.filter(enrollment=e).count() == 1


def test_mentoring_visit(client, kepahiang_officer, aided):
    p, e = aided
    login(client, kepahiang_officer)
    url = _url("program_participant_visit", p, e)
    response = client.post(
        url,
        {"visited_on": "2025-04-02", "mentor": "Pak Darmawan", "topics": "pembukuan, kemasan", "notes": "Stok rapi"},
    )
    assert response.status_code == 302
    visit = MentoringVisit.objects.get(enrollment=e)
    assert (visit.mentor, visit.topics, visit.notes) == ("Pak Darmawan", ["pembukuan", "kemasan"], "Stok rapi")
    assert "Pak Darmawan" in client.get(_url("program_participant", p, e)).content.decode()
    response = client.post(url, {"visited_on": "2025-04-02", "mentor": ""})
    assert response.status_code == 400
    assert MentoringVisit.objects.filter(enrollment=e).count() == 1


def test_outcomes_document_and_survey(client, kepahiang_officer, aided):
    p, e = aided
    login(client, kepahiang_officer)
    halal = e.business.documents.get(kind="halal")
    page = client.get(_url("program_participant", p, e)).content.decode()
    assert f'value="{halal.pk}"' in page
    url = _url("program_participant_outcome", p, e)
    assert client.post(url, {"kind": "document", "document": str(halal.pk)}).status_code == 302
    outcome = Outcome.objects.get(enrollment=e)
    assert (outcome.kind, outcome.document_id) == ("document", halal.pk)
    answers = "Omzet naik: ya\nTenaga kerja = 3\n"
    assert client.post(url, {"kind": "survey", "answers": answers, "recorded_on": "2025-12-01"}).status_code == 302
    survey = Outcome.objects.get(enrollment=e, kind="survey")
    assert survey.answers == {"Omzet naik": "ya", "Tenaga kerja": "3"}
    assert survey.recorded_on.isoformat() == "2025-12-01"
    response = client.post(url, {"kind": "survey", "answers": "tanpa titik dua"})
    assert response.status_code == 400
    assert client.post(url, {"kind": "survey", "answers": ""}).status_code == 400
    assert client.post(url, {"kind": "document"}).status_code == 400
    assert Outcome.objects.filter(enrollment=e).count() == 2
    html = client.get(_url("program_participant", p, e)).content.decode()
    assert "Omzet naik: ya" in html


def test_parse_answers():
    assert parse_answers("a: 1\n\n b = dua ") == {"a": "1", "b": "dua"}
    with pytest.raises(Exception, match="Line 2"):
        parse_answers("a: 1\nb")


def test_scope_and_status(client, kepahiang_officer, kepahiang_viewer, jember_officer, aided):
    p, e = aided
    line = p.budget_lines.get()
    aid = {"budget_line": line.pk, "amount": "1.000.000", "disbursed_on": "2025-03-01"}
    viewer = login(Client(), kepahiang_viewer)
    html = viewer.get(_url("program_participant", p, e)).content.decode()
    assert "aid-form" not in html
    assert viewer.post(_url("program_participant_aid", p, e), aid).status_code == 403
    other = login(Client(), jember_officer)
    assert other.get(_url("program_participant", p, e)).status_code == 404
    assert other.post(_url("program_participant_aid", p, e), aid).status_code == 404
    assert not AidDisbursement.objects.exists()
    services.program_transition(actor=kepahiang_officer, program=p, to="closed")
    html = login(client, kepahiang_officer).get(_url("program_participant", p, e)).content.decode()
    assert "aid-form" not in html
    assert "outcome-form" in html
    response = client.post(_url("program_participant_aid", p, e), aid)
    assert response.status_code == 400
    assert not AidDisbursement.objects.exists()


def test_budget_and_history_selectors(kepahiang_officer, aided, django_assert_num_queries):
    from sinergi.programs import selectors

    p, e = aided
    line = p.budget_lines.get()
    services.aid_disburse(
        actor=kepahiang_officer,
        enrollment=e,
        data={"budget_line_id": line.pk, "amount": Decimal("2500000"), "disbursed_on": dt.date(2025, 3, 1)},
    )
    with django_assert_num_queries(2):
        rows = selectors.program_budget(program=p)
        spent = [[r.amount for r in row.line.realisations.all()] for row in rows]
    assert spent == [[Decimal("2500000.00")]]
    assert rows[0].remaining == Decimal("7500000.00")
    history = selectors.program_history(program=p)
    kinds = {entry.content_type.model for entry in history}
    assert {"program", "budgetline", "enrollment", "realisation", "aiddisbursement"} - kinds == {"aiddisbursement"}
