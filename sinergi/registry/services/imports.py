"""Writing a batch of imported businesses: create or update by natural key, row by row verdicts.

The import pipeline (sinergi.ingest) parses and checks each row's cells; this service owns what only
the registry can decide — which record a row is, whether the actor may write there, and whether a
number already belongs to someone else — and writes the batch with one change-log row per record
created or changed. A row that fails here is returned as rejected with its reasons; the other rows of
the batch are still written.

A row is found, whatever the file is called, by (in this order) its NIB, the source's own ID column
(``<source>:id:<id>``, a per-source external reference), or owner + normalised business name + village
(the owner's NIK when the row has one, else their name); otherwise it is new. Each outcome says which.
A business given again by a later row of the same batch is written in a later pass over the earlier
row's result, so the later row wins for the fields it fills.

A blank cell never erases what the registry holds: an office's file often lacks columns another
office filled in, so only values present in the file overwrite.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry, personal_checker, region_prefixes
from sinergi.accounts.models import User
from sinergi.core.changelog import ChangeRows, snapshot, snapshot_values
from sinergi.core.fastwrite import insert_values, update_many
from sinergi.core.models import ChangeSource, Job
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry import scale as scale_rules
from sinergi.registry.derived import search_text_for
from sinergi.registry.models import Business, BusinessYear, DocumentKind, ExternalRefAlias, LegalDocument, Person
from sinergi.registry.services._base import _nik_taken_message

Verdict = Literal["created", "updated", "unchanged", "rejected"]
MatchedBy = Literal["nib", "source_id", "owner_name_desa", "new"]
MATCH_METHODS: tuple[MatchedBy, ...] = ("nib", "source_id", "owner_name_desa", "new")


@dataclass(frozen=True, slots=True)
class OwnerIn:
    """The owner as the file gives it; ``nik`` already checked (16 digits) or None."""

    name: str
    nik: str | None = None
    sex: str = ""
    birth_date: date | None = None
    phone: str = ""


@dataclass(frozen=True, slots=True)
class FiguresIn:
    year: int
    modal_usaha: Decimal | None
    annual_sales: Decimal | None
    workforce: int | None = None


@dataclass(frozen=True, slots=True)
class BusinessIn:
    """One parsed row. ``key`` is the caller's row number, echoed in the outcome.

    ``external_ref`` is written on a new business: the source's ID ref (``<source>:id:<id>``) when the file
    has one, else ``natural_ref``. ``natural_ref`` keys owner + normalised name + village; ``legacy_refs``
    are keys earlier versions wrote for the row, looked up so their records are found again."""

    key: int
    external_ref: str
    name: str
    desa_id: str
    address: str = ""
    kbli: str = ""
    cluster_id: int | None = None
    workforce: int | None = None
    owner: OwnerIn | None = None
    nib: str = ""
    halal: str = ""
    figures: FiguresIn | None = None
    founded_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict)
    natural_ref: str = ""
    legacy_refs: tuple[str, ...] = ()
    warnings: tuple[tuple[str, str], ...] = ()  # (field, message): values left blank or read with a caveat


@dataclass(slots=True)
class Outcome:
    key: int
    verdict: Verdict
    business_id: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    matched_by: MatchedBy = "new"
    same_as: int | None = None  # the earlier row of the batch this row gave again


_CENTS = Decimal("0.01")
_BUSINESS_UPDATABLE = ("name", "desa_id", "address", "kbli", "cluster_id", "workforce", "founded_on")
_PERSON_UPDATABLE = ("name", "sex", "birth_date", "phone")
_YEAR_FIGURES = ("modal_usaha", "annual_sales", "workforce")


@dataclass(slots=True)
class _New:
    """A record the batch creates: its column values by attname, and its id once inserted."""

    values: dict[str, Any]
    pk: int = 0


class _Writer:
    """The batch's change-log rows, and the inserts of its new records (plain values, no model instances)."""

    def __init__(self, *, actor: User, job: Job | None, source: str) -> None:
        self.changes = ChangeRows(actor=actor, source=source, job=job)

    def create(self, model: type[models.Model], records: Sequence[_New], *, label: Callable[[_New], str]) -> None:
        """Insert the records, give each its id and log its creation (``label``: the record as str() shows it)."""
        if not records:
            return
        columns = list(records[0].values)
        get = operator.itemgetter(*columns)
        rows = [get(r.values) for r in records] if len(columns) > 1 else [(get(r.values),) for r in records]
        ids = insert_values(model, columns, rows)
        pk_name = model._meta.pk.attname
        for record, pk in zip(records, ids, strict=True):
            record.pk = pk
            after = snapshot_values(model, {pk_name: pk, **record.values})
            self.changes.created(model=model, pk=pk, label=label(record), after=after)

    def changed(self, instance: models.Model, before: dict[str, Any]) -> bool:
        return self.changes.changed(instance=instance, before=before)


