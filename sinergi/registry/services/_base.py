"""Shared by the registry services: field lists, access checks, validation and the logged save."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_see_personal, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import delete_logged, save_logged
from sinergi.core.validators import (
    check_nik_agrees,
    normalize_kbli,
    normalize_phone_id,
    parse_nik_strict,
)
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.models import (
    Association,
    Business,
    Cluster,
    Person,
)

PERSON_FIELDS = ("nik", "name", "sex", "birth_date", "phone", "address", "desa_id", "poverty_decile", "poverty_source")
BUSINESS_FIELDS = (
    "name",
    "owner_id",
    "desa_id",
    "address",
    "latitude",
    "longitude",
    "kbli",
    "cluster_id",
    "workforce",
    "founded_on",
    "external_ref",
)
DOCUMENT_FIELDS = ("kind", "number", "issued_on", "expires_on", "issuer", "notes")
ASSOCIATION_FIELDS = ("name", "region_id", "term_start", "term_end", "inaugurated_on", "description")

DEFAULT_CLUSTERS = (
    ("batik", "Batik"),
    ("kriya", "Kriya (kerajinan)"),
    ("kuliner", "Kuliner / pangan olahan"),
    ("fashion", "Fesyen"),
    ("agribisnis", "Agribisnis"),
    ("perikanan", "Perikanan"),
    ("jasa", "Jasa"),
    ("pariwisata", "Pariwisata"),
    ("perdagangan", "Perdagangan / toko"),
    ("kopi", "Kopi"),
    ("tenun", "Tenun"),
    ("herbal", "Jamu & herbal"),
    ("digital", "Ekonomi kreatif & digital"),
)


def _owns(actor: User, business: Business) -> bool:
    return actor.role == Role.OWNER and actor.person_id is not None and business.owner_id == actor.person_id


def require_business_write(actor: User, business: Business) -> None:
    """Editors inside their regions, or the business's own owner."""
    if _owns(actor, business):
        return
    require_region_write(actor, business.desa_id)


def require_association_write(actor: User, association: Association) -> None:
    if actor.role == Role.ASSOCIATION and actor.association_id == association.pk:
        return
    require_region_write(actor, association.region_id)


def _village(code: str | None, field: str = "desa_id") -> Region:
    if not code:
        raise ValidationError({field: _("Choose the village (desa/kelurahan).")})
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise ValidationError({field: _("Unknown region code “%(code)s”.") % {"code": code}})
    if region.level != RegionLevel.DESA_KELURAHAN:
        raise ValidationError(
            {field: _("Choose a village (desa/kelurahan), not a %(kind)s.") % {"kind": region.get_kind_display()}}
        )
    return region


def _normalize_optional(
    values: dict[str, Any], errors: dict[str, str], field: str, normalize: Callable[[str], str]
) -> None:
    """An optional text field: blank stays blank, anything else is normalised or becomes a field error."""
    raw = str(values.get(field) or "").strip()
    values[field] = ""
    if not raw:
        return
    try:
        values[field] = normalize(raw)
    except ValidationError as exc:
        errors[field] = exc.messages[0]


def _village_errors(code: str | None) -> dict[str, str]:
    """The village check's field errors, to report beside the others in one round trip."""
    try:
        _village(code)
    except ValidationError as exc:
        return {k: v[0] for k, v in exc.message_dict.items()}
    return {}


def _nik_taken_message(actor: User | None, holder_desa: str) -> str:
    """A NIK is one person's. Only an editor of the region where that person is registered is told so; anyone
    else gets a message that does not say whether or where the number is registered (UU 27/2022)."""
    if actor is not None and can_see_personal(actor, region_code=holder_desa):
        return _("Another person is already registered with this NIK.")
    return _(
        "This NIK cannot be used here. Check the number on the identity card; if it is right, ask the office's "
        "administrator."
    )


