"""Inserting and updating many rows at once, for services that write in batches (imports).

Django's ``bulk_create`` builds one large INSERT per batch and ``bulk_update`` one CASE expression per
field and row; at thousands of rows per batch both cost more in query compilation than the database
spends writing, and building a model instance per new row costs more again. Here, on PostgreSQL, new
rows are plain tuples: ids come from the table's own sequence and the rows go in through COPY. Updates
are one prepared statement run for every row (psycopg pipelines them). Elsewhere (SQLite) the ORM's
bulk_create is used, which is fast enough there. Callers stay inside their service's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from django.db import connection, models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

# Field types whose Python values psycopg writes as the column expects, with nothing for Django to prepare.
_PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "DecimalField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How to turn a value for ``field`` into what COPY writes; None when it goes as it is."""
    if isinstance(field, models.JSONField):
        return _json_text  # values are JSON-ready already (dicts of str, int, bool, None)
    if field.get_internal_type() in _PLAIN_TYPES:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


_SEQUENCES: dict[tuple[str, str, str], str] = {}


def _sequence(meta: Any) -> str:
    """The name of the sequence behind a table's key, looked up once per database, table and column."""
    key = (connection.alias, meta.db_table, meta.pk.column)
    if key not in _SEQUENCES:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
            _SEQUENCES[key] = cur.fetchone()[0]
    return _SEQUENCES[key]


def _reserve_ids(meta: Any, count: int) -> list[int]:
    # The sequence as a constant: with pg_get_serial_sequence() inside nextval(), PostgreSQL resolved the
    # sequence again for every id, ≈9 ms for 2,000 ids against ≈1 ms (docs/performance.md, "Import").
    with connection.cursor() as cur:
        cur.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_sequence(meta), count])
        return [row[0] for row in cur.fetchall()]


def insert_values(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert new rows of ``model``, each the values of ``columns`` (attnames, pk excluded) in that order.

    Returns the new ids, in the order of ``rows``. Fields not named take their default; timestamps
    (``auto_now``, ``auto_now_add``, ``default=timezone.now``) take one "now" for the whole call (on
    SQLite, bulk_create stamps ``auto_now`` fields itself, a moment later)."""
    if not rows:
        return []
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
    named = [fields[c] for c in columns]
    now = timezone.now()
    rest = [f for name, f in fields.items() if name not in columns]
    rest_values = [
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) or f.default is timezone.now
        else f.get_default()
        for f in rest
    ]
    if not _is_postgres():
        extra = dict(zip((f.attname for f in rest), rest_values, strict=True))
        objs = [model(**extra, **dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=1000)
        return [obj.pk for obj in objs]
    ids = _reserve_ids(meta, len(rows))
    tail = tuple(f.get_db_prep_save(v, connection) for f, v in zip(rest, rest_values, strict=True))
    preparers = [_preparer(f) for f in named]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in [meta.pk.column, *(f.column for f in named), *(f.column for f in rest)])
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    # Table and column names come from the model, never from input.
    with raw.cursor() as cur, cur.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
        write = copy.write_row
        if any(preparers):
            steps = list(enumerate(preparers))
            for pk, row in zip(ids, rows, strict=True):
                values = list(row)
                for index, prepare in steps:
                    if prepare is not None:
                        values[index] = prepare(values[index])
                write((pk, *values, *tail))
        else:
            for pk, row in zip(ids, rows, strict=True):
                write((pk, *row, *tail))
    return ids


def update_many(objs: Sequence[M], fields: Sequence[str]) -> None:
    """Write the named fields of existing instances, one prepared UPDATE run per row."""
    if not objs:
        return
    meta = type(objs[0])._meta
    model_fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
    # Table and column names come from the model, never from input.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = []
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="update_many")  # type: ignore[attr-defined]
        values = [f.get_db_prep_save(f.pre_save(obj, add=False), connection) for f in model_fields]
        params.append([*values, obj.pk])
    with connection.cursor() as cur:
        cur.executemany(sql, params)


def insert_many(objs: Sequence[M]) -> None:
    """Insert new, unsaved instances of one model; each gets its id as ``insert_values`` hands it out."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = []
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="insert_many")  # type: ignore[attr-defined]
        rows.append([f.pre_save(obj, add=True) for f in fields])
    ids = insert_values(model, [f.attname for f in fields], rows)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
