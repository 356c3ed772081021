"""Product and permit services: prices as sellers write them, who may write, the officer's check of a permit,
and one change-log row per change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sinergi.core.models import ChangeLog
from sinergi.market import services
from sinergi.market.models import ProductPermit
from sinergi.market.prices import parse_price
from sinergi.market.tests.conftest import product_make
from sinergi.registry import services as registry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("Rp 25.000/pak", Decimal("25000"), "pak"),
        ("25.000 per Botol", Decimal("25000"), "botol"),
        ("Rp15.000,-", Decimal("15000"), ""),
        ("Rp 1,5 jt / kg", Decimal("1500000"), "kg"),
    ],
)
def test_prices_as_sellers_write_them(text, amount, unit):
    assert parse_price(text) == (amount, unit)


@pytest.mark.parametrize("text", ["1.5", "Rp 0/pak", "Rp 25.000/", "dua puluh ribu"])
def test_bad_prices_are_refused(text):
    with pytest.raises(ValidationError):
        parse_price(text)


def test_unit_from_the_price_or_a_clash(kepahiang_officer, food_business, clusters):
    product = product_make(kepahiang_officer, food_business, clusters)
    assert (product.price, product.unit) == (Decimal("25000"), "pak")
    with pytest.raises(ValidationError) as exc:
        product_make(kepahiang_officer, food_business, clusters, index=1, unit="kg")
    assert "unit" in exc.value.message_dict


def test_create_logs_one_row(kepahiang_officer, food_business, clusters):
    before = ChangeLog.objects.count()
    product = product_make(kepahiang_officer, food_business, clusters)
    rows = ChangeLog.objects.filter(object_id=str(product.pk), content_type__model="product")
    assert ChangeLog.objects.count() == before + 1
    assert (rows.get().after or {})["price"] == "25000.00"
    services.product_update(actor=kepahiang_officer, product=product, data={"price": "Rp 27.000/pak"})
    assert rows.filter(action="update").get().before == {"price": "25000.00"}


def test_owner_edits_own_products_and_other_regions_may_not(
    owner_user, jember_officer, kepahiang_viewer, food_business, clusters
):
    product = product_make(owner_user, food_business, clusters)
    services.product_update(actor=owner_user, product=product, data={"stock_status": "out"})
    for outsider in (jember_officer, kepahiang_viewer):
        with pytest.raises(PermissionDenied):
            services.product_update(actor=outsider, product=product, data={"name": "Dicuri"})
        with pytest.raises(PermissionDenied):
            product_make(outsider, food_business, clusters, index=3)


def test_owner_sees_own_products_only(client, owner_user, product, jember_officer, jember_desa, clusters):
    other = registry.business_create(actor=jember_officer, data={"name": "Suwar Suwir", "desa_id": jember_desa})
    foreign = product_make(jember_officer, other, clusters, index=9, name="Suwar-suwir Jember")
    client.force_login(owner_user)
    page = client.get(reverse("market_product_list")).content.decode()
    assert product.name in page
    assert foreign.name not in page
    assert client.get(reverse("market_product_detail", args=[foreign.pk])).status_code == 404


def test_a_permit_is_one_of_the_business_product_documents(kepahiang_officer, product, pirt, food_business):
    nib = food_business.documents.get(kind="nib")
    with pytest.raises(ValidationError):
        services.product_permit_add(actor=kepahiang_officer, product=product, document_id=nib.pk)
    permit = services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)
    assert not permit.is_verified
    with pytest.raises(ValidationError):
        services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)


def test_only_an_officer_verifies_and_a_changed_document_needs_a_new_check(
    kepahiang_officer, owner_user, jember_officer, product, pirt
):
    permit = services.product_permit_add(actor=owner_user, product=product, document_id=pirt.pk)
    for refused in (owner_user, jember_officer):
        with pytest.raises(PermissionDenied):
            services.product_permit_verify(actor=refused, permit=permit)
    permit = services.product_permit_verify(actor=kepahiang_officer, permit=permit)
    permit = ProductPermit.objects.select_related("document").get(pk=permit.pk)
    assert permit.is_verified
    assert permit.verified_by == kepahiang_officer
    registry.legal_document_update(
        actor=kepahiang_officer, document=pirt, data={"expires_on": timezone.localdate() + dt.timedelta(days=800)}
    )
    assert not ProductPermit.objects.select_related("document").get(pk=permit.pk).is_verified


def test_an_expired_document_cannot_be_verified(kepahiang_officer, product, pirt):
    registry.legal_document_update(
        actor=kepahiang_officer,
        document=pirt,
        data={
            "issued_on": timezone.localdate() - dt.timedelta(days=900),
            "expires_on": timezone.localdate() - dt.timedelta(days=1),
        },
    )
    permit = services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)
    with pytest.raises(ValidationError):
        services.product_permit_verify(actor=kepahiang_officer, permit=permit)


def test_permit_pages(client, kepahiang_officer, product, pirt):
    client.force_login(kepahiang_officer)
    bad = client.post(reverse("market_permit_add", args=[product.pk]), {"document": "999999"})
    assert bad.status_code == 400
    assert client.post(reverse("market_permit_add", args=[product.pk]), {"document": pirt.pk}).status_code == 302
    permit = product.permits.get()
    page = client.get(reverse("market_product_detail", args=[product.pk]), {"tab": "permits"}).content.decode()
    assert "not yet verified" in page
    client.post(reverse("market_permit_verify", args=[product.pk, permit.pk]))
    page = client.get(reverse("market_product_detail", args=[product.pk]), {"tab": "permits"}).content.decode()
    assert "not yet verified" not in page
    assert "verified" in page
    client.post(reverse("market_permit_remove", args=[product.pk, permit.pk]))
    assert not product.permits.exists()


def test_unverified_permit_reads_belum_diverifikasi_in_indonesian(client, kepahiang_officer, product, pirt):
    from django.conf import settings
    from django.utils import translation

    services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)
    client.force_login(kepahiang_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    with translation.override("id"):
        page = client.get(reverse("market_product_detail", args=[product.pk]), {"tab": "permits"}).content.decode()
    assert "belum diverifikasi" in page
    assert "belum diverifikasi oleh dinas" in page  # the listing reason, in Indonesian too
