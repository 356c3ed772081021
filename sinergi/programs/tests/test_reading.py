"""The selection report as a citizen reads it: seats filled and unfilled with the reason, the criteria in words with
their weights, local dates, decimal commas, names without internal numbers, and "How to verify" with the draw key
and the steps to re-run it — and none of the internals (feature codes, rule keys, ISO dates, "seed:key")."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import village
from sinergi.programs import services
from sinergi.programs.models import Program, SelectionRun
from sinergi.programs.selection import tiebreak
from sinergi.programs.tests.factories import business, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(jember_officer, clusters) -> SelectionRun:
    """Ten seats, four applicants of whom three hold an NIB (the rule), one asking for the program's topic."""
    p: Program = program(
        jember_officer,
        region="35.09",
        name="Pelatihan Kemasan",
        capacity=10,
        topics=["pengemasan", "foto produk", "pemasaran digital"],
        status="open",
    )
    services.program_rule_add(actor=jember_officer, program=p, data={"kind": "legality", "params": {"nib": True}})
    desa = village("35.09.01")
    for i, needs in enumerate((["pengemasan"], [], [], [])):
        docs = (("nib", None),) if i < 3 else ()
        b = business(desa, cluster=clusters["kopi"], docs=docs, name=f"Kopi Sumber {i}")
        services.application_submit(actor=jember_officer, program=p, data={"business_id": b.pk, "needs": needs})
    p = services.program_transition(actor=jember_officer, program=p, to="selection")
    with translation.override("id"):  # the run keeps its rules' wording in the language it was run in
        run = services.selection_run(actor=jember_officer, program=p, seed="Undian Kemasan 2025", config={})
    services.selection_accept(actor=jember_officer, run=run)
    return services.selection_publish(actor=jember_officer, run=run)


def _public(run: SelectionRun) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.get(reverse("program_public_report", args=[run.pk]))
    assert response.status_code == 200
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_public_report_says_seats_criteria_and_how_to_verify(published):
    text = _public(published)
    assert "10 kursi, 3 terpilih; 7 tidak terisi karena hanya 3 pendaftar yang memenuhi syarat." in text
    assert "4 pendaftar: 3 memenuhi syarat, 1 tidak." in text
    assert "kebutuhan pelatihan yang sesuai dengan materi program × 3" in text
    assert "tingkat kemiskinan (desil P3KE; yang termiskin paling dihitung) × 2" in text
    assert "Memiliki NIB" in text
    # The one whose need matches one of three topics scores 3 × 0,3333 + 2 (never aided) = 2,9999.
    assert "2,9999" in text
    assert "33 %" in text
    assert "Cara memeriksa" in text
    assert "“Undian Kemasan 2025”" in text
    first = published.result["selected"][0]["key"]
    assert tiebreak("Undian Kemasan 2025", first) in text
    assert f"Undian Kemasan 2025:{first}" in text
    for internal in ("need_match", "never_aided", "poverty 2", "r0", "seed:key", "Seed", f"#{first}"):
        assert internal not in text, internal
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert not re.search(r"\d\.\d{4}\b", text)  # no decimal point in a score


def test_staff_run_page_names_the_score_parts_in_words(published, jember_officer):
    from sinergi.registry.tests.conftest import login

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    login(client, jember_officer)
    html = client.get(reverse("program_run", args=[published.program_id, published.pk])).content.decode()
    assert "belum pernah menerima bantuan program 1" in html
    assert "need_match" not in html
    assert "10 kursi, 3 terpilih" in html
