"""Registry services on the real database: validation, region scoping, derived columns, change log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.accounts.models import Role
from sinergi.accounts.services import user_create
from sinergi.core.models import ChangeLog, ChangeSource
from sinergi.registry import services
from sinergi.registry.models import Business, LegalDocument, Person
from sinergi.registry.selectors import (
    BusinessFilter,
    business_get,
    business_history,
    business_list,
    businesses_visible,
    persons_visible,
)

DESA = "17.08.01.2001"  # Kota Agung, Bermani Ilir, Kepahiang


@pytest.fixture
def owner(kepahiang_officer) -> Person:
    return services.person_create(
        actor=kepahiang_officer,
        data={"name": "Hj. Siti Aminah", "nik": "1708015508950001", "desa_id": DESA, "phone": "0812-3456-7890"},
    )


@pytest.fixture
def business(kepahiang_officer, owner, clusters) -> Business:
    return services.business_create(
        actor=kepahiang_officer,
        data={
            "name": "Kopi Bubuk Kepahiang",
            "owner_id": owner.pk,
            "desa_id": DESA,
            "kbli": "10761",
            "cluster_id": clusters["kopi"].pk,
            "address": "Jl. Lintas Kepahiang No. 4",
        },
    )


def test_person_fields_follow_the_nik(owner):
    assert owner.sex == "P"
    assert owner.birth_date == dt.date(1995, 8, 15)
    assert owner.phone == "+6281234567890"


def test_person_with_bad_nik_is_rejected_with_field_message(kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=kepahiang_officer, data={"name": "Budi", "nik": "1708013208950001", "desa_id": DESA}
        )
    assert set(exc.value.message_dict) == {"nik"}
    assert Person.objects.count() == 0


def test_nik_disagreeing_with_entered_sex_and_birth_date(kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=kepahiang_officer,
            data={
                "name": "Budi",
                "nik": "1708011508950001",
                "desa_id": DESA,
                "sex": "P",
                "birth_date": dt.date(1990, 1, 1),
            },
        )
    assert set(exc.value.message_dict) == {"sex", "birth_date"}


def test_duplicate_nik_rejected(kepahiang_officer, owner):
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=kepahiang_officer, data={"name": "Siti A.", "nik": "1708015508950001", "desa_id": DESA}
        )
    assert "nik" in exc.value.message_dict


def test_missing_village_is_asked_for(kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.person_create(actor=kepahiang_officer, data={"name": "Budi", "desa_id": ""})
    assert exc.value.message_dict["desa_id"] == ["Choose the village (desa/kelurahan)."]


def test_desa_must_be_a_village(kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.person_create(actor=kepahiang_officer, data={"name": "Budi", "desa_id": "17.08.01"})
    assert "desa_id" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.person_create(actor=kepahiang_officer, data={"name": "Budi", "desa_id": "99.99.99.9999"})


def test_officer_cannot_write_outside_their_kabupaten(jember_officer, kepahiang_viewer):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=jember_officer, data={"name": "Budi", "desa_id": DESA})
    with pytest.raises(PermissionDenied):
        services.person_create(actor=kepahiang_viewer, data={"name": "Budi", "desa_id": DESA})


def test_province_officer_writes_in_every_kabupaten_of_the_province(bengkulu_officer):
    person = services.person_create(actor=bengkulu_officer, data={"name": "Budi", "desa_id": DESA})
    assert person.pk


def test_business_update_scoped_and_logged(business, kepahiang_officer, jember_officer):
    with pytest.raises(PermissionDenied):
        services.business_update(actor=jember_officer, business=business, data={"name": "Diambil alih"})
    services.business_update(actor=kepahiang_officer, business=business, data={"name": "Kopi Bubuk Kaba"})
    log = business_history(business=business).first()
    assert log is not None
    assert log.action == "update"
    assert log.actor == kepahiang_officer
    assert log.before == {"name": "Kopi Bubuk Kepahiang"}
    assert log.after == {"name": "Kopi Bubuk Kaba"}
    assert list(business_list(user=kepahiang_officer, filters=BusinessFilter(q="kaba"))) == [business]


def test_moving_a_business_to_another_kabupaten_is_refused(business, kepahiang_officer):
    with pytest.raises(PermissionDenied):
        services.business_update(actor=kepahiang_officer, business=business, data={"desa_id": "35.09.01.2001"})


def test_no_change_no_log_row(business, kepahiang_officer):
    before = ChangeLog.objects.count()
    services.business_update(actor=kepahiang_officer, business=business, data={"name": business.name})
    assert ChangeLog.objects.count() == before


def test_yearly_figures_give_the_scale(business, kepahiang_officer):
    services.business_year_set(
        actor=kepahiang_officer, business=business, year=2023, modal_usaha=Decimal("800000000"), annual_sales=None
    )
    business.refresh_from_db()
    assert business.scale == "mikro"
    row = services.business_year_set(
        actor=kepahiang_officer, business=business, year=2024, modal_usaha=None, annual_sales=Decimal("2000000000.01")
    )
    business.refresh_from_db()
    assert (row.scale, business.scale, row.scale_rule) == ("kecil", "kecil", "PP 7/2021 Pasal 35")
    with pytest.raises(ValidationError) as exc:
        services.business_year_set(
            actor=kepahiang_officer, business=business, year=2024, modal_usaha=Decimal("-1"), annual_sales=None
        )
    assert "modal_usaha" in exc.value.message_dict


def test_documents_set_flags_and_validate_numbers(business, kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.legal_document_create(
            actor=kepahiang_officer, business=business, data={"kind": "nib", "number": "12345"}
        )
    assert "13" in exc.value.message_dict["number"][0]
    nib = services.legal_document_create(
        actor=kepahiang_officer, business=business, data={"kind": "nib", "number": "9120 0012 3456 7"}
    )
    services.legal_document_create(
        actor=kepahiang_officer,
        business=business,
        data={
            "kind": "halal",
            "number": "ID17110000123450924",
            "issued_on": dt.date(2024, 9, 1),
            "expires_on": dt.date(2028, 9, 1),
        },
    )
    business.refresh_from_db()
    assert nib.number == "9120001234567"
    assert business.has_nib
    assert business.has_halal
    services.legal_document_delete(actor=kepahiang_officer, document=nib)
    business.refresh_from_db()
    assert not business.has_nib
    actions = [(h.content_type.model, h.action) for h in business_history(business=business)]
    assert ("legaldocument", "delete") in actions
    assert actions.count(("legaldocument", "create")) == 2


def test_text_longer_than_its_column_is_a_field_error(kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.person_create(actor=kepahiang_officer, data={"name": "A" * 151, "desa_id": DESA})
    assert "150" in exc.value.message_dict["name"][0]
    assert not Person.objects.exists()


def test_expiry_before_issue_rejected(business, kepahiang_officer):
    with pytest.raises(ValidationError) as exc:
        services.legal_document_create(
            actor=kepahiang_officer,
            business=business,
            data={
                "kind": "pirt",
                "number": "P-IRT 2061708010123-29",
                "issued_on": dt.date(2024, 1, 1),
                "expires_on": dt.date(2023, 1, 1),
            },
        )
    assert "expires_on" in exc.value.message_dict
    assert not LegalDocument.objects.exists()


def test_selectors_scope_reads(business, owner, kepahiang_officer, jember_officer, bengkulu_officer, admin_user):
    assert list(businesses_visible(user=kepahiang_officer)) == [business]
    assert list(businesses_visible(user=bengkulu_officer)) == [business]
    assert list(businesses_visible(user=admin_user)) == [business]
    assert not businesses_visible(user=jember_officer).exists()
    assert not persons_visible(user=jember_officer).exists()
    with pytest.raises(Business.DoesNotExist):
        business_get(user=jember_officer, pk=business.pk)


def test_business_owner_sees_and_edits_only_their_own(business, owner, kepahiang_officer, regions):
    other = services.business_create(actor=kepahiang_officer, data={"name": "Toko Lain", "desa_id": DESA})
    owner_user = user_create(
        actor=kepahiang_officer, username="siti", password=None, role=Role.OWNER, person_id=owner.pk
    )
    assert list(businesses_visible(user=owner_user)) == [business]
    services.business_update(actor=owner_user, business=business, data={"workforce": 3})
    with pytest.raises(PermissionDenied):
        services.business_update(actor=owner_user, business=other, data={"workforce": 3})


def test_search_filters_by_words_in_name_owner_and_address(business, kepahiang_officer):
    def names(**kw):
        return [b.name for b in business_list(user=kepahiang_officer, filters=BusinessFilter(**kw))]

    assert names(q="aminah kopi") == ["Kopi Bubuk Kepahiang"]
    assert names(q="lintas") == ["Kopi Bubuk Kepahiang"]
    assert names(q="batik") == []
    assert names(region="17.08.01") == ["Kopi Bubuk Kepahiang"]
    assert names(region="35.09") == []
    assert names(region="17.0") == []
    assert names(region=DESA) == ["Kopi Bubuk Kepahiang"]
    assert names(cluster="kopi", has_nib=False) == ["Kopi Bubuk Kepahiang"]


def test_search_matches_word_starts_the_same_on_both_databases(business, kepahiang_officer):
    def found(q: str) -> bool:
        return business_list(user=kepahiang_officer, filters=BusinessFilter(q=q)).exists()

    assert found("kep")  # the start of a word
    assert found("KOPI bubuk")  # case and several words
    assert found("hj siti")  # the owner "Hj. Siti Aminah": punctuation separates words
    assert found("jl. lintas no 4")
    assert not found("hiang")  # the middle of a word is not a word start
    assert not found("kopi batik")  # every word must match
    for odd in ["%", "_", "' or 1=1 --", "kopi:* | a", "!!!", "   "]:
        business_list(user=kepahiang_officer, filters=BusinessFilter(q=odd)).count()  # never an SQL error
    assert found("!!!")  # no words at all: no search filter


def test_association_with_board_and_members(business, owner, kepahiang_officer, jember_officer):
    mms = services.association_create(
        actor=kepahiang_officer,
        data={
            "name": "Asosiasi UMKM Maju Mandiri Sejahtera",
            "region_id": "17.08",
            "term_start": dt.date(2023, 10, 26),
            "term_end": dt.date(2028, 10, 25),
            "inaugurated_on": dt.date(2023, 10, 26),
        },
    )
    seat = services.association_board_add(actor=kepahiang_officer, association=mms, person=owner, role="Ketua")
    assert seat.term_start == dt.date(2023, 10, 26)
    with pytest.raises(ValidationError) as dup:
        services.association_board_add(actor=kepahiang_officer, association=mms, person=owner, role="ketua")
    assert "person" in dup.value.message_dict
    services.association_member_add(actor=kepahiang_officer, association=mms, business=business)
    with pytest.raises(ValidationError):
        services.association_member_add(actor=kepahiang_officer, association=mms, business=business)
    with pytest.raises(PermissionDenied):
        services.association_update(actor=jember_officer, association=mms, data={"name": "X"})
    with pytest.raises(ValidationError) as exc:
        services.association_update(actor=kepahiang_officer, association=mms, data={"term_end": dt.date(2020, 1, 1)})
    assert "term_end" in exc.value.message_dict


def test_association_officer_edits_own_association_only(kepahiang_officer, regions):
    mine = services.association_create(actor=kepahiang_officer, data={"name": "Asosiasi A", "region_id": "17.08"})
    other = services.association_create(actor=kepahiang_officer, data={"name": "Asosiasi B", "region_id": "17.08"})
    officer = user_create(
        actor=kepahiang_officer, username="sekretaris", password=None, role=Role.ASSOCIATION, association_id=mine.pk
    )
    services.association_update(actor=officer, association=mine, data={"description": "Program 100 hari"})
    with pytest.raises(PermissionDenied):
        services.association_update(actor=officer, association=other, data={"description": "x"})


def test_change_log_records_source_for_commands(kepahiang_officer):
    person = services.person_create(
        actor=kepahiang_officer, data={"name": "Budi", "desa_id": DESA}, source=ChangeSource.COMMAND
    )
    log = ChangeLog.objects.get(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    assert log.after is not None
    assert (log.source, log.action, log.after["name"]) == ("command", "create", "Budi")


def test_association_delete_removes_seats_and_members_with_log(business, owner, kepahiang_officer, jember_officer):
    mms = services.association_create(actor=kepahiang_officer, data={"name": "Asosiasi C", "region_id": "17.08"})
    services.association_board_add(actor=kepahiang_officer, association=mms, person=owner, role="Ketua")
    services.association_member_add(actor=kepahiang_officer, association=mms, business=business)
    with pytest.raises(PermissionDenied):
        services.association_delete(actor=jember_officer, association=mms)
    services.association_delete(actor=kepahiang_officer, association=mms)
    deleted = set(ChangeLog.objects.filter(action="delete").values_list("content_type__model", flat=True))
    assert deleted == {"association", "boardmember", "associationmembership"}
    assert Business.objects.filter(pk=business.pk).exists()
