"""registry.bulk: the same checks as the services, skip-on-rerun, permissions, and logged bulk deletes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.registry import bulk, demo
from sinergi.registry.models import Business, Person

TODAY = dt.date(2026, 1, 15)


def _rows(n: int, start: int = 0) -> list[bulk.BusinessRow]:
    return list(demo.demo_rows(seed=3, start=start, stop=start + n, today=TODAY))


@pytest.mark.django_db
def test_rows_are_written_once_and_rerun_skips_them(clusters, system):
    rows = _rows(30)
    first = bulk.businesses_bulk_create(actor=system, rows=rows, batch_size=7)
    assert (first.created, first.skipped) == (30, 0)
    again = bulk.businesses_bulk_create(actor=system, rows=rows, batch_size=7)
    assert (again.created, again.skipped) == (0, 30)
    assert Business.objects.count() == 30
    assert ChangeLog.objects.filter(action=ChangeAction.CREATE).count() >= first.change_log


@pytest.mark.django_db
def test_a_bad_nik_stops_the_batch_and_names_the_row(clusters, system):
    good = _rows(3)
    owner = dataclasses.replace(good[1].owner, nik="1708010101010000")  # serial 0000 is not valid
    bad = dataclasses.replace(good[1], owner=owner)
    with pytest.raises(ValidationError, match="demo:1"):
        bulk.businesses_bulk_create(actor=system, rows=[good[0], bad, good[2]])
    assert not Business.objects.exists()


@pytest.mark.django_db
def test_a_nik_that_disagrees_with_the_sex_is_refused(clusters, system):
    row = _rows(1)[0]
    other = "L" if row.owner.sex == "P" else "P"
    with pytest.raises(ValidationError, match=r"owner\.sex"):
        bulk.businesses_bulk_create(
            actor=system, rows=[dataclasses.replace(row, owner=dataclasses.replace(row.owner, sex=other))]
        )


@pytest.mark.django_db
def test_a_kabupaten_officer_may_not_load_outside_the_kabupaten(clusters, kepahiang_officer):
    rows = [r for r in _rows(40) if not r.desa_id.startswith("17.08.")][:1]
    with pytest.raises(ValidationError, match="may not change records"):
        bulk.businesses_bulk_create(actor=kepahiang_officer, rows=rows)
    with pytest.raises(PermissionDenied):
        bulk.businesses_bulk_delete(actor=kepahiang_officer, external_ref_prefix="demo:")


@pytest.mark.django_db
def test_bulk_delete_removes_businesses_and_owners_and_logs_them(clusters, system):
    bulk.businesses_bulk_create(actor=system, rows=_rows(12))
    assert bulk.businesses_bulk_delete(actor=system, external_ref_prefix="demo:", batch_size=5) == (12, 12)
    assert not Business.objects.exists()
    assert not Person.objects.exists()
    deleted = ChangeLog.objects.filter(
        action=ChangeAction.DELETE, content_type=ContentType.objects.get_for_model(Business)
    )
    assert deleted.count() == 12
    with pytest.raises(ValidationError):
        bulk.businesses_bulk_delete(actor=system, external_ref_prefix="")


@pytest.mark.django_db
def test_text_longer_than_its_column_is_a_row_error(clusters, system):
    row = dataclasses.replace(_rows(1)[0], name="Warung " + "x" * 300)
    with pytest.raises(ValidationError, match="At most 200"):
        bulk.businesses_bulk_create(actor=system, rows=[row])
