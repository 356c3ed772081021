"""Market access: products of registered businesses, their permits and the officer's check of them, each
office's listing rule, a business's public storefront and the enquiries the public catalogue records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel
from sinergi.registry.models import DocumentKind

# The documents that can cover one product (a business's NIB, NPWP or land certificate cover the business).
PRODUCT_DOCUMENT_KINDS = (DocumentKind.PIRT, DocumentKind.BPOM, DocumentKind.HALAL, DocumentKind.SNI, DocumentKind.HKI)


class StockStatus(models.TextChoices):
    AVAILABLE = "available", _("In stock")
    PRE_ORDER = "pre_order", _("Made to order")
    OUT = "out", _("Out of stock")


class Product(TimeStampedModel):
    """A product a registered business sells; shown in the public catalogue when its office's listing rule
    holds (``sinergi.market.listing``)."""

    business = models.ForeignKey(
        "registry.Business", verbose_name=_("business"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        "registry.Cluster",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="products",
        help_text=_("One of the office's business clusters."),
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("e.g. pak, kg, botol, lembar"))
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, help_text=_("Rupiah per unit."))
    minimum_order = models.PositiveIntegerField(_("minimum order"), default=1)
    stock_status = models.CharField(
        _("stock"), max_length=12, choices=StockStatus.choices, default=StockStatus.AVAILABLE
    )
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Untick to take the product out of the catalogue.")
    )
    # The words of name and description, lower-cased, spelling variants folded (market/search.py).
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["category", "name", "id"], name="product_category_name_idx")]

    def __str__(self) -> str:
        return self.name


class ProductPermit(TimeStampedModel):
    """One of the business's legal documents (PIRT, BPOM, halal, SNI …) that covers this product.

    The badge shows only while an officer's check stands: ``verified_at`` set and the number and expiry they
    checked still those of the document (a changed document needs a new check)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="permits")
    document = models.ForeignKey(
        "registry.LegalDocument", verbose_name=_("document"), on_delete=models.CASCADE, related_name="product_permits"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_number = models.CharField(_("number checked"), max_length=80, blank=True)
    verified_expires_on = models.DateField(_("expiry checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("product permit")
        verbose_name_plural = _("product permits")
        ordering = ["document__kind", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "document"], name="product_permit_unique")]

    def __str__(self) -> str:
        return f"{self.product}: {self.document}"

    @property
    def is_verified(self) -> bool:
        """The officer's check still matches the document as it is now."""
        doc = self.document
        return (
            self.verified_at is not None
            and self.verified_number == doc.number
            and self.verified_expires_on == doc.expires_on
        )

    def is_valid_on(self, day: object = None) -> bool:
        today = day or timezone.localdate()
        expires = self.document.expires_on
        return expires is None or expires >= today  # type: ignore[operator]


class ListingRule(models.Model):
    """An office's rule for which products the public catalogue shows (``sinergi.market.listing``).

    Keyed by the office's region (a kabupaten/kota or a province); a product follows the rule of its business's
    kabupaten office, else its province's, else the default (``listing.DEFAULT_RULE``)."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    requires_nib = models.BooleanField(_("the business needs an NIB"), default=True)
    food_categories = models.ManyToManyField(
        "registry.Cluster",
        verbose_name=_("food and drink categories"),
        blank=True,
        related_name="+",
        help_text=_("Products in these categories also need one of the food documents."),
    )
    food_documents = models.JSONField(
        _("food documents"), default=list, help_text=_("Document kinds of which one is needed, e.g. pirt, bpom.")
    )

    class Meta:
        verbose_name = _("listing rule")
        verbose_name_plural = _("listing rules")

    def __str__(self) -> str:
        return str(self.region_id)


class Storefront(TimeStampedModel):
    """What a business shows the public beside its products: a WhatsApp number the owner chose to publish (never
    the owner's own phone unless they typed it here) and a short text about the business."""

    business = models.OneToOneField(
        "registry.Business", verbose_name=_("business"), on_delete=models.CASCADE, related_name="storefront"
    )
    whatsapp = models.CharField(
        _("public WhatsApp number"), max_length=16, blank=True, help_text=_("Shown to buyers; stored as +62…")
    )
    about = models.TextField(_("about the business"), blank=True)

    class Meta:
        verbose_name = _("storefront")
        verbose_name_plural = _("storefronts")

    def __str__(self) -> str:
        return str(self.business)


class Enquiry(models.Model):
    """A click on "order by WhatsApp": which product and when, nothing about who clicked."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="enquiries")
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, default="whatsapp")

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.created_at:%Y-%m-%d %H:%M}"


class ConsignmentKind(models.TextChoices):
    DELIVERED = "delivered", _("Delivered to the showroom")
    SOLD = "sold", _("Sold")
    RETURNED = "returned", _("Returned to the business")
    DAMAGED = "damaged", _("Damaged")


class ConsignmentEntry(TimeStampedModel):
    """One movement of a business's product in the office's showroom (Rumah Usaha Mikro), held on consignment.

    On hand = delivered − sold − returned − damaged, never below zero (``services.consignment_record``); a sale
    carries its price, and what the showroom owes the business is the value of its sales."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="consignment_entries"
    )
    kind = models.CharField(_("movement"), max_length=10, choices=ConsignmentKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2, null=True, blank=True)
    day = models.DateField(_("date"))
    # A sale is to be paid by this day: its date plus the showroom's days at the time of the sale.
    due_on = models.DateField(_("to be paid by"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("consignment entry")
        verbose_name_plural = _("consignment entries")
        ordering = ["day", "id"]
        indexes = [models.Index(fields=["product", "day"], name="consignment_product_day_idx")]

    def __str__(self) -> str:
        return f"{self.product} {self.kind} {self.quantity}"


class Showroom(models.Model):
    """An office's showroom (Rumah Usaha Mikro): its name and within how many days of a sale the businesses whose
    products it sells on consignment are paid. Keyed by the office's region, as the listing rule; a business
    follows its kabupaten's showroom, else its province's, else the default terms (``consignment``)."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("showroom name"), max_length=150, help_text=_("e.g. Rumah Usaha Mikro Tojo Una-Una"))
    payout_days = models.PositiveSmallIntegerField(
        _("days to pay a sale"), default=30, help_text=_("A business is paid for a sale within this many days.")
    )

    class Meta:
        verbose_name = _("showroom")
        verbose_name_plural = _("showrooms")

    def __str__(self) -> str:
        return self.name


class ConsignmentPayout(TimeStampedModel):
    """Money the showroom paid a business for its consignment sales: how much, when, who paid it and the
    transfer's reference. Payouts settle the oldest sales first."""

    business = models.ForeignKey(
        "registry.Business",
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="consignment_payouts",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    paid_by = models.CharField(_("paid by"), max_length=150, help_text=_("The name of who handed over the money."))
    reference = models.CharField(_("reference"), max_length=80, blank=True, help_text=_("e.g. a transfer number"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consignment payout")
        verbose_name_plural = _("consignment payouts")
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.business} {self.paid_on}"
