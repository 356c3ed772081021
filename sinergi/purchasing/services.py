"""Every write of the purchasing app: agencies, civil servants, purchases, programs and their target rules,
procurement activities and what they bought from registered businesses.

Keyword-only, an ``actor``, one transaction, one change-log row per change. Who may write: the office's editors
inside the agency's (or program's) region; a civil servant (role "asn") records only their own purchases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import is_authenticated, require_editor, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import delete_logged, save_logged, snapshot
from sinergi.core.formatting import format_rupiah_amount
from sinergi.core.models import ChangeSource
from sinergi.core.numbers import parse_amount_text
from sinergi.market.identifiers import parse_nip
from sinergi.market.models import Product
from sinergi.purchasing.models import (
    Agency,
    CivilServant,
    ProcurementActivity,
    ProcurementLine,
    Purchase,
    PurchaseProgram,
    Rank,
    RankGroup,
    TargetRule,
)
from sinergi.regions.models import Region
from sinergi.registry.models import Business
from sinergi.workprograms.files import check_upload, thumbnail

CENT = Decimal("0.01")


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _money(value: Any, *, field: str, errors: dict[str, str], required: bool = True) -> Decimal | None:
    """A positive rupiah amount ("Rp 50.000", "50000", a Decimal) or an error on ``field``."""
    if value in (None, ""):
        if required:
            errors[field] = _("Enter the amount in rupiah, e.g. 50.000.")
        return None
    try:
        amount = parse_amount_text(value)
    except (ValidationError, InvalidOperation, ValueError):
        amount = None
    if amount is None or amount <= 0:
        errors[field] = _("“%(value)s” is not an amount in rupiah above zero.") % {"value": value}
        return None
    return Decimal(amount).quantize(CENT)


# --- agencies and civil servants ----------------------------------------------------------------------------


def _clean_agency(data: Mapping[str, Any], *, agency: Agency | None) -> dict[str, Any]:
    region_id = str(data.get("region_id") or "")
    name = _text(data.get("name"))
    errors: dict[str, str] = {}
    if not Region.objects.filter(pk=region_id, level__in=(1, 2)).exists():
        errors["region_id"] = _("Choose the province or kabupaten/kota whose government the agency belongs to.")
    if not name:
        errors["name"] = _("Enter the agency's name.")
    if errors:
        raise ValidationError(errors)
    same = Agency.objects.filter(region_id=region_id, name__iexact=name)
    if agency is not None:
        same = same.exclude(pk=agency.pk)
    if same.exists():
        raise ValidationError({"name": _("This region already has an agency of that name.")})
    return {"region_id": region_id, "name": name, "short_name": _text(data.get("short_name"))}


@transaction.atomic
def agency_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Agency:
    """An agency (OPD) of a province's or kabupaten/kota's government; its name is unique in the region."""
    values = _clean_agency(data, agency=None)
    require_region_write(actor, values["region_id"])
    agency = Agency(**values)
    save_logged(actor=actor, instance=agency, before=None, source=source, validate=True)
    return agency


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Agency:
    """Rename an agency or move it to another region (both inside the actor's regions)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    require_region_write(actor, agency.region_id)
    before = snapshot(agency)
    values = _clean_agency({"region_id": agency.region_id, **data}, agency=agency)
    require_region_write(actor, values["region_id"])
    for key, value in values.items():
        setattr(agency, key, value)
    save_logged(actor=actor, instance=agency, before=before, source=source, validate=True)
    return agency


def _clean_servant(data: Mapping[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"name": _text(data.get("name")), "position": _text(data.get("position"))}
    try:
        values["nip"] = parse_nip(str(data.get("nip") or ""), today=today).number
    except ValidationError as exc:
        errors["nip"] = exc.messages[0]
    if not values["name"]:
        errors["name"] = _("Enter the civil servant's name.")
    rank = "".join(str(data.get("rank") or "").split())
    if rank:
        found = {r.lower(): r for r in Rank.values}.get(rank.lower())
        if found is None:
            errors["rank"] = _("“%(value)s” is not a golongan/ruang such as III/a.") % {"value": data.get("rank")}
        rank = found or ""
    values["rank"] = rank
    if errors:
        raise ValidationError(errors)
    return values


def civil_servant_save(
    *, actor: User, agency: Agency, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> tuple[CivilServant, str]:
    """Create the civil servant of ``data["nip"]`` in ``agency``, or update the one with that NIP (moving them to
    ``agency`` if they changed agency). Returns (record, "created" | "updated" | "unchanged")."""
    require_region_write(actor, agency.region_id)
    values = _clean_servant(data)
    with transaction.atomic():
        servant = CivilServant.objects.select_for_update().filter(nip=values["nip"]).first()
        if servant is None:
            servant = CivilServant(agency=agency, **values)
            save_logged(actor=actor, instance=servant, before=None, source=source, validate=True)
            return servant, "created"
        require_region_write(actor, servant.agency.region_id)
        before = snapshot(servant)
        changed = servant.agency_id != agency.pk or any(getattr(servant, k) != v for k, v in values.items())
        if not changed:
            return servant, "unchanged"
        servant.agency = agency
        for key, value in values.items():
            setattr(servant, key, value)
        save_logged(actor=actor, instance=servant, before=before, source=source, validate=True)
        return servant, "updated"


def require_purchase_create(user: User) -> None:
    """Who may open the page that records a purchase: a civil servant whose account is linked to their record
    (for themself), or an office editor (for the civil servants of their regions)."""
    if is_authenticated(user) and user.role == Role.ASN:
        if not CivilServant.objects.filter(account=user).exists():
            raise PermissionDenied(
                _("Your account is not yet linked to your civil-servant record; ask the office to link it.")
            )
        return
    require_editor(user)


def civil_servant_link_account(
    *, actor: User, civil_servant: CivilServant, account: User | None, source: str = ChangeSource.WEB
) -> CivilServant:
    """Bind a sign-in of role "asn" to the civil servant (None unbinds)."""
    require_region_write(actor, civil_servant.agency.region_id)
    if account is not None and account.role != Role.ASN:
        raise ValidationError({"account": _("Only an account of the civil-servant role can be linked.")})
    with transaction.atomic():
        before = snapshot(civil_servant)
        civil_servant.account = account
        save_logged(actor=actor, instance=civil_servant, before=before, source=source, validate=True)
    return civil_servant


# --- purchases ----------------------------------------------------------------------------------------------


def may_record_for(user: User, civil_servant: CivilServant) -> bool:
    """A civil servant for themself; an editor of the agency's region for anyone of it."""
    if not is_authenticated(user):
        return False
    if user.role == Role.ASN:
        return civil_servant.account_id == user.pk
    try:
        require_region_write(user, civil_servant.agency.region_id)
    except PermissionDenied:
        return False
    return True


def require_record_for(user: User, civil_servant: CivilServant) -> None:
    if not may_record_for(user, civil_servant):
        raise PermissionDenied(_("You may record purchases only for yourself or the civil servants of your region."))


def _clean_purchase(data: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    product = None
    business = None
    if data.get("product_id"):
        product = Product.objects.select_related("business").filter(pk=data["product_id"], is_active=True).first()
        if product is None:
            errors["product_id"] = _("Unknown product: choose one of the catalogue's products.")
        else:
            business = product.business
    if business is None and "product_id" not in errors:
        business = Business.objects.filter(pk=data.get("business_id") or 0).first()
        if business is None:
            errors["business_id"] = _("Name the business bought from: a catalogue product or a registered business.")
    elif product is not None and data.get("business_id") and int(data["business_id"]) != product.business_id:
        errors["business_id"] = _("The product is sold by %(name)s, not by the business named.") % {
            "name": product.business.name
        }
    description = _text(data.get("description"))
    if product is None and not description and "business_id" not in errors and "product_id" not in errors:
        errors["description"] = _("Say what was bought when it is not a catalogue product.")
    amount = _money(data.get("amount"), field="amount", errors=errors)
    day = data.get("day")
    if not isinstance(day, dt.date):
        errors["day"] = _("Enter the date of the purchase.")
    elif day > today:
        errors["day"] = _("The date of the purchase is in the future.")
    if errors:
        raise ValidationError(errors)
    return {"product": product, "business": business, "description": description, "amount": amount, "day": day}


def purchase_record(
    *,
    actor: User,
    civil_servant: CivilServant,
    data: Mapping[str, Any],
    receipt: Any = None,
    source: str = ChangeSource.WEB,
) -> Purchase:
    """Record a civil servant's purchase (see ``may_record_for``); a receipt photo or PDF is checked by its first
    bytes and size (``workprograms.files``) and a photo gets a thumbnail without its EXIF."""
    require_record_for(actor, civil_servant)
    values = _clean_purchase(data, today=timezone.localdate())
    purchase = Purchase(civil_servant=civil_servant, recorded_by=actor, **values)
    if receipt is not None:
        try:
            content_type, ext = check_upload(receipt)
        except ValidationError as exc:
            raise ValidationError({"receipt": exc.messages[0]}) from None
        purchase.receipt_type = content_type
        purchase.receipt.save(f"struk.{ext}", receipt, save=False)
        thumb = thumbnail(receipt, content_type)
        if thumb is not None:
            purchase.receipt_thumbnail.save("struk-kecil.jpg", thumb, save=False)
    with transaction.atomic():
        save_logged(actor=actor, instance=purchase, before=None, source=source, validate=True)
    return purchase


def purchases_record_bulk(
    *, actor: User, agency: Agency, rows: Sequence[Mapping[str, Any]], source: str = ChangeSource.API
) -> list[Purchase]:
    """An agency records its civil servants' purchases at once, each row naming the civil servant by NIP.
    All or nothing: a row in error refuses the whole list, every row's errors named (``"<row>.<field>"``)."""
    require_region_write(actor, agency.region_id)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    cleaned: list[tuple[CivilServant, dict[str, Any]]] = []
    nips = {"".join(str(r.get("nip") or "").split()) for r in rows}
    servants = {s.nip: s for s in CivilServant.objects.filter(agency=agency, nip__in=nips)}
    for index, row in enumerate(rows, start=1):
        servant = servants.get("".join(str(row.get("nip") or "").split()))
        if servant is None:
            errors[f"{index}.nip"] = _("No civil servant of this agency has the NIP “%(nip)s”.") % {
                "nip": row.get("nip")
            }
            continue
        try:
            cleaned.append((servant, _clean_purchase(row, today=today)))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"{index}.{field}"] = messages[0]
    if errors:
        raise ValidationError(errors)
    made = []
    with transaction.atomic():
        for servant, values in cleaned:
            purchase = Purchase(civil_servant=servant, recorded_by=actor, **values)
            save_logged(actor=actor, instance=purchase, before=None, source=source, validate=True)
            made.append(purchase)
    return made


# --- programs and targets -----------------------------------------------------------------------------------


def _clean_program(data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    region_id = str(data.get("region_id") or "")
    if not Region.objects.filter(pk=region_id, level__in=(1, 2)).exists():
        errors["region_id"] = _("Choose the province or kabupaten/kota that runs the program.")
    name = _text(data.get("name"))
    if not name:
        errors["name"] = _("Enter the program's name.")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, dt.date):
        errors["starts_on"] = _("Enter the first day of the program.")
    if not isinstance(ends, dt.date):
        errors["ends_on"] = _("Enter the last day of the program.")
    elif isinstance(starts, dt.date) and ends < starts:
        errors["ends_on"] = _("The program ends before it starts.")
    if errors:
        raise ValidationError(errors)
    return {
        "region_id": region_id,
        "name": name,
        "starts_on": starts,
        "ends_on": ends,
        "legal_basis": _text(data.get("legal_basis")),
    }


@transaction.atomic
def program_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> PurchaseProgram:
    values = _clean_program(data)
    require_region_write(actor, values["region_id"])
    program = PurchaseProgram(**values)
    save_logged(actor=actor, instance=program, before=None, source=source, validate=True)
    return program


@transaction.atomic
def program_update(
    *, actor: User, program: PurchaseProgram, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> PurchaseProgram:
    """Change a program's name, period or legal basis (its region stays inside the actor's regions)."""
    program = PurchaseProgram.objects.select_for_update().get(pk=program.pk)
    require_region_write(actor, program.region_id)
    before = snapshot(program)
    values = _clean_program({"region_id": program.region_id, **data})
    require_region_write(actor, values["region_id"])
    for key, value in values.items():
        setattr(program, key, value)
    save_logged(actor=actor, instance=program, before=before, source=source, validate=True)
    return program


def target_rule_add(
    *, actor: User, program: PurchaseProgram, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> TargetRule:
    """A monthly target for a golongan, one civil servant (by NIP) or everyone; one rule per group."""
    require_region_write(actor, program.region_id)
    errors: dict[str, str] = {}
    group = str(data.get("rank_group") or "")
    if group and group not in RankGroup.values:
        errors["rank_group"] = _("Unknown golongan.")
    servant = None
    nip = "".join(str(data.get("nip") or "").split())
    if nip:
        servant = CivilServant.objects.filter(nip=nip, agency__region__code__startswith=program.region_id).first()
        if servant is None:
            errors["nip"] = _("No civil servant of the program's region has the NIP “%(nip)s”.") % {"nip": nip}
        elif group:
            errors["rank_group"] = _("A rule is for one civil servant or for a golongan, not both.")
    amount = _money(data.get("min_amount"), field="min_amount", errors=errors, required=False)
    count = data.get("min_purchases")
    if count in ("", None):
        count = None
    elif not isinstance(count, int) or count < 1:
        errors["min_purchases"] = _("The number of purchases is a whole number of at least 1.")
    if amount is None and count is None and "min_amount" not in errors and "min_purchases" not in errors:
        errors["min_amount"] = _("Set a minimum spend, a minimum number of purchases, or both.")
    if not errors:
        same = program.rules.filter(rank_group=group, civil_servant=servant)
        if same.exists():
            errors["rank_group"] = _("The program already has a rule for this group; remove it first.")
    if errors:
        raise ValidationError(errors)
    rule = TargetRule(program=program, rank_group=group, civil_servant=servant, min_amount=amount, min_purchases=count)
    with transaction.atomic():
        save_logged(actor=actor, instance=rule, before=None, source=source, validate=True)
    return rule


def target_rule_remove(*, actor: User, rule: TargetRule, source: str = ChangeSource.WEB) -> None:
    require_region_write(actor, rule.program.region_id)
    with transaction.atomic():
        delete_logged(actor=actor, instance=rule, source=source)


# --- procurement --------------------------------------------------------------------------------------------


def activity_create(
    *, actor: User, agency: Agency, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> ProcurementActivity:
    require_region_write(actor, agency.region_id)
    errors: dict[str, str] = {}
    name = _text(data.get("name"))
    if not name:
        errors["name"] = _("Name the activity.")
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= timezone.localdate().year + 1:
        errors["year"] = _("Enter the budget year, e.g. %(year)d.") % {"year": timezone.localdate().year}
    total = _money(data.get("total_spend"), field="total_spend", errors=errors)
    if errors:
        raise ValidationError(errors)
    assert isinstance(year, int)
    assert total is not None
    activity = ProcurementActivity(agency=agency, year=year, name=name, total_spend=total)
    with transaction.atomic():
        save_logged(actor=actor, instance=activity, before=None, source=source, validate=True)
    return activity


def procurement_line_add(
    *, actor: User, activity: ProcurementActivity, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> ProcurementLine:
    """What an activity bought from one registered business; the lines never add up to more than its total."""
    require_region_write(actor, activity.agency.region_id)
    errors: dict[str, str] = {}
    business = Business.objects.filter(pk=data.get("business_id") or 0).first()
    if business is None:
        errors["business_id"] = _("Name a registered business (its number on the business's page).")
    amount = _money(data.get("amount"), field="amount", errors=errors)
    if amount is not None:
        spent = activity.lines.aggregate(total=models.Sum("amount"))["total"] or Decimal("0")
        if spent + amount > activity.total_spend:
            errors["amount"] = _(
                "The activity spent %(total)s in all and %(spent)s is already recorded from businesses: "
                "this line would pass the total."
            ) % {"total": format_rupiah_amount(activity.total_spend), "spent": format_rupiah_amount(spent)}
    if errors:
        raise ValidationError(errors)
    assert business is not None
    assert amount is not None
    line = ProcurementLine(
        activity=activity, business=business, amount=amount, description=_text(data.get("description"))
    )
    with transaction.atomic():
        save_logged(actor=actor, instance=line, before=None, source=source, validate=True)
    return line
