"""The search box finds a misspelt name and the same words in any order, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from sinergi.registry import selectors, services
from sinergi.registry.search import alike_in, search_terms, similarity

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(kepahiang_officer, kepahiang_desa, clusters):
    owner = services.person_create(
        actor=kepahiang_officer, data={"name": "Siti Aminah", "desa_id": kepahiang_desa, "nik": ""}
    )
    for name, owner_id in (("Kue Azalea", owner.pk), ("Tenun Rejang", None), ("Kopi Bubuk Kaba", None)):
        services.business_create(
            actor=kepahiang_officer, data={"name": name, "desa_id": kepahiang_desa, "owner_id": owner_id}
        )

    def names(q: str) -> list[str]:
        filters = selectors.BusinessFilter(q=q)
        return sorted(b.name for b in selectors.business_list(user=kepahiang_officer, filters=filters))

    return names


def test_a_misspelt_word_finds_the_name_spelt_alike(found):
    assert found("azalia") == ["Kue Azalea"]
    assert found("Azalia") == ["Kue Azalea"]
    assert found("kue azalia") == ["Kue Azalea"]
    assert found("aminnah") == ["Kue Azalea"]  # the owner's name, one letter doubled


def test_the_same_words_in_any_order(found):
    assert found("aminah siti") == found("siti aminah") == ["Kue Azalea"]
    assert found("kaba kopi") == ["Kopi Bubuk Kaba"]


def test_word_starts_still_match_and_unlike_words_do_not(found):
    assert found("ten") == ["Tenun Rejang"]
    assert found("zzzz") == []
    assert found("azalia kopi") == []  # every word must be found
    assert found("sri") == []  # short words are word starts only, never "alike"


def test_similarity_is_pg_trgm_s():
    # pg_trgm: similarity('azalia', 'azalea') = 0.4 (4 shared of 10 trigrams)
    assert similarity("azalia", "azalea") == pytest.approx(0.4)
    assert alike_in("kue azalea siti aminah", "azalia")
    assert not alike_in("kue azalea", "tenun")


def test_the_words_alike_come_from_the_vocabulary_the_database_keeps(found, kepahiang_officer, kepahiang_desa):
    services.business_create(actor=kepahiang_officer, data={"name": "Dodol Kenari", "desa_id": kepahiang_desa})
    # PostgreSQL looks the alike words up first (its trigger filled the vocabulary as the business was written);
    # SQLite compares row by row instead.
    expected = (("kenari",),) if connection.vendor == "postgresql" else ((),)
    assert search_terms("kenary").alike == expected
    assert found("kenary") == ["Dodol Kenari"]


def test_the_business_list_numbers_its_rows_instead_of_showing_ids(found, client, kepahiang_officer, settings):
    settings.SINERGI_PAGE_SIZE = 2
    client.force_login(kepahiang_officer)
    numbers = []
    for page in (1, 2):
        html = client.get("/usaha/", {"page": page}).content.decode()
        numbers += re.findall(r'data-field="row-number">(\d+)<', html)
    assert numbers == ["1", "2", "3"]


def test_a_word_spelt_as_a_record_spells_it_finds_only_those_records(found, kepahiang_officer, kepahiang_desa):
    services.business_create(actor=kepahiang_officer, data={"name": "Salon Azalia", "desa_id": kepahiang_desa})
    assert found("azalia") == ["Salon Azalia"]  # a known word: no look for words alike it
    assert found("azalae") == ["Kue Azalea", "Salon Azalia"]  # unknown: both are spelt alike
