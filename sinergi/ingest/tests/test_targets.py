"""The import-target contract: every target an app registers declares its fields, a natural key made of them,
a writer and the service that runs it; and for each, the same file imported twice (the second time under
another name) changes nothing the second time. A new target fails here until it has its own re-import test."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from conftest import village
from sinergi.aspirations.imports import aspirations_import
from sinergi.aspirations.models import Aspiration
from sinergi.cooperatives import imports as coop_imports
from sinergi.cooperatives.models import AnnualReport, Cooperative
from sinergi.core.jobs import _HANDLERS
from sinergi.core.models import ChangeLog
from sinergi.ingest.headers import FieldSpec
from sinergi.ingest.imports import BUSINESSES
from sinergi.ingest.models import ImportBatch, SavedMapping
from sinergi.ingest.targets import ImportTarget, register, target, targets
from sinergi.ingest.tests.conftest import run_import
from sinergi.programs.imports import applications_import, poverty_import
from sinergi.programs.models import Application
from sinergi.programs.tests.factories import business, person, program
from sinergi.purchasing import services as purchasing
from sinergi.purchasing.imports import civil_servants_import
from sinergi.purchasing.models import CivilServant
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Person

EXPECTED = {"registry.business", "cooperatives.annual_report", "programs.applicant", "programs.poverty"}


def test_every_app_registers_its_targets_with_a_complete_declaration():
    assert {t.key for t in targets()} >= EXPECTED
    for t in targets():
        assert t.fields, t.key
        assert all(isinstance(spec, FieldSpec) and spec.synonyms for spec in t.fields.values()), t.key
        assert t.natural_key, t.key
        assert {k for key in t.natural_key for k in key} <= set(t.fields), t.key
        assert callable(t.writer), t.key
        assert callable(t.run), t.key
        assert t.score_header([spec.synonyms[0] for spec in t.fields.values()]) > 0, t.key
        if t.job_kind:
            assert t.job_kind in _HANDLERS, f"{t.key}: no job handler for {t.job_kind}"
    assert target("cooperatives.annual_report").job_kind == coop_imports.IMPORT_JOB


def test_an_incomplete_or_doubled_declaration_is_refused():
    spec = FieldSpec("name", "Name", True, ("Nama",))
    parts: dict[str, object] = {
        "label": "x",
        "fields": {"name": spec},
        "writer": print,
        "run": print,
        "score_header": lambda cells: 0.0,
    }
    with pytest.raises(ImproperlyConfigured, match="no natural key"):
        ImportTarget(key="demo.thing", natural_key=(), **parts)  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured, match=r"unknown fields \['nik'\]"):
        ImportTarget(key="demo.thing", natural_key=(("nik",),), **parts)  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured, match=r"<app>\.<name>"):
        ImportTarget(key="thing", natural_key=(("name",),), **parts)  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured, match="Two import targets"):
        register(ImportTarget(key=BUSINESSES.key, natural_key=(("name",),), **parts))  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="No import target"):
        target("demo.nothing")


# --- The same file twice ------------------------------------------------------------------------------


def _template(t: ImportTarget, path: Path) -> Path:
    assert t.template is not None
    with path.open("wb") as handle:
        t.template(handle)
    return path


def _record_changes() -> int:
    """Change-log rows of records, not of the imports' own bookkeeping."""
    return ChangeLog.objects.exclude(
        Q(content_type__model=ImportBatch._meta.model_name) | Q(content_type__model=SavedMapping._meta.model_name)
    ).count()


def _businesses_twice(officer, tmp_path) -> None:
    path = _template(BUSINESSES, tmp_path / "data-umkm.xlsx")
    first = run_import(actor=officer, path=path, region="17.08")
    assert (first.created, first.rejected) == (1, 0)
    changes = _record_changes()
    again = path.rename(tmp_path / "data-umkm (revisi).xlsx")
    second = run_import(actor=officer, path=again, region="17.08", source="lain")
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 1, 0)
    assert Business.objects.count() == 1
    assert _record_changes() == changes


def _reports_twice(officer, tmp_path) -> None:
    path = _template(target("cooperatives.annual_report"), tmp_path / "laporan.xlsx")

    def run(p: Path):
        with p.open("rb") as f:
            return coop_imports.cooperative_reports_import(
                actor=officer, stream=f, name=p.name, size=p.stat().st_size, region_code="17.08"
            )

    assert run(path).checkpoint["counts"]["created"] == 1
    changes = _record_changes()
    counts = run(path.rename(tmp_path / "laporan (revisi).xlsx")).checkpoint["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"], counts["rejected"]) == (0, 0, 1, 0)
    assert (Cooperative.objects.count(), AnnualReport.objects.count()) == (1, 1)
    assert _record_changes() == changes


def _csv(text: str) -> tuple[io.BytesIO, int]:
    data = text.encode()
    return io.BytesIO(data), len(data)


def _applicants_twice(officer, tmp_path) -> None:
    p = program(officer, name="Diklat Kemasan", topics=["Kemasan"], status="open")
    desa = village("17.08")
    business(desa, name="Tenun Rejang")
    text = f"No. Pendaftaran;Nama Usaha;Desa\nP-1;Tenun Rejang;{desa}\n"
    for name, created in (("pendaftar.csv", 1), ("pendaftar (revisi).csv", 0)):
        stream, size = _csv(text)
        result = applications_import(actor=officer, program=p, stream=stream, name=name, size=size)
        assert (result.count("created"), result.count("rejected")) == (created, 0)
        if created:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert Application.objects.count() == 1
    assert _record_changes() == changes


