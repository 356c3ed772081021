"""Civil servants buying local products ("1 ASN 1 Produk") and agencies' local-product procurement.

Agencies (OPD) belong to an office's region; civil servants (ASN) to an agency, identified by their NIP
(``sinergi.market.identifiers``). A purchase is made by one civil servant from a registered business, from a
catalogue product or outside the catalogue. A purchase program gives the period and the targets, as rules
(``sinergi.purchasing.targets``). An agency's procurement activities record what they spent and which part went to
registered local businesses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


class Rank(models.TextChoices):
    """Golongan/ruang of a civil servant (PP 99/2000); contract staff (PPPK) have none."""

    I_A = "I/a", "I/a"
    I_B = "I/b", "I/b"
    I_C = "I/c", "I/c"
    I_D = "I/d", "I/d"
    II_A = "II/a", "II/a"
    II_B = "II/b", "II/b"
    II_C = "II/c", "II/c"
    II_D = "II/d", "II/d"
    III_A = "III/a", "III/a"
    III_B = "III/b", "III/b"
    III_C = "III/c", "III/c"
    III_D = "III/d", "III/d"
    IV_A = "IV/a", "IV/a"
    IV_B = "IV/b", "IV/b"
    IV_C = "IV/c", "IV/c"
    IV_D = "IV/d", "IV/d"
    IV_E = "IV/e", "IV/e"


class RankGroup(models.TextChoices):
    """The golongan of a rank (its roman numeral): targets are set per golongan."""

    I = "I", _("Golongan I")  # noqa: E741
    II = "II", _("Golongan II")
    III = "III", _("Golongan III")
    IV = "IV", _("Golongan IV")


def rank_group(rank: str) -> str:
    return rank.split("/")[0] if rank else ""


class Agency(TimeStampedModel):
    """An OPD (Organisasi Perangkat Daerah): one of the regional government's agencies, under an office region."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("agency name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True, help_text=_("e.g. Diskop UKM"))

    class Meta:
        verbose_name = _("agency (OPD)")
        verbose_name_plural = _("agencies (OPD)")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="agency_region_name_unique")]

    def __str__(self) -> str:
        return self.name


class CivilServant(TimeStampedModel):
    """An ASN (Aparatur Sipil Negara) of an agency, identified by the NIP."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency (OPD)"), on_delete=models.PROTECT, related_name="civil_servants"
    )
    name = models.CharField(_("name"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    rank = models.CharField(_("rank (golongan)"), max_length=6, choices=Rank.choices, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The sign-in of the civil servant, when they record their own purchases (role "asn").
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="civil_servant",
    )

    class Meta:
        verbose_name = _("civil servant (ASN)")
        verbose_name_plural = _("civil servants (ASN)")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PurchaseProgram(TimeStampedModel):
    """An office's "1 ASN 1 Produk" program for a period: the agencies under its region take part."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("program name"), max_length=150)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, blank=True, help_text=_("e.g. Instruksi Bupati Nomor 1 Tahun 2025")
    )

    class Meta:
        verbose_name = _("purchase program")
        verbose_name_plural = _("purchase programs")
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.name


class TargetRule(TimeStampedModel):
    """A monthly target of a program: for one civil servant, for a golongan, or (neither) for everyone.

    The most specific rule applies: the civil servant's own, else their golongan's, else the general one."""

    program = models.ForeignKey(
        PurchaseProgram, verbose_name=_("program"), on_delete=models.CASCADE, related_name="rules"
    )
    rank_group = models.CharField(_("golongan"), max_length=4, choices=RankGroup.choices, blank=True)
    civil_servant = models.ForeignKey(
        CivilServant,
        verbose_name=_("civil servant (ASN)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    min_amount = models.DecimalField(_("minimum spend a month"), max_digits=18, decimal_places=2, null=True, blank=True)
    min_purchases = models.PositiveSmallIntegerField(_("minimum purchases a month"), null=True, blank=True)

    class Meta:
        verbose_name = _("target rule")
        verbose_name_plural = _("target rules")
        ordering = ["program", "rank_group", "id"]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.rank_group or self.civil_servant_id or '*'}"


class Purchase(TimeStampedModel):
    """What a civil servant bought from a registered business: a catalogue product or something outside it."""

    civil_servant = models.ForeignKey(
        CivilServant, verbose_name=_("civil servant (ASN)"), on_delete=models.PROTECT, related_name="purchases"
    )
    business = models.ForeignKey(
        "registry.Business", verbose_name=_("business"), on_delete=models.PROTECT, related_name="asn_purchases"
    )
    product = models.ForeignKey(
        "market.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asn_purchases",
    )
    description = models.CharField(_("what was bought"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    day = models.DateField(_("date"))
    receipt = models.FileField(_("receipt"), upload_to="purchasing/receipts/%Y/%m/", blank=True)
    receipt_thumbnail = models.FileField(upload_to="purchasing/receipts/%Y/%m/", blank=True, editable=False)
    receipt_type = models.CharField(max_length=40, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["civil_servant", "day"], name="purchase_asn_day_idx")]

    def __str__(self) -> str:
        return f"{self.civil_servant} {self.day}"


class ProcurementActivity(TimeStampedModel):
    """One of an agency's activities in a budget year (a training, a meeting) and what it spent in all."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency (OPD)"), on_delete=models.CASCADE, related_name="activities"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    name = models.CharField(_("activity"), max_length=200)
    total_spend = models.DecimalField(_("total spend"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("procurement activity")
        verbose_name_plural = _("procurement activities")
        ordering = ["-year", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ProcurementLine(TimeStampedModel):
    """The part of an activity's spend bought from one registered business."""

    activity = models.ForeignKey(
        ProcurementActivity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="lines"
    )
    business = models.ForeignKey(
        "registry.Business", verbose_name=_("business"), on_delete=models.PROTECT, related_name="procurement_lines"
    )
    description = models.CharField(_("what was bought"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("procurement from a business")
        verbose_name_plural = _("procurement from businesses")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.business_id}"
