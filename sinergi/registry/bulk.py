"""Bulk writes to the registry, for sizes the per-row services cannot reach (10⁵–10⁶ businesses).

Each business arrives as a plain ``BusinessRow`` (owner, yearly figures, documents). Rows are checked
with the same validators the services use, written in batches (one transaction per batch) and
streamed, so memory stays flat however many rows the iterable yields. The derived columns (scale,
has_nib, has_halal, search_text) are computed as the services compute them, and every inserted row
gets its "create" change-log row. On PostgreSQL the rows go in through COPY; elsewhere through
``bulk_create``.

Longer than the house's 400 lines on purpose: the checks, the column lists and the two writers (COPY
and ORM) must agree column for column, and keeping them on one page is what keeps them agreeing.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry, personal_checker, region_prefixes
from sinergi.accounts.models import User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource
from sinergi.core.validators import (
    check_nik_agrees,
    normalize_kbli,
    normalize_nib,
    normalize_phone_id,
    parse_nik_strict,
)
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry import scale as scale_rules
from sinergi.registry.derived import search_text_for
from sinergi.registry.models import (
    BoardMember,
    Business,
    BusinessYear,
    Cluster,
    DocumentKind,
    LegalDocument,
    Person,
)

DEFAULT_BATCH_SIZE = 5000
_KINDS = frozenset(DocumentKind.values)  # the enum builds a new list on every access


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A business owner as generated or read from a file; ``phone`` may be in any Indonesian form."""

    nik: str
    name: str
    sex: str
    birth_date: date
    phone: str
    address: str
    desa_id: str


@dataclass(frozen=True, slots=True)
class YearRow:
    year: int
    modal_usaha: Decimal | None
    annual_sales: Decimal | None
    workforce: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    kind: str
    number: str
    issued_on: date | None = None
    expires_on: date | None = None
    issuer: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class BusinessRow:
    """One business with its owner, yearly figures and documents. ``external_ref`` makes re-runs idempotent."""

    external_ref: str
    name: str
    owner: PersonRow
    desa_id: str
    address: str = ""
    kbli: str = ""
    cluster_slug: str = ""
    workforce: int | None = None
    years: tuple[YearRow, ...] = ()
    documents: tuple[DocumentRow, ...] = ()


@dataclass
class BulkReport:
    created: int = 0
    skipped: int = 0
    persons: int = 0
    years: int = 0
    documents: int = 0
    change_log: int = 0
    seconds: float = 0.0
    batches: list[float] = field(default_factory=list)  # seconds per batch, to show the rate stays flat


def derived_columns(row: BusinessRow) -> tuple[str, bool, bool, str]:
    """(scale, has_nib, has_halal, search_text) as the services would leave them after writing this row."""
    scale = ""
    if row.years:
        latest = max(row.years, key=lambda y: y.year)
        scale = scale_rules.classify(modal_usaha=latest.modal_usaha, annual_sales=latest.annual_sales) or ""
    kinds = {d.kind for d in row.documents}
    text = search_text_for(name=row.name, owner_name=row.owner.name, address=row.address)
    return scale, DocumentKind.NIB in kinds, DocumentKind.HALAL in kinds, text


# --- checks -------------------------------------------------------------------------------------------