def _reject(out: Outcome, field_name: str, message: str) -> None:
    out.verdict = "rejected"
    out.errors.append((field_name, message))


# Lookups a batch at a time use field__any (sinergi.core.lookups): one array parameter instead of 2,000.


def _check(
    *, actor: User, rows: Sequence[BusinessIn], outcomes: dict[int, Outcome]
) -> tuple[dict[str, Business], dict[str, int]]:
    """Reject rows the registry refuses; return existing businesses by ref and NIB/halal owners."""
    prefixes = region_prefixes(actor)
    villages = set(
        Region.objects.filter(pk__any=list({r.desa_id for r in rows}), level=RegionLevel.DESA_KELURAHAN).values_list(
            "pk", flat=True
        )
    )
    refs: set[str] = set()
    seen_doc: dict[tuple[str, str], int] = {}
    for r in rows:
        out = outcomes[r.key]
        if r.desa_id not in villages:
            _reject(out, "desa", _("Unknown village (desa/kelurahan) “%(code)s”.") % {"code": r.desa_id})
        elif prefixes is not None and not any(r.desa_id == p or r.desa_id.startswith(p + ".") for p in prefixes):
            _reject(out, "desa", _("You may not change records in region %(code)s.") % {"code": r.desa_id})
        refs.update(ref for ref in (r.external_ref, r.natural_ref, *r.legacy_refs) if ref)
        for kind, number in ((DocumentKind.NIB, r.nib), (DocumentKind.HALAL, r.halal)):
            if number and (kind, number) in seen_doc:
                _reject(
                    out,
                    kind,
                    _("%(kind)s %(number)s is also on row %(row)d of this file.")
                    % {"kind": DocumentKind(kind).label, "number": number, "row": seen_doc[(kind, number)]},
                )
            elif number:
                seen_doc[(kind, number)] = r.key
    by_ref = {b.external_ref: b for b in Business.objects.filter(external_ref__any=list(refs)) if b.external_ref}
    # A row whose business was merged into another updates the survivor.
    unknown = [ref for ref in refs if ref not in by_ref]
    for alias in ExternalRefAlias.objects.filter(ref__any=unknown).select_related("business"):
        by_ref[alias.ref] = alias.business
    doc_owner: dict[str, int] = {}
    for kind in (DocumentKind.NIB, DocumentKind.HALAL):
        numbers = [n for (k, n) in seen_doc if k == kind]
        for number, business_id in LegalDocument.objects.filter(kind=kind, number__any=numbers).values_list(
            "number", "business_id"
        ):
            doc_owner[f"{kind}:{number}"] = business_id
    return by_ref, doc_owner


_NOT_NAME = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """A business or person name as compared for identity: lower case letters and digits only."""
    return _NOT_NAME.sub("", name.lower())


def _is_source_ref(ref: str) -> bool:
    return ":id:" in ref


def _method_of_ref(ref: str) -> MatchedBy:
    if _is_source_ref(ref):
        return "source_id"
    return "nib" if ":nib:" in ref else "owner_name_desa"


