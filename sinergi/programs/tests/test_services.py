"""Program services on the real database: validation, status transitions, budgets, scoping, applications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import user_create
from sinergi.core.models import ChangeLog
from sinergi.programs import selectors, services
from sinergi.programs.models import Program
from sinergi.programs.tests.factories import business, person, program
from sinergi.registry import services as registry

D = Decimal


def errors_of(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


def test_create_validates_every_field_at_once(kepahiang_officer):
    errors = errors_of(
        services.program_create,
        actor=kepahiang_officer,
        data={
            "name": " ",
            "kind": "party",
            "fiscal_year": 1990,
            "region_id": "17.08.01",
            "capacity": 0,
            "starts_on": dt.date(2025, 5, 2),
            "ends_on": dt.date(2025, 5, 1),
        },
    )
    assert set(errors) == {"name", "kind", "fiscal_year", "region_id", "capacity", "ends_on"}
    assert "not a" in errors["region_id"][0]


def test_certification_names_what_it_obtains_and_for_whom(kepahiang_officer):
    base = {
        "name": "Fasilitasi NIK Koperasi",
        "kind": "fasilitasi_sertifikasi",
        "fiscal_year": 2025,
        "region_id": "17.08",
    }
    assert "certification" in errors_of(services.program_create, actor=kepahiang_officer, data=base)
    errors = errors_of(services.program_create, actor=kepahiang_officer, data={**base, "certification": "nik_koperasi"})
    assert "Cooperatives" in errors["target"][0]
    ok = services.program_create(
        actor=kepahiang_officer, data={**base, "certification": "nik_koperasi", "target": "cooperative"}
    )
    assert ok.status == "draft"
    [row] = ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Program), object_id=str(ok.pk))
    assert row.after is not None
    assert (row.action, row.actor, row.after["certification"]) == ("create", kepahiang_officer, "nik_koperasi")


def test_status_moves_only_along_the_allowed_path(kepahiang_officer, kepahiang_desa):
    p = program(kepahiang_officer)
    assert (
        "cannot go from draft to selection"
        in errors_of(services.program_transition, actor=kepahiang_officer, program=p, to="selection")["status"][0]
    )
    p = services.program_transition(actor=kepahiang_officer, program=p, to="open")
    services.application_submit(actor=kepahiang_officer, program=p, data={"business_id": business(kepahiang_desa).pk})
    assert (
        "cannot go back to draft"
        in errors_of(services.program_transition, actor=kepahiang_officer, program=p, to="draft")["status"][0]
    )
    p = services.program_transition(actor=kepahiang_officer, program=p, to="selection")
    assert (
        "Nobody is enrolled"
        in errors_of(services.program_transition, actor=kepahiang_officer, program=p, to="running")["status"][0]
    )
    assert (
        "Applying is not possible"
        in errors_of(
            services.application_submit,
            actor=kepahiang_officer,
            program=p,
            data={"business_id": business(kepahiang_desa).pk},
        )["status"][0]
    )
    services.enrollment_add(actor=kepahiang_officer, program=p, data={"business_id": business(kepahiang_desa).pk})
    p = services.program_transition(actor=kepahiang_officer, program=p, to="running")
    p = services.program_transition(actor=kepahiang_officer, program=p, to="closed")
    assert (
        "cannot go from closed to open"
        in errors_of(services.program_transition, actor=kepahiang_officer, program=p, to="open")["status"][0]
    )
    assert (
        "closed program"
        in errors_of(services.program_update, actor=kepahiang_officer, program=p, data={"name": "x"})["status"][0]
    )
    history = ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Program), object_id=str(p.pk))
    assert [(r.after or {}).get("status") for r in history.order_by("id")][1:] == [
        "open",
        "selection",
        "running",
        "closed",
    ]


def test_kind_and_region_fixed_once_applied(kepahiang_officer, kepahiang_desa):
    p = program(kepahiang_officer, status="open")
    services.application_submit(actor=kepahiang_officer, program=p, data={"business_id": business(kepahiang_desa).pk})
    errors = errors_of(services.program_update, actor=kepahiang_officer, program=p, data={"kind": "bantuan_modal"})
    assert "applications" in errors["kind"][0]
    assert services.program_update(actor=kepahiang_officer, program=p, data={"capacity": 20}).capacity == 20


def test_only_a_draft_without_applicants_is_deleted(kepahiang_officer, kepahiang_desa):
    p = program(kepahiang_officer)
    services.program_rule_add(actor=kepahiang_officer, program=p, data={"kind": "scale", "params": {"in": ["mikro"]}})
    services.budget_line_add(actor=kepahiang_officer, program=p, data={"source": "apbn", "amount": "1.000.000"})
    services.program_delete(actor=kepahiang_officer, program=p)
    assert not Program.objects.filter(pk=p.pk).exists()
    opened = program(kepahiang_officer, status="open")
    assert "Only a draft" in errors_of(services.program_delete, actor=kepahiang_officer, program=opened)["status"][0]


def test_rules_are_checked_and_replaced_as_a_whole(kepahiang_officer, clusters):
    p = program(kepahiang_officer)
    errors = errors_of(
        services.program_rules_set,
        actor=kepahiang_officer,
        program=p,
        rules=[{"kind": "scale", "params": {"in": ["mikro"]}}, {"kind": "poverty", "params": {"max_decile": 0}}],
    )
    assert list(errors) == ["rules.2.params"]
    rules = services.program_rules_set(
        actor=kepahiang_officer,
        program=p,
        rules=[
            {"kind": "legality", "params": {"nib": True}, "label": "Legalitas wajib"},
            {"kind": "scale", "params": {"in": "mikro"}},
        ],
    )
    assert [(r.position, r.kind, r.params) for r in rules] == [
        (1, "legality", {"nib": True, "documents": []}),
        (2, "scale", {"in": ["mikro"]}),
    ]
    assert [r.label for r in p.rules.all()] == ["Legalitas wajib", ""]


def test_budget_remaining_and_overspend(kepahiang_officer):
    p = program(kepahiang_officer, kind="pendampingan", name="Pendampingan Usaha Mikro")
    dak = services.budget_line_add(
        actor=kepahiang_officer, program=p, data={"source": "dak_non_fisik", "amount": "451.803.000,00"}
    )
    services.budget_line_add(
        actor=kepahiang_officer, program=p, data={"source": "apbd_kabupaten", "amount": 50_000_000}
    )
    services.realisation_record(
        actor=kepahiang_officer,
        line=dak,
        data={"amount": "400.000.000", "spent_on": dt.date(2025, 3, 1), "description": "Honor pendamping"},
    )
    rows = selectors.program_budget(program=p)
    assert [(r.line.source, r.realised, r.remaining) for r in rows] == [
        ("apbd_kabupaten", D("0.00"), D("50000000.00")),
        ("dak_non_fisik", D("400000000.00"), D("51803000.00")),
    ]
    assert selectors.budget_totals(rows) == (D("501803000.00"), D("400000000.00"), D("101803000.00"))
    errors = errors_of(
        services.realisation_record,
        actor=kepahiang_officer,
        line=dak,
        data={"amount": "60.000.000", "spent_on": dt.date(2025, 4, 1), "description": "Transport"},
    )
    assert errors["amount"] == [
        "Rp 60.000.000,00 is more than the Rp 51.803.000,00 left on the DAK non-fisik line "
        "(Rp 451.803.000,00 allotted, Rp 400.000.000,00 already realised)."
    ]
    assert (
        "cannot be less"
        in errors_of(services.budget_line_update, actor=kepahiang_officer, line=dak, data={"amount": "300.000.000"})[
            "amount"
        ][0]
    )
    assert "cannot be removed" in errors_of(services.budget_line_remove, actor=kepahiang_officer, line=dak)["amount"][0]
    bad = errors_of(
        services.realisation_record, actor=kepahiang_officer, line=dak, data={"amount": "-5", "spent_on": "kemarin"}
    )
    assert set(bad) == {"amount", "spent_on", "description"}


def test_scoping_of_writes_and_reads(kepahiang_officer, jember_officer, bengkulu_officer, kepahiang_viewer):
    p = program(kepahiang_officer)
    with pytest.raises(PermissionDenied):
        services.program_update(actor=jember_officer, program=p, data={"name": "x"})
    with pytest.raises(PermissionDenied):
        services.program_transition(actor=kepahiang_viewer, program=p, to="open")
    with pytest.raises(PermissionDenied):
        services.program_create(
            actor=jember_officer, data={"name": "x", "kind": "diklat", "fiscal_year": 2025, "region_id": "17.08"}
        )
    provincial = program(bengkulu_officer, region="17", name="Diklat Provinsi")
    assert set(selectors.programs_visible(user=kepahiang_officer)) == {p}
    assert set(selectors.programs_visible(user=bengkulu_officer)) == {p, provincial}
    assert set(selectors.programs_visible(user=kepahiang_viewer)) == {p}
    assert not selectors.programs_visible(user=jember_officer).exists()
    with pytest.raises(Program.DoesNotExist):
        selectors.program_get(user=jember_officer, pk=p.pk)
    with pytest.raises(PermissionDenied):
        services.program_update(actor=kepahiang_officer, program=provincial, data={"name": "x"})


def test_self_service_application_by_the_owner(kepahiang_officer, kepahiang_desa, clusters):
    owner = registry.person_create(
        actor=kepahiang_officer,
        data={"name": "Siti Aminah", "sex": "P", "desa_id": kepahiang_desa, "poverty_decile": 2},
    )
    mine = business(kepahiang_desa, owner=owner, cluster=clusters["kopi"])
    theirs = business(kepahiang_desa)
    account = user_create(actor=None, username="siti", password="x-long-pass-123", role=Role.OWNER, person_id=owner.pk)
    p = program(kepahiang_officer, topics=["Pemasaran digital", "Pembukuan"])
    assert not selectors.programs_visible(user=account).exists()  # drafts are the office's own
    p = services.program_transition(actor=kepahiang_officer, program=p, to="open")
    assert list(selectors.programs_visible(user=account)) == [p]
    application = services.application_submit(
        actor=account, program=p, data={"business_id": mine.pk, "needs": ["pemasaran digital", "Ekspor"]}
    )
    assert (application.source, application.person, application.needs) == (
        "self_service",
        owner,
        ["pemasaran digital", "ekspor"],
    )
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=account, program=p, data={"business_id": theirs.pk})
    assert (
        "already applied"
        in errors_of(services.application_submit, actor=kepahiang_officer, program=p, data={"business_id": mine.pk})[
            "business_id"
        ][0]
    )
    assert list(selectors.applications_visible(user=account)) == [application]
    services.application_withdraw(actor=account, application=application)
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_applicants_come_from_the_organiser_region_and_the_target(kepahiang_officer, admin_user, jember_desa):
    p = program(kepahiang_officer, status="open")
    elsewhere = business(jember_desa)
    with pytest.raises(PermissionDenied):  # outside the officer's regions
        services.application_submit(actor=kepahiang_officer, program=p, data={"business_id": elsewhere.pk})
    errors = errors_of(services.application_submit, actor=admin_user, program=p, data={"business_id": elsewhere.pk})
    assert "outside the organiser's region 17.08" in errors["business_id"][0]
    errors = errors_of(
        services.application_submit, actor=kepahiang_officer, program=p, data={"person_id": person(village("17.08")).pk}
    )
    assert "for Businesses" in errors["person_id"][0]
    assert (
        "Choose the business"
        in errors_of(services.application_submit, actor=kepahiang_officer, program=p, data={"business_id": "abc"})[
            "business_id"
        ][0]
    )


def test_poverty_decile_on_persons(kepahiang_officer, kepahiang_desa):
    errors = errors_of(
        registry.person_create,
        actor=kepahiang_officer,
        data={"name": "Budi", "desa_id": kepahiang_desa, "poverty_decile": 11},
    )
    assert "1 to 10" in errors["poverty_decile"][0]
    p = registry.person_create(
        actor=kepahiang_officer,
        data={"name": "Budi", "desa_id": kepahiang_desa, "poverty_decile": "3", "poverty_source": " P3KE  2023 "},
    )
    assert (p.poverty_decile, p.poverty_source) == (3, "P3KE 2023")
    p = registry.person_update(actor=kepahiang_officer, person=p, data={"poverty_decile": None})
    assert p.poverty_decile is None


def test_eligibility_preview_and_page_for_an_officer(
    kepahiang_officer, kepahiang_viewer, jember_officer, kepahiang_desa
):
    p = program(kepahiang_officer)
    services.program_rule_add(actor=kepahiang_officer, program=p, data={"kind": "scale", "params": {"in": ["mikro"]}})
    micro = [business(kepahiang_desa, scale="mikro") for _ in range(2)]
    small = business(kepahiang_desa, scale="kecil")
    preview = selectors.eligibility_preview(user=kepahiang_officer, program=p, per_rule=True)
    assert (preview.candidates, preview.eligible, preview.failing) == (3, 2, {"r1": 1})
    assert selectors.eligibility_preview(user=kepahiang_viewer, program=p).eligible == 2
    assert selectors.eligibility_preview(user=jember_officer, program=p).candidates == 0
    [out] = selectors.eligibility_page(user=kepahiang_officer, program=p, only=False)
    assert (out.pk, [s.label for s in out.failed]) == (small.pk, ["Scale is Micro (mikro)"])
    assert [e.pk for e in selectors.eligibility_page(user=kepahiang_officer, program=p, only=True)] == [
        b.pk for b in micro
    ]


def test_merging_two_applicant_businesses_keeps_one_application(kepahiang_officer, kepahiang_desa):
    p = program(kepahiang_officer, status="open")
    kept, duplicate = business(kepahiang_desa, name="Kopi Kaba"), business(kepahiang_desa, name="Kopi Kaba")
    for b in (kept, duplicate):
        services.application_submit(actor=kepahiang_officer, program=p, data={"business_id": b.pk})
    registry.records_merge(actor=kepahiang_officer, kind="business", survivor_id=kept.pk, duplicate_id=duplicate.pk)
    assert list(p.applications.values_list("business_id", flat=True)) == [kept.pk]
