"""Indicators as data (a numerator and an optional denominator counted over one source, with filters from
that source's whitelist), the analytics table the refresh job fills, and the Peta Jalan: roadmaps, their
goals and the targets per indicator, year and region. See docs/insights.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


class Source(models.TextChoices):
    """The fixed set of sources an indicator may count (each implemented in sinergi/indicators/sources.py)."""

    BUSINESSES = "businesses", _("Businesses (UMKM)")
    COOPERATIVES = "cooperatives", _("Cooperatives")
    ASSESSMENTS = "assessments", _("Cooperative health assessments")
    BENEFICIARIES = "beneficiaries", _("Program beneficiaries")
    ASPIRATIONS = "aspirations", _("Aspirations")
    MARKET = "market", _("Market products")


class PeriodType(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Indicator(TimeStampedModel):
    """One indicator: ``value = numerator / denominator × factor`` (no denominator: the count itself × factor).

    ``numerator_filter`` and ``denominator_filter`` are small JSON objects of allowed lookups of the source
    (``{"active": true}``), checked against the source's whitelist by the service; ``disaggregations`` names
    the source's breakdowns the refresh also stores (e.g. ``["scale"]``)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    numerator_filter = models.JSONField(_("counted rows"), default=dict, blank=True)
    denominator_filter = models.JSONField(_("out of rows"), null=True, blank=True)
    disaggregations = models.JSONField(_("breakdowns"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, koperasi, UMKM"))
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    factor = models.PositiveIntegerField(_("factor"), default=1, help_text=_("100 for a percentage"))
    is_key = models.BooleanField(_("key indicator"), default=False, help_text=_("Shown on the office head's page"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_id


class AnalyticsValue(models.Model):
    """One pre-aggregated figure: an indicator in a region (any level; rows below roll up into it) and a
    period ("2025", "2025-Q3", "2025-07"), optionally for one option of a breakdown. Written only by the
    refresh (sinergi/indicators/refresh.py)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    region_code = models.CharField(_("region code"), max_length=13)
    level = models.PositiveSmallIntegerField(_("level"))
    period_type = models.CharField(_("period type"), max_length=8, choices=PeriodType.choices)
    period = models.CharField(_("period"), max_length=8)
    category = models.CharField(_("breakdown"), max_length=30, blank=True, default="")
    option = models.CharField(_("option"), max_length=40, blank=True, default="")
    numerator = models.BigIntegerField(_("numerator"), default=0)
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    factor = models.PositiveIntegerField(_("factor"), default=1)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("analytics value")
        verbose_name_plural = _("analytics values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period", "level", "region_code", "category", "option"],
                name="analytics_value_once",
            )
        ]
        indexes = [models.Index(fields=["indicator", "level", "period_type", "period"], name="analytics_lookup")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_code} {self.period}"


class RefreshRun(models.Model):
    """When the analytics table was last refreshed, fully or for the recent periods only."""

    full = models.BooleanField(_("full refresh"), default=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("analytics refresh")
        verbose_name_plural = _("analytics refreshes")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class Roadmap(TimeStampedModel):
    """A Peta Jalan: the office's plan for some years, with goals and targets per indicator."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("roadmap (Peta Jalan)")
        verbose_name_plural = _("roadmaps (Peta Jalan)")
        ordering = ["-start_year", "name"]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["roadmap", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "title"], name="goal_title_once")]

    def __str__(self) -> str:
        return self.title


class Target(TimeStampedModel):
    """The value an indicator should reach in a region by the end of a year, from its baseline."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator", "region", "year"], name="target_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.year}"
