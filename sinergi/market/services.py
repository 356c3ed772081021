"""Every write of the market app: products and their permits (and the officer's check of a permit).

Keyword-only, an ``actor``, one transaction, one change-log row per change. Who may write: the office's
editors inside their regions and the business's own owner (``registry.services.require_business_write``);
only an office editor verifies a permit."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import OFFICE_LEVELS, can_edit_registry, require_office_manage, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import delete_logged, record_change, save_logged, snapshot
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.core.validators import normalize_phone_id
from sinergi.market.models import (
    PRODUCT_DOCUMENT_KINDS,
    Enquiry,
    ListingRule,
    Product,
    ProductPermit,
    StockStatus,
    Storefront,
)
from sinergi.market.prices import parse_price
from sinergi.market.search import product_search_text
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Cluster, LegalDocument
from sinergi.registry.services import require_business_write

PRODUCT_FIELDS = (
    "business_id",
    "name",
    "description",
    "category_id",
    "unit",
    "price",
    "minimum_order",
    "stock_status",
    "is_active",
)

CENT = Decimal("0.01")
DERIVED = ("search_text",)  # kept by the service, not typed: left out of the field checks


def _clean_product(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    values = dict(data)
    errors: dict[str, str] = {}
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = _("The product name is required.")
    values["description"] = str(values.get("description") or "").strip()
    unit = " ".join(str(values.get("unit") or "").split()).lower()
    raw_price = values.get("price")
    if raw_price in (None, ""):
        errors["price"] = _("Enter the price, e.g. Rp 25.000/pak.")
    else:
        try:
            amount, written_unit = parse_price(raw_price)
            values["price"] = amount.quantize(CENT)
        except ValidationError as exc:
            errors["price"] = exc.messages[0]
        else:
            if written_unit and unit and written_unit != unit:
                errors["unit"] = _("The price is per “%(price_unit)s” but the unit says “%(unit)s”.") % {
                    "price_unit": written_unit,
                    "unit": unit,
                }
            unit = unit or written_unit
    if not unit and "unit" not in errors:
        errors["unit"] = _("Give the unit the price is for (pak, kg, botol …).")
    values["unit"] = unit
    minimum = values.get("minimum_order")
    values["minimum_order"] = 1 if minimum in (None, "") else minimum
    if not isinstance(values["minimum_order"], int) or values["minimum_order"] < 1:
        errors["minimum_order"] = _("The minimum order is a whole number of at least 1.")
    values["stock_status"] = values.get("stock_status") or StockStatus.AVAILABLE
    if values["stock_status"] not in StockStatus.values:
        errors["stock_status"] = _("Unknown stock status.")
    values["is_active"] = True if values.get("is_active") is None else bool(values["is_active"])
    category = values.get("category_id")
    if not category:
        errors["category_id"] = _("Choose the category.")
    elif not Cluster.objects.filter(pk=category, is_active=True).exists():
        errors["category_id"] = _("Unknown category.")
    if errors:
        raise ValidationError(errors)
    return values


def _business(pk: Any) -> Business:
    business = Business.objects.filter(pk=pk).first() if pk else None
    if business is None:
        raise ValidationError({"business_id": _("Choose the business that sells the product.")})
    return business


@transaction.atomic
def product_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Product:
    values = _clean_product(data)
    business = _business(values.get("business_id"))
    require_business_write(actor, business)
    product = Product(**values)
    product.search_text = product_search_text(name=product.name, description=product.description)
    save_logged(actor=actor, instance=product, before=None, source=source, validate=True, exclude=DERIVED)
    return product


@transaction.atomic
def product_update(
    *, actor: User, product: Product, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Product:
    product = Product.objects.select_for_update().select_related("business").get(pk=product.pk)
    require_business_write(actor, product.business)
    before = snapshot(product)
    current = {f: getattr(product, f) for f in PRODUCT_FIELDS}
    values = _clean_product({**current, **data})
    if values["business_id"] != product.business_id:
        require_business_write(actor, _business(values["business_id"]))
    for k, v in values.items():
        setattr(product, k, v)
    product.search_text = product_search_text(name=product.name, description=product.description)
    save_logged(actor=actor, instance=product, before=before, source=source, validate=True, exclude=DERIVED)
    return product


@transaction.atomic
def product_delete(*, actor: User, product: Product, source: str = ChangeSource.WEB) -> None:
    require_business_write(actor, product.business)
    if product.consignment_entries.exists():
        raise ValidationError(
            _("The product is in the showroom's ledger; untick “offered” to take it out of the catalogue instead.")
        )
    for permit in product.permits.all():
        delete_logged(actor=actor, instance=permit, source=source)
    delete_logged(actor=actor, instance=product, source=source)


# --- permits ----------------------------------------------------------------------------------------------


@transaction.atomic
def product_permit_add(
    *, actor: User, product: Product, document_id: Any, source: str = ChangeSource.WEB
) -> ProductPermit:
    """Link one of the business's own documents to the product; it shows as not yet verified."""
    require_business_write(actor, product.business)
    document = (
        LegalDocument.objects.filter(pk=document_id, business_id=product.business_id).first() if document_id else None
    )
    if document is None:
        raise ValidationError({"document": _("Choose one of this business's legal documents.")})
    if document.kind not in PRODUCT_DOCUMENT_KINDS:
        raise ValidationError(
            {"document": _("A %(kind)s covers the business, not one product.") % {"kind": document.get_kind_display()}}
        )
    if ProductPermit.objects.filter(product=product, document=document).exists():
        raise ValidationError({"document": _("This document is already linked to the product.")})
    permit = ProductPermit(product=product, document=document)
    save_logged(actor=actor, instance=permit, before=None, source=source, validate=True)
    return permit


