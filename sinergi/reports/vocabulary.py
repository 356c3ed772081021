"""The words an upward mapping file may use: per subject, the fields Sinergi can fill a column from.

A mapping file (``mappings.py``) names, for each column of a ministry's sheet, one of these fields, or a
``sum`` of several numeric ones, or says the column is ``unmapped`` and why. Nothing else is evaluated: a
file from outside never runs code. Each field reads a row prepared by ``exports.py`` (a cooperative with
its report of the year, or a business with its latest yearly figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COOPERATIVE = "cooperative"
BUSINESS = "business"
SUBJECTS = {COOPERATIVE: _("cooperatives"), BUSINESS: _("businesses")}


@dataclass(frozen=True, slots=True)
class Term:
    label: str | Promise
    read: Callable[[Any], Any]
    numeric: bool = False


def _report(attr: str) -> Callable[[Any], Any]:
    def read(coop: Any) -> Any:
        report = coop.year_report
        return getattr(report, attr) if report is not None else None

    return read


def _outside_capital(coop: Any) -> Decimal | None:
    report = coop.year_report
    if report is None or (report.current_liabilities is None and report.long_term_liabilities is None):
        return None
    return (report.current_liabilities or Decimal(0)) + (report.long_term_liabilities or Decimal(0))


def _region_part(attr: str, depth: int) -> Callable[[Any], Any]:
    """The code or name of the region ``depth`` levels above the record's own (0 = its own)."""

    def read(region: Any) -> Any:
        for _step in range(depth):
            region = region.parent if region is not None else None
        if region is None:
            return None
        return region.code if attr == "code" else region.display_name

    return read


def _on_region(attr: str, depth: int, path: str) -> Callable[[Any], Any]:
    part = _region_part(attr, depth)
    return lambda row: part(getattr(row, path))


COOPERATIVE_TERMS: dict[str, Term] = {
    "name": Term(_("name"), lambda c: c.name),
    "nik_koperasi": Term(_("NIK koperasi"), lambda c: c.nik_koperasi),
    "legal_entity_number": Term(_("legal entity number"), lambda c: c.legal_entity_number),
    "legal_entity_date": Term(_("legal entity date"), lambda c: c.legal_entity_date),
    "kind": Term(_("type (jenis)"), lambda c: c.get_kind_display()),
    "tier": Term(_("form (bentuk)"), lambda c: c.get_tier_display()),
    "business_lines": Term(_("business lines"), lambda c: c.business_lines),
    "address": Term(_("address"), lambda c: c.address),
    "region_code": Term(_("region code"), lambda c: c.region_id),
    "region_name": Term(_("region"), lambda c: c.region.display_name),
    "kabupaten_code": Term(_("regency/city code"), lambda c: c.region_id[:5]),
    "province_code": Term(_("province code"), lambda c: c.region_id[:2]),
    "npwp": Term(_("NPWP"), lambda c: c.npwp),
    "email": Term(_("email"), lambda c: c.email),
    "status": Term(_("legal status"), lambda c: c.get_status_display()),
    "active": Term(_("active (by the office's RAT rule)"), lambda c: c.is_active),
    "health_predicate": Term(_("health predicate"), lambda c: c.health_predicate),
    "health_total": Term(_("health score"), lambda c: c.health_total, numeric=True),
    "fiscal_year": Term(_("fiscal year"), lambda c: c.export_year, numeric=True),
    "rat_held": Term(_("RAT held"), lambda c: bool(c.year_report and c.year_report.rat_held)),
    "rat_date": Term(_("RAT date"), _report("rat_date")),
    "members": Term(_("members at year end"), _report("members_end"), numeric=True),
    "members_male": Term(_("male members"), _report("members_male"), numeric=True),
    "members_female": Term(_("female members"), _report("members_female"), numeric=True),
    "staff": Term(_("employees"), _report("staff"), numeric=True),
    "total_assets": Term(_("total assets"), _report("total_assets"), numeric=True),
    "own_capital": Term(_("own capital (modal sendiri)"), _report("own_capital"), numeric=True),
    "outside_capital": Term(_("outside capital (modal luar)"), _outside_capital, numeric=True),
    "equity": Term(_("equity"), _report("equity"), numeric=True),
    "gross_participation": Term(_("gross participation"), _report("gross_participation"), numeric=True),
    "non_member_income": Term(_("income from non-members"), _report("non_member_income"), numeric=True),
    "loan_volume": Term(_("loans disbursed in the year"), _report("loan_volume"), numeric=True),
    "shu": Term(_("surplus for the year (SHU)"), _report("shu"), numeric=True),
    "shu_before_tax": Term(_("surplus before tax"), _report("shu_before_tax"), numeric=True),
}


def _latest(attr: str) -> Callable[[Any], Any]:
    return lambda b: getattr(b, f"latest_{attr}")


BUSINESS_TERMS: dict[str, Term] = {
    "name": Term(_("business name"), lambda b: b.name),
    "address": Term(_("address"), lambda b: b.address),
    "desa_code": Term(_("village code"), lambda b: b.desa_id),
    "desa_name": Term(_("village"), _on_region("name", 0, "desa")),
    "kecamatan_code": Term(_("district code"), _on_region("code", 1, "desa")),
    "kecamatan_name": Term(_("district"), _on_region("name", 1, "desa")),
    "kabupaten_code": Term(_("regency/city code"), _on_region("code", 2, "desa")),
    "kabupaten_name": Term(_("regency/city"), _on_region("name", 2, "desa")),
    "province_code": Term(_("province code"), lambda b: b.desa_id[:2]),
    "latitude": Term(_("latitude"), lambda b: b.latitude, numeric=True),
    "longitude": Term(_("longitude"), lambda b: b.longitude, numeric=True),
    "kbli": Term(_("KBLI code"), lambda b: b.kbli),
    "cluster": Term(_("cluster"), lambda b: b.cluster.name if b.cluster else None),
    "scale": Term(_("scale"), lambda b: b.get_scale_display() if b.scale else None),
    "workforce": Term(_("workforce"), lambda b: b.workforce, numeric=True),
    "founded_year": Term(_("year founded"), lambda b: b.founded_on.year if b.founded_on else None, numeric=True),
    "owner_sex": Term(_("owner's sex"), lambda b: b.owner.get_sex_display() if b.owner and b.owner.sex else None),
    "has_nib": Term(_("has NIB"), lambda b: b.has_nib),
    "nib_number": Term(_("NIB number"), lambda b: b.nib_number),
    "has_halal": Term(_("halal certified"), lambda b: b.has_halal),
    "figures_year": Term(_("year of the figures"), _latest("year"), numeric=True),
    "modal_usaha": Term(_("business capital (modal usaha)"), _latest("modal_usaha"), numeric=True),
    "annual_sales": Term(_("annual sales (omzet)"), _latest("annual_sales"), numeric=True),
}

TERMS: dict[str, dict[str, Term]] = {COOPERATIVE: COOPERATIVE_TERMS, BUSINESS: BUSINESS_TERMS}