class _Checker:
    """Row checks with the services' validators; lookups of regions and clusters are cached across batches."""

    def __init__(self, *, actor: User) -> None:
        if not can_edit_registry(actor):
            raise PermissionDenied(_("You may not change the registry."))
        self.prefixes = region_prefixes(actor)
        self.villages: dict[str, bool] = {}
        self.clusters = dict(Cluster.objects.values_list("slug", "pk"))
        self.today = timezone.localdate()
        self.limits = {
            f"{model._meta.model_name}.{name}": int(model._meta.get_field(name).max_length or 0)  # type: ignore[union-attr]
            for model, name in ((Business, "name"), (Business, "address"), (Person, "name"), (Person, "address"))
        }

    def _village(self, code: str) -> bool:
        if code not in self.villages:
            self.villages[code] = Region.objects.filter(pk=code, level=RegionLevel.DESA_KELURAHAN).exists()
        return self.villages[code]

    def _in_scope(self, code: str) -> bool:
        return self.prefixes is None or any(code == p or code.startswith(p + ".") for p in self.prefixes)

    def check(self, row: BusinessRow) -> tuple[str, int | None]:
        """The owner's phone in E.164 and the cluster id; ValidationError naming the row otherwise."""
        errors: dict[str, str] = {}
        try:
            nik = parse_nik_strict(row.owner.nik, today=self.today)
        except ValidationError as exc:
            errors["owner.nik"] = exc.messages[0]
        else:
            agree = check_nik_agrees(nik=nik, birth_date=row.owner.birth_date, sex=row.owner.sex)
            errors.update({f"owner.{k}": v for k, v in agree.items()})
        phone = ""
        if row.owner.phone:
            try:
                phone = normalize_phone_id(row.owner.phone)
            except ValidationError as exc:
                errors["owner.phone"] = exc.messages[0]
        for key, code in (("desa_id", row.desa_id), ("owner.desa_id", row.owner.desa_id)):
            if not self._village(code):
                errors[key] = _("Unknown village (desa/kelurahan) “%(code)s”.") % {"code": code}
            elif not self._in_scope(code):
                errors[key] = _("You may not change records in region %(code)s.") % {"code": code}
        for key, value, limit in (
            ("name", row.name, self.limits["business.name"]),
            ("address", row.address, self.limits["business.address"]),
            ("owner.name", row.owner.name, self.limits["person.name"]),
            ("owner.address", row.owner.address, self.limits["person.address"]),
        ):
            if len(value) > limit:
                errors[key] = _("At most %(max)d characters (this has %(n)d).") % {"max": limit, "n": len(value)}
        if row.kbli:
            try:
                normalize_kbli(row.kbli)
            except ValidationError as exc:
                errors["kbli"] = exc.messages[0]
        cluster_id = self.clusters.get(row.cluster_slug) if row.cluster_slug else None
        if row.cluster_slug and cluster_id is None:
            errors["cluster"] = _("Unknown cluster “%(slug)s”.") % {"slug": row.cluster_slug}
        for doc in row.documents:
            if doc.kind not in _KINDS:
                errors["documents"] = _("Unknown document kind “%(kind)s”.") % {"kind": doc.kind}
            elif doc.kind == DocumentKind.NIB:
                try:
                    normalize_nib(doc.number)
                except ValidationError as exc:
                    errors["documents"] = exc.messages[0]
        for y in row.years:
            if y.modal_usaha is None and y.annual_sales is None:
                errors["years"] = _("Give the capital, the annual sales, or both.")
        if errors:
            detail = "; ".join(f"{k}: {v}" for k, v in sorted(errors.items()))
            raise ValidationError(_("Row %(ref)s: %(detail)s") % {"ref": row.external_ref, "detail": detail})
        return phone, cluster_id


def _check_unique(batch: Sequence[BusinessRow], *, actor: User) -> None:
    """NIK and (kind, number) must be new, within the batch and against the database.

    A NIK registered in a region the actor does not edit is refused without saying so (UU 27/2022, issue 14): the
    message names it among those that "cannot be used here", as the business form does, and only NIKs of the
    actor's own regions as "already registered"."""
    niks = [r.owner.nik for r in batch]
    docs = [(d.kind, d.number) for r in batch for d in r.documents]
    dup_nik = {n for n in niks if niks.count(n) > 1} if len(set(niks)) != len(niks) else set()
    may_see = personal_checker(actor)
    hidden: set[str] = set()
    for nik, desa_id, pk in Person.objects.filter(nik__in=niks).values_list("nik", "desa_id", "pk"):
        if nik:
            (dup_nik if may_see(desa_id, pk) else hidden).add(nik)
    if hidden:
        raise ValidationError(
            _(
                "These NIKs cannot be used here: %(niks)s. Check them on the identity cards; if they are right, "
                "ask the office's administrator."
            )
            % {"niks": ", ".join(sorted(hidden)[:10])}
        )
    if dup_nik:
        raise ValidationError(
            _("These NIKs are already registered: %(niks)s") % {"niks": ", ".join(sorted(dup_nik)[:10])}
        )
    if len(set(docs)) != len(docs):
        raise ValidationError(_("A document number appears twice in one batch."))
    by_kind: dict[str, list[str]] = {}
    for kind, number in docs:
        by_kind.setdefault(kind, []).append(number)
    taken: set[str] = set()
    for kind, numbers in by_kind.items():
        # One query per kind so the (kind, number) unique index serves the lookup.
        taken |= set(LegalDocument.objects.filter(kind=kind, number__in=numbers).values_list("number", flat=True))
    if taken:
        raise ValidationError(
            _("These document numbers are already registered: %(numbers)s") % {"numbers": ", ".join(sorted(taken)[:10])}
        )