def _poverty_twice(officer, tmp_path) -> None:
    someone = person(village("17.08"), nik="1708015505900001")
    text = "NIK;Desil\n1708015505900001;2\n"
    for name, updated in (("p3ke.csv", 1), ("p3ke (revisi).csv", 0)):
        stream, size = _csv(text)
        result = poverty_import(actor=officer, stream=stream, name=name, size=size, source_label="P3KE 2023")
        assert (result.count("updated"), result.count("rejected")) == (updated, 0)
        if updated:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert Person.objects.get(pk=someone.pk).poverty_decile == 2
    assert _record_changes() == changes


def _aspirations_twice(officer, tmp_path) -> None:
    desa = village("17.08")
    text = f"No.;Tanggal;Nama;Desa;Kategori;Aspirasi\n1;12-03-2025;Bu Sari;{desa};Pelatihan;Pelatihan kemasan kopi\n"
    office = Region.objects.get(pk="17.08")
    for name, created in (("aspirasi.csv", 1), ("aspirasi (revisi).csv", 0)):
        stream, size = _csv(text)
        result = aspirations_import(actor=officer, office=office, stream=stream, name=name, size=size)
        assert (result.count("created"), result.count("rejected")) == (created, 0)
        if created:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert Aspiration.objects.count() == 1
    assert _record_changes() == changes


def _p3ke_twice(officer, tmp_path) -> None:
    import datetime as dt

    from sinergi.empowerment.imports import p3ke_import
    from sinergi.empowerment.models import P3keEntry, P3keList

    someone = person(village("17.08"), nik="1708015505900002")
    office = Region.objects.get(pk="17.08")
    text = "NIK;ID Keluarga P3KE;Desil\n1708015505900002;KK-77;1\n"
    for name, created in (("p3ke-kk.csv", 1), ("p3ke-kk (revisi).csv", 0)):
        stream, size = _csv(text)
        result = p3ke_import(
            actor=officer,
            office=office,
            stream=stream,
            name=name,
            size=size,
            label="P3KE 2024",
            as_of=dt.date(2024, 1, 1),
        )
        assert (result.count("created"), result.count("rejected")) == (created, 0)
        if created:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert (P3keList.objects.count(), P3keEntry.objects.count()) == (1, 1)
    assert Person.objects.get(pk=someone.pk).poverty_decile == 1
    assert _record_changes() == changes


def _potentials_twice(officer, tmp_path) -> None:
    from sinergi.empowerment.imports import potentials_import
    from sinergi.empowerment.models import DesaPotential

    desa = village("17.08")
    office = Region.objects.get(pk="17.08")
    text = f"Kode Desa;Sektor;Urutan;Sumber;Keterangan\n{desa};Perikanan;1;profil desa;Pesisir\n"
    for name, created in (("potensi.csv", 1), ("potensi (revisi).csv", 0)):
        stream, size = _csv(text)
        result = potentials_import(actor=officer, office=office, stream=stream, name=name, size=size)
        assert (result.count("created"), result.count("rejected")) == (created, 0)
        if created:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert DesaPotential.objects.count() == 1
    assert _record_changes() == changes


def _staff_twice(officer, tmp_path) -> None:
    agency = purchasing.agency_create(actor=officer, data={"region_id": "17.08", "name": "Dinas Koperasi"})
    text = "NIP;Nama;Golongan\n19850705 201001 2 003;Rina Wati;III/c\n"
    for name, created in (("asn.csv", 1), ("asn (revisi).csv", 0)):
        stream, size = _csv(text)
        result = civil_servants_import(actor=officer, agency=agency, stream=stream, name=name, size=size)
        assert (result.count("created"), result.count("rejected")) == (created, 0)
        if created:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert CivilServant.objects.count() == 1
    assert _record_changes() == changes


def _roadmap_targets_twice(officer, tmp_path) -> None:
    from sinergi.indicators import services as indicators
    from sinergi.indicators.imports import targets_import
    from sinergi.indicators.models import Target

    roadmap = indicators.roadmap_create(
        actor=officer, data={"name": "Peta Jalan UMK", "region_id": "17.08", "start_year": 2025, "end_year": 2029}
    )
    text = "Sasaran;Indikator;Kode Wilayah;Tahun;Tahun Dasar;Baseline;Target\n"
    text += "Koperasi sehat;koperasi-aktif;17.08;2026;2024;70;80\n"
    for name, created in (("peta-jalan.csv", 1), ("peta-jalan (revisi).csv", 0)):
        stream, size = _csv(text)
        result = targets_import(actor=officer, roadmap=roadmap, stream=stream, name=name, size=size)
        assert (result.count("created"), result.count("rejected")) == (created, 0)
        if created:
            changes = _record_changes()
    assert result.count("unchanged") == 1
    assert Target.objects.count() == 1
    assert _record_changes() == changes


TWICE: dict[str, Callable[..., None]] = {
    "registry.business": _businesses_twice,
    "cooperatives.annual_report": _reports_twice,
    "programs.applicant": _applicants_twice,
    "programs.poverty": _poverty_twice,
    "aspirations.aspiration": _aspirations_twice,
    "empowerment.p3ke": _p3ke_twice,
    "empowerment.potential": _potentials_twice,
    "purchasing.civil_servant": _staff_twice,
    "indicators.target": _roadmap_targets_twice,
}


def test_every_target_has_a_re_import_test():
    assert set(TWICE) == {t.key for t in targets()}


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(TWICE))
def test_the_same_file_twice_changes_nothing_the_second_time(key, kepahiang_officer, clusters, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    TWICE[key](kepahiang_officer, tmp_path)
