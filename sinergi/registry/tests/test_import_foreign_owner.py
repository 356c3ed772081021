"""Issue 14: an import's owner found by NIK must not cross regions. A NIK registered in another kabupaten was
matched, the person there overwritten with the file's name and phone and linked to the importer's business, and
the bulk writer named NIKs "already registered" wherever they were. Now the row is refused with words that do not
say whether or where the number is registered, and the other region's person is left as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import village
from sinergi.accounts.services import system_actor
from sinergi.registry import bulk
from sinergi.registry.models import Business, Person
from sinergi.registry.services.imports import BusinessIn, OwnerIn, businesses_import
from sinergi.registry.tests.test_bulk import _rows

pytestmark = pytest.mark.django_db
JEMBER_NIK = "3509010202850003"
KEPAHIANG_NIK = "1708015505900001"


def _row(key: int, *, desa: str, nik: str, name: str = "Budi Palsu", phone: str = "+6281399990000") -> BusinessIn:
    return BusinessIn(
        key=key,
        external_ref=f"uji:id:{key}",
        name=f"Usaha {key}",
        desa_id=desa,
        owner=OwnerIn(name=name, nik=nik, phone=phone),
    )


@pytest.fixture
def jember_person(regions) -> Person:
    return Person.objects.create(name="Siti Jember", nik=JEMBER_NIK, desa_id=village("35.09"), phone="+6281211112222")


def test_an_owner_registered_in_another_region_is_neither_changed_nor_linked(kepahiang_officer, jember_person):
    [outcome] = businesses_import(actor=kepahiang_officer, rows=[_row(1, desa=village("17.08"), nik=JEMBER_NIK)])
    assert outcome.verdict == "rejected"
    [(field, message)] = outcome.errors
    assert field == "owner_nik"
    assert "cannot be used here" in message
    assert "registered" not in message
    assert "Jember" not in message
    assert "Siti" not in message
    jember_person.refresh_from_db()
    assert (jember_person.name, jember_person.phone) == ("Siti Jember", "+6281211112222")
    assert not Business.objects.exists()


def test_the_same_row_by_an_editor_of_both_regions_links_the_person(admin_user, jember_person):
    [outcome] = businesses_import(actor=admin_user, rows=[_row(1, desa=village("17.08"), nik=JEMBER_NIK)])
    assert outcome.verdict == "created"
    assert Business.objects.get().owner_id == jember_person.pk


def test_an_owner_of_the_importers_region_is_still_found_and_updated(kepahiang_officer, regions):
    someone = Person.objects.create(name="Sari", nik=KEPAHIANG_NIK, desa_id=village("17.08"))
    [outcome] = businesses_import(
        actor=kepahiang_officer, rows=[_row(1, desa=village("17.08"), nik=KEPAHIANG_NIK, name="Sari Wulandari")]
    )
    assert outcome.verdict == "created"
    someone.refresh_from_db()
    assert someone.name == "Sari Wulandari"
    assert Business.objects.get().owner_id == someone.pk


def test_a_business_already_owned_by_that_person_keeps_its_owner_unchanged(kepahiang_officer, jember_person):
    """Linked earlier by someone who edits both regions: a re-import by the kabupaten leaves the link and the person."""
    admin_row = _row(1, desa=village("17.08"), nik=JEMBER_NIK, name="Siti Jember", phone="+6281211112222")
    businesses_import(actor=system_actor(), rows=[admin_row])
    [outcome] = businesses_import(actor=kepahiang_officer, rows=[_row(1, desa=village("17.08"), nik=JEMBER_NIK)])
    assert outcome.verdict in ("unchanged", "updated")
    jember_person.refresh_from_db()
    assert (jember_person.name, jember_person.phone) == ("Siti Jember", "+6281211112222")
    assert Business.objects.get().owner_id == jember_person.pk


def test_the_bulk_writer_does_not_say_a_nik_of_another_region_is_registered(jember_officer, clusters, system):
    [row] = _rows(1)
    Person.objects.create(name="Orang Lain", nik=row.owner.nik, desa_id=village("17.08"))
    with pytest.raises(ValidationError) as refused:
        bulk.businesses_bulk_create(actor=jember_officer, rows=[row])
    assert "cannot be used here" in refused.value.messages[0]
    assert "already registered" not in refused.value.messages[0]
    with pytest.raises(ValidationError) as seen:
        bulk.businesses_bulk_create(actor=system, rows=[row])
    assert "already registered" in seen.value.messages[0]