def _waves(rows: Sequence[BusinessIn], outcomes: dict[int, Outcome]) -> list[list[BusinessIn]]:
    """The rows in passes: a row giving again a business of an earlier row (same NIB, source ID or owner +
    name + village) goes in the pass after that row's, and its outcome names the earlier row.

    One NIB on two rows with different source IDs is two records claiming one number: the later is refused."""
    last: dict[str, tuple[int, int, str]] = {}  # key → (wave, row key, source ref) of the latest row with it
    waves: list[list[BusinessIn]] = []
    for r in rows:
        source_ref = r.external_ref if _is_source_ref(r.external_ref) else ""
        # A source ID is the source's own word on identity: two IDs are two businesses, however alike.
        natural = "" if source_ref else (r.natural_ref or r.external_ref)
        keys = [k for k in (f"nib:{r.nib}" if r.nib else "", source_ref, natural) if k]
        earlier = [last[k] for k in keys if k in last]
        nib_row = last.get(f"nib:{r.nib}") if r.nib else None
        if nib_row is not None and nib_row[2] and source_ref and nib_row[2] != source_ref:
            _reject(
                outcomes[r.key],
                DocumentKind.NIB,
                _("%(kind)s %(number)s is also on row %(row)d of this file.")
                % {"kind": DocumentKind.NIB.label, "number": r.nib, "row": nib_row[1]},
            )
            continue
        wave = max((w for w, _k, _s in earlier), default=-1) + 1
        if earlier:
            outcomes[r.key].same_as = max(earlier)[1]
        for k in keys:
            last[k] = (wave, r.key, source_ref or (last[k][2] if k in last else ""))
        if wave == len(waves):
            waves.append([])
        waves[wave].append(r)
    return waves


def _by_owner_name_desa(rows: Sequence[BusinessIn]) -> dict[tuple[str, str, str], int]:
    """Existing businesses by (owner NIK, village, normalised name), for the rows that give an owner's NIK."""
    niks = {r.owner.nik for r in rows if r.owner and r.owner.nik}
    if not niks:
        return {}
    found = Business.objects.filter(owner__nik__any=list(niks), desa_id__any=list({r.desa_id for r in rows}))
    result: dict[tuple[str, str, str], int] = {}
    for pk, name, desa_id, nik in found.order_by("pk").values_list("pk", "name", "desa_id", "owner__nik"):
        result.setdefault((nik or "", desa_id, name_key(name)), pk)
    return result


@transaction.atomic
def businesses_import(
    *, actor: User, rows: Sequence[BusinessIn], job: Job | None = None, source: str = ChangeSource.JOB
) -> list[Outcome]:
    """Create or update each row's business (with owner, yearly figures, NIB and halal documents)."""
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not change the registry."))
    outcomes = {r.key: Outcome(key=r.key, verdict="unchanged") for r in rows}
    for wave in _waves(rows, outcomes):
        _import_pass(actor=actor, rows=wave, outcomes=outcomes, job=job, source=source)
    for out in outcomes.values():
        if out.verdict in ("created", "rejected"):
            out.same_as = None  # the earlier row was refused, so this one is not a repeat of a record
    return [outcomes[r.key] for r in rows]


def _targets(
    *, rows: Sequence[BusinessIn], outcomes: dict[int, Outcome], by_ref: dict[str, Business], doc_owner: dict[str, int]
) -> dict[int, Business | None]:
    """Each row's existing business, or None for a new one; records how it was found on the outcome."""
    by_owner = _by_owner_name_desa(rows)
    found: dict[int, tuple[int, MatchedBy] | None] = {}
    for r in rows:
        nib_holder = doc_owner.get(f"{DocumentKind.NIB}:{r.nib}") if r.nib else None
        by_source = by_ref.get(r.external_ref) if _is_source_ref(r.external_ref) else None
        natural: tuple[int, MatchedBy] | None = None
        for ref in (r.external_ref, r.natural_ref, *r.legacy_refs):
            if ref in by_ref and (ref in r.legacy_refs or not _is_source_ref(ref)):
                natural = (by_ref[ref].pk, _method_of_ref(ref))
                break
        if natural is None and r.owner and r.owner.nik:
            pk = by_owner.get((r.owner.nik, r.desa_id, name_key(r.name)))
            natural = (pk, "owner_name_desa") if pk else None
        if nib_holder is not None and by_source is not None and by_source.pk != nib_holder:
            _reject(
                outcomes[r.key],
                DocumentKind.NIB,
                _("%(kind)s %(number)s is already registered to another business.")
                % {"kind": DocumentKind.NIB.label, "number": r.nib},
            )
            continue
        if nib_holder is not None:
            found[r.key] = (nib_holder, "nib")
        elif by_source is not None:
            found[r.key] = (by_source.pk, "source_id")
        else:
            found[r.key] = natural
    by_id = {b.pk: b for b in Business.objects.filter(pk__any=list({f[0] for f in found.values() if f}))}
    targets: dict[int, Business | None] = {}
    for r in rows:
        out = outcomes[r.key]
        if out.verdict == "rejected":
            continue
        hit = found[r.key]
        target = by_id[hit[0]] if hit else None
        out.matched_by = hit[1] if hit else "new"
        holder = doc_owner.get(f"{DocumentKind.HALAL}:{r.halal}") if r.halal else None
        if holder is not None and (target is None or holder != target.pk):
            _reject(
                out,
                DocumentKind.HALAL,
                _("%(kind)s %(number)s is already registered to another business.")
                % {"kind": DocumentKind.HALAL.label, "number": r.halal},
            )
        targets[r.key] = target
    return targets


