"""``field__any``: the same rows as ``field__in`` on both databases (one array parameter on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.core.fastwrite import insert_values
from sinergi.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(jember_desa):
    rows: list[tuple[str | None, str, str]] = [(f"35090141018{i:05d}", f"Orang {i}", jember_desa) for i in range(300)]
    rows.append((None, "Tanpa NIK", jember_desa))
    return insert_values(Person, ["nik", "name", "desa_id"], rows)


def test_any_finds_what_in_finds_for_text_and_keys(people, jember_desa):
    niks = [f"35090141018{i:05d}" for i in range(0, 600, 7)]  # half of them unknown
    by_any = set(Person.objects.filter(nik__any=niks).values_list("pk", flat=True))
    by_in = set(Person.objects.filter(nik__in=niks).values_list("pk", flat=True))
    assert by_any == by_in
    assert len(by_any) == 43  # 0, 7, …, 294

    ids = people[::3]
    assert set(Person.objects.filter(pk__any=ids).values_list("pk", flat=True)) == set(ids)
    assert Person.objects.filter(desa_id__any=[jember_desa, "35.09.99.9999"]).count() == 301  # a foreign key


def test_any_of_nothing_matches_nothing_and_excludes_nothing(people):
    assert not Person.objects.filter(nik__any=[]).exists()
    assert Person.objects.exclude(pk__any=[]).count() == 301
    assert Person.objects.exclude(pk__any=people[:1]).count() == 300


def test_on_postgresql_the_list_is_one_parameter(people):
    niks = [f"35090141018{i:05d}" for i in range(2000)]
    with CaptureQueriesContext(connection) as queries:
        found = Person.objects.filter(nik__any=niks).count()
    assert found == 300
    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY('{35090141018" in sql  # one array literal, not 2,000 placeholders
    else:
        assert " IN (" in sql
