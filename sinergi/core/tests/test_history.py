"""The change log as sentences (core.history): each kind of value written as the form shows it, in Indonesian,
and no model's history showing a field name, an enum code, an ISO timestamp or a Python repr."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation

from sinergi.cooperatives.models import AnnualReport, HealthAssessment
from sinergi.core.history import HIDDEN_FIELDS, history_rows, humanize_code
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.programs.models import BudgetLine, Program
from sinergi.registry.models import Business, BusinessYear, Cluster, Person

pytestmark = pytest.mark.django_db


def _row(
    model: type[models.Model],
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    action: str = ChangeAction.UPDATE,
    actor: Any = None,
    pk: str = "999999",
) -> ChangeLog:
    return ChangeLog(
        action=action,
        content_type=ContentType.objects.get_for_model(model),
        object_id=pk,
        object_repr="Contoh",
        before=before,
        after=after,
        actor=actor,
        time=dt.datetime(2026, 12, 7, 11, 26, tzinfo=dt.UTC),
    )


def _sentences(*entries: ChangeLog, full_personal: bool = False, zone: str = "Asia/Jakarta") -> list[str]:
    with translation.override("id"), timezone.override(zoneinfo.ZoneInfo(zone)):
        rows = history_rows(entries=list(entries), full_personal=full_personal)
    return [c.sentence for r in rows for c in r.changes]


def test_references_by_name_looked_up_once_per_model(clusters, django_assert_num_queries):
    kopi, batik = clusters["kopi"], clusters["batik"]
    entries = [
        _row(Business, before={"cluster_id": kopi.pk}, after={"cluster_id": batik.pk}),
        _row(Business, before={"cluster_id": batik.pk}, after={"cluster_id": 987654}),
    ]
    ContentType.objects.get_for_model(Business)
    with django_assert_num_queries(2):  # the clusters, and the businesses the rows are about
        sentences = _sentences(*entries)
    assert sentences == [
        f"Klaster diubah dari {kopi.name} menjadi {batik.name}.",
        f"Klaster diubah dari {batik.name} menjadi (sudah dihapus).",
    ]


def test_choice_by_its_label_and_predicate_by_the_rule_sets_name():
    assert _sentences(_row(BusinessYear, before={"scale": "mikro"}, after={"scale": "kecil"})) == [
        "Skala usaha diubah dari Mikro menjadi Kecil."
    ]
    assert _sentences(_row(HealthAssessment, before=None, after={"predicate": "CUKUP_SEHAT"}, action="create")) == [
        "Predikat: Cukup Sehat."
    ]
    assert humanize_code("CUKUP_SEHAT") == "Cukup sehat"


def test_money_in_rupiah_and_a_score_with_a_decimal_comma():
    assert _sentences(_row(BudgetLine, before={"amount": "100000000.00"}, after={"amount": "122141000.00"})) == [
        "Jumlah (Rp) diubah dari Rp 100.000.000 menjadi Rp 122.141.000."
    ]
    assert _sentences(_row(HealthAssessment, before={"total": "64.50"}, after={"total": "78.60"})) == [
        "Skor diubah dari 64,50 menjadi 78,60."
    ]


def test_dates_local_and_times_in_the_offices_zone():
    assert _sentences(_row(Program, before={"starts_on": None}, after={"starts_on": "2026-12-07"})) == [
        "Tanggal mulai diubah dari kosong menjadi 7 Des 2026."
    ]
    stamp = {"assessed_at": "2026-08-17T01:30:00Z"}
    assert _sentences(_row(HealthAssessment, before=None, after=stamp, action="create"), zone="Asia/Makassar") == [
        "Dinilai pada: 17 Agu 2026 09.30 WITA."
    ]


def test_booleans_lists_and_structures_in_words():
    assert _sentences(_row(Business, before={"has_halal": False}, after={"has_halal": True})) == [
        "Bersertifikat halal diubah dari Tidak menjadi Ya."
    ]
    assert _sentences(_row(Program, before={"topics": []}, after={"topics": ["pemasaran digital", "pengemasan"]})) == [
        "Materi yang ditawarkan diubah dari kosong menjadi pemasaran digital, pengemasan."
    ]
    answers = {"general": [True, False, True], "capital": [False, True]}
    assert _sentences(_row(AnnualReport, before={"management_answers": {}}, after={"management_answers": answers})) == [
        "Kuesioner manajemen diubah dari kosong menjadi 3 dari 5 dijawab “ya”."
    ]
    assert _sentences(_row(Business, before={"extra": {}}, after={"extra": {"merek": "Kaba", "toko": "daring"}})) == [
        "Data lain diubah dari kosong menjadi merek: Kaba; toko: daring."
    ]
    nested = {"merek": "Kaba", "cabang": ["Kepahiang", "Curup"]}
    assert _sentences(_row(Business, before={"extra": {}}, after={"extra": nested})) == [
        "Data lain diubah dari kosong menjadi 2 isian."
    ]


def test_personal_fields_masked_unless_the_reader_may_see_them():
    row = _row(
        Person,
        before={"nik": "1708010101900001", "phone": ""},
        after={"nik": "1708014101900002", "phone": "+6281234567890"},
    )
    assert _sentences(row) == [
        "NIK diubah dari 1708••••••••0001 menjadi 1708••••••••0002.",
        "Telepon diubah dari kosong menjadi +6281••••••890.",
    ]
    assert _sentences(row, full_personal=True)[0] == "NIK diubah dari 1708010101900001 menjadi 1708014101900002."


def test_headline_says_who_what_and_when(kepahiang_officer):
    kepahiang_officer.first_name, kepahiang_officer.last_name = "Rina", "Wati"
    kepahiang_officer.save()
    row = _row(Cluster, before={"name": "Kopi"}, after={"name": "Kopi Robusta"}, actor=kepahiang_officer)
    with translation.override("id"), timezone.override(zoneinfo.ZoneInfo("Asia/Jayapura")):
        [shown] = history_rows(entries=[row])
    assert shown.headline == "Rina Wati mengubah klaster “Contoh” pada 7 Des 2026 20.26 WIT."
    system = _row(Cluster, before=None, after={"name": "Kopi"}, action="create")
    with translation.override("id"):
        [made] = history_rows(entries=[system])
    assert made.headline.startswith("Sistem menambahkan klaster “Contoh” pada 7 Des 2026 18.26")


# --- every model's history ---------------------------------------------------------------------------------------

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"\b[A-Z]+_[A-Z_]+\b")
_REPR = re.compile(r"\{'|\[\]|\bNone\b|\bTrue\b|\bFalse\b|\{\}")
# Labels that are the same word in both languages (so a label equal to the field's name is not English).
_SAME_IN_BOTH = {"bank", "status", "nib", "npwp", "program", "email", "nik", "kas", "label", "nik koperasi", "nip"} | {
    "modal usaha"
}
# The apps whose records have a history tab (business, person, association, cooperative, program, supervision,
# purchase and agency, partner and partnership).
_HISTORY_APPS = ("registry", "cooperatives", "programs", "supervision", "purchasing", "partnerships")


def _sample(field: models.Field[Any, Any], n: int) -> Any:
    """A stored value of the field's kind, as a snapshot holds it."""
    if field.is_relation:
        return n
    if field.choices:
        return list(dict(field.flatchoices))[n % len(field.flatchoices)]
    if isinstance(field, models.BooleanField):
        return bool(n % 2)
    if isinstance(field, models.DateTimeField):
        return f"2026-0{n + 1}-07T05:38:00.000Z"
    if isinstance(field, models.DateField):
        return f"199{n}-09-14"
    if isinstance(field, models.DecimalField):
        return f"12214{n}000.00" if field.max_digits and field.max_digits >= 15 else f"6{n}.50"
    if isinstance(field, models.IntegerField):
        return 2020 + n
    if isinstance(field, models.JSONField):
        return [{"general": [True, False]}, [], {"a": {"b": [1]}}][n % 3]
    if isinstance(field, models.CharField | models.TextField) and field.name in {"predicate", "health_predicate"}:
        return "CUKUP_SEHAT"
    return f"teks {n}"


