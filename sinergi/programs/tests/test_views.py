"""Program pages through the Django test client: region scope (404), read-only (403), the program form with
the services' field errors, the list's filters, the budget tab (Indonesian amounts, overspending refused),
the rule editor with its preview and pass/fail per candidate, applications with the mismatch flag, direct
enrollment against double aid, and the history. Selection, report and attendance: test_views_selection.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.programs import services
from sinergi.programs.models import Application, BudgetLine, EligibilityRule, Enrollment, Program, Realisation
from sinergi.programs.tests.factories import business, past_aid, person, program
from sinergi.registry import services as registry
from sinergi.registry.tests.conftest import login


def detail(p: Program, tab: str) -> str:
    return reverse("program_detail", args=[p.pk]) + f"?tab={tab}"


@pytest.fixture
def kepahiang_program(kepahiang_officer) -> Program:
    return program(kepahiang_officer, name="Pelatihan Kemasan Kepahiang", topics=["kemasan", "pemasaran digital"])


@pytest.fixture
def jember_program(jember_officer) -> Program:
    return program(jember_officer, region="35.09", name="Studi Banding Jember", kind="studi_banding")


# --- scope --------------------------------------------------------------------------------------------


def test_pages_require_login(client, kepahiang_program):
    for url in (reverse("program_list"), reverse("program_detail", args=[kepahiang_program.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_is_scoped_and_filtered(client, kepahiang_officer, kepahiang_program, jember_program):
    program(kepahiang_officer, name="Bantuan Modal 2024", kind="bantuan_modal", fiscal_year=2024, status="open")
    html = login(client, kepahiang_officer).get(reverse("program_list")).content.decode()
    assert "Pelatihan Kemasan Kepahiang" in html
    assert "Bantuan Modal 2024" in html
    assert "Studi Banding Jember" not in html
    html = client.get(reverse("program_list"), {"year": "2024"}).content.decode()
    assert "Bantuan Modal 2024" in html
    assert "Pelatihan Kemasan" not in html
    html = client.get(reverse("program_list"), {"status": "draft", "q": "kemasan"}).content.decode()
    assert "Pelatihan Kemasan Kepahiang" in html
    assert "Bantuan Modal" not in html
    html = client.get(reverse("program_list"), {"kind": "bantuan_modal"}).content.decode()
    assert "Bantuan Modal 2024" in html
    assert "Pelatihan Kemasan" not in html


def test_other_region_is_404_on_every_tab_and_post(client, jember_officer, kepahiang_program):
    login(client, jember_officer)
    for tab in ("overview", "budget", "rules", "applications", "selection", "enrollments", "history"):
        assert client.get(detail(kepahiang_program, tab)).status_code == 404
    assert client.post(reverse("program_transition", args=[kepahiang_program.pk]), {"to": "open"}).status_code == 404
    assert client.get(reverse("program_edit", args=[kepahiang_program.pk])).status_code == 404
    kepahiang_program.refresh_from_db()
    assert kepahiang_program.status == "draft"


def test_viewer_reads_but_every_write_is_403(client, kepahiang_viewer, kepahiang_program):
    login(client, kepahiang_viewer)
    response = client.get(detail(kepahiang_program, "overview"))
    assert response.status_code == 200
    assert "Move to:" not in response.content.decode()
    pk = kepahiang_program.pk
    posts = [
        ("program_transition", {"to": "open"}),
        ("program_budget_line_add", {"source": "apbn", "amount": "1.000.000"}),
        ("program_rule_add", {"kind": "legality", "nib": "on"}),
        ("program_application_add", {"applicant": "1"}),
        ("program_selection_run", {"seed": "x"}),
        ("program_session_add", {"title": "x"}),
        ("program_enrollment_add", {"applicant": "1"}),
    ]
    for name, data in posts:
        assert client.post(reverse(name, args=[pk]), data).status_code == 403, name
    assert client.get(reverse("program_create")).status_code == 403
    assert client.get(reverse("program_edit", args=[pk])).status_code == 403
    assert not BudgetLine.objects.exists()
    assert not EligibilityRule.objects.exists()


# --- program form and status ----------------------------------------------------------------------------


def test_create_program_with_service_errors_then_saved(client, jember_officer):
    login(client, jember_officer)
    form = client.get(reverse("program_create")).content.decode()
    assert 'value="35.09"' in form  # the only region of the officer is filled in
    data = {"name": "", "kind": "studi_banding", "target": "business", "fiscal_year": "1990", "region": "35.09"}
    response = client.post(reverse("program_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The name is required." in html
    assert "Give the fiscal year" in html
    data |= {"name": "Studi Banding UMKM 2025", "fiscal_year": "2025", "capacity": "13", "topics": "Kemasan, Ekspor"}
    response = client.post(reverse("program_create"), data)
    p = Program.objects.get(name="Studi Banding UMKM 2025")
    assert response.status_code == 302
    assert response["Location"] == reverse("program_detail", args=[p.pk])
    assert (p.status, p.capacity, p.topics, p.region_id) == ("draft", 13, ["kemasan", "ekspor"], "35.09")


def test_create_outside_own_region_is_a_field_error(client, jember_officer):
    data = {"name": "X", "kind": "diklat", "target": "business", "fiscal_year": "2025", "region": "17.08"}
    response = login(client, jember_officer).post(reverse("program_create"), data)
    assert response.status_code == 400
    assert "You may not change records in region 17.08" in response.content.decode()
    assert not Program.objects.exists()


def test_edit_and_status_buttons(client, kepahiang_officer, kepahiang_program):
    login(client, kepahiang_officer)
    url = reverse("program_edit", args=[kepahiang_program.pk])
    assert "kemasan, pemasaran digital" in client.get(url).content.decode()
    data = {"name": "Pelatihan Kemasan", "kind": "diklat", "target": "business", "fiscal_year": "2025"}
    response = client.post(url, data | {"region": "17.08", "location": "Aula Dinas", "topics": "kemasan"})
    assert response.status_code == 302
    kepahiang_program.refresh_from_db()
    assert (kepahiang_program.name, kepahiang_program.location) == ("Pelatihan Kemasan", "Aula Dinas")
    html = client.get(detail(kepahiang_program, "overview")).content.decode()
    assert 'data-to="open"' in html
    client.post(reverse("program_transition", args=[kepahiang_program.pk]), {"to": "open"})
    kepahiang_program.refresh_from_db()
    assert kepahiang_program.status == "open"
    # running needs participants: refused with the service's reason
    client.post(reverse("program_transition", args=[kepahiang_program.pk]), {"to": "selection"})
    response = client.post(reverse("program_transition", args=[kepahiang_program.pk]), {"to": "running"}, follow=True)
    assert "Nobody is enrolled yet" in response.content.decode()
    kepahiang_program.refresh_from_db()
    assert kepahiang_program.status == "selection"


# --- budget -------------------------------------------------------------------------------------------


def test_budget_lines_realisations_and_remaining(client, kepahiang_officer, kepahiang_program):
    login(client, kepahiang_officer)
    pk = kepahiang_program.pk
    add = client.post(
        reverse("program_budget_line_add", args=[pk]), {"source": "dak_non_fisik", "amount": "451.803.000,00"}
    )
    assert add.status_code == 302
    line = BudgetLine.objects.get(program=kepahiang_program)
    assert line.amount == Decimal("451803000.00")
    data = {"budget_line": str(line.pk), "amount": "400.000.000", "spent_on": "2025-03-01", "description": "Honor"}
    assert client.post(reverse("program_realisation_add", args=[pk]), data).status_code == 302
    too_much = client.post(reverse("program_realisation_add", args=[pk]), data | {"amount": "60.000.000"})
    assert too_much.status_code == 400
    assert "Rp 51.803.000,00 left on the DAK non-fisik line" in too_much.content.decode()
    assert Realisation.objects.count() == 1
    html = client.get(detail(kepahiang_program, "budget")).content.decode()
    assert "Rp 51.803.000,00" in html  # remaining
    assert "Honor" in html
    bad = client.post(reverse("program_budget_line_add", args=[pk]), {"source": "apbn", "amount": "lima juta"})
    assert bad.status_code == 400
    # a line money left cannot be removed
    response = client.post(reverse("program_budget_line_remove", args=[pk, line.pk]), follow=True)
    assert "it cannot be removed" in response.content.decode()
    assert BudgetLine.objects.filter(pk=line.pk).exists()


# --- rules and the preview ----------------------------------------------------------------------------


def test_rule_editor_preview_and_pass_fail(client, kepahiang_officer, kepahiang_program, kepahiang_desa, clusters):
    formal = business(kepahiang_desa, cluster=clusters["kopi"], docs=(("nib", None),), name="Kopi Kaba Resmi")
    informal = business(kepahiang_desa, cluster=clusters["kopi"], name="Kopi Tanpa NIB")
    batik = business(kepahiang_desa, cluster=clusters["batik"], docs=(("nib", None),), name="Batik Besurek")
    login(client, kepahiang_officer)
    pk = kepahiang_program.pk
    refused = client.post(reverse("program_rule_add", args=[pk]), {"kind": "legality"})
    assert refused.status_code == 400
    assert "Require an NIB, some document kinds, or both." in refused.content.decode()
    assert client.post(reverse("program_rule_add", args=[pk]), {"kind": "legality", "nib": "on"}).status_code == 302
    rule = {"kind": "cluster", "clusters": ["kopi"], "label": "Klaster kopi"}
    assert client.post(reverse("program_rule_add", args=[pk]), rule).status_code == 302
    assert [(r.kind, r.params) for r in kepahiang_program.rules.order_by("position")] == [
        ("legality", {"nib": True, "documents": []}),
        ("cluster", {"in": ["kopi"]}),
    ]
    response = client.get(detail(kepahiang_program, "rules"))
    html = response.content.decode()
    assert 'data-field="eligible">1</strong>' in html
    assert 'data-field="candidates">3</strong>' in html
    assert "Klaster kopi" in html
    for b in (formal, informal, batik):
        assert f'data-candidate="{b.pk}"' in html
    eligible = client.get(detail(kepahiang_program, "rules") + "&only=eligible").content.decode()
    assert f'data-candidate="{formal.pk}"' in eligible
    assert f'data-candidate="{informal.pk}"' not in eligible
    failing = client.get(detail(kepahiang_program, "rules") + "&only=ineligible").content.decode()
    assert f'data-candidate="{informal.pk}"' in failing
    assert f'data-candidate="{batik.pk}"' in failing
    first = kepahiang_program.rules.order_by("position").first()
    assert first is not None
    assert client.post(reverse("program_rule_remove", args=[pk, first.pk])).status_code == 302
    assert list(kepahiang_program.rules.values_list("kind", flat=True)) == ["cluster"]


def test_rule_kinds_from_form_fields(client, kepahiang_officer, kepahiang_program):
    login(client, kepahiang_officer)
    url = reverse("program_rule_add", args=[kepahiang_program.pk])
    posts = [
        {"kind": "scale", "scales": ["mikro", "kecil"]},
        {"kind": "region", "prefixes": "17.08.01, 17.08.02"},
        {"kind": "poverty", "max_decile": "4"},
        {"kind": "gender", "sexes": ["P"]},
        {"kind": "age", "age_min": "18", "age_max": "35"},
        {"kind": "not_aided", "years": "3"},
        {"kind": "legality", "documents": ["halal"]},
    ]
    for data in posts:
        assert client.post(url, data).status_code == 302, data
    params = {r.kind: r.params for r in kepahiang_program.rules.all()}
    assert params["region"] == {"prefixes": ["17.08.01", "17.08.02"]}
    assert params["age"] == {"min": 18, "max": 35}
    assert params["not_aided"] == {"years": 3, "kinds": ["diklat"]}
    assert params["poverty"] == {"max_decile": 4}
    # a cooperative rule does not apply to a business program: the kind is not offered at all
    response = client.post(url, {"kind": "cooperative_health", "predicates": ["SEHAT"]})
    assert response.status_code == 400


# --- applications and direct enrollment ---------------------------------------------------------------


def test_applications_entered_by_staff_with_needs_match(client, kepahiang_officer, kepahiang_desa, clusters):
    p = program(kepahiang_officer, topics=["kemasan", "pemasaran digital"], status="open")
    services.program_rule_add(actor=kepahiang_officer, program=p, data={"kind": "legality", "params": {"nib": True}})
    good = business(kepahiang_desa, docs=(("nib", None),), name="Keripik Kaba")
    odd = business(kepahiang_desa, name="Toko Ekspor")
    login(client, kepahiang_officer)
    url = reverse("program_application_add", args=[p.pk])
    assert client.post(url, {"applicant": str(good.pk), "needs": "Kemasan, pemasaran digital"}).status_code == 302
    assert client.post(url, {"applicant": str(odd.pk), "needs": "ekspor"}).status_code == 302
    again = client.post(url, {"applicant": str(good.pk)})
    assert again.status_code == 400
    assert "already applied" in again.content.decode()
    unknown = client.post(url, {"applicant": "999999"})
    assert "No business you may see has this name, NIB or owner&#x27;s NIK." in unknown.content.decode()
    html = client.get(detail(p, "applications")).content.decode()
    good_row = html.split(f'data-application="{Application.objects.get(business=good).pk}"')[1].split("</tr>")[0]
    odd_row = html.split(f'data-application="{Application.objects.get(business=odd).pk}"')[1].split("</tr>")[0]
    assert 'data-field="need-match">1.0000' in good_row
    assert 'data-field="need-match">0.0000' in odd_row
    assert "all pass" in good_row
    assert 'data-field="mismatch"' in odd_row
    assert "Holds an NIB" in odd_row
    assert 'data-field="mismatch"' not in good_row


def test_application_from_another_region_is_not_found(client, kepahiang_officer, jember_desa):
    p = program(kepahiang_officer, status="open")
    outsider = business(jember_desa, name="Usaha Jember")
    response = login(client, kepahiang_officer).post(
        reverse("program_application_add", args=[p.pk]), {"applicant": str(outsider.pk)}
    )
    assert response.status_code == 400
    assert "No business you may see has this name, NIB or owner&#x27;s NIK." in response.content.decode()
    assert not Application.objects.exists()


def test_direct_enrollment_warns_of_double_aid(client, kepahiang_officer, kepahiang_desa):
    owner = person(kepahiang_desa)
    shop = business(kepahiang_desa, owner=owner, name="Warung Bu Tini")
    past_aid(kind="bantuan_modal", year=2024, business=shop, person=owner)
    p = program(kepahiang_officer, kind="bantuan_modal", name="Bantuan Modal 2025", status="open")
    login(client, kepahiang_officer)
    url = reverse("program_enrollment_add", args=[p.pk])
    warned = client.post(url, {"applicant": str(shop.pk)})
    assert warned.status_code == 400
    assert "Program bantuan_modal 2024" in warned.content.decode()
    assert not Enrollment.objects.filter(program=p).exists()
    assert client.post(url, {"applicant": str(shop.pk), "acknowledge_double_aid": "on"}).status_code == 302
    assert Enrollment.objects.filter(program=p, business=shop).exists()
    # the beneficiary's programs across years
    html = client.get(reverse("program_business_history", args=[shop.pk])).content.decode()
    assert html.index("Bantuan Modal 2025") < html.index("Program bantuan_modal 2024")
    html = client.get(reverse("program_person_history", args=[owner.pk])).content.decode()
    assert "Program bantuan_modal 2024" in html


def test_beneficiary_history_out_of_scope_is_404(client, jember_officer, kepahiang_desa):
    shop = business(kepahiang_desa)
    login(client, jember_officer)
    assert client.get(reverse("program_business_history", args=[shop.pk])).status_code == 404


def test_history_tab_lists_the_changes(client, kepahiang_officer, kepahiang_program):
    services.budget_line_add(
        actor=kepahiang_officer, program=kepahiang_program, data={"source": "apbn", "amount": 1_000_000}
    )
    line = BudgetLine.objects.get()
    services.budget_line_remove(actor=kepahiang_officer, line=line)
    html = login(client, kepahiang_officer).get(detail(kepahiang_program, "history")).content.decode()
    assert html.count('class="history-item"') == 3  # program created, line added, line removed
    assert "budget line" in html


def test_cooperative_program_rules_and_applicants(client, kepahiang_officer):
    legal = cooperative_make(
        actor=kepahiang_officer, region_code="17.08", name="KSP Berbadan Hukum", nik_koperasi="1708010000000009"
    )
    plain = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Belum Terdaftar")
    p = program(kepahiang_officer, name="Fasilitasi NIK Koperasi", target="cooperative", status="open")
    login(client, kepahiang_officer)
    form = client.get(detail(p, "rules")).content.decode()
    assert 'name="nik_koperasi"' in form
    assert 'name="scales"' not in form
    url = reverse("program_rule_add", args=[p.pk])
    assert client.post(url, {"kind": "legality", "nik_koperasi": "on"}).status_code == 302
    html = client.get(detail(p, "rules") + "&only=eligible").content.decode()
    assert f'data-candidate="{legal.pk}"' in html
    assert f'data-candidate="{plain.pk}"' not in html
    added = client.post(reverse("program_application_add", args=[p.pk]), {"applicant": str(plain.pk)})
    assert added.status_code == 302
    row = client.get(detail(p, "applications")).content.decode()
    assert "KSP Belum Terdaftar" in row
    assert "Holds a NIK koperasi" in row


def test_person_program_takes_applicants_by_nik(client, kepahiang_officer, kepahiang_desa):
    woman = registry.person_create(
        actor=kepahiang_officer, data={"name": "Rina", "nik": "1708014507850001", "desa_id": kepahiang_desa}
    )
    p = program(kepahiang_officer, name="Pelatihan Perempuan", target="person", status="open")
    login(client, kepahiang_officer)
    url = reverse("program_application_add", args=[p.pk])
    assert client.post(url, {"applicant": "1708014507850001", "needs": "menjahit"}).status_code == 302
    application = Application.objects.get(program=p)
    assert (application.person, application.needs, application.source) == (woman, ["menjahit"], "staff")
    missing = client.post(url, {"applicant": "1708019999999999"})
    assert "No person you may see has this name or NIK." in missing.content.decode()


def test_empty_list_says_no_programs_unless_a_filter_is_set(client, kepahiang_officer):
    login(client, kepahiang_officer)
    url = reverse("program_list")
    for query in ("", "?q=&year=&kind=&status=", "?page=1"):
        html = client.get(url + query).content.decode()
        assert "No programs yet in your regions." in html, query
        assert "No program matches this filter." not in html, query
    filtered = client.get(url + "?status=open").content.decode()
    assert "No program matches this filter." in filtered
