"""The import's batch writer: new records go in as plain values, and the change log reads as if each had
been an instance saved and snapshotted — one row per record created or changed, with the same content."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from sinergi.core.changelog import snapshot, snapshot_values
from sinergi.core.fastwrite import insert_values
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource
from sinergi.registry.models import Business, BusinessYear, DocumentKind, LegalDocument, Person
from sinergi.registry.services.imports import BusinessIn, FiguresIn, OwnerIn, businesses_import

pytestmark = pytest.mark.django_db

NIK = "3509014101800001"  # woman, born 1 January 1980, kecamatan 35.09.01
NIB = "9120001234567"


def _inserted(model: type[models.Model], values: dict[str, object]) -> tuple[models.Model, dict[str, object]]:
    (pk,) = insert_values(model, list(values), [tuple(values.values())])
    return model._default_manager.get(pk=pk), {model._meta.pk.attname: pk, **values}


def test_snapshot_values_equals_snapshot_of_each_saved_record(jember_desa, clusters):
    person, person_values = _inserted(
        Person,
        {
            "nik": NIK,
            "name": "Siti Aminah",
            "sex": "P",
            "birth_date": dt.date(1980, 1, 1),
            "phone": "",
            "desa_id": jember_desa,
        },
    )
    business, business_values = _inserted(
        Business,
        {
            "name": "Keripik Tempe Bu Siti",
            "desa_id": jember_desa,
            "address": "Jl. Mawar 1",
            "kbli": "10794",
            "cluster_id": clusters["batik"].pk,
            "workforce": 3,
            "owner_id": person.pk,
            "external_ref": "uji:id:1",
            "scale": "mikro",
            "has_nib": True,
            "has_halal": False,
            "search_text": "keripik tempe bu siti siti aminah jl mawar 1",
        },
    )
    year, year_values = _inserted(
        BusinessYear,
        {
            "business_id": business.pk,
            "year": 2024,
            "modal_usaha": None,
            "annual_sales": Decimal("2500000.00"),
            "workforce": None,
            "scale": "mikro",
            "scale_rule": "pp7-2021",
        },
    )
    document, document_values = _inserted(
        LegalDocument, {"business_id": business.pk, "kind": DocumentKind.NIB.value, "number": NIB}
    )
    for model, saved, values in (
        (Person, person, person_values),
        (Business, business, business_values),
        (BusinessYear, year, year_values),
        (LegalDocument, document, document_values),
    ):
        assert snapshot_values(model, values) == snapshot(saved), model.__name__
        assert list(snapshot_values(model, values)) == list(snapshot(saved))  # same key order (SQLite keeps it)


def test_snapshot_values_of_less_common_types_is_their_json_round_trip():
    values = {
        "id": 7,
        "time": dt.datetime(2024, 8, 17, 10, 0, 0, 123456, tzinfo=dt.UTC),
        "actor_id": None,
        "source": ChangeSource.JOB,  # a str subclass
        "action": "create",
        "content_type_id": 1,
        "object_id": "7",
        "object_repr": "Kopi",
        "before": None,
        "after": {"amount": "1.50", "list": (1, "dua")},
        "job_id": None,
    }
    assert snapshot_values(ChangeLog, values) == snapshot(ChangeLog(**values))
    assert snapshot_values(ChangeLog, values)["time"] == "2024-08-17T10:00:00.123Z"
    assert snapshot_values(ChangeLog, values)["after"] == {"amount": "1.50", "list": [1, "dua"]}


def _row(key: int, ref: str, desa: str, **extra: object) -> BusinessIn:
    fields: dict[str, object] = {"name": f"Usaha {key}", "external_ref": ref, "desa_id": desa}
    fields.update(extra)
    return BusinessIn(key=key, **fields)  # type: ignore[arg-type]


def _creation_logs_match_the_records(models_: tuple[type[models.Model], ...], *, since: int) -> int:
    """Each record has exactly one creation row since log id ``since``, showing it as saved; their count."""
    total = 0
    for model in models_:
        content_type = ContentType.objects.get_for_model(model)
        logs = ChangeLog.objects.filter(pk__gt=since, content_type=content_type, action=ChangeAction.CREATE)
        by_object = {log.object_id: log for log in logs}
        assert len(by_object) == logs.count()
        records = list(model._default_manager.all())
        assert set(by_object) == {str(r.pk) for r in records}, model.__name__
        for record in records:
            log = by_object[str(record.pk)]
            assert log.after == snapshot(record)
            assert log.before is None
            assert log.object_repr == str(record)
        total += len(records)
    return total


def test_every_created_record_has_one_change_log_row_showing_it_as_saved(jember_officer, jember_desa):
    owner = OwnerIn(name="Siti Aminah", nik=NIK, sex="P", birth_date=dt.date(1980, 1, 1), phone="+6281234567890")
    rows = [
        _row(
            2,
            "uji:id:1",
            jember_desa,
            owner=owner,
            nib=NIB,
            halal="ID35110000123",
            figures=FiguresIn(year=2024, modal_usaha=Decimal("5000000"), annual_sales=Decimal("150000000")),
            workforce=3,
        ),
        # The same owner (by NIK) for a second business: one person, created once.
        _row(3, "uji:id:2", jember_desa, owner=owner, figures=FiguresIn(2023, None, Decimal("2500000.5"))),
        _row(4, "uji:id:3", jember_desa, owner=OwnerIn(name="Budi"), address="Jl. Mawar 1"),
        _row(5, "uji:id:4", jember_desa),
    ]
    since = ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    outcomes = businesses_import(actor=jember_officer, rows=rows, source=ChangeSource.COMMAND)

    assert [o.verdict for o in outcomes] == ["created"] * 4
    assert Person.objects.count() == 2
    logged = _creation_logs_match_the_records((Person, Business, BusinessYear, LegalDocument), since=since)
    assert logged == 2 + 4 + 2 + 2
    new_logs = ChangeLog.objects.filter(pk__gt=since)
    assert new_logs.count() == logged  # nothing else: no update rows for records made in this batch
    assert {(log.actor_id, log.source, log.job_id) for log in new_logs} == {
        (jember_officer.pk, ChangeSource.COMMAND, None)
    }
    assert len({log.time for log in new_logs}) == 1  # one batch, one time
    business = Business.objects.get(external_ref="uji:id:1")
    assert (business.owner_id, business.has_nib, business.has_halal) == (Person.objects.get(nik=NIK).pk, True, True)
    assert business.scale == BusinessYear.objects.get(business=business).scale == "mikro"


def test_reimport_changes_nothing_and_a_change_logs_only_the_changed_fields(jember_officer, jember_desa):
    rows = [
        _row(
            2, "uji:id:1", jember_desa, owner=OwnerIn(name="Siti", nik=NIK), figures=FiguresIn(2024, None, Decimal(1))
        ),
        _row(3, "uji:id:2", jember_desa, nib=NIB),
    ]
    businesses_import(actor=jember_officer, rows=rows)
    since = ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first()

    assert [o.verdict for o in businesses_import(actor=jember_officer, rows=rows)] == ["unchanged", "unchanged"]
    assert not ChangeLog.objects.filter(pk__gt=since).exists()

    changed = [
        _row(
            2,
            "uji:id:1",
            jember_desa,
            owner=OwnerIn(name="Siti Aminah", nik=NIK),
            figures=FiguresIn(2024, None, Decimal(2)),
        ),
        _row(3, "uji:id:2", jember_desa, name="Toko Baru"),
    ]
    assert [o.verdict for o in businesses_import(actor=jember_officer, rows=changed)] == ["updated", "updated"]
    logs = {
        (log.content_type.model, log.action): (log.before, log.after)
        for log in ChangeLog.objects.filter(pk__gt=since).select_related("content_type")
    }
    assert logs == {
        ("person", "update"): ({"name": "Siti"}, {"name": "Siti Aminah"}),
        ("businessyear", "update"): ({"annual_sales": "1.00"}, {"annual_sales": "2.00"}),
        ("business", "update"): ({"name": "Usaha 3"}, {"name": "Toko Baru"}),
    }


def test_two_rows_giving_one_business_a_new_year_create_it_once_with_the_later_figures(jember_officer, jember_desa):
    businesses_import(actor=jember_officer, rows=[_row(2, "uji:id:1", jember_desa, nib=NIB)])
    business = Business.objects.get()
    since = ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    # Row 2 finds the business by its id, row 3 (another source's id) by its NIB; both give 2020's figures.
    outcomes = businesses_import(
        actor=jember_officer,
        rows=[
            _row(2, "uji:id:1", jember_desa, figures=FiguresIn(2020, None, Decimal(5_000_000))),
            _row(
                3, "lain:id:9", jember_desa, name="Usaha 2", nib=NIB, figures=FiguresIn(2020, None, Decimal(7_000_000))
            ),
        ],
    )
    assert [(o.verdict, o.business_id) for o in outcomes] == [("updated", business.pk), ("updated", business.pk)]
    year = BusinessYear.objects.get(business=business)
    assert (year.year, year.annual_sales) == (2020, Decimal("7000000.00"))
    logs = list(ChangeLog.objects.filter(pk__gt=since))
    assert [(log.action, log.object_id) for log in logs] == [(ChangeAction.CREATE, str(year.pk))]
    assert logs[0].after == snapshot(year)
    assert logs[0].time <= timezone.now()