def _logged_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_label in _HISTORY_APPS and m._meta.label != "registry.Merge"]


def test_no_model_history_shows_internals():
    entries = []
    for model in _logged_models():
        fields = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
        before = {f.attname: _sample(f, 0) for f in fields}
        after = {f.attname: _sample(f, 1) for f in fields}
        entries += [
            _row(model, before=None, after=before, action="create"),
            _row(model, before=before, after=after),
            _row(model, before=after, after=None, action="delete"),
        ]
    with translation.override("id"):
        rows = history_rows(entries=entries)
    assert len(rows) == len(entries)
    problems = []
    for row in rows:
        shown = row.entry.content_type.model_class()
        assert shown is not None
        names = {f.name for f in shown._meta.concrete_fields} | {f.attname for f in shown._meta.concrete_fields}
        for change in row.changes:
            text = f"{change.label} {change.before} {change.after} {change.sentence}"
            where = f"{shown._meta.label}.{change.key}: {text}"
            if change.key in HIDDEN_FIELDS:
                problems.append(f"hidden field shown: {where}")
            if change.label.lower() in {n.replace("_", " ") for n in names} - _SAME_IN_BOTH:
                problems.append(f"field name as label: {where}")
            for pattern, what in ((_ISO, "ISO date"), (_CODE, "enum code"), (_REPR, "Python repr")):
                if pattern.search(text):
                    problems.append(f"{what}: {where}")
        for pattern, what in ((_ISO, "ISO date"), (_CODE, "enum code"), (_REPR, "Python repr")):
            if pattern.search(row.headline):
                problems.append(f"{what} in headline: {row.headline}")
    assert problems == [], "\n".join(problems)


def test_money_heuristic_matches_every_rupiah_field():
    """Every rupiah field is Decimal(18, 2); nothing else is, so the change log can tell money by its shape."""
    money = {
        f"{m._meta.label}.{f.name}"
        for m in _logged_models()
        for f in m._meta.concrete_fields
        if isinstance(f, models.DecimalField) and f.decimal_places == 2 and (f.max_digits or 0) >= 15
    }
    assert "programs.BudgetLine.amount" in money
    assert "registry.BusinessYear.annual_sales" in money
    assert not any(name.endswith(("latitude", "longitude", ".total")) for name in money)
