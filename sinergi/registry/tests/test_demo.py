"""The demo generator: deterministic, valid identifiers, idempotent, the MMS association, the bulk path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from sinergi.accounts.models import Role, User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource
from sinergi.core.validators import normalize_phone_id, parse_nik_strict
from sinergi.regions.models import Region
from sinergi.registry import demo, scale
from sinergi.registry.bulk import BusinessRow
from sinergi.registry.models import (
    Association,
    Business,
    BusinessYear,
    DocumentKind,
    LegalDocument,
    Person,
)
from sinergi.registry.services.businesses import _search_text

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _rows(seed: int, start: int, stop: int) -> list[BusinessRow]:
    return list(demo.demo_rows(seed=seed, start=start, stop=stop, today=TODAY))


def test_same_seed_gives_the_same_rows_and_a_longer_run_extends_a_shorter_one(regions):
    first = [(r.name, r.owner.name, r.owner.nik) for r in _rows(7, 0, 60)]
    again = [(r.name, r.owner.name, r.owner.nik) for r in _rows(7, 0, 60)]
    other = [(r.name, r.owner.name, r.owner.nik) for r in _rows(8, 0, 60)]
    middle = [(r.name, r.owner.name, r.owner.nik) for r in _rows(7, 25, 40)]
    assert first == again
    assert first != other
    assert middle == first[25:40]


def test_every_nik_is_valid_and_agrees_with_the_owner(regions):
    villages = set(Region.objects.filter(level=4).values_list("code", flat=True))
    rows = _rows(2026, 9000, 11000)  # crosses the block of 9999 where NIK serials restart
    assert len({r.owner.nik for r in rows}) == len(rows)
    for row in rows:
        owner = row.owner
        nik = parse_nik_strict(owner.nik, today=TODAY)
        assert nik.kecamatan_code == owner.desa_id[:8]
        assert nik.birth_date == owner.birth_date
        assert nik.sex == owner.sex
        assert owner.desa_id in villages
        assert row.desa_id[:5] in demo.REGIONS
        assert owner.phone.startswith("08")
        assert normalize_phone_id(owner.phone) == "+62" + owner.phone[1:]
        assert row.cluster_slug in demo.REGIONS[row.desa_id[:5]][1]
        assert row.kbli in demo.CLUSTERS[row.cluster_slug][2]


def test_figures_are_mostly_mikro_with_a_tail_and_documents_vary(regions):
    rows = _rows(2026, 0, 1500)
    scales = [
        scale.classify(modal_usaha=r.years[-1].modal_usaha, annual_sales=r.years[-1].annual_sales)
        for r in rows
        if r.years
    ]
    assert scales.count("mikro") / len(scales) > 0.85
    assert "kecil" in scales
    assert "menengah" in scales
    assert "besar" not in scales
    assert all(isinstance(y.annual_sales or y.modal_usaha, Decimal) for r in rows for y in r.years)
    nib_share = sum(any(d.kind == DocumentKind.NIB for d in r.documents) for r in rows) / len(rows)
    assert 0.4 <= nib_share <= 0.6
    expiries = [d.expires_on for r in rows for d in r.documents if d.expires_on]
    assert any(e < TODAY for e in expiries)
    assert any(TODAY <= e <= TODAY + dt.timedelta(days=90) for e in expiries)
    touna_land = [r for r in rows if r.desa_id.startswith("72.09.") and any(d.kind == "land" for d in r.documents)]
    assert touna_land
    jember = {r.cluster_slug for r in _rows(2026, 0, 3000) if r.desa_id.startswith("35.09.")}
    assert len(jember) == 13


@pytest.mark.django_db
def test_demo_seed_writes_through_services_and_is_idempotent(regions, var_dir):
    report = demo.demo_seed(seed=11, businesses=120)
    assert report.created == 120
    counts = (Business.objects.count(), Person.objects.count(), ChangeLog.objects.count(), User.objects.count())
    business_type = ContentType.objects.get_for_model(Business)
    logged = ChangeLog.objects.filter(
        content_type=business_type, action=ChangeAction.CREATE, source=ChangeSource.COMMAND
    ).count()
    assert logged == 120
    again = demo.demo_seed(seed=11, businesses=120)
    assert (again.created, again.skipped) == (0, 120)
    assert counts == (Business.objects.count(), Person.objects.count(), ChangeLog.objects.count(), User.objects.count())
    assert {x.username: x.password for x in again.logins} == {x.username: x.password for x in report.logins}


@pytest.mark.django_db
def test_another_seed_is_refused_until_reset(regions, var_dir):
    demo.demo_seed(seed=11, businesses=30)
    with pytest.raises(Exception, match="another seed"):
        demo.demo_seed(seed=12, businesses=30)
    report = demo.demo_seed(seed=12, businesses=30, reset=True)
    assert report.deleted == (30, 30)
    assert report.created == 30
    assert Business.objects.count() == 30


@pytest.mark.django_db
def test_mms_association_its_board_and_the_logins(regions, var_dir):
    report = demo.demo_seed(seed=2026, businesses=250)
    mms = Association.objects.get(name="Asosiasi UMKM Maju Mandiri Sejahtera")
    assert mms.region_id == "17.08"
    assert (mms.term_start, mms.term_end, mms.inaugurated_on) == (
        dt.date(2023, 10, 26),
        dt.date(2028, 10, 25),
        dt.date(2023, 10, 26),
    )
    assert sorted(mms.board.values_list("role", flat=True)) == ["Bendahara", "Ketua", "Sekretaris"]
    members = list(mms.members.all())
    assert members
    assert all(b.desa_id.startswith("17.08.") for b in members)
    assert Association.objects.exclude(region_id="17.08").exists()
    roles = {x.username: x.role for x in report.logins}
    # Every role but the cooperative officer and the civil servant, whose demo logins come with the cooperatives' and
    # the purchasing demos.
    assert set(roles.values()) == set(Role.values) - {Role.COOPERATIVE, Role.ASN}
    assert len([r for r in roles.values() if r == Role.KABUPATEN]) == 5
    owner = User.objects.get(username="demo-owner")
    assert owner.person is not None
    assert owner.person.businesses.filter(associations=mms).exists()
    assert User.objects.get(username="demo-mms").association == mms
    assert User.objects.get(username="demo-bengkulu").regions.get().code == "17"
    saved = (var_dir / "demo-logins.txt").read_text()
    for login in report.logins:
        assert len(login.password) >= 12
        assert User.objects.get(username=login.username).check_password(login.password)
        assert f"{login.username}\t" in saved


@pytest.mark.django_db
def test_scale_option_goes_through_bulk_with_consistent_columns_and_log(regions, var_dir):
    call_command("demo_seed", scale=150, seed=5, verbosity=0)
    assert Business.objects.filter(external_ref__startswith="demo:").count() == 150
    types = {m: ContentType.objects.get_for_model(m) for m in (Person, Business, BusinessYear, LegalDocument)}
    for business in Business.objects.select_related("owner"):
        latest = business.years.order_by("-year").first()
        assert business.scale == (latest.scale if latest else "")
        kinds = set(business.documents.values_list("kind", flat=True))
        assert business.has_nib == (DocumentKind.NIB in kinds)
        assert business.has_halal == (DocumentKind.HALAL in kinds)
        assert business.search_text == _search_text(business)
    for model, content_type in types.items():
        for obj in model.objects.all():
            log = ChangeLog.objects.get(content_type=content_type, object_id=str(obj.pk), action=ChangeAction.CREATE)
            assert log.source == ChangeSource.COMMAND
            assert log.after == snapshot(obj)
            assert log.object_repr == str(obj)
    for year in BusinessYear.objects.all():
        assert year.scale == scale.classify(modal_usaha=year.modal_usaha, annual_sales=year.annual_sales)
    call_command("demo_seed", scale=150, seed=5, verbosity=0)
    assert Business.objects.count() == 150