def _clean_person(values: dict[str, Any], *, instance_pk: int | None, actor: User | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = _("The name is required.")
    nik_raw = (values.get("nik") or "").strip()
    values["nik"] = None
    if nik_raw:
        try:
            nik = parse_nik_strict(nik_raw)
        except ValidationError as exc:
            errors["nik"] = exc.messages[0]
        else:
            values["nik"] = nik.number
            errors.update(check_nik_agrees(nik=nik, birth_date=values.get("birth_date"), sex=values.get("sex")))
            values["birth_date"] = values.get("birth_date") or nik.birth_date
            values["sex"] = values.get("sex") or nik.sex
            holder = Person.objects.filter(nik=nik.number).exclude(pk=instance_pk or 0).values("pk", "desa_id").first()
            if holder is not None:
                errors["nik"] = _nik_taken_message(actor, holder["desa_id"])
    _normalize_optional(values, errors, "phone", normalize_phone_id)
    birth = values.get("birth_date")
    if birth and birth > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    errors.update(_village_errors(values.get("desa_id")))
    decile = str(values.get("poverty_decile") if values.get("poverty_decile") is not None else "").strip()
    values["poverty_decile"] = int(decile) if decile.isdigit() else None
    if decile and not (decile.isdigit() and 1 <= int(decile) <= 10):
        errors["poverty_decile"] = _("The poverty decile is a whole number from 1 to 10 (P3KE).")
    values["poverty_source"] = " ".join(str(values.get("poverty_source") or "").split())
    if errors:
        raise ValidationError(errors)
    values["sex"] = values.get("sex") or ""
    values["address"] = values.get("address") or ""
    return values


def _clean_business(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = _("The business name is required.")
    _normalize_optional(values, errors, "kbli", normalize_kbli)
    lat, lon = values.get("latitude"), values.get("longitude")
    if (lat is None) != (lon is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    # Indonesia spans about 6°N–11°S and 95°E–141°E; a point outside is a typo (often swapped fields).
    if lat is not None and not Decimal("-11.5") <= Decimal(lat) <= Decimal("6.5"):
        errors["latitude"] = _("Latitude %(v)s is outside Indonesia (−11.5 to 6.5).") % {"v": lat}
    if lon is not None and not Decimal("94.5") <= Decimal(lon) <= Decimal("141.5"):
        errors["longitude"] = _("Longitude %(v)s is outside Indonesia (94.5 to 141.5).") % {"v": lon}
    if values.get("owner_id") and not Person.objects.filter(pk=values["owner_id"]).exists():
        errors["owner_id"] = _("Unknown owner.")
    if values.get("cluster_id") and not Cluster.objects.filter(pk=values["cluster_id"]).exists():
        errors["cluster_id"] = _("Unknown cluster.")
    founded = values.get("founded_on")
    if founded is not None and founded > timezone.localdate():
        errors["founded_on"] = _("The founding date is in the future.")
    errors.update(_village_errors(values.get("desa_id")))
    if errors:
        raise ValidationError(errors)
    values["address"] = values.get("address") or ""
    values["external_ref"] = values.get("external_ref") or None
    return values


def _pick(data: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    return dict(data)


def _check_lengths(instance: models.Model) -> None:
    """Text longer than its column is a field error here, not a database error (PostgreSQL refuses it)."""
    errors = {}
    for f in instance._meta.concrete_fields:
        value = getattr(instance, f.attname)
        if isinstance(f, models.CharField) and f.max_length and isinstance(value, str) and len(value) > f.max_length:
            errors[f.attname] = _("At most %(max)d characters (this has %(n)d).") % {
                "max": f.max_length,
                "n": len(value),
            }
    if errors:
        raise ValidationError(errors)


def _save_logged(*, actor: User, instance: models.Model, before: dict[str, Any] | None, source: str) -> None:
    _check_lengths(instance)
    save_logged(actor=actor, instance=instance, before=before, source=source)


_delete_logged = delete_logged