def _import_pass(
    *, actor: User, rows: Sequence[BusinessIn], outcomes: dict[int, Outcome], job: Job | None, source: str
) -> None:
    """One pass of businesses_import: rows that are distinct businesses of one another."""
    by_ref, doc_owner = _check(actor=actor, rows=rows, outcomes=outcomes)
    checked = [r for r in rows if outcomes[r.key].verdict != "rejected"]
    targets = _targets(rows=checked, outcomes=outcomes, by_ref=by_ref, doc_owner=doc_owner)
    accepted = [r for r in rows if outcomes[r.key].verdict != "rejected"]
    writer = _Writer(actor=actor, job=job, source=source)
    owners = _owners(actor=actor, rows=accepted, targets=targets, outcomes=outcomes, writer=writer)
    accepted = [r for r in accepted if outcomes[r.key].verdict != "rejected"]  # an owner of another region
    touched, names = _businesses(rows=accepted, targets=targets, owners=owners, outcomes=outcomes, writer=writer)
    existing = {t.pk: t for r in accepted if (t := targets[r.key]) is not None}
    _years_and_documents(
        rows=accepted, touched=touched, names=names, existing=existing, outcomes=outcomes, writer=writer
    )
    writer.changes.save()


def _owners(
    *,
    actor: User,
    rows: Sequence[BusinessIn],
    targets: dict[int, Business | None],
    outcomes: dict[int, Outcome],
    writer: _Writer,
) -> dict[int, tuple[int, str]]:
    """The owner (id, name) of each row that names one: found by NIK, else the business's current owner, else new.

    A row whose owner record is created or changed counts as an update of an existing business.

    A NIK is one person's, wherever registered. A person found by NIK in a region the importer does not edit is
    neither changed nor linked (issue 14): the row is refused with the business form's words, which do not say
    whether or where the number is registered, unless the row's business already has that person as its owner
    (then the link stays and the person's fields are left as their region keeps them)."""
    niks = {r.owner.nik for r in rows if r.owner and r.owner.nik}
    by_nik: dict[str, Person | _New] = {p.nik: p for p in Person.objects.filter(nik__any=list(niks)) if p.nik}
    may_edit = personal_checker(actor)  # editors of the person's region (and an owner for themself)
    current_ids = {t.owner_id for t in targets.values() if t is not None and t.owner_id}
    current = {p.pk: p for p in Person.objects.filter(pk__any=list(current_ids))}
    result: dict[int, Person | _New] = {}
    new: list[_New] = []
    changed: dict[int, tuple[Person, dict[str, Any]]] = {}
    for r in rows:
        o = r.owner
        if o is None or not o.name:
            continue
        target = targets.get(r.key)
        person = by_nik.get(o.nik) if o.nik else None
        if isinstance(person, Person) and not may_edit(person.desa_id, person.pk):
            if target is None or target.owner_id != person.pk:
                _reject(outcomes[r.key], "owner_nik", _nik_taken_message(actor, person.desa_id))
                continue
            result[r.key] = person  # already this business's owner: linked, not changed
            continue
        if person is None and target is not None and target.owner_id in current:
            candidate = current[target.owner_id]
            if not candidate.nik or candidate.nik == o.nik:
                person = candidate
        if person is None:
            person = _New(
                {
                    "nik": o.nik,
                    "name": o.name,
                    "sex": o.sex,
                    "birth_date": o.birth_date,
                    "phone": o.phone,
                    "desa_id": r.desa_id,
                }
            )
            new.append(person)
            if o.nik:
                by_nik[o.nik] = person
        elif isinstance(person, Person):  # a person this batch creates keeps the first row's values
            before = changed[person.pk][1] if person.pk in changed else snapshot(person)
            values = {"name": o.name, "sex": o.sex, "birth_date": o.birth_date, "phone": o.phone}
            if o.nik and not person.nik:
                values["nik"] = o.nik
            for name, value in values.items():
                if value not in ("", None):
                    setattr(person, name, value)
            changed[person.pk] = (person, before)
        result[r.key] = person
    writer.create(Person, new, label=lambda p: p.values["name"])
    dirty = [p for p, before in changed.values() if writer.changed(p, before)]
    renewed = {id(p) for p in (*new, *dirty)}
    for key, person in result.items():
        if id(person) in renewed:
            outcomes[key].verdict = "updated"
    if dirty:
        now = timezone.now()
        for p in dirty:
            p.updated_at = now
        update_many(dirty, [*_PERSON_UPDATABLE, "nik", "updated_at"])
    return {key: (p.pk, p.name) if isinstance(p, Person) else (p.pk, p.values["name"]) for key, p in result.items()}


