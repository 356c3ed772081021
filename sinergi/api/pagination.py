"""Keyset (cursor) pagination for every list in the API.

An OFFSET walk gets slower the deeper it goes and skips or repeats rows when records are added while a
client pages; an exact COUNT(*) over a million filtered businesses costs more than the page itself. So a
page is "the next `limit` rows after this (key, pk)", read straight off the (key, pk) index, and the total
is counted only when the client asks for it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

DEFAULT_LIMIT = 25
MAX_LIMIT = 200

T = TypeVar("T")
M = TypeVar("M", bound=Model)


def _same(value: Any) -> Any:
    return value


def _encode_value(value: Any) -> Any:
    # JSON has no datetime; isoformat keeps the microseconds a keyset comparison needs.
    return value.isoformat() if isinstance(value, datetime) else value


@dataclass(frozen=True, slots=True)
class Keyset:
    """How one list is ordered: by `field` (an ORM path, or None for the primary key alone), then the pk.

    `parse` turns the value read back from a cursor into what the database compares (e.g. a datetime).
    """

    field: str | None
    descending: bool = False
    parse: Callable[[Any], Any] = _same

    def ordering(self) -> list[str]:
        sign = "-" if self.descending else ""
        keys = [self.field, "pk"] if self.field else ["pk"]
        return [sign + k for k in keys]

    def after(self, *, value: Any, pk: Any) -> Q:
        """Rows strictly after (value, pk) in this order.

        Written as `key >= v AND (key > v OR pk > p)` rather than the plain OR so that the first
        condition is an index range: the database starts at v instead of filtering from the top.
        """
        gt, ge = ("lt", "lte") if self.descending else ("gt", "gte")
        if self.field is None:
            return Q(**{f"pk__{gt}": pk})
        return Q(**{f"{self.field}__{ge}": value}) & (Q(**{f"{self.field}__{gt}": value}) | Q(**{f"pk__{gt}": pk}))


BY_NAME = Keyset(field="name")
BY_PK = Keyset(field=None)
BY_NEWEST = Keyset(field=None, descending=True)


def keyset_of(queryset: QuerySet[Any]) -> Keyset:
    """The keyset matching the order a selector gave its queryset: (name, id) or newest id first."""
    order = tuple(queryset.query.order_by)
    if order in {("name", "id"), ("name", "pk")}:
        return BY_NAME
    if order in {("-id",), ("-pk",)}:
        return BY_NEWEST
    raise ValueError(f"no keyset for the ordering {order!r}")


def encode_cursor(*, value: Any, pk: Any) -> str:
    raw = json.dumps([_encode_value(value), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _invalid_cursor() -> ValidationError:
    return ValidationError({"cursor": _("This cursor is not valid; start again from the first page.")})


MAX_PK = 2**63 - 1  # BigAutoField; a larger id would make PostgreSQL raise rather than find nothing
_SCALARS = (str, int, float, type(None))


def _valid_pk(pk: Any) -> bool:
    if isinstance(pk, bool):
        return False
    if isinstance(pk, int):
        return 0 <= pk <= MAX_PK
    return isinstance(pk, str) and 0 < len(pk) <= 64  # regions are keyed by their code


def decode_cursor(*, cursor: str, keyset: Keyset) -> tuple[Any, Any]:
    """(value, pk) from a cursor made by encode_cursor; ValidationError on anything else.

    The one decoder of every cursor the API hands out: whatever a client sends (not base64, not ASCII, not JSON,
    a pk that is no id) is a field error on ``cursor``, never a server error."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        if not isinstance(value, _SCALARS) or not _valid_pk(pk):
            raise ValueError("not a cursor of this API")
        return keyset.parse(value), pk
    except (binascii.Error, ValueError, TypeError, OverflowError) as exc:
        raise _invalid_cursor() from exc


class PageQuery(Schema):
    """The paging part of every list's query string."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, 1 to {MAX_LIMIT}.")
    cursor: str | None = Field(
        None, max_length=400, description="The `next` value of the previous page; omit for the first page."
    )
    with_total: bool = Field(
        False, description="Also count every matching row (`total`). Costs a COUNT over the whole filtered set."
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank_means_default(cls, value: Any, info: ValidationInfo) -> Any:
        # Scripts and HTML forms send "?region=&limit=" for fields left empty: that means "no filter", not an error.
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)
        return value


class Page(Schema, Generic[T]):
    """One page of a list."""

    items: list[T]
    next: str | None = Field(description="Pass as `cursor` to get the following page; null on the last page.")
    total: int | None = Field(None, description="Number of matching rows, only when `with_total=true` was asked.")


def paginate(
    queryset: QuerySet[M],
    *,
    keyset: Keyset,
    page: PageQuery,
    transform: Callable[[list[M]], list[Any]] | None = None,
) -> dict[str, Any]:
    """One page of `queryset` in keyset order, as the dict a `Page[...]` response is built from.

    Reads limit + 1 rows to know whether another page follows without counting."""
    total = queryset.count() if page.with_total else None
    ordered = queryset.order_by(*keyset.ordering())
    if page.cursor:
        value, pk = decode_cursor(cursor=page.cursor, keyset=keyset)
        try:
            ordered = ordered.filter(keyset.after(value=value, pk=pk))
        except (ValueError, TypeError) as exc:  # a forged cursor whose values do not fit the columns
            raise _invalid_cursor() from exc
    rows = list(ordered[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_cursor = None
    if more:
        last = rows[-1]
        value = _resolve(last, keyset.field) if keyset.field else None
        next_cursor = encode_cursor(value=value, pk=last.pk)
    return {"items": transform(rows) if transform else rows, "next": next_cursor, "total": total}


def _resolve(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
