"""Writes to the cooperative register: the cooperative, its officers (pengurus, pengawas) and its members."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.models import (
    Cooperative,
    CooperativeKind,
    CooperativeMember,
    CooperativeOfficer,
    CooperativeStatus,
    CooperativeTier,
    OfficerBody,
)
from sinergi.cooperatives.services._base import (
    delete_logged,
    pick_fields,
    require_cooperative_write,
    save_logged,
)
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.core.validators import normalize_npwp, normalize_phone_id
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.models import Person

COOPERATIVE_FIELDS = (
    "name",
    "nik_koperasi",
    "legal_entity_number",
    "legal_entity_date",
    "amendment_number",
    "amendment_date",
    "kind",
    "tier",
    "business_lines",
    "region_id",
    "address",
    "phone",
    "email",
    "npwp",
    "status",
    "external_ref",
)
OFFICER_FIELDS = ("person_id", "body", "role", "term_start", "term_end")
MEMBER_FIELDS = ("person_id", "member_number", "joined_on", "left_on")

_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_nik_koperasi(value: str) -> str:
    """NIK koperasi from the ministry's ODS: digits only (spaces, dots and dashes dropped).

    Published examples have 16 digits but the format is not confirmed (DOMAIN.md), so any length from 10
    to 20 digits is kept as given."""
    digits = _SEPARATORS.sub("", str(value))
    if not digits.isdigit() or not 10 <= len(digits) <= 20:
        raise ValidationError(
            _("A NIK koperasi is a number of digits only (usually 16, from ODS); got “%(value)s”."),
            code="nik_koperasi_format",
            params={"value": value},
        )
    return digits


def _text(values: dict[str, Any], field: str) -> str:
    return " ".join(str(values.get(field) or "").split())


def _optional(values: dict[str, Any], errors: dict[str, str], field: str, normalize: Any) -> None:
    raw = _text(values, field)
    values[field] = ""
    if raw:
        try:
            values[field] = normalize(raw)
        except ValidationError as exc:
            errors[field] = exc.messages[0]


def _region_errors(code: Any) -> dict[str, str]:
    if not code:
        return {"region_id": _("Choose the cooperative's region.")}
    region = Region.objects.filter(pk=code).first()
    if region is None:
        return {"region_id": _("Unknown region code “%(code)s”.") % {"code": code}}
    if region.level < RegionLevel.KABUPATEN_KOTA:
        return {"region_id": _("Choose at least the regency/city (kabupaten/kota), not a province.")}
    return {}


def _dates_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    for field in ("legal_entity_date", "amendment_date"):
        value = values.get(field)
        if value is not None and not isinstance(value, date):
            errors[field] = _("Give a date.")
        elif value is not None and value > today:
            errors[field] = _("The date cannot be in the future.")
    start, amended = values.get("legal_entity_date"), values.get("amendment_date")
    if not errors and start and amended and amended < start:
        errors["amendment_date"] = _("An amendment cannot be older than the legal entity itself.")
    return errors


def _checked_email(value: str) -> str:
    validate_email(value)
    return value


def _clean_cooperative(values: dict[str, Any], *, instance_pk: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["name"] = _text(values, "name")
    if not values["name"]:
        errors["name"] = _("The name is required.")
    if values.get("kind") not in CooperativeKind.values:
        errors["kind"] = _("Choose the type of cooperative.")
    values["tier"] = values.get("tier") or CooperativeTier.PRIMER
    if values["tier"] not in CooperativeTier.values:
        errors["tier"] = _("Choose primary or secondary.")
    values["status"] = values.get("status") or CooperativeStatus.OPERATING
    if values["status"] not in CooperativeStatus.values:
        errors["status"] = _("Unknown status “%(value)s”.") % {"value": values["status"]}
    raw_nik = _text(values, "nik_koperasi")
    values["nik_koperasi"] = None
    if raw_nik:
        try:
            values["nik_koperasi"] = normalize_nik_koperasi(raw_nik)
        except ValidationError as exc:
            errors["nik_koperasi"] = exc.messages[0]
        else:
            taken = Cooperative.objects.filter(nik_koperasi=values["nik_koperasi"]).exclude(pk=instance_pk or 0)
            if taken.exists():
                errors["nik_koperasi"] = _("Another cooperative is already registered with this NIK koperasi.")
    _optional(values, errors, "phone", normalize_phone_id)
    _optional(values, errors, "npwp", normalize_npwp)
    _optional(values, errors, "email", _checked_email)
    errors.update(_region_errors(values.get("region_id")))
    errors.update(_dates_errors(values))
    if errors:
        raise ValidationError(errors)
    for field in ("legal_entity_number", "amendment_number", "business_lines", "address"):
        values[field] = _text(values, field)
    values["external_ref"] = values.get("external_ref") or None
    return values


@transaction.atomic
def cooperative_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Cooperative:
    values = _clean_cooperative(pick_fields(data, COOPERATIVE_FIELDS), instance_pk=None)
    require_region_write(actor, values["region_id"])
    cooperative = Cooperative(**values)
    save_logged(actor=actor, instance=cooperative, before=None, source=source)
    return cooperative


@transaction.atomic
def cooperative_update(
    *, actor: User, cooperative: Cooperative, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Cooperative:
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    require_cooperative_write(actor, cooperative)
    before = snapshot(cooperative)
    current = {f: getattr(cooperative, f) for f in COOPERATIVE_FIELDS}
    values = _clean_cooperative({**current, **pick_fields(data, COOPERATIVE_FIELDS)}, instance_pk=cooperative.pk)
    if values["region_id"] != cooperative.region_id:
        require_region_write(actor, values["region_id"])
    for k, v in values.items():
        setattr(cooperative, k, v)
    save_logged(actor=actor, instance=cooperative, before=before, source=source)
    return cooperative


@transaction.atomic
def cooperative_delete(*, actor: User, cooperative: Cooperative, source: str = ChangeSource.WEB) -> None:
    """Remove a cooperative entered by mistake. One that has reports or inspections is marked dissolved
    instead: its history is evidence."""
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    require_cooperative_write(actor, cooperative)
    if cooperative.reports.exists() or cooperative.inspections.exists():
        raise ValidationError(
            _("This cooperative has annual reports or inspections; set its status to dissolved instead.")
        )
    for officer in cooperative.officers.all():
        delete_logged(actor=actor, instance=officer, source=source)
    for member in cooperative.members.all():
        delete_logged(actor=actor, instance=member, source=source)
    delete_logged(actor=actor, instance=cooperative, source=source)


def _term_errors(values: dict[str, Any]) -> dict[str, str]:
    start, end = values.get("term_start"), values.get("term_end")
    if start and end and end <= start:
        return {"term_end": _("The term must end after it starts.")}
    return {}


def _person_errors(person_id: Any) -> dict[str, str]:
    if not person_id or not Person.objects.filter(pk=person_id).exists():
        return {"person_id": _("Unknown person.")}
    return {}


@transaction.atomic
def cooperative_officer_add(
    *, actor: User, cooperative: Cooperative, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> CooperativeOfficer:
    require_cooperative_write(actor, cooperative)
    values = pick_fields(data, OFFICER_FIELDS)
    values["role"] = _text(values, "role")
    errors = _person_errors(values.get("person_id")) | _term_errors(values)
    if values.get("body") not in OfficerBody.values:
        errors["body"] = _("Choose board (pengurus), supervisors (pengawas) or manager (pengelola).")
    if not values["role"]:
        errors["role"] = _("The role is required (e.g. Ketua).")
    if errors:
        raise ValidationError(errors)
    officer = CooperativeOfficer(cooperative=cooperative, **values)
    save_logged(actor=actor, instance=officer, before=None, source=source)
    return officer


@transaction.atomic
def cooperative_officer_remove(*, actor: User, officer: CooperativeOfficer, source: str = ChangeSource.WEB) -> None:
    require_cooperative_write(actor, officer.cooperative)
    delete_logged(actor=actor, instance=officer, source=source)


@transaction.atomic
def cooperative_member_add(
    *, actor: User, cooperative: Cooperative, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> CooperativeMember:
    require_cooperative_write(actor, cooperative)
    values = pick_fields(data, MEMBER_FIELDS)
    values["member_number"] = _text(values, "member_number")
    errors = _person_errors(values.get("person_id"))
    joined, left = values.get("joined_on"), values.get("left_on")
    if joined and left and left < joined:
        errors["left_on"] = _("A member cannot leave before joining.")
    if not errors and cooperative.members.filter(person_id=values["person_id"]).exists():
        errors["person_id"] = _("This person is already on the member list.")
    if errors:
        raise ValidationError(errors)
    member = CooperativeMember(cooperative=cooperative, **values)
    save_logged(actor=actor, instance=member, before=None, source=source)
    return member


@transaction.atomic
def cooperative_member_remove(*, actor: User, member: CooperativeMember, source: str = ChangeSource.WEB) -> None:
    require_cooperative_write(actor, member.cooperative)
    delete_logged(actor=actor, instance=member, source=source)