# --- snapshots ---------------------------------------------------------------------------------------
# Built as plain dicts rather than through core.changelog.snapshot(): the result is the same JSON
# (tests compare them) at a fraction of the cost of constructing a model instance per row. Which
# columns a snapshot keeps is asked of snapshot() itself, on an empty instance, so the two cannot drift.


def _after(kind: str, values: dict[str, Any]) -> str:
    keys = _SNAPSHOT_KEYS.get(kind)
    if keys is None:
        keys = _SNAPSHOT_KEYS[kind] = frozenset(snapshot(_MODELS[kind]()))
    return json.dumps({k: v for k, v in values.items() if k in keys})


_SNAPSHOT_KEYS: dict[str, frozenset[str]] = {}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass
class _Batch:
    """Rows of one batch ready for insertion: (table columns → tuples) and change-log entries."""

    persons: list[tuple[Any, ...]] = field(default_factory=list)
    businesses: list[tuple[Any, ...]] = field(default_factory=list)
    years: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    logs: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)  # (model, id, repr, after)


PERSON_COLUMNS = ("id", "created_at", "updated_at", "nik", "name", "sex", "birth_date", "phone", "address", "desa_id")
BUSINESS_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "name",
    "owner_id",
    "desa_id",
    "address",
    "latitude",
    "longitude",
    "kbli",
    "cluster_id",
    "workforce",
    "scale",
    "has_nib",
    "has_halal",
    "search_text",
    "external_ref",
)
YEAR_COLUMNS = ("id", "business_id", "year", "modal_usaha", "annual_sales", "workforce", "scale", "scale_rule")
DOCUMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "business_id",
    "kind",
    "number",
    "issued_on",
    "expires_on",
    "issuer",
    "notes",
)


def _build(
    *, rows: Sequence[tuple[BusinessRow, str, int | None]], ids: dict[str, Iterator[int]], now: datetime
) -> _Batch:
    stamp = json.loads(json.dumps(now, cls=DjangoJSONEncoder))
    rule = scale_rules.CURRENT_RULE.code
    labels = {k: str(DocumentKind(k).label) for k in DocumentKind.values}
    out = _Batch()
    for row, phone, cluster_id in rows:
        o = row.owner
        pid, bid = next(ids["person"]), next(ids["business"])
        out.persons.append((pid, now, now, o.nik, o.name, o.sex, o.birth_date, phone, o.address, o.desa_id))
        person_after = {
            "id": pid,
            "created_at": stamp,
            "nik": o.nik,
            "name": o.name,
            "sex": o.sex,
            "birth_date": _day(o.birth_date),
            "phone": phone,
            "address": o.address,
            "desa_id": o.desa_id,
            # Not written by COPY: the columns' defaults, as snapshot() reads them back.
            "poverty_decile": None,
            "poverty_source": "",
        }
        out.logs.append(("person", str(pid), o.name[:255], person_after))
        scale, has_nib, has_halal, text = derived_columns(row)
        values = (row.name, pid, row.desa_id, row.address, None, None, row.kbli, cluster_id, row.workforce)
        out.businesses.append((bid, now, now, *values, scale, has_nib, has_halal, text, row.external_ref))
        business_after = dict(zip(BUSINESS_COLUMNS, (bid, stamp, None, *values), strict=False))
        business_after.pop("updated_at")
        business_after.update(
            scale=scale, has_nib=has_nib, has_halal=has_halal, search_text=text, external_ref=row.external_ref
        )
        # Not written by COPY: the columns' defaults, as snapshot() reads them back.
        business_after.update(founded_on=None, extra={})
        out.logs.append(("business", str(bid), row.name[:255], business_after))
        for y in row.years:
            yid = next(ids["year"])
            y_scale = scale_rules.classify(modal_usaha=y.modal_usaha, annual_sales=y.annual_sales) or ""
            out.years.append((yid, bid, y.year, y.modal_usaha, y.annual_sales, y.workforce, y_scale, rule))
            year_after = {
                "id": yid,
                "business_id": bid,
                "year": y.year,
                "modal_usaha": _money(y.modal_usaha),
                "annual_sales": _money(y.annual_sales),
                "workforce": y.workforce,
                "scale": y_scale,
                "scale_rule": rule,
            }
            out.logs.append(("year", str(yid), f"{row.name} {y.year}"[:255], year_after))
        for d in row.documents:
            did = next(ids["document"])
            number = normalize_nib(d.number) if d.kind == DocumentKind.NIB else " ".join(d.number.split())
            out.documents.append((did, now, now, bid, d.kind, number, d.issued_on, d.expires_on, d.issuer, d.notes))
            doc_after = {
                "id": did,
                "created_at": stamp,
                "business_id": bid,
                "kind": d.kind,
                "number": number,
                "issued_on": _day(d.issued_on),
                "expires_on": _day(d.expires_on),
                "issuer": d.issuer,
                "notes": d.notes,
            }
            out.logs.append(("document", str(did), f"{labels[d.kind]} {number}"[:255], doc_after))
    return out


