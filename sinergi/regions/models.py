"""The Kemendagri region hierarchy: provinsi > kabupaten/kota > kecamatan > desa/kelurahan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINSI = 1, _("province")
    KABUPATEN_KOTA = 2, _("regency/city")
    KECAMATAN = 3, _("district (kecamatan)")
    DESA_KELURAHAN = 4, _("village (desa/kelurahan)")


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    DISTRIK = "distrik", _("District (distrik, Papua)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA = "desa", _("Village (desa)")
    DESA_ADAT = "desa_adat", _("Customary village (desa adat)")


class TimeZone(models.TextChoices):
    WIB = "WIB", "WIB (UTC+7)"
    WITA = "WITA", "WITA (UTC+8)"
    WIT = "WIT", "WIT (UTC+9)"


class Region(models.Model):
    """A Kemendagri region, keyed by its dotted code ("17", "17.08", "17.08.01", "17.08.01.2001").

    The code is the primary key so that "everything in Kepahiang" is the index-friendly prefix test
    ``region_id LIKE '17.08%'`` on every table that points here.
    """

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(_("type"), max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    timezone = models.CharField(_("time zone"), max_length=4, choices=TimeZone.choices)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    bps_code = models.CharField(
        _("BPS code"), max_length=10, blank=True, help_text=_("Statistics Indonesia's code, where an import needs it.")
    )
    source = models.CharField(
        _("source"), max_length=80, blank=True, help_text=_("The decree or file this row was loaded from.")
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        prefix = {RegionKind.KABUPATEN: "Kabupaten ", RegionKind.KOTA: "Kota "}.get(RegionKind(self.kind), "")
        if prefix and not self.name.startswith(prefix.strip()):
            return prefix + self.name
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def ancestor_codes(self) -> list[str]:
        """Codes of this region and its ancestors, province first."""
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]
