"""Merging duplicate persons and businesses re-points every relation, and undoing puts all of it back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.registry import services
from sinergi.registry.models import (
    AssociationMembership,
    BoardMember,
    Business,
    BusinessYear,
    ExternalRefAlias,
    LegalDocument,
    MergeKind,
    Person,
)

pytestmark = pytest.mark.django_db


def _state() -> dict[str, object]:
    """Everything a merge may touch, as comparable values."""
    return {
        "persons": sorted(Person.objects.values_list("pk", "nik", "name", "phone", "birth_date")),
        "businesses": sorted(
            Business.objects.values_list("pk", "name", "owner_id", "external_ref", "scale", "has_nib")
        ),
        "years": sorted(BusinessYear.objects.values_list("pk", "business_id", "year", "annual_sales")),
        "documents": sorted(LegalDocument.objects.values_list("pk", "business_id", "kind", "number")),
        "board": sorted(BoardMember.objects.values_list("pk", "person_id", "role")),
        "members": sorted(AssociationMembership.objects.values_list("pk", "business_id", "association_id")),
        "aliases": sorted(ExternalRefAlias.objects.values_list("ref", "business_id")),
    }


@pytest.fixture
def twins(kepahiang_officer, kepahiang_desa):
    """The same woman entered twice (with and without NIK) and her shop entered twice."""
    siti = services.person_create(
        actor=kepahiang_officer, data={"name": "Siti Aminah", "desa_id": kepahiang_desa, "phone": "081234567890"}
    )
    hj_siti = services.person_create(
        actor=kepahiang_officer,
        data={"name": "Hj. Siti Aminah", "nik": "1708014507850001", "sex": "P", "desa_id": kepahiang_desa},
    )
    shop = services.business_create(
        actor=kepahiang_officer,
        data={"name": "Warung Siti", "owner_id": siti.pk, "desa_id": kepahiang_desa, "external_ref": "a:1"},
    )
    shop2 = services.business_create(
        actor=kepahiang_officer,
        data={"name": "Warung Bu Siti", "owner_id": hj_siti.pk, "desa_id": kepahiang_desa, "external_ref": "b:7"},
    )
    for business, sales in ((shop, "10000000"), (shop2, "12000000")):
        services.business_year_set(
            actor=kepahiang_officer, business=business, year=2024, modal_usaha=None, annual_sales=Decimal(sales)
        )
    services.business_year_set(
        actor=kepahiang_officer, business=shop2, year=2023, modal_usaha=None, annual_sales=Decimal("900000000")
    )
    services.legal_document_create(
        actor=kepahiang_officer, business=shop2, data={"kind": "nib", "number": "1234567890123"}
    )
    assoc = services.association_create(actor=kepahiang_officer, data={"name": "Asosiasi UMKM", "region_id": "17.08"})
    for business in (shop, shop2):
        services.association_member_add(actor=kepahiang_officer, association=assoc, business=business)
    services.association_board_add(actor=kepahiang_officer, association=assoc, person=hj_siti, role="Bendahara")
    return siti, hj_siti, shop, shop2


def test_person_merge_moves_every_relation_and_undo_restores_them(kepahiang_officer, twins):
    siti, hj_siti, _shop, shop2 = twins
    before = _state()
    merge = services.records_merge(
        actor=kepahiang_officer, kind=MergeKind.PERSON, survivor_id=siti.pk, duplicate_id=hj_siti.pk
    )

    assert not Person.objects.filter(pk=hj_siti.pk).exists()
    siti.refresh_from_db()
    assert siti.nik == "1708014507850001"  # the blank NIK was filled from the duplicate
    assert siti.phone == "+6281234567890"  # the survivor's own value stays
    assert Business.objects.get(pk=shop2.pk).owner_id == siti.pk
    assert BoardMember.objects.get().person_id == siti.pk
    assert ChangeLog.objects.filter(
        action=ChangeAction.DELETE, content_type__model="person", object_id=str(hj_siti.pk)
    ).exists()

    services.merge_undo(actor=kepahiang_officer, merge=merge)
    assert _state() == before


def test_business_merge_keeps_the_survivors_year_and_undo_restores_the_duplicates(kepahiang_officer, twins):
    _siti, _hj, shop, shop2 = twins
    before = _state()
    merge = services.records_merge(
        actor=kepahiang_officer, kind=MergeKind.BUSINESS, survivor_id=shop.pk, duplicate_id=shop2.pk
    )

    years = dict(BusinessYear.objects.filter(business=shop).values_list("year", "annual_sales"))
    assert years == {2023: Decimal("900000000.00"), 2024: Decimal("10000000.00")}  # 2023 moved, 2024 kept
    shop.refresh_from_db()
    assert shop.has_nib  # the document came along
    assert shop.scale == BusinessYear.objects.get(business=shop, year=2024).scale
    assert AssociationMembership.objects.filter(business=shop).count() == 1  # one membership, not two
    assert ExternalRefAlias.objects.get(ref="b:7").business_id == shop.pk

    services.merge_undo(actor=kepahiang_officer, merge=merge)
    assert _state() == before
    with pytest.raises(ValidationError):
        services.merge_undo(actor=kepahiang_officer, merge=merge)


def test_merging_needs_write_access_to_both_records(jember_officer, twins):
    siti, hj_siti, _shop, _shop2 = twins
    with pytest.raises(PermissionDenied):
        services.records_merge(
            actor=jember_officer, kind=MergeKind.PERSON, survivor_id=siti.pk, duplicate_id=hj_siti.pk
        )
    assert Person.objects.filter(pk=hj_siti.pk).exists()


def test_a_record_is_not_merged_with_itself_or_a_missing_one(kepahiang_officer, twins):
    siti, *_ = twins
    with pytest.raises(ValidationError):
        services.records_merge(
            actor=kepahiang_officer, kind=MergeKind.PERSON, survivor_id=siti.pk, duplicate_id=siti.pk
        )
    with pytest.raises(ValidationError):
        services.records_merge(actor=kepahiang_officer, kind=MergeKind.PERSON, survivor_id=siti.pk, duplicate_id=10**9)