# --- writers -----------------------------------------------------------------------------------------

_MODELS: dict[str, type[models.Model]] = {
    "person": Person,
    "business": Business,
    "year": BusinessYear,
    "document": LegalDocument,
}


def _reserve_ids(model: type[models.Model], count: int) -> Iterator[int]:
    """Ids taken from the table's own sequence (PostgreSQL), so COPY can write children beside parents."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return iter([r[0] for r in cur.fetchall()])


def _write_copy(*, batch: _Batch, log_rows: list[tuple[Any, ...]]) -> None:
    tables = (
        (Person, PERSON_COLUMNS, batch.persons),
        (Business, BUSINESS_COLUMNS, batch.businesses),
        (BusinessYear, YEAR_COLUMNS, batch.years),
        (LegalDocument, DOCUMENT_COLUMNS, batch.documents),
        (
            ChangeLog,
            ("time", "actor_id", "source", "action", "content_type_id", "object_id", "object_repr", "before", "after"),
            log_rows,
        ),
    )
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    with raw.cursor() as cur:
        for model, columns, rows in tables:
            if not rows:
                continue
            # Table and column names come from the models, never from input.
            sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cur.copy(sql) as copy:
                for r in rows:
                    copy.write_row(r)


def _write_orm(*, batch: _Batch, log_rows: list[tuple[Any, ...]]) -> None:
    def objects(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[Any]:
        return [model(**dict(zip(columns, r, strict=True))) for r in rows]

    Person.objects.bulk_create(objects(Person, PERSON_COLUMNS, batch.persons))
    Business.objects.bulk_create(objects(Business, BUSINESS_COLUMNS, batch.businesses))
    BusinessYear.objects.bulk_create(objects(BusinessYear, YEAR_COLUMNS, batch.years))
    LegalDocument.objects.bulk_create(objects(LegalDocument, DOCUMENT_COLUMNS, batch.documents))
    log_columns = ("time", "actor_id", "source", "action", "content_type_id", "object_id", "object_repr", "before")
    ChangeLog.objects.bulk_create(
        [ChangeLog(**dict(zip(log_columns, r[:-1], strict=True)), after=json.loads(r[-1])) for r in log_rows],
        batch_size=2000,
    )


def _orm_ids(model: type[models.Model]) -> Iterator[int]:
    """Ids for databases without COPY: continue after the current maximum (the batch holds the write lock)."""
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
    return itertools.count(top + 1)


def businesses_bulk_create(
    *,
    actor: User,
    rows: Iterable[BusinessRow],
    source: str = ChangeSource.COMMAND,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[BulkReport], None] | None = None,
) -> BulkReport:
    """Create the businesses (with owners, yearly figures, documents and change-log rows) that are not there yet.

    Rows whose ``external_ref`` already exists are skipped, so a re-run adds only what is missing.
    Each batch is one transaction: a bad row stops the run with a ValidationError naming it, and the
    batches before it stay written.
    """
    checker = _Checker(actor=actor)
    use_copy = connection.vendor == "postgresql"
    types = {k: ContentType.objects.get_for_model(m).pk for k, m in _MODELS.items()}
    actor_id = actor.pk
    report = BulkReport()
    started = time.perf_counter()
    stream = iter(rows)
    while chunk := list(itertools.islice(stream, batch_size)):
        t0 = time.perf_counter()
        existing = set(
            Business.objects.filter(external_ref__in=[r.external_ref for r in chunk]).values_list(
                "external_ref", flat=True
            )
        )
        todo = [r for r in chunk if r.external_ref not in existing]
        report.skipped += len(chunk) - len(todo)
        if todo:
            checked = [(r, *checker.check(r)) for r in todo]
            with transaction.atomic():
                _check_unique(todo, actor=actor)
                n_years = sum(len(r.years) for r in todo)
                n_docs = sum(len(r.documents) for r in todo)
                if use_copy:
                    with connection.cursor() as cur:
                        # Losing the last batches on a crash is acceptable for a re-runnable load; waiting
                        # for every commit to reach disk is not.
                        cur.execute("SET LOCAL synchronous_commit = off")
                    ids = {
                        "person": _reserve_ids(Person, len(todo)),
                        "business": _reserve_ids(Business, len(todo)),
                        "year": _reserve_ids(BusinessYear, n_years),
                        "document": _reserve_ids(LegalDocument, n_docs),
                    }
                else:
                    ids = {k: _orm_ids(m) for k, m in _MODELS.items()}
                now = timezone.now()
                batch = _build(rows=checked, ids=ids, now=now)
                log_rows = [
                    (now, actor_id, source, ChangeAction.CREATE, types[kind], oid, rep, None, _after(kind, after))
                    for kind, oid, rep, after in batch.logs
                ]
                (_write_copy if use_copy else _write_orm)(batch=batch, log_rows=log_rows)
            report.created += len(todo)
            report.persons += len(todo)
            report.years += n_years
            report.documents += n_docs
            report.change_log += len(log_rows)
        report.batches.append(time.perf_counter() - t0)
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)
    report.seconds = time.perf_counter() - started
    return report


def _delete_log(
    actor: User, content_type: int, pk: int, name: str, before: dict[str, Any], source: str, now: datetime
) -> ChangeLog:
    return ChangeLog(
        time=now,
        actor_id=actor.pk,
        source=source,
        action=ChangeAction.DELETE,
        content_type_id=content_type,
        object_id=str(pk),
        object_repr=name[:255],
        before=before,
        after=None,
    )


def businesses_bulk_delete(
    *,
    actor: User,
    external_ref_prefix: str,
    source: str = ChangeSource.COMMAND,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> tuple[int, int]:
    """Delete the businesses whose external_ref starts with the prefix, and their owners when they own
    nothing else and sit on no board. Returns (businesses, persons) deleted; each gets a "delete" row.

    Yearly figures, documents and memberships go with their business (as business_delete does).
    Only administrators may do this: it crosses every region.
    """
    if not can_edit_registry(actor) or region_prefixes(actor) is not None:
        raise PermissionDenied(_("Only an administrator may delete records in bulk."))
    if not external_ref_prefix:
        raise ValidationError(_("A prefix is required, so that a bulk delete never removes everything."))
    business_type = ContentType.objects.get_for_model(Business)
    person_type = ContentType.objects.get_for_model(Person)
    deleted = [0, 0]
    while True:
        with transaction.atomic():
            chunk = list(
                Business.objects.filter(external_ref__startswith=external_ref_prefix)
                .order_by("pk")
                .values_list("pk", "name", "owner_id", "external_ref")[:batch_size]
            )
            if not chunk:
                break
            ids = [c[0] for c in chunk]
            owner_ids = {c[2] for c in chunk if c[2] is not None}
            Business.objects.filter(pk__in=ids).delete()
            orphans = list(
                Person.objects.filter(pk__in=owner_ids, businesses__isnull=True)
                .exclude(pk__in=BoardMember.objects.values("person_id"))
                .values_list("pk", "name", "nik")
            )
            Person.objects.filter(pk__in=[p[0] for p in orphans]).delete()
            now = timezone.now()
            logs = [
                _delete_log(
                    actor, business_type.pk, pk, name, {"id": pk, "name": name, "external_ref": ref}, source, now
                )
                for pk, name, _o, ref in chunk
            ]
            logs += [
                _delete_log(actor, person_type.pk, pk, name, {"id": pk, "name": name, "nik": nik}, source, now)
                for pk, name, nik in orphans
            ]
            ChangeLog.objects.bulk_create(logs, batch_size=2000)
            deleted[0] += len(chunk)
            deleted[1] += len(orphans)
    return deleted[0], deleted[1]
