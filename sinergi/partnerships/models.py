"""Partnerships: the partners an office works with (associations, retailers and modern markets, exporters,
state and regional enterprises, NGOs, universities), what each seeks from or offers to the businesses, and the
agreements (MoU, PKS) the office signs with them and the businesses, with their outcomes and documents.

Every record hangs under an office region (a province or a kabupaten/kota): staff see the records of the offices
in their regions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.formatting import format_decimal
from sinergi.core.models import TimeStampedModel


def volume_text(value: Decimal | None, unit: str) -> str:
    """'200 kg', '1.250,5 pak': a volume as people read it; empty for none."""
    if value is None:
        return ""
    whole = value == value.to_integral_value()
    return f"{format_decimal(value.quantize(Decimal(1)) if whole else value.normalize())} {unit}".strip()


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("Business association")
    RETAILER = "retailer", _("Retailer or modern market")
    EXPORTER = "exporter", _("Exporter")
    STATE_ENTERPRISE = "state_enterprise", _("State or regional enterprise (BUMN/BUMD)")
    NGO = "ngo", _("NGO")
    UNIVERSITY = "university", _("University")


class Partner(TimeStampedModel):
    """An organisation the office works with for its businesses; a business association links to its record in the
    registry where there is one."""

    office = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of partner"), max_length=20, choices=PartnerKind.choices)
    name = models.CharField(_("partner name"), max_length=200)
    association = models.ForeignKey(
        "registry.Association",
        verbose_name=_("association in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partners",
    )
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("The unit or position to contact, e.g. LPPM.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="partner_office_name_unique")]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    SEEKS = "seeks", _("Seeks")
    OFFERS = "offers", _("Offers")


class Topic(models.TextChoices):
    PRODUCTS = "products", _("Products and volumes")
    TRAINING = "training", _("Training")
    MENTORING = "mentoring", _("Mentoring")
    FINANCING = "financing", _("Financing")
    RESEARCH = "research", _("Research")


# The registry's documents a need may ask of a business (each must be held and unexpired).
LEGALITY_KINDS = ("nib", "halal", "pirt", "bpom", "sni")


class PartnerNeed(TimeStampedModel):
    """One thing a partner seeks from the businesses (a retailer's 200 kg of coffee a month) or offers them (a
    university's packaging training), with what a business must have to fit (``sinergi.partnerships.matching``)."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="needs")
    direction = models.CharField(_("seeks or offers"), max_length=6, choices=Direction.choices)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    cluster = models.ForeignKey(
        "registry.Cluster",
        verbose_name=_("cluster / product category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    volume = models.DecimalField(_("volume a month"), max_digits=14, decimal_places=2, null=True, blank=True)
    volume_unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. kg, pak, botol"))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("from region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Businesses of this region fit better (a kecamatan, say); empty: the whole office region."),
    )
    required_documents = models.JSONField(
        _("documents required"), default=list, blank=True, help_text=_("Kinds of legal document: nib, halal, pirt …")
    )
    min_workforce = models.PositiveIntegerField(
        _("minimum workforce"), null=True, blank=True, help_text=_("The capacity asked, as workers in the business.")
    )
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        ordering = ["partner", "-is_open", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def volume_display(self) -> str:
        return volume_text(self.volume, self.volume_unit)

    @property
    def document_labels(self) -> list[str]:
        from sinergi.registry.models import DocumentKind

        return [str(DocumentKind(k).label) for k in self.required_documents or [] if k in DocumentKind.values]


class PartnershipKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding (MoU)")
    AGREEMENT = "agreement", _("Cooperation agreement (PKS)")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class Partnership(TimeStampedModel):
    """An MoU or agreement between the office, a partner and businesses: its period, value, status (proposed →
    agreed → running → ended, moved by ``services.partnership_advance``) and outcomes."""

    office = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="partnerships"
    )
    need = models.ForeignKey(
        PartnerNeed,
        verbose_name=_("answers the need or offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PartnershipKind.choices, default=PartnershipKind.MOU)
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("document number"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=2, null=True, blank=True, help_text=_("Rupiah.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.PROPOSED
    )
    description = models.TextField(_("description"), blank=True)
    volume_supplied = models.DecimalField(_("volume supplied"), max_digits=14, decimal_places=2, null=True, blank=True)
    volume_unit = models.CharField(_("unit"), max_length=30, blank=True)
    outcome_notes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def volume_display(self) -> str:
        return volume_text(self.volume_supplied, self.volume_unit)


class PartnershipBusiness(models.Model):
    """A business that is a party to a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    business = models.ForeignKey(
        "registry.Business", verbose_name=_("business"), on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=120, blank=True, help_text=_("e.g. supplier, trainee"))

    class Meta:
        verbose_name = _("business in a partnership")
        verbose_name_plural = _("businesses in partnerships")
        ordering = ["business__name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "business"], name="partnership_business_unique")]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.business_id}"


class PartnershipDocument(models.Model):
    """A scan of the signed MoU, an agreement, a report: a photo or PDF, its type read from its first bytes."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="partnerships/%Y/%m/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="partnerships/thumbs/%Y/%m/", blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partnership document")
        verbose_name_plural = _("partnership documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
