"""Open data for Satu Data Indonesia (Perpres 39/2019): datasets of aggregates a producer (produsen data) of
the office submits and the custodian (walidata) checks, returns or publishes.

The metadata follow BPS's indicator metadata (MS-Ind, Peraturan BPS 5/2020): definition, interpretation,
formula, unit, disaggregation variables, estimation level and the producer's region code (Kemendagri
code), plus title, frequency, period, licence and last update. What is published is a frozen table
(``table``), small cells already suppressed (``suppression.py``); the live sources are never exposed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DatasetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the custodian")
    RETURNED = "returned", _("Returned to the producer")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Annual (tahunan)")
    SEMESTER = "semester", _("Every six months (semesteran)")
    QUARTERLY = "quarterly", _("Quarterly (triwulanan)")
    MONTHLY = "monthly", _("Monthly (bulanan)")


class EstimationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    KABUPATEN = "kabupaten", _("Regency/city")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    DESA = "desa", _("Village (desa/kelurahan)")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("Creative Commons Attribution 4.0")
    CC_ZERO = "cc-zero", _("Creative Commons CC0 1.0")
    ODC_BY = "odc-by", _("Open Data Commons Attribution")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_ZERO: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODC_BY: "https://opendatacommons.org/licenses/by/1-0/",
}


class Dataset(models.Model):
    """One dataset of the office's open data: a table of aggregates from a dataset source
    (``sinergi.reports.sources``), by region and at most one other disaggregation, for one year."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name (for the address)"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    producer_office = models.ForeignKey(
        "regions.Region", verbose_name=_("producer's region"), on_delete=models.PROTECT, related_name="+"
    )
    producer_unit = models.CharField(_("producing unit"), max_length=120, help_text=_("e.g. Bidang Koperasi"))
    source = models.CharField(_("data source"), max_length=60)
    measure = models.CharField(_("measure"), max_length=60)
    breakdown = models.CharField(_("second disaggregation"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year (period)"))
    # MS-Ind (Peraturan BPS 5/2020)
    definition = models.TextField(_("definition"))
    interpretation = models.TextField(_("interpretation"), blank=True)
    formula = models.CharField(_("formula"), max_length=255)
    unit = models.CharField(_("unit"), max_length=60)
    disaggregation = models.CharField(_("disaggregation variables"), max_length=255, blank=True)
    estimation_level = models.CharField(
        _("estimation level"), max_length=12, choices=EstimationLevel.choices, default=EstimationLevel.KABUPATEN
    )
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.ANNUAL)
    licence = models.CharField(_("licence"), max_length=12, choices=Licence.choices, default=Licence.CC_BY)
    tags = models.CharField(_("keywords"), max_length=255, blank=True, help_text=_("Separated by commas."))
    status = models.CharField(
        _("status"), max_length=10, choices=DatasetStatus.choices, default=DatasetStatus.DRAFT, db_index=True
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    table = models.JSONField(_("published table"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)
    modified_at = models.DateTimeField(_("last update"), default=timezone.now, editable=False, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-modified_at", "-id"]
        permissions = [("custody_dataset", "Can check, return and publish datasets (walidata)")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == DatasetStatus.PUBLISHED and self.table is not None

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(Licence(self.licence), "")

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]
