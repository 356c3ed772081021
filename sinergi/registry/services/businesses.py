"""Writes to businesses and their yearly figures."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.registry import scale as scale_rules
from sinergi.registry.derived import search_text_for
from sinergi.registry.models import (
    Business,
    BusinessYear,
    DocumentKind,
)
from sinergi.registry.services._base import (
    BUSINESS_FIELDS,
    _clean_business,
    _delete_logged,
    _pick,
    _save_logged,
    require_business_write,
)


def _search_text(business: Business) -> str:
    owner = business.owner.name if business.owner_id and business.owner else ""
    return search_text_for(name=business.name, owner_name=owner, address=business.address)


def _refresh_business(*, business: Business) -> None:
    """Recompute the derived columns (scale, NIB/halal flags, search text) from their sources."""
    latest = business.years.order_by("-year").first()
    business.scale = latest.scale if latest else ""
    kinds = set(business.documents.values_list("kind", flat=True))
    business.has_nib = DocumentKind.NIB in kinds
    business.has_halal = DocumentKind.HALAL in kinds
    business.search_text = _search_text(business)
    Business.objects.filter(pk=business.pk).update(
        scale=business.scale, has_nib=business.has_nib, has_halal=business.has_halal, search_text=business.search_text
    )


@transaction.atomic
def business_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Business:
    values = _clean_business(_pick(data, BUSINESS_FIELDS))
    if not (actor.role == Role.OWNER and values.get("owner_id") == actor.person_id and actor.person_id):
        require_region_write(actor, values["desa_id"])
    business = Business(**values)
    business.search_text = _search_text(business)
    _save_logged(actor=actor, instance=business, before=None, source=source)
    return business


@transaction.atomic
def business_update(
    *, actor: User, business: Business, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Business:
    business = Business.objects.select_for_update().get(pk=business.pk)
    require_business_write(actor, business)
    before = snapshot(business)
    values = _clean_business({**{f: getattr(business, f) for f in BUSINESS_FIELDS}, **_pick(data, BUSINESS_FIELDS)})
    if values["desa_id"] != business.desa_id:
        require_region_write(actor, values["desa_id"])
    for k, v in values.items():
        setattr(business, k, v)
    business.search_text = _search_text(business)
    _save_logged(actor=actor, instance=business, before=before, source=source)
    return business


@transaction.atomic
def business_delete(*, actor: User, business: Business, source: str = ChangeSource.WEB) -> None:
    require_region_write(actor, business.desa_id)
    _delete_logged(actor=actor, instance=business, source=source)


@transaction.atomic
def business_year_set(
    *,
    actor: User,
    business: Business,
    year: int,
    modal_usaha: Decimal | None,
    annual_sales: Decimal | None,
    workforce: int | None = None,
    source: str = ChangeSource.WEB,
) -> BusinessYear:
    """Record (or correct) one year's figures; the scale is computed under the rule in force."""
    # Locking the business serialises two writers of the same year instead of failing on the unique constraint.
    business = Business.objects.select_for_update().get(pk=business.pk)
    require_business_write(actor, business)
    this_year = timezone.localdate().year
    errors: dict[str, str] = {}
    if not 1945 <= year <= this_year:
        errors["year"] = _("The year must be between 1945 and %(y)d.") % {"y": this_year}
    for field, value in (("modal_usaha", modal_usaha), ("annual_sales", annual_sales)):
        if value is not None and value < 0:
            errors[field] = _("An amount cannot be negative.")
    if modal_usaha is None and annual_sales is None:
        errors["annual_sales"] = _("Give the capital, the annual sales, or both.")
    if errors:
        raise ValidationError(errors)
    scale = scale_rules.classify(modal_usaha=modal_usaha, annual_sales=annual_sales)
    assert scale is not None
    row = BusinessYear.objects.filter(business=business, year=year).first()
    before = snapshot(row) if row else None
    row = row or BusinessYear(business=business, year=year)
    row.modal_usaha, row.annual_sales, row.workforce = modal_usaha, annual_sales, workforce
    row.scale, row.scale_rule = scale, scale_rules.CURRENT_RULE.code
    _save_logged(actor=actor, instance=row, before=before, source=source)
    _refresh_business(business=business)
    return row