def _businesses(
    *,
    rows: Sequence[BusinessIn],
    targets: dict[int, Business | None],
    owners: dict[int, tuple[int, str]],
    outcomes: dict[int, Outcome],
    writer: _Writer,
) -> tuple[dict[int, int], dict[int, str]]:
    """Create or update each row's business; the business id of each row, and each business's name."""
    new: list[tuple[BusinessIn, _New]] = []
    dirty: dict[int, Business] = {}
    touched: dict[int, int] = {}
    for r in rows:
        owner = owners.get(r.key)
        target = targets.get(r.key)
        if target is None:
            f = r.figures
            values = {
                "name": r.name,
                "desa_id": r.desa_id,
                "address": r.address,
                "kbli": r.kbli,
                "cluster_id": r.cluster_id,
                "workforce": r.workforce,
                "founded_on": r.founded_on,
                "extra": r.extra,
                "owner_id": owner[0] if owner else None,
                "external_ref": r.external_ref,
                # A new business has only this row's year and documents to derive from.
                "scale": (f and scale_rules.classify(modal_usaha=f.modal_usaha, annual_sales=f.annual_sales)) or "",
                "has_nib": bool(r.nib),
                "has_halal": bool(r.halal),
                "search_text": search_text_for(name=r.name, owner_name=owner[1] if owner else "", address=r.address),
            }
            new.append((r, _New(values)))
            continue
        before = snapshot(target)
        for name in _BUSINESS_UPDATABLE:
            value = getattr(r, name)
            if value not in ("", None):
                setattr(target, name, value)
        if owner is not None:
            target.owner_id = owner[0]
        if r.extra and (merged := {**(target.extra or {}), **r.extra}) != target.extra:
            target.extra = merged
        if not target.external_ref:
            target.external_ref = r.external_ref
        if writer.changed(target, before):
            dirty[target.pk] = target
            outcomes[r.key].verdict = "updated"
        outcomes[r.key].business_id = target.pk
        touched[r.key] = target.pk
    names = {t.pk: t.name for r in rows if (t := targets.get(r.key)) is not None}
    writer.create(Business, [b for _r, b in new], label=lambda b: b.values["name"])
    for r, b in new:
        outcomes[r.key].verdict = "created"
        outcomes[r.key].business_id = b.pk
        touched[r.key] = b.pk
        names[b.pk] = b.values["name"]
    if dirty:
        now = timezone.now()
        for business in dirty.values():
            business.updated_at = now
        update_many(list(dirty.values()), [*_BUSINESS_UPDATABLE, "extra", "owner", "external_ref", "updated_at"])
    return touched, names


def _with_figures(f: FiguresIn, current: dict[str, Any]) -> dict[str, Any]:
    """A year's figures (and scale) once this row's are written over ``current``; a blank keeps what is there."""
    values = dict(current)
    for name in _YEAR_FIGURES:
        value = getattr(f, name)
        if isinstance(value, Decimal):
            value = value.quantize(_CENTS)  # as stored, so an unchanged figure compares equal
        if value is not None:
            values[name] = value
    values["scale"] = scale_rules.classify(modal_usaha=values["modal_usaha"], annual_sales=values["annual_sales"]) or ""
    values["scale_rule"] = scale_rules.CURRENT_RULE.code
    return values