@transaction.atomic
def product_permit_remove(*, actor: User, permit: ProductPermit, source: str = ChangeSource.WEB) -> None:
    require_business_write(actor, permit.product.business)
    delete_logged(actor=actor, instance=permit, source=source)


@transaction.atomic
def product_permit_verify(*, actor: User, permit: ProductPermit, source: str = ChangeSource.WEB) -> ProductPermit:
    """An office editor records that they checked the document's number and expiry (against its scan or the
    issuer's register). The business's owner cannot verify their own permit."""
    permit = ProductPermit.objects.select_for_update().select_related("document", "product__business").get(pk=permit.pk)
    business = permit.product.business
    try:
        require_region_write(actor, business.desa_id)
    except PermissionDenied:
        raise PermissionDenied(_("Only an officer of the business's region verifies a permit.")) from None
    document = permit.document
    if document.expires_on is not None and document.expires_on < timezone.localdate():
        raise ValidationError(
            _("The document expired on %(day)s; it cannot be verified.") % {"day": document.expires_on}
        )
    before = snapshot(permit)
    permit.verified_by = actor if actor.pk else None
    permit.verified_at = timezone.now()
    permit.verified_number = document.number
    permit.verified_expires_on = document.expires_on
    save_logged(actor=actor, instance=permit, before=before, source=source, validate=True)
    return permit


def require_product_create(actor: User) -> None:
    """Office editors (the region is checked against the business chosen) and business owners."""
    if can_edit_registry(actor) or (actor.role == Role.OWNER and actor.person_id):
        return
    raise PermissionDenied(_("You may only read products."))


def can_verify(user: User, product: Product) -> bool:
    """Whether ``user`` may verify the product's permits: an editor of the business's region."""
    try:
        require_region_write(user, product.business.desa_id)
    except PermissionDenied:
        return False
    return True


# --- the office's listing rule ------------------------------------------------------------------------------


@transaction.atomic
def listing_rule_set(
    *,
    actor: User,
    region_code: str,
    requires_nib: bool,
    food_category_ids: list[int],
    food_documents: list[str],
    source: str = ChangeSource.WEB,
) -> ListingRule:
    """Create or change an office's listing rule (its officers or an administrator)."""
    require_office_manage(actor, region_code)
    errors: dict[str, str] = {}
    region = Region.objects.filter(pk=region_code, level__in=OFFICE_LEVELS).first()
    if region is None:
        errors["region"] = _("Choose a province or a kabupaten/kota.")
    unknown = sorted(set(food_documents) - set(PRODUCT_DOCUMENT_KINDS))
    if unknown:
        errors["food_documents"] = _("Not a product document: %(kinds)s.") % {"kinds": ", ".join(unknown)}
    categories = list(Cluster.objects.filter(pk__in=food_category_ids))
    if len(categories) != len(set(food_category_ids)):
        errors["food_categories"] = _("Unknown category.")
    if categories and not food_documents:
        errors["food_documents"] = _("Name the documents food and drink need (e.g. PIRT or BPOM).")
    if errors:
        raise ValidationError(errors)
    rule = ListingRule.objects.select_for_update().filter(region_id=region_code).first()
    before = None if rule is None else snapshot(rule) | {"food_categories": _category_slugs(rule)}
    rule = rule or ListingRule(region_id=region_code)
    rule.requires_nib = requires_nib
    rule.food_documents = sorted(set(food_documents))
    rule.save()
    rule.food_categories.set(categories)
    after = snapshot(rule) | {"food_categories": _category_slugs(rule)}
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    record_change(actor=actor, instance=rule, action=action, before=before, after=after, source=source)
    return rule


def _category_slugs(rule: ListingRule) -> list[str]:
    return sorted(rule.food_categories.values_list("slug", flat=True))


# --- storefront and enquiries -------------------------------------------------------------------------------


@transaction.atomic
def storefront_set(
    *, actor: User, business: Business, whatsapp: str, about: str, source: str = ChangeSource.WEB
) -> Storefront:
    """The business's public WhatsApp number and text, set by its owner or an editor of its region."""
    require_business_write(actor, business)
    number = " ".join(str(whatsapp or "").split())
    if number:
        try:
            number = normalize_phone_id(number)
        except ValidationError as exc:
            raise ValidationError({"whatsapp": exc.messages[0]}) from None
    storefront = Storefront.objects.select_for_update().filter(business=business).first()
    before = None if storefront is None else snapshot(storefront)
    storefront = storefront or Storefront(business=business)
    storefront.whatsapp = number
    storefront.about = str(about or "").strip()
    save_logged(actor=actor, instance=storefront, before=before, source=source, validate=True)
    return storefront


def enquiry_record(*, product: Product, channel: str = "whatsapp") -> Enquiry:
    """One click on an order link. Public and anonymous: no actor, no change-log row, nothing personal kept."""
    return Enquiry.objects.create(product=product, channel=channel)
