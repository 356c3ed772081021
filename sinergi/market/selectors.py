"""Reads of the market app, scoped: staff see the products of businesses in their regions, an owner those of
their own businesses (through ``registry.selectors.businesses_visible``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
from sinergi.market.listing import Document, Facts, Rule, evaluate, listed_q, rule_for, verified_permit_q
from sinergi.market.models import (
    PRODUCT_DOCUMENT_KINDS,
    ConsignmentEntry,
    ConsignmentKind,
    ConsignmentPayout,
    ListingRule,
    Product,
    ProductPermit,
    Storefront,
)
from sinergi.market.search import normalised_words
from sinergi.regions.models import Region
from sinergi.registry.models import Business, DocumentKind, LegalDocument
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


# --- the listing rule ---------------------------------------------------------------------------------------


def listing_rules() -> dict[str, Rule]:
    """Every office's listing rule by its region code (a handful of rows, read once per request)."""
    rows = ListingRule.objects.prefetch_related("food_categories")
    return {
        r.region_id: Rule(
            requires_nib=r.requires_nib,
            food_categories=frozenset(c.slug for c in r.food_categories.all()),
            food_documents=frozenset(r.food_documents),
        )
        for r in rows
    }


def product_facts(*, product: Product) -> Facts:
    docs = LegalDocument.objects.filter(business_id=product.business_id, kind=DocumentKind.NIB)
    return Facts(
        category=product.category.slug,
        is_active=product.is_active,
        business_documents=[Document(kind=d.kind, expires_on=d.expires_on) for d in docs],
        permits=[
            Document(kind=p.document.kind, expires_on=p.document.expires_on, verified=p.is_verified)
            for p in product_permits(product=product)
        ],
    )


def product_listing(*, product: Product, today: dt.date | None = None) -> tuple[bool, list[str]]:
    """Whether the product shows in the public catalogue today and, if not, why."""
    day = today or timezone.localdate()
    rule = rule_for(listing_rules(), product.business.desa_id)
    return evaluate(rule, product_facts(product=product), today=day)


def public_products(*, today: dt.date | None = None) -> QuerySet[Product]:
    """The products the public catalogue shows today (no sign-in): the listing rule, computed now."""
    day = today or timezone.localdate()
    return Product.objects.filter(listed_q(listing_rules(), today=day)).annotate(
        halal=verified_permit_q([DocumentKind.HALAL], today=day)
    )


# --- the public catalogue (no sign-in): listed products, public fields only ----------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    q: str = ""
    category: str = ""  # cluster slug
    kecamatan: str = ""  # region code NN.NN.NN
    halal: bool = False
    price_min: Decimal | None = None
    price_max: Decimal | None = None


def catalogue(*, filters: CatalogueFilter | None = None, today: dt.date | None = None) -> QuerySet[Product]:
    f = filters or CatalogueFilter()
    qs = public_products(today=today).select_related("business", "business__desa", "business__desa__parent", "category")
    if f.q:
        qs = search_filter(qs, f.q)
    if f.category:
        qs = qs.filter(category__slug=f.category)
    if f.kecamatan:
        qs = qs.filter(business__desa__parent_id=f.kecamatan)
    if f.halal:
        qs = qs.filter(halal=True)  # type: ignore[misc]  # annotated by public_products
    if f.price_min is not None:
        qs = qs.filter(price__gte=f.price_min)
    if f.price_max is not None:
        qs = qs.filter(price__lte=f.price_max)
    return qs.order_by("name", "id")


def catalogue_kecamatan() -> QuerySet[Region]:
    """The kecamatan that have a product in the catalogue today, for the filter."""
    codes = public_products().values("business__desa__parent_id")
    return Region.objects.filter(code__in=codes).select_related("parent").order_by("name")


def public_product_get(*, pk: int) -> Product:
    return catalogue().get(pk=pk)


def public_product_badges(*, product: Product) -> list[str]:
    """The legality badges a visitor sees: the kinds of the product's verified, unexpired permits."""
    today = timezone.localdate()
    return sorted(
        {
            p.document.get_kind_display()
            for p in product_permits(product=product)
            if p.is_verified and p.is_valid_on(today)
        }
    )


def public_business_get(*, pk: int) -> Business:
    """A business shown publicly: only one with a product in the catalogue today."""
    return Business.objects.select_related("desa", "desa__parent").get(pk=pk, products__in=public_products())


def storefront_of(*, business: Business) -> Storefront | None:
    return Storefront.objects.filter(business=business).first()


# --- the showroom (Rumah Usaha Mikro) -----------------------------------------------------------------------


@dataclass(frozen=True)
class ShowroomFilter:
    late: bool = False


def _sales_sum(**where: object) -> Subquery:
    value = ExpressionWrapper(
        F("quantity") * F("unit_price"), output_field=DecimalField(max_digits=20, decimal_places=2)
    )
    rows = (
        ConsignmentEntry.objects.filter(product__business=OuterRef("pk"), kind=ConsignmentKind.SOLD, **where)
        .values("product__business")
        .annotate(total=Sum(value))
        .values("total")
    )
    return Subquery(rows, output_field=DecimalField(max_digits=20, decimal_places=2))


def showroom_businesses(
    *, user: User, filters: ShowroomFilter | None = None, today: dt.date | None = None
) -> QuerySet[Business]:
    """The businesses with goods in the showroom that the user may see (staff: their regions; an owner: their
    own), each with ``sold`` (value of its sales), ``paid``, ``owed`` and ``late`` (sales due before today beyond
    everything paid: payouts settle the oldest sales first). Late ones first."""
    f = filters or ShowroomFilter()
    day = today or timezone.localdate()
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=20, decimal_places=2))
    paid = (
        ConsignmentPayout.objects.filter(business=OuterRef("pk"))
        .values("business")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    qs = (
        businesses_visible(user=user)
        .filter(pk__in=ConsignmentEntry.objects.values("product__business"))
        .select_related("desa")
        .annotate(
            sold=Coalesce(_sales_sum(), zero),
            paid=Coalesce(Subquery(paid, output_field=DecimalField(max_digits=20, decimal_places=2)), zero),
            due=Coalesce(_sales_sum(due_on__lt=day), zero),
        )
        .annotate(owed=F("sold") - F("paid"), late=Greatest(F("due") - F("paid"), zero))
    )
    if f.late:
        qs = qs.filter(late__gt=0)
    return qs.order_by("-late", "name", "id")


def showroom_business_get(*, user: User, pk: int) -> Business:
    return showroom_businesses(user=user).get(pk=pk)


def consignment_entries(*, business: Business) -> QuerySet[ConsignmentEntry]:
    return ConsignmentEntry.objects.filter(product__business=business).select_related("product").order_by("-day", "-id")


def consignment_payouts(*, business: Business) -> QuerySet[ConsignmentPayout]:
    return ConsignmentPayout.objects.filter(business=business).order_by("-paid_on", "-id")


def consignment_months(*, business: Business) -> list[dt.date]:
    """The months the business's ledger has movements or payouts in, latest first (for the statements)."""
    days = list(ConsignmentEntry.objects.filter(product__business=business).values_list("day", flat=True))
    days += list(ConsignmentPayout.objects.filter(business=business).values_list("paid_on", flat=True))
    return sorted({d.replace(day=1) for d in days}, reverse=True)
