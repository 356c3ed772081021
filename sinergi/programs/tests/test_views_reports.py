"""The beneficiaries report page: grouped by year and source (the default) or any other dimension, filters,
the XLSX export with the same figures, region scope, and staff only."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from conftest import village
from sinergi.programs.models import BudgetLine
from sinergi.programs.tests.factories import business, past_aid
from sinergi.registry.tests.conftest import login


@pytest.fixture
def aided(regions):
    desa = village("17.08")
    first = past_aid(kind="bantuan_modal", year=2021, business=business(desa, scale="mikro"))
    second = past_aid(kind="bantuan_modal", year=2022, business=business(desa, scale="mikro"))
    BudgetLine.objects.create(program=first.program, source="apbd_kabupaten", amount=Decimal("1000000"))
    BudgetLine.objects.create(program=second.program, source="apbn", amount=Decimal("1000000"))
    jember = past_aid(kind="bantuan_modal", year=2021, region="35.09", business=business(village("35.09")))
    BudgetLine.objects.create(program=jember.program, source="apbn", amount=Decimal("1000000"))
    return first, second


def test_default_grouping_and_scope(client, kepahiang_officer, aided):
    html = login(client, kepahiang_officer).get(reverse("program_beneficiaries")).content.decode()
    assert "APBD kabupaten/kota" in html
    assert "APBN" in html
    assert 'data-field="total">2<' in html
    response = client.get(reverse("program_beneficiaries"), {"group_by": "year", "year_from": "2022"})
    assert response.status_code == 200
    text = response.content.decode()
    assert ">2022<" in text
    assert ">2021<" not in text
    assert 'data-field="total">1<' in text
    assert client.get(reverse("program_beneficiaries"), {"year_from": "1900"}).status_code == 400


def test_xlsx_export_matches(client, kepahiang_officer, aided):
    login(client, kepahiang_officer)
    response = client.get(reverse("program_beneficiaries_xlsx"), {"group_by": ["source"], "kind": "bantuan_modal"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["source", "beneficiaries", "enrollments", "aid (Rp)"]
    assert [c[:2] for c in cells[1:]] == [["APBD kabupaten/kota", 1], ["APBN", 1], ["Total", 2]]


def test_staff_only(client, aided, kepahiang_viewer, django_user_model):
    assert login(client, kepahiang_viewer).get(reverse("program_beneficiaries")).status_code == 200
    owner = django_user_model.objects.create_user(username="pemilik", password="x", role="owner")
    assert login(Client(), owner).get(reverse("program_beneficiaries")).status_code == 403
    assert login(Client(), owner).get(reverse("program_beneficiaries_xlsx")).status_code == 403
    assert Client().get(reverse("program_beneficiaries")).status_code == 302
