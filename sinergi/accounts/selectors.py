"""Reads of accounts data that are more than a ``.get``: each office's settings, resolved for a region."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.expressions import Combinable

from sinergi.accounts.access import OFFICE_LEVELS, managed_office_codes
from sinergi.accounts.models import OfficeSettings, User
from sinergi.regions.models import Region


def office_codes(region_code: str) -> tuple[str, str]:
    """The kabupaten/kota and province codes above (or at) ``region_code``: "17.08.01.2001" → ("17.08", "17");
    a province's code gives ("", "17")."""
    parts = region_code.split(".")
    return (".".join(parts[:2]) if len(parts) > 1 else "", parts[0])


def office_settings_default() -> OfficeSettings:
    """The settings of an office that has saved none: the Django settings. Not saved (no region)."""
    return OfficeSettings(health_rule_set=settings.SINERGI_COOP_RULE_SET)


@dataclass(frozen=True, slots=True)
class OfficeSettingsIndex:
    """Saved office settings by region code, to resolve many regions with no query each."""

    rows: Mapping[str, OfficeSettings]

    def for_region(self, region_code: str | None) -> OfficeSettings:
        """The kabupaten/kota office's row, else the province office's, else the default."""
        if region_code:
            for code in office_codes(region_code):
                if code and code in self.rows:
                    return self.rows[code]
        return office_settings_default()


def office_settings_index(*, region_codes: Iterable[str] | None = None) -> OfficeSettingsIndex:
    """Every saved office's settings (a few hundred rows at most: one per province and kabupaten/kota), or only
    those that can govern ``region_codes``; one query."""
    qs = OfficeSettings.objects.all()
    if region_codes is not None:
        wanted = {code for region in region_codes for code in office_codes(region) if code}
        qs = qs.filter(region_id__in=sorted(wanted))
    return OfficeSettingsIndex(rows={row.region_id: row for row in qs})


def office_settings_for(region_code: str | None) -> OfficeSettings:
    """The settings that govern ``region_code`` (any level): its kabupaten/kota office's, else its province
    office's, else the Django settings. No region: the Django settings."""
    if not region_code:
        return office_settings_default()
    return office_settings_index(region_codes=[region_code]).for_region(region_code)


def office_rule_set(region_code: str | None) -> str:
    """The health-assessment rule set version that governs ``region_code``."""
    return office_settings_for(region_code).health_rule_set


def office_settings_saved(region_code: str) -> OfficeSettings | None:
    """The office's own saved row (no fallback): what its settings page edits."""
    return OfficeSettings.objects.filter(region_id=region_code).first()


def office_rule_set_expression(field: str) -> Combinable:
    """The health rule set that governs each row, in SQL, from a region-code path (e.g. "region__code" on
    cooperatives): a CASE over the offices that chose one (kabupaten/kota before province), else the default.
    For querysets over many cooperatives that must not resolve them one by one."""
    rows = sorted(office_settings_index().rows.values(), key=lambda r: (-len(r.region_id), r.region_id))
    default = Value(settings.SINERGI_COOP_RULE_SET, output_field=CharField())
    if not rows:
        return default
    whens = [
        When(
            Q(**{field: r.region_id}) | Q(**{f"{field}__startswith": r.region_id + "."}), then=Value(r.health_rule_set)
        )
        for r in rows
    ]
    return Case(*whens, default=default, output_field=CharField())


def office_regions(user: User) -> list[tuple[str, str]]:
    """The offices whose settings ``user`` may change, as (region code, name): every province and kabupaten/kota
    for an administrator, else the user's own regions that are a province or a kabupaten/kota."""
    codes = managed_office_codes(user)
    qs = Region.objects.filter(level__in=sorted(OFFICE_LEVELS)).order_by("code")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [(r.code, f"{r.code} {r.display_name}") for r in qs]
