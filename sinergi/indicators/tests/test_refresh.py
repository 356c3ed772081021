"""The analytics refresh: the seed's figure on the demo cooperatives, roll-up over levels, agreement with a
direct count after random changes, the filter whitelist, and region scoping of the figures."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import _user, village
from sinergi.accounts.models import Role
from sinergi.cooperatives import demo
from sinergi.cooperatives.models import Cooperative, CooperativeStatus
from sinergi.indicators import services
from sinergi.indicators.models import AnalyticsValue, Indicator
from sinergi.indicators.refresh import analytics_refresh, period_of
from sinergi.indicators.selectors import indicator_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_cooperatives_give_maluku_tenggara_85_30_percent(regions, var_dir):
    demo.cooperatives_demo_seed()
    analytics_refresh(indicators=Indicator.objects.filter(code__in=["koperasi-aktif", "koperasi-jumlah"]))

    [malra] = indicator_values(user_or_none=None, code="koperasi-aktif", region_code="81.02", level=2, period=None)
    assert (malra.numerator, malra.denominator) == (296, 347)
    assert malra.value is not None
    assert round(malra.value, 2) == Decimal("85.30")
    assert malra.region_name == "Kabupaten Maluku Tenggara"
    # The province rolls up every kabupaten below it; here only Maluku Tenggara has cooperatives.
    [maluku] = indicator_values(user_or_none=None, code="koperasi-aktif", region_code="81", level=1, period=None)
    assert (maluku.numerator, maluku.denominator) == (296, 347)
    total = sum(
        v.numerator
        for v in indicator_values(user_or_none=None, code="koperasi-jumlah", region_code=None, level=1, period=None)
    )
    assert total == Cooperative.objects.count()


def _coop(system, code: str, n: int, **extra) -> Cooperative:
    from sinergi.cooperatives.services import cooperative_create

    return cooperative_create(
        actor=system, data={"name": f"Koperasi Uji {n}", "kind": "ksp", "region_id": code, **extra}
    )


def _direct(prefix: str, status: str) -> int:
    return Cooperative.objects.filter(region__code__startswith=prefix, status=status).count()


def test_refresh_agrees_with_a_direct_count_after_random_changes(regions, system):
    dormant = services.indicator_save(
        actor=system,
        data={
            "code": "koperasi-uji",
            "name_id": "Uji",
            "name_en": "Test",
            "source": "cooperatives",
            "numerator_filter": {"status": "dormant"},
            "denominator_filter": {},
            "factor": 100,
        },
    )
    rng = random.Random(18)
    places = [village("17.08", 0), village("17.08", 1), village("35.09", 0), "81.02", "17.08"]
    made: list[Cooperative] = []
    period = period_of("year", timezone.localdate())
    for step in range(4):
        for _ in range(rng.randint(2, 6)):
            made.append(_coop(system, rng.choice(places), len(made)))
        for coop in rng.sample(made, k=min(3, len(made))):
            Cooperative.objects.filter(pk=coop.pk).update(status=rng.choice(CooperativeStatus.values))
        if step == 2:
            gone = made.pop(rng.randrange(len(made)))
            gone.delete()
        analytics_refresh(indicators=[dormant], full=bool(step % 2 == 0))
        for level, prefixes in ((1, ["17", "35", "81"]), (2, ["17.08", "35.09", "81.02"])):
            figures = {
                v.region_code: v
                for v in indicator_values(
                    user_or_none=None, code="koperasi-uji", region_code=None, level=level, period=period
                )
            }
            for prefix in prefixes:
                expected_all = Cooperative.objects.filter(region__code__startswith=prefix).count()
                got = figures.get(prefix)
                assert (got.numerator if got else 0) == _direct(prefix, "dormant")
                assert (got.denominator if got else 0) == expected_all
        desa = village("17.08", 0)
        rows = indicator_values(user_or_none=None, code="koperasi-uji", region_code=desa, level=4, period=period)
        row = rows[0] if rows else None
        assert (row.denominator if row else 0) == Cooperative.objects.filter(region__code=desa).count()


def test_a_filter_outside_the_sources_whitelist_is_refused(regions, system, kepahiang_officer):
    base = {"code": "x", "name_id": "X", "name_en": "X", "source": "cooperatives"}
    with pytest.raises(ValidationError) as err:
        services.indicator_save(actor=system, data={**base, "numerator_filter": {"name__icontains": "a"}})
    assert "numerator_filter" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_save(actor=system, data={**base, "numerator_filter": {"active": "yes"}})
    with pytest.raises(ValidationError):
        services.indicator_save(actor=system, data={**base, "numerator_filter": {"status": "bogus"}})
    with pytest.raises(ValidationError):
        services.indicator_save(actor=system, data={**base, "disaggregations": ["owner__nik"]})
    with pytest.raises(PermissionDenied):
        services.indicator_save(actor=kepahiang_officer, data={**base, "numerator_filter": {}})
    assert not Indicator.objects.filter(code="x").exists()


def test_a_kabupaten_officer_sees_its_kabupaten_and_the_province_not_another_kabupaten(
    regions, system, kepahiang_officer
):
    _coop(system, village("17.08"), 1)
    _coop(system, "35.09", 2)
    analytics_refresh(indicators=Indicator.objects.filter(code="koperasi-jumlah"))
    kab = {
        v.region_code
        for v in indicator_values(
            user_or_none=kepahiang_officer, code="koperasi-jumlah", region_code=None, level=2, period=None
        )
    }
    assert kab == {"17.08"}
    prov = {
        v.region_code
        for v in indicator_values(
            user_or_none=kepahiang_officer, code="koperasi-jumlah", region_code=None, level=1, period=None
        )
    }
    assert prov == {"17"}
    owner = _user("pemilik", Role.OWNER, [])
    assert indicator_values(user_or_none=owner, code="koperasi-jumlah", region_code=None, level=1, period=None) == []
    assert AnalyticsValue.objects.filter(region_code="35.09", level=2).exists()  # there, but not for Kepahiang


def _yearly(code: str, region: str, year: int) -> int:
    rows = indicator_values(user_or_none=None, code=code, region_code=region, level=2, period=str(year))
    return sum(v.numerator for v in rows if v.region_code == region)


def test_demo_programs_give_the_seeds_other_figures(regions, var_dir):
    """Seed 003 (Maluku Tenggara, 2024): 3,693 micro businesses given capital aid 2020–2023 from the APBD of the
    kabupaten and the province and the APBN; seed 002 (Tojo Una-Una, July 2022): 5 UMKM to a halal certificate
    and 3 cooperatives to an NIK koperasi last year (2021), land certificates for 380 owners then and 193 in 2022."""
    from sinergi.programs.figures_demo import figures_demo_seed
    from sinergi.programs.models import BudgetLine

    first = figures_demo_seed()
    assert first.enrollments == 3_693 + 380 + 193 + 5 + 3
    assert figures_demo_seed().enrollments == 0  # a re-run adds nothing
    codes = ["umkm-bantuan-modal", "umkm-fasilitasi-halal", "koperasi-fasilitasi-nik", "umkm-sertifikat-tanah"]
    analytics_refresh(indicators=Indicator.objects.filter(code__in=codes))
    assert sum(_yearly("umkm-bantuan-modal", "81.02", year) for year in range(2020, 2024)) == 3_693
    sources = set(
        BudgetLine.objects.filter(program__kind="bantuan_modal", program__region_id="81.02").values_list(
            "source", flat=True
        )
    )
    assert sources == {"apbd_kabupaten", "apbd_provinsi", "apbn"}
    assert _yearly("umkm-fasilitasi-halal", "72.09", 2021) == 5
    assert _yearly("koperasi-fasilitasi-nik", "72.09", 2021) == 3
    assert (_yearly("umkm-sertifikat-tanah", "72.09", 2021), _yearly("umkm-sertifikat-tanah", "72.09", 2022)) == (
        380,
        193,
    )
    dak = BudgetLine.objects.get(program__region_id="81.02", source="dak_non_fisik")
    assert dak.amount == Decimal("451803000.00")
