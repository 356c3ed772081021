"""A whole round on the database: a study tour with one representative per cluster chosen by a published
seed, its public report, attendance and certificates; double aid; capital aid from budget lines; outcomes;
and the beneficiary report by source of funds."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import village
from sinergi.programs import selectors, services
from sinergi.programs.models import Application, Enrollment
from sinergi.programs.reports import ReportFilter, beneficiaries_report, beneficiaries_total
from sinergi.programs.reports.selection import selection_report
from sinergi.programs.selection import rerun
from sinergi.programs.tests.factories import business, past_aid, person, program
from sinergi.registry import services as registry
from sinergi.registry.models import Business

D = Decimal
CLUSTERS = ("batik", "kriya", "kuliner", "kopi")


def _owner(actor, desa, n: int):
    nik = f"35090141{n:02d}90{n:04d}"  # a woman (day 1 + 40) born in month n of 1990, kecamatan 35.09.01
    return registry.person_create(actor=actor, data={"name": f"Ibu Pelaku {n}", "nik": nik, "desa_id": desa})


@pytest.fixture
def tour(jember_officer, clusters):
    """A Jember study tour for 4 clusters with NIB required and no study tour in the last 2 years."""
    p = program(
        jember_officer,
        region="35.09",
        name="Studi Banding UMKM 2025",
        kind="studi_banding",
        capacity=4,
        topics=["Pemasaran digital", "Kemasan"],
        status="open",
    )
    services.program_rules_set(
        actor=jember_officer,
        program=p,
        rules=[{"kind": "legality", "params": {"nib": True}}, {"kind": "not_aided", "params": {"years": 2}}],
    )
    desa = village("35.09.01")
    made = {}
    for i, slug in enumerate(CLUSTERS):
        for j, needs in enumerate((["pemasaran digital", "kemasan"], ["pemasaran digital"])):
            b = business(
                desa, owner=_owner(jember_officer, desa, i * 2 + j + 1), cluster=clusters[slug], docs=(("nib", None),)
            )
            made[f"{slug}{j}"] = services.application_submit(
                actor=jember_officer, program=p, data={"business_id": b.pk, "needs": needs}
            )
    informal = business(desa, cluster=clusters["batik"])
    made["informal"] = services.application_submit(actor=jember_officer, program=p, data={"business_id": informal.pk})
    toured = business(desa, cluster=clusters["kopi"], docs=(("nib", None),))
    past_aid(kind="studi_banding", year=2024, region="35.09", business=toured)
    made["toured"] = services.application_submit(actor=jember_officer, program=p, data={"business_id": toured.pk})
    odd = business(desa, cluster=clusters["kriya"], docs=(("nib", None),))
    made["odd"] = services.application_submit(
        actor=jember_officer, program=p, data={"business_id": odd.pk, "needs": ["ekspor"]}
    )
    return services.program_transition(actor=jember_officer, program=p, to="selection"), made


QUOTAS = {"quotas": [{"by": "cluster", "min": 1, "max": 1}]}


def test_study_tour_round(tour, jember_officer):
    p, made = tour
    checks = {c.application.pk: c.candidate for c in selectors.application_checks(user=jember_officer, program=p)}
    assert checks[made["informal"].pk].failed == ("r1",)
    assert checks[made["toured"].pk].failed == ("r2",)
    assert checks[made["odd"].pk].mismatch
    assert checks[made["batik0"].pk].features["need_match"] == D(1)

    run = services.selection_run(actor=jember_officer, program=p, seed="J-HUR Wuluhan 18/03/2022", config=QUOTAS)
    chosen = {int(e["key"]) for e in run.result["selected"]}
    # one per cluster, and in each the applicant who asked for both topics (need match 1 against 0.5)
    assert chosen == {made[f"{slug}0"].pk for slug in CLUSTERS}
    assert rerun(inputs=run.inputs, config=run.config, seed=run.seed) == run.result
    again = services.selection_run(actor=jember_officer, program=p, seed=run.seed, config=QUOTAS)
    assert (again.number, again.result) == (2, run.result)

    enrollments = services.selection_accept(actor=jember_officer, run=run)
    assert {e.application_id for e in enrollments} == chosen
    assert set(Application.objects.filter(program=p).values_list("status", flat=True)) == {"selected", "not_selected"}
    with pytest.raises(ValidationError):
        services.selection_accept(actor=jember_officer, run=again)
    services.selection_publish(actor=jember_officer, run=run)

    report = selection_report(selectors.published_run_get(pk=run.pk))
    text = json.dumps(report.as_dict())
    for owner in Business.objects.filter(program_applications__program=p).select_related("owner"):
        if owner.owner:
            assert owner.owner.nik
            assert owner.owner.nik not in text
            assert owner.owner.name not in text
    assert all(line.features is None for line in report.selected + report.not_selected)  # no decile, even indirectly
    assert report.seed == "J-HUR Wuluhan 18/03/2022"
    assert {re.sub(r" \(rank \d+\)$", "", line.why) for line in report.selected} == {
        f"Reserved seat for cluster {name}"
        for name in ("Batik", "Kriya (kerajinan)", "Kuliner / pangan olahan", "Kopi")
    }
    why = {line.key: line.why for line in report.not_selected}
    assert why[str(made["informal"].pk)] == "Not eligible: Holds an NIB"
    assert why[str(made["toured"].pk)].startswith("Not eligible: Not aided by a Study tour")
    assert "limit for cluster" in why[str(made["batik1"].pk)]
    assert selection_report(run, public=False).selected[0].features is not None

    p = services.program_transition(actor=jember_officer, program=p, to="running")
    session = services.session_add(
        actor=jember_officer, program=p, data={"title": "Kunjungan", "held_on": dt.date(2025, 7, 1)}
    )
    first, second = enrollments[0], enrollments[1]
    services.session_attendance_set(
        actor=jember_officer,
        session=session,
        rows=[
            {"enrollment_id": first.pk, "present": True},
            {"enrollment_id": second.pk, "present": True, "substitute": "Anaknya"},
        ],
    )
    services.session_attendance_set(
        actor=jember_officer, session=session, rows=[{"enrollment_id": first.pk, "present": False}]
    )
    marks = selectors.session_attendance(session=session)
    assert (marks[first.pk].present, marks[second.pk].substitute) == (False, "Anaknya")

    services.enrollment_update(
        actor=jember_officer, enrollment=first, data={"status": "completed", "certificate_number": "SB-001"}
    )
    with pytest.raises(ValidationError) as exc:
        services.enrollment_update(actor=jember_officer, enrollment=second, data={"certificate_number": "SB-001"})
    assert "already given" in exc.value.message_dict["certificate_number"][0]


def test_double_aid_warning_and_rule(kepahiang_officer, kepahiang_desa):
    owner = person(kepahiang_desa)
    shop, stall = business(kepahiang_desa, owner=owner), business(kepahiang_desa, owner=owner)
    past_aid(kind="bantuan_modal", year=2024, business=shop, person=owner)
    p = program(kepahiang_officer, kind="bantuan_modal", name="Bantuan Modal 2025", status="open")
    with pytest.raises(ValidationError) as exc:
        services.enrollment_add(actor=kepahiang_officer, program=p, data={"business_id": stall.pk})
    assert "Program bantuan_modal 2024" in exc.value.message_dict["double_aid"][0]
    enrollment = services.enrollment_add(
        actor=kepahiang_officer, program=p, data={"business_id": stall.pk}, acknowledge_double_aid=True
    )
    assert enrollment.person == owner
    assert [e.business for e in selectors.prior_aid(program=p, years=3, business=stall, person=owner)] == [shop]
    history = selectors.beneficiary_history(user=kepahiang_officer, business=stall)
    assert [e.program.fiscal_year for e in history] == [2025, 2024]


def test_capital_aid_by_source_and_outcomes(kepahiang_officer, kepahiang_desa, jember_officer):
    p = program(kepahiang_officer, kind="bantuan_modal", name="Bantuan Modal Usaha Mikro", fiscal_year=2022)
    apbd = services.budget_line_add(
        actor=kepahiang_officer, program=p, data={"source": "apbd_kabupaten", "amount": 6_000_000}
    )
    apbn = services.budget_line_add(actor=kepahiang_officer, program=p, data={"source": "apbn", "amount": 3_000_000})
    p = services.program_transition(actor=kepahiang_officer, program=p, to="open")
    micro = [business(kepahiang_desa, scale="mikro", owner=person(kepahiang_desa, sex=s)) for s in ("P", "P", "L")]
    small = business(kepahiang_desa, scale="kecil")
    enrolled = [
        services.enrollment_add(actor=kepahiang_officer, program=p, data={"business_id": b.pk}) for b in [*micro, small]
    ]
    p = services.program_transition(actor=kepahiang_officer, program=p, to="selection")
    p = services.program_transition(actor=kepahiang_officer, program=p, to="running")
    pay = [(0, apbd, 2_500_000), (1, apbd, 2_500_000), (2, apbn, 2_000_000), (2, apbd, 1_000_000), (3, apbn, 1_000_000)]
    for i, line, amount in pay:
        services.aid_disburse(
            actor=kepahiang_officer,
            enrollment=enrolled[i],
            data={"budget_line_id": line.pk, "amount": amount, "disbursed_on": dt.date(2022, 8, 17)},
        )
    with pytest.raises(ValidationError) as exc:
        services.aid_disburse(
            actor=kepahiang_officer,
            enrollment=enrolled[3],
            data={"budget_line_id": apbn.pk, "amount": 1, "disbursed_on": dt.date(2022, 8, 18)},
        )
    assert "Rp 0,00 left on the APBN line" in exc.value.message_dict["amount"][0]

    micro_aid = ReportFilter(year_from=2020, year_to=2023, kinds=("bantuan_modal",), scale="mikro")
    rows = beneficiaries_report(user=kepahiang_officer, group_by=["source"], filters=micro_aid)
    assert [(r.labels["source"], r.beneficiaries, r.aid) for r in rows] == [
        ("APBD kabupaten/kota", 3, D("6000000.00")),
        ("APBN", 1, D("2000000.00")),
    ]
    assert beneficiaries_total(user=kepahiang_officer, filters=micro_aid).beneficiaries == 3
    by_gender = beneficiaries_report(user=kepahiang_officer, group_by=["year", "gender"], filters=micro_aid)
    assert [(r.keys["year"], r.labels["gender"], r.beneficiaries) for r in by_gender] == [
        (2022, "Male (laki-laki)", 1),
        (2022, "Female (perempuan)", 2),
    ]
    assert beneficiaries_report(user=jember_officer, group_by=["source"], filters=micro_aid) == []

    doc = registry.legal_document_create(
        actor=kepahiang_officer, business=micro[0], data={"kind": "nib", "number": "9120000000001"}
    )
    outcome = services.outcome_record(
        actor=kepahiang_officer, enrollment=enrolled[0], data={"kind": "document", "document_id": doc.pk}
    )
    assert outcome.document == doc
    with pytest.raises(ValidationError):
        services.outcome_record(
            actor=kepahiang_officer, enrollment=enrolled[1], data={"kind": "document", "document_id": doc.pk}
        )
    registry.business_year_set(
        actor=kepahiang_officer, business=micro[0], year=2021, modal_usaha=None, annual_sales=D("90000000"), workforce=1
    )
    registry.business_year_set(
        actor=kepahiang_officer,
        business=micro[0],
        year=2024,
        modal_usaha=None,
        annual_sales=D("150000000"),
        workforce=3,
    )
    figures = selectors.outcome_figures(enrollment=Enrollment.objects.get(pk=enrolled[0].pk))
    assert figures.before is not None
    assert figures.after is not None
    assert (figures.before.year, figures.after.year, figures.after.workforce) == (2021, 2024, 3)


def test_accepting_a_run_keeps_a_chosen_applicant_already_enrolled_directly(kepahiang_officer, kepahiang_desa):
    """An officer enrolled an applicant by hand while the program was in selection; accepting the run that
    chose them keeps that one enrollment (it used to fail with a server error on the unique constraint)."""
    p = program(kepahiang_officer, status="selection", capacity=5)
    first, second = business(kepahiang_desa), business(kepahiang_desa)
    for b in (first, second):
        Application.objects.create(program=p, source="staff", business=b)
    direct = services.enrollment_add(actor=kepahiang_officer, program=p, data={"business_id": first.pk})
    run = services.selection_run(actor=kepahiang_officer, program=p, seed="uji")

    created = services.selection_accept(actor=kepahiang_officer, run=run)

    assert [e.business_id for e in created] == [second.pk]
    assert sorted(Enrollment.objects.filter(program=p).values_list("business_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    assert Enrollment.objects.get(program=p, business=first).pk == direct.pk
    assert set(Application.objects.filter(program=p).values_list("status", flat=True)) == {"selected"}
