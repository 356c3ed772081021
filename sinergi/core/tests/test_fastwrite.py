"""Batch inserts and updates (COPY on PostgreSQL, the ORM on SQLite): same rows either way.

The suite runs on both databases (DATABASE_URL), so each path is exercised by one of the runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from sinergi.core.fastwrite import insert_many, insert_values, update_many
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.registry.models import Business, BusinessYear, Person

pytestmark = pytest.mark.django_db


def test_insert_values_returns_ids_in_row_order_and_stores_each_row(jember_desa):
    before = timezone.now()
    ids = insert_values(
        Person,
        ["nik", "name", "sex", "birth_date", "phone", "desa_id"],
        [
            ("3509014101800001", "Siti Aminah", "P", dt.date(1980, 1, 1), "+6281234567890", jember_desa),
            (None, "Budi", "", None, "", jember_desa),
        ],
    )
    assert len(ids) == 2
    assert ids[0] < ids[1]
    siti, budi = Person.objects.get(pk=ids[0]), Person.objects.get(pk=ids[1])
    assert (siti.nik, siti.name, siti.sex, siti.birth_date) == (
        "3509014101800001",
        "Siti Aminah",
        "P",
        dt.date(1980, 1, 1),
    )
    assert (budi.nik, budi.name, budi.phone) == (None, "Budi", "")
    # Fields not named take their default; the timestamps one "now" for the whole call.
    assert siti.address == budi.address == ""
    assert siti.created_at == budi.created_at >= before
    assert siti.updated_at >= siti.created_at


def test_insert_values_writes_decimals_foreign_keys_and_json(jember_desa, admin_user):
    business_id = insert_values(Business, ["name", "desa_id", "has_nib"], [("Kopi", jember_desa, True)])[0]
    (year_id,) = insert_values(
        BusinessYear,
        ["business_id", "year", "modal_usaha", "annual_sales", "scale", "scale_rule"],
        [(business_id, 2024, Decimal("5000000.00"), None, "mikro", "pp7-2021")],
    )
    year = BusinessYear.objects.get(pk=year_id)
    assert (year.business_id, year.modal_usaha, year.annual_sales) == (business_id, Decimal("5000000.00"), None)
    assert Business.objects.get(pk=business_id).has_nib is True

    after = {"id": 1, "name": "Kopi “Enak”", "nested": {"list": [1, "dua", None]}, "amount": "1.50"}
    (log_id,) = insert_values(
        ChangeLog,
        ["actor_id", "action", "content_type_id", "object_id", "object_repr", "before", "after"],
        [
            (
                admin_user.pk,
                ChangeAction.CREATE.value,
                ContentType.objects.get_for_model(Business).pk,
                "1",
                "Kopi",
                None,
                after,
            )
        ],
    )
    log = ChangeLog.objects.get(pk=log_id)
    assert (log.before, log.after, log.actor_id) == (None, after, admin_user.pk)


def test_insert_values_with_no_rows_writes_nothing():
    assert insert_values(Person, ["name"], []) == []


def test_insert_many_gives_each_instance_its_id_and_update_many_writes_named_fields(jember_desa):
    people = [Person(name="Siti", desa_id=jember_desa), Person(name="Budi", desa_id=jember_desa)]
    insert_many(people)
    assert all(p.pk and not p._state.adding for p in people)
    assert list(Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk").values_list("name", flat=True)) == [
        "Siti",
        "Budi",
    ]
    people[0].name, people[0].phone = "Siti Aminah", "+6281234567890"
    people[1].name = "Budi Santoso"
    update_many(people, ["name"])
    stored = dict(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("name", "phone"))
    assert stored == {"Siti Aminah": "", "Budi Santoso": ""}  # phone was not named
