"""Every write to the registry. Each function runs in one transaction, checks that the actor may make
the change, validates, and leaves one change-log row per record it changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry, region_in_scope, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.core.validators import (
    check_nik_agrees,
    normalize_kbli,
    normalize_nib,
    normalize_npwp,
    normalize_phone_id,
    parse_nik_strict,
)
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry import scale as scale_rules
from sinergi.registry.derived import search_text_for
from sinergi.registry.models import (
    Association,
    AssociationMembership,
    BoardMember,
    Business,
    BusinessYear,
    Cluster,
    DocumentKind,
    LegalDocument,
    Person,
)

PERSON_FIELDS = ("nik", "name", "sex", "birth_date", "phone", "address", "desa_id")
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


# --- access -------------------------------------------------------------------------------------------


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


# --- validation helpers -------------------------------------------------------------------------------


def _village(code: str | None, field: str = "desa_id") -> Region:
    region = Region.objects.filter(pk=code).first() if code else None
    if region is None:
        raise ValidationError({field: _("Unknown region code “%(code)s”.") % {"code": code}})
    if region.level != RegionLevel.DESA_KELURAHAN:
        raise ValidationError(
            {field: _("Choose a village (desa/kelurahan), not a %(kind)s.") % {"kind": region.get_kind_display()}}
        )
    return region


def _clean_person(values: dict[str, Any], *, instance_pk: int | None) -> dict[str, Any]:
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
            if Person.objects.filter(nik=nik.number).exclude(pk=instance_pk or 0).exists():
                errors["nik"] = _("Another person is already registered with this NIK.")
    phone = (values.get("phone") or "").strip()
    values["phone"] = ""
    if phone:
        try:
            values["phone"] = normalize_phone_id(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages[0]
    birth = values.get("birth_date")
    if birth and birth > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    try:
        _village(values.get("desa_id"))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
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
    kbli = (values.get("kbli") or "").strip()
    values["kbli"] = ""
    if kbli:
        try:
            values["kbli"] = normalize_kbli(kbli)
        except ValidationError as exc:
            errors["kbli"] = exc.messages[0]
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
    try:
        _village(values.get("desa_id"))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    values["address"] = values.get("address") or ""
    values["external_ref"] = values.get("external_ref") or None
    return values


def _search_text(business: Business) -> str:
    owner = business.owner.name if business.owner_id and business.owner else ""
    return search_text_for(name=business.name, owner_name=owner, address=business.address)


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
    instance.save()
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    record_change(actor=actor, instance=instance, action=action, before=before, after=snapshot(instance), source=source)


# --- persons ------------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Person:
    values = _clean_person(_pick(data, PERSON_FIELDS), instance_pk=None)
    require_region_write(actor, values["desa_id"])
    person = Person(**values)
    _save_logged(actor=actor, instance=person, before=None, source=source)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    is_self = actor.role == Role.OWNER and actor.person_id == person.pk
    if not is_self:
        require_region_write(actor, person.desa_id)
    before = snapshot(person)
    values = _clean_person(
        {**{f: getattr(person, f) for f in PERSON_FIELDS}, **_pick(data, PERSON_FIELDS)}, instance_pk=person.pk
    )
    if not is_self:
        require_region_write(actor, values["desa_id"])
    for k, v in values.items():
        setattr(person, k, v)
    _save_logged(actor=actor, instance=person, before=before, source=source)
    for business in person.businesses.all():
        _refresh_business(business=business)
    return person


# --- businesses ---------------------------------------------------------------------------------------


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
    before = snapshot(business)
    record_change(actor=actor, instance=business, action=ChangeAction.DELETE, before=before, after=None, source=source)
    business.delete()


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


# --- legal documents ----------------------------------------------------------------------------------


def _clean_document(values: dict[str, Any], *, instance_pk: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Unknown document kind “%(kind)s”.") % {"kind": kind}
    number = " ".join(str(values.get("number") or "").split())
    if not number:
        errors["number"] = _("The document number is required.")
    elif kind == DocumentKind.NIB:
        try:
            number = normalize_nib(number)
        except ValidationError as exc:
            errors["number"] = exc.messages[0]
    elif kind == DocumentKind.NPWP:
        try:
            number = normalize_npwp(number)
        except ValidationError as exc:
            errors["number"] = exc.messages[0]
    values["number"] = number
    issued, expires = values.get("issued_on"), values.get("expires_on")
    if issued and issued > timezone.localdate():
        errors["issued_on"] = _("The issue date cannot be in the future.")
    if issued and expires and expires < issued:
        errors["expires_on"] = _("The expiry date is before the issue date.")
    if (
        "number" not in errors
        and kind in DocumentKind.values
        and LegalDocument.objects.filter(kind=kind, number=number).exclude(pk=instance_pk or 0).exists()
    ):
        errors["number"] = _("This number is already registered to another business.")
    if errors:
        raise ValidationError(errors)
    values["issuer"] = values.get("issuer") or ""
    values["notes"] = values.get("notes") or ""
    return values


@transaction.atomic
def legal_document_create(
    *, actor: User, business: Business, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> LegalDocument:
    require_business_write(actor, business)
    values = _clean_document(_pick(data, DOCUMENT_FIELDS), instance_pk=None)
    document = LegalDocument(business=business, **values)
    _save_logged(actor=actor, instance=document, before=None, source=source)
    _refresh_business(business=business)
    return document


@transaction.atomic
def legal_document_update(
    *, actor: User, document: LegalDocument, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> LegalDocument:
    document = LegalDocument.objects.select_for_update().select_related("business").get(pk=document.pk)
    require_business_write(actor, document.business)
    before = snapshot(document)
    values = _clean_document(
        {**{f: getattr(document, f) for f in DOCUMENT_FIELDS}, **_pick(data, DOCUMENT_FIELDS)}, instance_pk=document.pk
    )
    for k, v in values.items():
        setattr(document, k, v)
    _save_logged(actor=actor, instance=document, before=before, source=source)
    _refresh_business(business=document.business)
    return document


@transaction.atomic
def legal_document_delete(*, actor: User, document: LegalDocument, source: str = ChangeSource.WEB) -> None:
    business = document.business
    require_business_write(actor, business)
    record_change(
        actor=actor, instance=document, action=ChangeAction.DELETE, before=snapshot(document), after=None, source=source
    )
    document.delete()
    _refresh_business(business=business)


# --- associations -------------------------------------------------------------------------------------


def _clean_association(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = _("The name is required.")
    if not Region.objects.filter(pk=values.get("region_id")).exists():
        errors["region_id"] = _("Unknown region code “%(code)s”.") % {"code": values.get("region_id")}
    start, end = values.get("term_start"), values.get("term_end")
    if start and end and end <= start:
        errors["term_end"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    values["description"] = values.get("description") or ""
    return values


@transaction.atomic
def association_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Association:
    values = _clean_association(_pick(data, ASSOCIATION_FIELDS))
    require_region_write(actor, values["region_id"])
    association = Association(**values)
    _save_logged(actor=actor, instance=association, before=None, source=source)
    return association


@transaction.atomic
def association_update(
    *, actor: User, association: Association, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Association:
    association = Association.objects.select_for_update().get(pk=association.pk)
    require_association_write(actor, association)
    before = snapshot(association)
    values = _clean_association(
        {**{f: getattr(association, f) for f in ASSOCIATION_FIELDS}, **_pick(data, ASSOCIATION_FIELDS)}
    )
    if values["region_id"] != association.region_id:
        require_region_write(actor, values["region_id"])
    for k, v in values.items():
        setattr(association, k, v)
    _save_logged(actor=actor, instance=association, before=before, source=source)
    return association


@transaction.atomic
def association_board_add(
    *,
    actor: User,
    association: Association,
    person: Person,
    role: str,
    term_start: date | None = None,
    term_end: date | None = None,
    source: str = ChangeSource.WEB,
) -> BoardMember:
    require_association_write(actor, association)
    role = " ".join(role.split())
    if not role:
        raise ValidationError({"role": _("The board role is required (e.g. Ketua).")})
    if BoardMember.objects.filter(association=association, person=person, role__iexact=role).exists():
        raise ValidationError({"person": _("This person already holds this seat on the board.")})
    seat = BoardMember(
        association=association,
        person=person,
        role=role,
        term_start=term_start or association.term_start,
        term_end=term_end or association.term_end,
    )
    _save_logged(actor=actor, instance=seat, before=None, source=source)
    return seat


@transaction.atomic
def association_board_remove(*, actor: User, seat: BoardMember, source: str = ChangeSource.WEB) -> None:
    require_association_write(actor, seat.association)
    record_change(
        actor=actor, instance=seat, action=ChangeAction.DELETE, before=snapshot(seat), after=None, source=source
    )
    seat.delete()


@transaction.atomic
def association_member_add(
    *,
    actor: User,
    association: Association,
    business: Business,
    joined_on: date | None = None,
    source: str = ChangeSource.WEB,
) -> AssociationMembership:
    require_association_write(actor, association)
    if not (
        actor.is_superuser
        or actor.role == Role.ADMIN
        or region_in_scope(actor, business.desa_id)
        or (actor.role == Role.ASSOCIATION and region_in_scope_of_association(association, business))
    ):
        raise PermissionDenied(_("This business is outside your regions."))
    if AssociationMembership.objects.filter(association=association, business=business).exists():
        raise ValidationError({"business": _("This business is already a member.")})
    membership = AssociationMembership(association=association, business=business, joined_on=joined_on)
    _save_logged(actor=actor, instance=membership, before=None, source=source)
    return membership


def region_in_scope_of_association(association: Association, business: Business) -> bool:
    """An association recruits within its own region."""
    return business.desa_id == association.region_id or business.desa_id.startswith(association.region_id + ".")


@transaction.atomic
def association_member_remove(
    *, actor: User, membership: AssociationMembership, source: str = ChangeSource.WEB
) -> None:
    require_association_write(actor, membership.association)
    record_change(
        actor=actor,
        instance=membership,
        action=ChangeAction.DELETE,
        before=snapshot(membership),
        after=None,
        source=source,
    )
    membership.delete()


@transaction.atomic
def association_delete(*, actor: User, association: Association, source: str = ChangeSource.WEB) -> None:
    """Delete an association with its board seats and memberships, each removal logged."""
    require_region_write(actor, association.region_id)
    for seat in association.board.all():
        association_board_remove(actor=actor, seat=seat, source=source)
    for membership in association.memberships.all():
        association_member_remove(actor=actor, membership=membership, source=source)
    record_change(
        actor=actor,
        instance=association,
        action=ChangeAction.DELETE,
        before=snapshot(association),
        after=None,
        source=source,
    )
    association.delete()


# --- clusters -----------------------------------------------------------------------------------------


@transaction.atomic
def clusters_ensure_defaults(*, actor: User, source: str = ChangeSource.COMMAND) -> int:
    """Create the standard clusters that are missing; returns how many were added."""
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not manage clusters."))
    added = 0
    for slug, name in DEFAULT_CLUSTERS:
        if not Cluster.objects.filter(slug=slug).exists():
            cluster = Cluster(slug=slug, name=name)
            _save_logged(actor=actor, instance=cluster, before=None, source=source)
            added += 1
    return added
