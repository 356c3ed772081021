"""The public catalogue: no sign-in, only listed products and public fields, search that ignores case, word
order and spelling variants, filters, the storefront, and the WhatsApp order link that records an enquiry."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sinergi.market import services
from sinergi.market.models import Enquiry
from sinergi.market.search import normalised_words
from sinergi.market.tests.conftest import product_make
from sinergi.notifications.whatsapp import whatsapp_link
from sinergi.registry import services as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(kepahiang_officer, product, pirt, food_business):
    permit = services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)
    services.product_permit_verify(actor=kepahiang_officer, permit=permit)
    services.storefront_set(
        actor=kepahiang_officer, business=food_business, whatsapp="0812-3456-7890", about="Keripik rumahan."
    )
    return product


def _get(url, params=None):
    response = Client().get(url, params or {})
    return response, response.content.decode()


def test_spelling_variants_fold():
    assert normalised_words("KRIPIK Pisang") == ["keripik", "pisang"]


def test_wa_number():
    assert whatsapp_link(phone="0812-3456-7890", text="x") == "https://wa.me/6281234567890?text=x"
    assert whatsapp_link(phone="+62 812 3456 7890", text="x") == "https://wa.me/6281234567890?text=x"


def test_catalogue_without_sign_in_shows_listed_only(listed, kepahiang_officer, food_business, clusters):
    hidden = product_make(kepahiang_officer, food_business, clusters, index=5, name="Abon Ikan Cakalang")
    response, page = _get(reverse("market_catalogue"))
    assert response.status_code == 200
    assert listed.name in page
    assert hidden.name not in page  # food without a verified PIRT/BPOM
    assert "Siti Rahmawati" not in page  # the owner's name is not a public field
    assert _get(reverse("market_public_product", args=[hidden.pk]))[0].status_code == 404


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"q": "kepok KRIPIK"}, True),
        ({"q": "minyak kelapa"}, True),
        ({"q": "tenun"}, False),
        ({"category": "kuliner"}, True),
        ({"category": "batik"}, False),
        ({"halal": "on"}, False),
        ({"price_min": "20.000", "price_max": "Rp 30.000"}, True),
        ({"price_max": "10.000"}, False),
    ],
)
def test_catalogue_search_and_filters(listed, params, found):
    response, page = _get(reverse("market_catalogue"), params)
    assert response.status_code == 200
    assert (listed.name in page) is found


def test_kecamatan_filter(listed, food_business):
    kecamatan = food_business.desa.parent_id
    assert listed.name in _get(reverse("market_catalogue"), {"kecamatan": kecamatan})[1]


def test_a_bad_price_filter_is_an_error_not_a_500(listed):
    response, page = _get(reverse("market_catalogue"), {"price_min": "1.5"})
    assert response.status_code == 400
    assert "errorlist" in page


def test_product_and_storefront_pages(listed, food_business):
    response, page = _get(reverse("market_public_product", args=[listed.pk]))
    assert response.status_code == 200
    assert "PIRT" in page
    assert "Rp 25.000" in page
    assert "812" not in page  # the number is only in the redirect, not scraped off the page
    response, page = _get(reverse("market_public_storefront", args=[food_business.pk]))
    assert response.status_code == 200
    assert listed.name in page
    assert "Keripik rumahan." in page


def test_storefront_of_a_business_without_listed_products_is_404(kepahiang_officer, kepahiang_desa):
    business = registry.business_create(
        actor=kepahiang_officer, data={"name": "Belum Tampil", "desa_id": kepahiang_desa}
    )
    assert _get(reverse("market_public_storefront", args=[business.pk]))[0].status_code == 404


def test_order_link_records_an_enquiry_throttled(listed):
    cache.clear()
    client = Client()
    response = client.get(reverse("market_order_whatsapp", args=[listed.pk]))
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert (target.netloc, target.path) == ("wa.me", "/6281234567890")
    message = parse_qs(target.query)["text"][0]
    assert message.startswith("Halo, saya ingin memesan Keripik Pisang Kepok 1 (Rp 25.000/pak)")
    client.get(reverse("market_order_whatsapp", args=[listed.pk]))
    enquiry = Enquiry.objects.get()
    assert enquiry.product_id == listed.pk
    assert {f.name for f in Enquiry._meta.fields} == {"id", "product", "created_at", "channel"}


def test_no_order_link_without_a_published_number(kepahiang_officer, listed, food_business):
    services.storefront_set(actor=kepahiang_officer, business=food_business, whatsapp="", about="")
    assert "Order by WhatsApp" not in _get(reverse("market_public_product", args=[listed.pk]))[1]
    assert _get(reverse("market_order_whatsapp", args=[listed.pk]))[0].status_code == 404


def test_storefront_page_for_the_owner(client, owner_user, food_business, jember_officer):
    client.force_login(owner_user)
    url = reverse("market_storefront_edit", args=[food_business.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"whatsapp": "12", "about": ""}).status_code == 400
    assert client.post(url, {"whatsapp": "0813 1111 2222", "about": "Sejak 2010"}).status_code == 302
    assert food_business.storefront.whatsapp == "+6281311112222"
    client.force_login(jember_officer)
    assert client.get(url).status_code == 404


def test_public_price_is_decimal(listed):
    assert listed.price == Decimal("25000.00")
