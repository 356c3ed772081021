"""The listing rule: one pure function, the same rule as the catalogue's filter, per office as data. A product
leaves the public catalogue the day after its PIRT's expiry date, computed from the dates at query time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.market import selectors, services
from sinergi.market.listing import DEFAULT_RULE, Document, Facts, evaluate
from sinergi.market.tests.conftest import product_make
from sinergi.registry import services as registry

TODAY = dt.date(2026, 12, 7)


def test_default_rule_needs_nib_and_for_food_a_verified_pirt_or_bpom():
    nib = Document(kind="nib", expires_on=None)
    pirt = Document(kind="pirt", expires_on=TODAY, verified=True)
    assert evaluate(DEFAULT_RULE, Facts(category="kuliner", business_documents=[nib], permits=[pirt]), today=TODAY) == (
        True,
        [],
    )
    listed, reasons = evaluate(DEFAULT_RULE, Facts(category="kuliner"), today=TODAY)
    assert not listed
    assert reasons == ["The business has no NIB recorded.", "Food and drink need a BPOM / PIRT linked to the product."]
    unverified = Document(kind="bpom", expires_on=None, verified=False)
    _, reasons = evaluate(
        DEFAULT_RULE, Facts(category="kuliner", business_documents=[nib], permits=[unverified]), today=TODAY
    )
    assert reasons == ["The product's BPOM / PIRT is not yet verified by the office."]
    _, reasons = evaluate(
        DEFAULT_RULE, Facts(category="kuliner", business_documents=[nib], permits=[pirt]), today=TODAY + dt.timedelta(1)
    )
    assert reasons == ["The product's BPOM / PIRT expired on 07-12-2026."]
    # A craft needs only the NIB; a product the seller withdrew is out whatever its papers.
    assert evaluate(DEFAULT_RULE, Facts(category="kriya", business_documents=[nib]), today=TODAY)[0]
    assert not evaluate(DEFAULT_RULE, Facts(category="kriya", is_active=False, business_documents=[nib]), today=TODAY)[
        0
    ]


@pytest.fixture
def verified_food(kepahiang_officer, product, pirt):
    permit = services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)
    services.product_permit_verify(actor=kepahiang_officer, permit=permit)
    return product


def _public(day):
    return set(selectors.public_products(today=day).values_list("pk", flat=True))


@pytest.mark.django_db
def test_product_leaves_the_catalogue_when_its_pirt_expires(verified_food, pirt):
    today = timezone.localdate()
    assert verified_food.pk in _public(today)
    assert verified_food.pk in _public(pirt.expires_on)  # valid through its expiry date
    after = pirt.expires_on + dt.timedelta(days=1)
    assert verified_food.pk not in _public(after)
    listed, reasons = selectors.product_listing(product=verified_food, today=after)
    assert not listed
    assert "expired" in reasons[0]
    assert selectors.product_listing(product=verified_food, today=today) == (True, [])


@pytest.mark.django_db
def test_unverified_or_changed_permit_is_not_listed(kepahiang_officer, product, pirt, verified_food):
    registry.legal_document_update(actor=kepahiang_officer, document=pirt, data={"number": "P-IRT 2061708010999-29"})
    assert product.pk not in _public(timezone.localdate())
    assert selectors.product_listing(product=product)[1] == [
        "The product's BPOM / PIRT is not yet verified by the office."
    ]


@pytest.mark.django_db
def test_halal_badge_only_when_verified(kepahiang_officer, verified_food, food_business):
    halal = registry.legal_document_create(
        actor=kepahiang_officer, business=food_business, data={"kind": "halal", "number": "ID17110000123450923"}
    )
    permit = services.product_permit_add(actor=kepahiang_officer, product=verified_food, document_id=halal.pk)
    assert not selectors.public_products().get(pk=verified_food.pk).halal  # type: ignore[attr-defined]  # annotated
    services.product_permit_verify(actor=kepahiang_officer, permit=permit)
    assert selectors.public_products().get(pk=verified_food.pk).halal  # type: ignore[attr-defined]  # annotated


@pytest.mark.django_db
def test_an_office_rule_is_data_and_applies_below_it_only(
    kepahiang_officer, admin_user, jember_officer, jember_desa, food_business, clusters
):
    jember = registry.business_create(actor=jember_officer, data={"name": "Tape Jember", "desa_id": jember_desa})
    theirs = product_make(jember_officer, jember, clusters, index=1, name="Suwar-suwir")
    ours = product_make(kepahiang_officer, food_business, clusters, index=2)
    today = timezone.localdate()
    assert not _public(today) & {theirs.pk, ours.pk}
    services.listing_rule_set(
        actor=kepahiang_officer, region_code="17.08", requires_nib=True, food_category_ids=[], food_documents=[]
    )
    assert _public(today) & {theirs.pk, ours.pk} == {ours.pk}
    with pytest.raises(Exception, match="settings"):
        services.listing_rule_set(
            actor=kepahiang_officer, region_code="35.09", requires_nib=False, food_category_ids=[], food_documents=[]
        )
    services.listing_rule_set(
        actor=admin_user, region_code="35", requires_nib=False, food_category_ids=[], food_documents=[]
    )
    assert _public(today) & {theirs.pk, ours.pk} == {ours.pk, theirs.pk}
    assert selectors.product_listing(product=theirs) == (True, [])


@pytest.mark.django_db
def test_owner_and_office_see_why_a_product_is_not_listed(client, owner_user, product):
    client.force_login(owner_user)
    page = client.get(reverse("market_product_detail", args=[product.pk])).content.decode()
    assert "Not in the public catalogue" in page
    assert "Food and drink need a BPOM / PIRT linked to the product." in page
