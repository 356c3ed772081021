"""The import's batch writer: new records go in as plain values, and the change log reads as if each had
been an instance saved and snapshotted — one row per record created or changed, with the same content."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import models

from sinergi.core.changelog import snapshot, snapshot_values
from sinergi.core.fastwrite import insert_values
from sinergi.core.models import ChangeLog, ChangeSource
from sinergi.registry.models import Business, BusinessYear, DocumentKind, LegalDocument, Person

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
