"""The desa-potentials import (``empowerment.potential``): Indonesian sector words, villages by code or name,
every row answered, a re-import updates what changed; and its page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.empowerment.imports import potentials_import
from sinergi.empowerment.models import DesaPotential
from sinergi.regions.models import Region

pytestmark = pytest.mark.django_db


def _run(officer, text: str, office: str = "17.08"):
    data = text.encode()
    return potentials_import(
        actor=officer, office=Region.objects.get(pk=office), stream=io.BytesIO(data), name="potensi.csv", size=len(data)
    )


def test_rows_are_read_in_indonesian_and_each_is_answered(kepahiang_officer, desa):
    text = (
        "Desa;Sektor;Urutan;Sumber;Keterangan\n"
        f"{desa.code};Perikanan;1;profil desa;Tangkap ikan\n"
        f"{desa.name};Pariwisata;2;survei;Pantai\n"
        f"{desa.code};Tambang;1;;\n"
        "Desa Entah;Pertanian;1;;\n"
        f"{desa.code};Kerajinan;tiga;;\n"
    )
    result = _run(kepahiang_officer, text)
    assert [r.status for r in result.rows] == ["created", "created", "rejected", "rejected", "rejected"]
    assert "Unknown sector “Tambang”." in result.rows[2].reasons
    assert "No village “Desa Entah”" in result.rows[3].reasons[0]
    assert "whole number from 1 to 20" in result.rows[4].reasons[0]
    tourism = DesaPotential.objects.get(sector="pariwisata")
    assert (tourism.desa_id, tourism.rank, tourism.source, tourism.note) == (desa.code, 2, "survey", "Pantai")
    again = _run(kepahiang_officer, f"Desa;Sektor;Urutan\n{desa.code};Perikanan;3\n")
    assert [r.status for r in again.rows] == ["updated"]
    assert DesaPotential.objects.get(sector="perikanan").rank == 3


def test_another_offices_file_is_refused(jember_officer, desa):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _run(jember_officer, f"Desa;Sektor\n{desa.code};Perikanan\n")


def test_the_import_page(kepahiang_officer, kepahiang_viewer, client, desa):
    client.force_login(kepahiang_officer)
    url = reverse("empowerment_potential_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("potensi.csv", f"Kode Desa;Sektor\n{desa.code};Peternakan\n".encode())
    page = client.post(url, {"office": "17.08", "file": upload})
    assert page.status_code == 200
    assert "1 recorded, 0 updated, 0 already in, 0 rejected." in page.content.decode()
    assert DesaPotential.objects.get().sector == "peternakan"
    missing = client.post(url, {"office": "17.08", "file": SimpleUploadedFile("x.csv", b"Nama;Alamat\nA;B\n")})
    assert missing.status_code == 400
    client.force_login(kepahiang_viewer)
    assert client.post(url, {"office": "17.08"}).status_code == 403
