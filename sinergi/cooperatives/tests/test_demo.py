"""The demo cooperatives: deterministic, valid identifiers and reports, Maluku Tenggara's 347 cooperatives of which
296 are active (85.30%, as its office reported), a spread of health, the cooperative officer's login, and
nothing added by a second run. The demo inspections are the supervision app's (supervision/tests/test_demo.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.cooperatives import demo, services
from sinergi.cooperatives.activity import ActivityRule, last_due_fiscal_year
from sinergi.cooperatives.demo import rows as demo_rows
from sinergi.cooperatives.models import AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.selectors import with_activity
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.core.validators import parse_nik_strict
from sinergi.registry.models import Person

TODAY = dt.date(2026, 1, 15)
DEFAULT_RULE = ActivityRule(years=2, mode="each")


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _specs(seed: int = 2026) -> list[demo_rows.CooperativeSpec]:
    return list(demo_rows.cooperative_specs(seed=seed, today=TODAY))


def _summary(specs: list[demo_rows.CooperativeSpec]) -> list[tuple[object, ...]]:
    return [
        (s.data["name"], s.data["external_ref"], s.officers[0].person["nik"], s.reports[-1][1]["total_assets"])
        for s in specs
        if s.reports
    ]


def test_same_seed_same_cooperatives_and_the_plan_of_each_region(regions):
    first = _specs()
    assert _summary(first) == _summary(_specs())
    assert _summary(first) != _summary(_specs(seed=7))
    for code, (count, active, *_rest) in demo_rows.PLANS.items():
        mine = [s for s in first if s.data["region_id"].startswith(code + ".")]
        assert len(mine) == count
        assert sum(s.active for s in mine) == active
        assert len({s.data["name"] for s in mine}) == count  # names are unique within a region
    assert all(20 <= demo_rows.PLANS[c][0] <= 60 for c in demo_rows.PLANS if c != "81.02")
    assert demo_rows.PLANS["81.02"][:2] == (347, 296)


def test_officers_have_valid_niks_and_reports_pass_the_report_checks(regions):
    specs = _specs()
    niks = [o.person["nik"] for s in specs for o in s.officers]
    assert len(set(niks)) == len(niks)
    for spec in specs[:120]:
        for officer in spec.officers:
            person = officer.person
            nik = parse_nik_strict(person["nik"], today=TODAY)
            assert (nik.birth_date, nik.sex, nik.kecamatan_code) == (
                person["birth_date"],
                person["sex"],
                person["desa_id"][:8],
            )
            # Birth days of residue 120-127 (mod 128): never a NIK of the registry demo's owners.
            assert (person["birth_date"] - demo_rows.BIRTH_FIRST).days % 128 >= 120
        for year, values in spec.reports:
            services.clean_report(values, fiscal_year=year)  # raises on an unbalanced sheet or a bad count
    kinds = {s.data["kind"] for s in specs}
    assert kinds == {"ksp", "kspps", "produsen", "konsumen", "pemasaran", "jasa"}
    prefixes = {s.data["name"].split()[0] for s in specs}
    assert {"KSP", "KSPPS", "KUD", "Kopwan", "Koperasi", "KPRI"} <= prefixes


@pytest.mark.django_db
def test_demo_seed_gives_the_seed_figures_and_a_second_run_adds_nothing(regions, var_dir):
    (var_dir / "demo-logins.txt").write_text("username\trole\tregion\tpassword\ndemo-admin\tadmin\t*\tsecret-1\n")

    report = demo.cooperatives_demo_seed()
    assert report.login is not None

    as_of = last_due_fiscal_year(today=timezone.localdate())
    malra = with_activity(
        Cooperative.objects.filter(region__code__startswith="81.02"), as_of_year=as_of, rule=DEFAULT_RULE
    )
    total, active = malra.count(), malra.filter(**{"is_active": True}).count()  # an annotation
    assert (total, active) == (347, 296)
    assert round(active * 100 / total, 2) == 85.30
    assert report.created == Cooperative.objects.count() == sum(p[0] for p in demo_rows.PLANS.values())
    assert report.reports == AnnualReport.objects.count() == HealthAssessment.objects.count()
    assert set(AnnualReport.objects.values_list("fiscal_year", flat=True)) == {as_of - 2, as_of - 1, as_of}
    predicates = dict(Cooperative.objects.values_list("health_predicate").annotate(n=Count("pk")))
    assert {"SEHAT", "CUKUP_SEHAT", "DALAM_PENGAWASAN", "DALAM_PENGAWASAN_KHUSUS"} <= set(predicates)
    assert HealthAssessment.objects.filter(total=None).exclude(problems=[]).exists()  # some reports lack figures
    logged = ChangeLog.objects.filter(action=ChangeAction.CREATE)
    assert logged.filter(content_type__model="annualreport").count() == AnnualReport.objects.count()
    assert logged.filter(content_type__model="cooperative").count() == Cooperative.objects.count()
    assert logged.filter(content_type__model="cooperativeofficer").count() == 4 * Cooperative.objects.count()
    officer = User.objects.get(username="demo-koperasi")
    assert officer.role == Role.COOPERATIVE
    assert officer.cooperative is not None
    assert officer.cooperative.region_id.startswith("17.08.")
    assert officer.check_password(report.login.password)
    lines = (var_dir / "demo-logins.txt").read_text().splitlines()
    assert lines[1] == "demo-admin\tadmin\t*\tsecret-1"  # the registry demo's logins are kept
    assert lines[2] == f"demo-koperasi\tcooperative\t17.08\t{report.login.password}"

    counts = [m.objects.count() for m in (Cooperative, AnnualReport, HealthAssessment, Person)]
    logs = ChangeLog.objects.count()
    again = demo.cooperatives_demo_seed()
    assert again.login is not None

    assert (again.created, again.skipped) == (0, report.created)
    assert counts == [m.objects.count() for m in (Cooperative, AnnualReport, HealthAssessment, Person)]
    assert ChangeLog.objects.count() == logs
    assert again.login.password == report.login.password


@pytest.mark.django_db
def test_another_seed_is_refused(regions, var_dir, monkeypatch):
    monkeypatch.setattr(demo_rows, "PLANS", {"17.08": demo_rows.PLANS["17.08"]})
    demo.cooperatives_demo_seed(seed=3)
    with pytest.raises(ValidationError, match="another seed"):
        demo.cooperatives_demo_seed(seed=4)