def _years_and_documents(
    *,
    rows: Sequence[BusinessIn],
    touched: dict[int, int],
    names: dict[int, str],
    existing: dict[int, Business],
    outcomes: dict[int, Outcome],
    writer: _Writer,
) -> None:
    # Only businesses that existed before this batch can have years and documents already.
    years: dict[tuple[int, int], BusinessYear | _New] = {
        (y.business_id, y.year): y for y in BusinessYear.objects.filter(business_id__any=list(existing))
    }
    docs = set(
        LegalDocument.objects.filter(business_id__any=list(existing)).values_list("business_id", "kind", "number")
    )
    new_years: list[_New] = []
    dirty_years: list[BusinessYear] = []
    new_docs: list[_New] = []
    for r in rows:
        business_id = touched[r.key]
        out = outcomes[r.key]
        f = r.figures
        year_new = False
        if f is not None:
            y = years.get((business_id, f.year))
            if y is None:
                empty = dict.fromkeys(_YEAR_FIGURES)
                y = _New(_with_figures(f, {"business_id": business_id, "year": f.year, **empty}))
                new_years.append(y)
                years[(business_id, f.year)] = y
                year_new = True
            elif isinstance(y, _New):
                # A year this batch creates, given again by another row for the same business: the later
                # figures win, and the creation's change-log row shows them.
                values = _with_figures(f, y.values)
                if values != y.values and out.verdict == "unchanged":
                    out.verdict = "updated"
                y.values = values
            else:
                before = snapshot(y)
                for name, value in _with_figures(f, {n: getattr(y, n) for n in _YEAR_FIGURES}).items():
                    setattr(y, name, value)
                if writer.changed(y, before):
                    dirty_years.append(y)
                    if out.verdict == "unchanged":
                        out.verdict = "updated"
        for kind, number in ((DocumentKind.NIB.value, r.nib), (DocumentKind.HALAL.value, r.halal)):
            if number and (business_id, kind, number) not in docs:
                docs.add((business_id, kind, number))
                new_docs.append(_New({"business_id": business_id, "kind": kind, "number": number}))
                if out.verdict == "unchanged":
                    out.verdict = "updated"
        if year_new and out.verdict == "unchanged":
            out.verdict = "updated"
    writer.create(BusinessYear, new_years, label=lambda y: f"{names[y.values['business_id']]} {y.values['year']}")
    kind_labels = {kind.value: str(kind.label) for kind in (DocumentKind.NIB, DocumentKind.HALAL)}
    writer.create(LegalDocument, new_docs, label=lambda d: f"{kind_labels[d.values['kind']]} {d.values['number']}")
    update_many(dirty_years, [*_YEAR_FIGURES, "scale", "scale_rule"])
    scales = {key: y.values["scale"] if isinstance(y, _New) else y.scale for key, y in years.items()}
    _refresh_derived(businesses=list(existing.values()), scales=scales, docs=docs)


def _refresh_derived(
    *,
    businesses: list[Business],
    scales: dict[tuple[int, int], str],
    docs: set[tuple[int, str, str]],
) -> None:
    """Scale from the latest year, NIB/halal flags and search text, as the per-record services keep them.

    ``scales`` and ``docs`` hold every year and document of these businesses, as the batch left them."""
    latest: dict[int, tuple[int, str]] = {}
    for (business_id, year), scale in scales.items():
        if business_id not in latest or year > latest[business_id][0]:
            latest[business_id] = (year, scale)
    kinds: dict[int, set[str]] = {}
    for business_id, kind, _number in docs:
        kinds.setdefault(business_id, set()).add(kind)
    owner_names = dict(
        Person.objects.filter(pk__any=list({b.owner_id for b in businesses if b.owner_id})).values_list("pk", "name")
    )
    dirty = []
    for b in businesses:
        derived = (
            latest.get(b.pk, (0, ""))[1],
            DocumentKind.NIB in kinds.get(b.pk, set()),
            DocumentKind.HALAL in kinds.get(b.pk, set()),
            search_text_for(name=b.name, owner_name=owner_names.get(b.owner_id or 0, ""), address=b.address),
        )
        if derived != (b.scale, b.has_nib, b.has_halal, b.search_text):
            b.scale, b.has_nib, b.has_halal, b.search_text = derived
            dirty.append(b)
    update_many(dirty, ["scale", "has_nib", "has_halal", "search_text"])
