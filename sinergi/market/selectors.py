"""Reads of the market app, scoped: staff see the products of businesses in their regions, an owner those of
their own businesses (through ``registry.selectors.businesses_visible``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
from sinergi.market.models import PRODUCT_DOCUMENT_KINDS, Product, ProductPermit
from sinergi.market.search import normalised_words
from sinergi.registry.models import LegalDocument
from sinergi.registry.selectors import businesses_visible, record_history


@dataclass(frozen=True)
class ProductFilter:
    q: str = ""
    category: str = ""  # cluster slug


def search_filter(qs: QuerySet[Product], q: str) -> QuerySet[Product]:
    """Every word of ``q`` (spelling folded) somewhere in the product's words, in any order and case."""
    for word in normalised_words(q)[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def products_visible(*, user: User) -> QuerySet[Product]:
    return Product.objects.filter(business__in=businesses_visible(user=user))


def product_list(*, user: User, filters: ProductFilter | None = None) -> QuerySet[Product]:
    f = filters or ProductFilter()
    qs = products_visible(user=user).select_related("business", "business__desa", "category")
    if f.q:
        qs = search_filter(qs, f.q)
    if f.category:
        qs = qs.filter(category__slug=f.category)
    return qs.order_by("name", "id")


def product_get(*, user: User, pk: int) -> Product:
    return products_visible(user=user).select_related("business", "business__desa", "category").get(pk=pk)


def product_permits(*, product: Product) -> QuerySet[ProductPermit]:
    return product.permits.select_related("document", "verified_by").order_by("document__kind", "id")


def permit_get(*, user: User, pk: int) -> ProductPermit:
    return ProductPermit.objects.select_related("document", "product__business").get(
        pk=pk, product__in=products_visible(user=user)
    )


def product_documents_to_link(*, product: Product) -> QuerySet[LegalDocument]:
    linked = product.permits.values("document_id")
    return LegalDocument.objects.filter(business_id=product.business_id, kind__in=PRODUCT_DOCUMENT_KINDS).exclude(
        pk__in=linked
    )


def product_history(*, product: Product) -> QuerySet[ChangeLog]:
    return record_history(instance=product, related=list(product.permits.all()))
