"""Empowerment groups (kelompok pemberdayaan) formed from the extreme-poverty list (P3KE): a desa's economic
potential, the P3KE lists the office received (households with their welfare decile), the groups formed by desa
and sector with their households, the mentoring visits and what each household reached."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


class Sector(models.TextChoices):
    FISHERIES = "perikanan", _("fisheries")
    AGRICULTURE = "pertanian", _("agriculture")
    LIVESTOCK = "peternakan", _("livestock")
    TOURISM = "pariwisata", _("tourism")
    CRAFTS = "kerajinan", _("crafts")
    FOOD = "pangan", _("food processing")
    TRADE = "perdagangan", _("trade")
    OTHER = "lainnya", _("other")


class PotentialSource(models.TextChoices):
    PROFILE = "profile", _("village profile")
    SURVEY = "survey", _("officer's survey")
    OTHER = "other", _("other source")


class DesaPotential(TimeStampedModel):
    """One economic potential of a desa (fisheries on the coast, tourism in Kei Kecil …): the sector groups of
    that desa are drafted for, with a note and where the office learnt it."""

    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("village (desa/kelurahan)"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    rank = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("1 = the desa's main potential; drafting fills it first.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=PotentialSource.choices)

    class Meta:
        verbose_name = _("desa potential")
        verbose_name_plural = _("desa potentials")
        ordering = ["desa", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["desa", "sector"], name="potential_once_per_sector")]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} · {self.desa_id}"


class P3keList(models.Model):
    """One P3KE list an office received and imported (e.g. "P3KE 2024"): what decile movement compares."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("list"), max_length=80)
    as_of = models.DateField(_("data as of"))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("P3KE list")
        verbose_name_plural = _("P3KE lists")
        ordering = ["region", "-as_of", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "label"], name="p3ke_list_label_once")]

    def __str__(self) -> str:
        return self.label


class P3keEntry(models.Model):
    """One person of a P3KE list: their household (the list's family key) and the household's decile."""

    list = models.ForeignKey(P3keList, verbose_name=_("P3KE list"), on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="p3ke_entries"
    )
    household = models.CharField(_("household (P3KE family ID)"), max_length=40, db_index=True)
    decile = models.PositiveSmallIntegerField(
        _("poverty decile (P3KE)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("P3KE entry")
        verbose_name_plural = _("P3KE entries")
        ordering = ["list", "household", "id"]
        constraints = [models.UniqueConstraint(fields=["list", "person"], name="p3ke_entry_once")]

    def __str__(self) -> str:
        return f"{self.list} · {self.household}"


class GroupStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    DISSOLVED = "dissolved", _("dissolved")


class GroupBecame(models.TextChoices):
    NONE = "", _("still a group")
    ASSOCIATION = "association", _("association")
    PRE_COOPERATIVE = "pre_coop", _("pre-cooperative")


class Group(TimeStampedModel):
    """An empowerment group of poor households of one desa working in one sector, from its draft to its
    dissolution; it may become an association (the registry's) or a pre-cooperative and keeps its history."""

    name = models.CharField(_("group name"), max_length=150)
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("village (desa/kelurahan)"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.DRAFT, db_index=True
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolved_reason = models.CharField(_("reason for dissolving"), max_length=300, blank=True)
    became = models.CharField(
        _("became"), max_length=12, choices=GroupBecame.choices, default=GroupBecame.NONE, blank=True
    )
    became_on = models.DateField(_("became it on"), null=True, blank=True)
    association = models.ForeignKey(
        "registry.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("empowerment group")
        verbose_name_plural = _("empowerment groups")
        ordering = ["desa", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("empowerment_group_detail", args=[self.pk])


class GroupMember(models.Model):
    """A person of a group, with the P3KE household they belong to (a household is in at most one group that
    is not dissolved) and why the draft chose them, in words."""

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="empowerment_members"
    )
    household = models.CharField(_("household (P3KE family ID)"), max_length=40, db_index=True)
    decile = models.PositiveSmallIntegerField(_("decile when chosen"), null=True, blank=True)
    is_leader = models.BooleanField(_("leader"), default=False)
    reason = models.CharField(_("why chosen"), max_length=300, blank=True)
    business = models.ForeignKey(
        "registry.Business",
        verbose_name=_("business started"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    business_started_on = models.DateField(_("business started on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "-is_leader", "household", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="group_member_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.group}"


class IncomeBand(models.TextChoices):
    NONE = "none", _("no income yet")
    UNDER_500K = "lt500", _("under Rp 500,000 a month")
    UNDER_1M = "lt1m", _("Rp 500,000 – 1 million a month")
    UNDER_2M = "lt2m", _("Rp 1 – 2 million a month")
    OVER_2M = "ge2m", _("Rp 2 million a month or more")


class Visit(models.Model):
    """A mentoring visit to a group, with what each household reported earning."""

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    note = models.TextField(_("note"), blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mentoring visit")
        verbose_name_plural = _("mentoring visits")
        ordering = ["group", "-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.group} · {self.visited_on}"


class VisitIncome(models.Model):
    """The income band one household reported at a visit."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="incomes")
    household = models.CharField(_("household (P3KE family ID)"), max_length=40)
    band = models.CharField(_("income band"), max_length=6, choices=IncomeBand.choices)

    class Meta:
        verbose_name = _("household income at a visit")
        verbose_name_plural = _("household incomes at visits")
        ordering = ["visit", "household"]
        constraints = [models.UniqueConstraint(fields=["visit", "household"], name="visit_income_once")]

    def __str__(self) -> str:
        return f"{self.visit} · {self.household}"
