"""What a user reads by default is Bahasa Indonesia: page labels, field errors and API problem details."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sinergi.accounts.services import api_token_create

DESA = "17.08.01.2001"


def test_business_form_errors_are_indonesian_by_default(kepahiang_officer, clusters):
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})  # an office laptop set up in English
    client.force_login(kepahiang_officer)
    response = client.post(
        reverse("business_create"),
        {"name": "Keripik Pisang", "desa": DESA, "owner_name": "Budi", "owner_nik": "12345", "owner_sex": "L"},
    )
    html = response.content.decode()
    assert response.status_code == 400  # the generic form re-renders a refused form with 400
    assert "NIK terdiri atas 16 digit; yang ini 5 digit." in html
    assert "Nama usaha" in html


def test_api_problem_details_are_indonesian_without_accept_language(kepahiang_officer, regions):
    _token, raw = api_token_create(actor=kepahiang_officer, user=kepahiang_officer, name="uji")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post(
        "/api/v1/persons", {"name": "Budi", "nik": "17080115O8950001", "desa": DESA}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["nik"] == ["NIK hanya boleh berisi angka; ditemukan “O”."]


def test_api_answers_in_english_when_asked(kepahiang_officer, regions):
    _token, raw = api_token_create(actor=kepahiang_officer, user=kepahiang_officer, name="uji")
    client = Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})
    response = client.post(
        "/api/v1/persons", {"name": "Budi", "nik": "17080115O8950001", "desa": DESA}, content_type="application/json"
    )
    assert response.json()["errors"]["nik"] == ["A NIK may contain digits only; found “O”."]
