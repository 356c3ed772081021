"""Every write of the partnerships app: partners and their needs and offers, partnerships (MoU, PKS) with their
businesses, status, outcomes and documents.

Keyword-only, an ``actor``, one transaction, one change-log row per change (``sinergi.core.changelog``). Who may
write: an editor of the office's region (``require_region_write`` on the office's code); viewers read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import OFFICE_LEVELS, require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import delete_logged, save_logged, snapshot
from sinergi.core.models import ChangeSource
from sinergi.core.numbers import parse_amount_text
from sinergi.partnerships.models import (
    LEGALITY_KINDS,
    Direction,
    Partner,
    PartnerKind,
    PartnerNeed,
    Partnership,
    PartnershipBusiness,
    PartnershipDocument,
    PartnershipKind,
    PartnershipStatus,
    Topic,
)
from sinergi.regions.models import Region
from sinergi.registry.models import Association, Business, Cluster
from sinergi.workprograms.files import check_upload, thumbnail

CENT = Decimal("0.01")
MAX_DOCUMENTS = 10

# The one order a partnership moves in; a step is refused unless the partnership stands on the step before it.
NEXT_STATUS = {
    PartnershipStatus.PROPOSED: PartnershipStatus.AGREED,
    PartnershipStatus.AGREED: PartnershipStatus.RUNNING,
    PartnershipStatus.RUNNING: PartnershipStatus.ENDED,
}


def _save(*, actor: User, instance: models.Model, before: dict[str, Any] | None, source: str) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)
    save_logged(actor=actor, instance=instance, before=before, source=source)


def _within(code: str, office: str) -> bool:
    return code == office or code.startswith(office + ".")


def _text(data: Mapping[str, Any], key: str) -> str:
    return " ".join(str(data.get(key) or "").split())


def _unknown(data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    extra = set(data) - set(fields)
    if extra:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


def _decimal(value: Any, *, field: str, errors: dict[str, str], message: str) -> Decimal | None:
    """A non-negative amount ("Rp 75 jt", "1.500", a Decimal) or an error on ``field``; None when empty."""
    if value in (None, ""):
        return None
    try:
        amount = parse_amount_text(value)
    except (ValidationError, InvalidOperation, ValueError):
        amount = None
    if amount is None or amount < 0:
        errors[field] = message % {"value": value}
        return None
    return Decimal(amount).quantize(CENT)


# --- partners -----------------------------------------------------------------------------------------------

PARTNER_FIELDS = ("office_id", "kind", "name", "association_id", "contact", "website", "description")


def _clean_partner(data: Mapping[str, Any], *, office: str) -> dict[str, Any]:
    _unknown(data, PARTNER_FIELDS)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        "kind": str(data.get("kind") or ""),
        "name": _text(data, "name"),
        "contact": _text(data, "contact"),
        "website": str(data.get("website") or "").strip(),
        "description": str(data.get("description") or "").strip(),
        "association_id": data.get("association_id") or None,
    }
    if values["kind"] not in PartnerKind.values:
        errors["kind"] = _("Choose the kind of partner.")
    if not values["name"]:
        errors["name"] = _("The partner's name is required.")
    if values["association_id"] is not None:
        association = Association.objects.filter(pk=values["association_id"]).first()
        if association is None or not _within(association.region_id, office):
            errors["association_id"] = _("Choose an association of the office's region.")
    if errors:
        raise ValidationError(errors)
    return values


def _office(code: Any) -> Region:
    region = Region.objects.filter(pk=str(code or ""), level__in=OFFICE_LEVELS).first()
    if region is None:
        raise ValidationError({"office_id": _("Choose the office: a province or a regency/city.")})
    return region


@transaction.atomic
def partner_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Partner:
    office = _office(data.get("office_id"))
    require_region_write(actor, office.code)
    values = _clean_partner(data, office=office.code)
    if Partner.objects.filter(office=office, name__iexact=values["name"]).exists():
        raise ValidationError({"name": _("The office already has a partner of this name.")})
    partner = Partner(office=office, **values)
    _save(actor=actor, instance=partner, before=None, source=source)
    return partner


@transaction.atomic
def partner_update(
    *, actor: User, partner: Partner, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Partner:
    """Change a partner's details; its office stays (a partner of another office is a new record)."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    require_region_write(actor, partner.office_id)
    current = {f: getattr(partner, f) for f in PARTNER_FIELDS if f != "office_id"}
    values = _clean_partner(
        {**current, **{k: v for k, v in data.items() if k != "office_id"}}, office=partner.office_id
    )
    clash = Partner.objects.filter(office_id=partner.office_id, name__iexact=values["name"]).exclude(pk=partner.pk)
    if clash.exists():
        raise ValidationError({"name": _("The office already has a partner of this name.")})
    before = snapshot(partner)
    for key, value in values.items():
        setattr(partner, key, value)
    _save(actor=actor, instance=partner, before=before, source=source)
    return partner


NEED_FIELDS = (
    "direction",
    "topic",
    "title",
    "description",
    "cluster_id",
    "volume",
    "volume_unit",
    "region_id",
    "required_documents",
    "min_workforce",
    "is_open",
)


@transaction.atomic
def need_add(*, actor: User, partner: Partner, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> PartnerNeed:
    """Record what the partner seeks from the businesses or offers them, and what a business must have to fit."""
    require_region_write(actor, partner.office_id)
    _unknown(data, NEED_FIELDS)
    errors: dict[str, str] = {}
    direction, topic = str(data.get("direction") or ""), str(data.get("topic") or "")
    if direction not in Direction.values:
        errors["direction"] = _("Say whether the partner seeks or offers it.")
    if topic not in Topic.values:
        errors["topic"] = _("Choose the topic.")
    title = _text(data, "title")
    if not title:
        errors["title"] = _("Say what is sought or offered.")
    cluster_id = data.get("cluster_id") or None
    if cluster_id is not None and not Cluster.objects.filter(pk=cluster_id, is_active=True).exists():
        errors["cluster_id"] = _("Unknown cluster.")
    volume = _decimal(
        data.get("volume"), field="volume", errors=errors, message=_("“%(value)s” is not a volume of zero or more.")
    )
    unit = _text(data, "volume_unit").lower()
    if volume is not None and not unit:
        errors["volume_unit"] = _("Give the unit of the volume (kg, pak …).")
    region_id = str(data.get("region_id") or "").strip() or None
    if region_id is not None and (
        not _within(region_id, partner.office_id) or not Region.objects.filter(pk=region_id).exists()
    ):
        errors["region_id"] = _("Choose a region inside the office's region %(office)s.") % {
            "office": partner.office_id
        }
    documents = data.get("required_documents") or []
    if not isinstance(documents, list | tuple) or any(str(k) not in LEGALITY_KINDS for k in documents):
        errors["required_documents"] = _("Documents may be: %(kinds)s.") % {"kinds": ", ".join(LEGALITY_KINDS)}
        documents = []
    workforce = data.get("min_workforce")
    if workforce in ("", None):
        workforce = None
    elif isinstance(workforce, bool) or not isinstance(workforce, int) or workforce < 1:
        errors["min_workforce"] = _("The minimum workforce is a whole number of at least 1.")
    if errors:
        raise ValidationError(errors)
    need = PartnerNeed(
        partner=partner,
        direction=direction,
        topic=topic,
        title=title,
        description=str(data.get("description") or "").strip(),
        cluster_id=cluster_id,
        volume=volume,
        volume_unit=unit,
        region_id=region_id,
        required_documents=sorted({str(k) for k in documents}, key=LEGALITY_KINDS.index),
        min_workforce=workforce,
        is_open=True if data.get("is_open") is None else bool(data.get("is_open")),
    )
    _save(actor=actor, instance=need, before=None, source=source)
    return need


@transaction.atomic
def need_remove(*, actor: User, need: PartnerNeed, source: str = ChangeSource.WEB) -> None:
    require_region_write(actor, need.partner.office_id)
    delete_logged(actor=actor, instance=need, source=source)


# --- partnerships -------------------------------------------------------------------------------------------

PARTNERSHIP_FIELDS = ("need_id", "kind", "title", "number", "starts_on", "ends_on", "value", "description")


def _date(value: Any, *, field: str, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = _("“%(value)s” is not a date.") % {"value": value}
        return None


def _clean_partnership(data: Mapping[str, Any], *, partner: Partner) -> dict[str, Any]:
    _unknown(data, PARTNERSHIP_FIELDS)
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or PartnershipKind.MOU)
    if kind not in PartnershipKind.values:
        errors["kind"] = _("Choose an MoU or a cooperation agreement.")
    title = _text(data, "title")
    if not title:
        errors["title"] = _("The partnership's title is required.")
    need_id = data.get("need_id") or None
    if need_id is not None and not PartnerNeed.objects.filter(pk=need_id, partner=partner).exists():
        errors["need_id"] = _("Choose one of this partner's needs or offers.")
    starts = _date(data.get("starts_on"), field="starts_on", errors=errors)
    ends = _date(data.get("ends_on"), field="ends_on", errors=errors)
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The period ends before it starts.")
    value = _decimal(
        data.get("value"), field="value", errors=errors, message=_("“%(value)s” is not an amount in rupiah.")
    )
    if errors:
        raise ValidationError(errors)
    return {
        "need_id": need_id,
        "kind": kind,
        "title": title,
        "number": _text(data, "number"),
        "starts_on": starts,
        "ends_on": ends,
        "value": value,
        "description": str(data.get("description") or "").strip(),
    }


@transaction.atomic
def partnership_create(
    *, actor: User, partner: Partner, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Partnership:
    """A proposed partnership of the partner's office with the partner (businesses are added after)."""
    require_region_write(actor, partner.office_id)
    values = _clean_partnership(data, partner=partner)
    partnership = Partnership(office_id=partner.office_id, partner=partner, **values)
    _save(actor=actor, instance=partnership, before=None, source=source)
    return partnership


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().select_related("partner").get(pk=partnership.pk)


@transaction.atomic
def partnership_update(
    *, actor: User, partnership: Partnership, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Partnership:
    partnership = _locked(partnership)
    require_region_write(actor, partnership.office_id)
    if partnership.status == PartnershipStatus.ENDED:
        raise ValidationError(_("An ended partnership is kept as it was."))
    current = {f: getattr(partnership, f) for f in PARTNERSHIP_FIELDS}
    values = _clean_partnership({**current, **data}, partner=partnership.partner)
    before = snapshot(partnership)
    for key, value in values.items():
        setattr(partnership, key, value)
    _save(actor=actor, instance=partnership, before=before, source=source)
    return partnership


@transaction.atomic
def partnership_advance(
    *, actor: User, partnership: Partnership, to: str, source: str = ChangeSource.WEB, today: dt.date | None = None
) -> Partnership:
    """Move the partnership one step: proposed → agreed → running → ended, never skipping or going back.

    Agreed needs the period's start; running needs a business among the parties; ending fills the end date
    (today) when none was set."""
    partnership = _locked(partnership)
    require_region_write(actor, partnership.office_id)
    current = PartnershipStatus(partnership.status)
    if to not in PartnershipStatus.values:
        raise ValidationError({"to": _("Unknown status.")})
    target = PartnershipStatus(to)
    expected = NEXT_STATUS.get(current)
    if expected is None:
        raise ValidationError({"to": _("The partnership has ended; its status does not change any more.")})
    if target != expected:
        raise ValidationError(
            {
                "to": _("A partnership that is %(current)s moves only to %(next)s, not to %(to)s.")
                % {"current": current.label.lower(), "next": expected.label.lower(), "to": target.label.lower()}
            }
        )
    if target == PartnershipStatus.AGREED and partnership.starts_on is None:
        raise ValidationError({"to": _("Set the date the partnership starts before marking it agreed.")})
    if target == PartnershipStatus.RUNNING and not partnership.parties.exists():
        raise ValidationError({"to": _("Add the businesses taking part before the partnership runs.")})
    before = snapshot(partnership)
    partnership.status = target
    if target == PartnershipStatus.ENDED and partnership.ends_on is None:
        day = today or timezone.localdate()
        partnership.ends_on = max(day, partnership.starts_on) if partnership.starts_on else day
    _save(actor=actor, instance=partnership, before=before, source=source)
    return partnership


@transaction.atomic
def partnership_outcome_set(
    *, actor: User, partnership: Partnership, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Partnership:
    """What the partnership delivered: the volume supplied and the outcomes, once it runs."""
    partnership = _locked(partnership)
    require_region_write(actor, partnership.office_id)
    _unknown(data, ("volume_supplied", "volume_unit", "outcome_notes"))
    if partnership.status not in (PartnershipStatus.RUNNING, PartnershipStatus.ENDED):
        raise ValidationError(_("Outcomes are recorded once the partnership runs."))
    errors: dict[str, str] = {}
    volume = _decimal(
        data.get("volume_supplied"),
        field="volume_supplied",
        errors=errors,
        message=_("“%(value)s” is not a volume of zero or more."),
    )
    unit = _text(data, "volume_unit").lower()
    if volume is not None and not unit:
        errors["volume_unit"] = _("Give the unit of the volume (kg, pak …).")
    if errors:
        raise ValidationError(errors)
    before = snapshot(partnership)
    partnership.volume_supplied = volume
    partnership.volume_unit = unit
    partnership.outcome_notes = str(data.get("outcome_notes") or "").strip()
    _save(actor=actor, instance=partnership, before=before, source=source)
    return partnership


@transaction.atomic
def partnership_business_add(
    *, actor: User, partnership: Partnership, business: Business, role: str = "", source: str = ChangeSource.WEB
) -> PartnershipBusiness:
    require_region_write(actor, partnership.office_id)
    if partnership.status == PartnershipStatus.ENDED:
        raise ValidationError(_("An ended partnership is kept as it was."))
    if not _within(business.desa_id, partnership.office_id):
        raise ValidationError({"business": _("The business is outside the office's region.")})
    if PartnershipBusiness.objects.filter(partnership=partnership, business=business).exists():
        raise ValidationError({"business": _("The business is already a party to this partnership.")})
    party = PartnershipBusiness(partnership=partnership, business=business, role=" ".join(str(role or "").split()))
    _save(actor=actor, instance=party, before=None, source=source)
    return party


@transaction.atomic
def partnership_business_remove(*, actor: User, party: PartnershipBusiness, source: str = ChangeSource.WEB) -> None:
    partnership = party.partnership
    require_region_write(actor, partnership.office_id)
    if partnership.status == PartnershipStatus.ENDED:
        raise ValidationError(_("An ended partnership is kept as it was."))
    delete_logged(actor=actor, instance=party, source=source)


@transaction.atomic
def partnership_document_add(
    *, actor: User, partnership: Partnership, upload: Any, source: str = ChangeSource.WEB
) -> PartnershipDocument:
    """Attach a scan of the MoU or a report: a photo or PDF, its type read from its first bytes and its size
    limited (``workprograms.files.check_upload``, the limit SINERGI_EVIDENCE_MAX_BYTES); photos get a thumbnail
    without their EXIF."""
    require_region_write(actor, partnership.office_id)
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    if partnership.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"file": _("A partnership holds at most %(n)s documents.") % {"n": MAX_DOCUMENTS}})
    try:
        content_type, ext = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    document = PartnershipDocument(
        partnership=partnership,
        name=str(getattr(upload, "name", "") or "dokumen")[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor if actor.pk else None,
    )
    n = partnership.documents.count() + 1
    document.file.save(f"kemitraan-{partnership.pk}-{n}.{ext}", upload, save=False)
    thumb = thumbnail(upload, content_type)
    if thumb is not None:
        document.thumbnail.save(f"kemitraan-{partnership.pk}-{n}-kecil.jpg", thumb, save=False)
    _save(actor=actor, instance=document, before=None, source=source)
    return document


@transaction.atomic
def partnership_document_remove(*, actor: User, document: PartnershipDocument, source: str = ChangeSource.WEB) -> None:
    require_region_write(actor, document.partnership.office_id)
    delete_logged(actor=actor, instance=document, source=source)
