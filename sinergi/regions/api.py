"""Region endpoints: the Kemendagri hierarchy is public reference data, readable by any signed-in caller."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from sinergi.api.errors import responses
from sinergi.api.pagination import BY_PK, Page, PageQuery, paginate
from sinergi.regions import codes
from sinergi.regions.models import Region

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    display_name: str
    level: int
    kind: str
    parent: str | None = Field(alias="parent_id")
    timezone: str
    postal_code: str


class RegionDetailOut(RegionOut):
    ancestors: list[RegionOut] = Field(description="Province first, down to the parent.")

    @staticmethod
    def resolve_ancestors(obj: Region) -> list[Region]:
        return list(region_ancestors(region=obj))


def _code_prefix(value: str) -> str:
    """A region code used as a filter (any level, dotted or not); blank means no filter."""
    if not value:
        return value
    code = codes.normalize_code(value)
    if not codes.is_valid_code(code):
        # The sentence the region loader uses, so it is translated once.
        message = _("“%(code)s” is not a Kemendagri code (NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN).") % {"code": value}
        raise PydanticCustomError("region_code", message)
    return code


RegionPrefix = Annotated[
    str,
    Field(max_length=20, description="Region code prefix at any level: 17, 17.08, 17.08.01 …"),
    AfterValidator(_code_prefix),
]


class RegionQuery(PageQuery):
    parent: RegionPrefix = Field("", description="List the children of this code; provinces when empty.")
    q: str = Field(
        "",
        max_length=100,
        description="Words that must all appear in the name; searches below `parent`, or the whole country.",
    )


def region_list(*, parent: str, q: str) -> QuerySet[Region]:
    """Children of `parent` (provinces without one); with `q`, matching names anywhere below it."""
    qs = Region.objects.all()
    words = q.split()[:8]
    if words:
        if parent:
            qs = qs.filter(Q(code__startswith=parent + "."))
        for word in words:
            qs = qs.filter(name__icontains=word)
        return qs
    return qs.filter(parent_id=parent) if parent else qs.filter(parent__isnull=True)


def region_ancestors(*, region: Region) -> QuerySet[Region]:
    return Region.objects.filter(code__in=region.ancestor_codes()[:-1]).order_by("level")


@router.get(
    "/regions",
    response=responses({200: Page[RegionOut]}),
    description="Regions ordered by code. Keyset pages: pass `next` as `cursor`; `total` only with `with_total=true`.",
)
def regions(request: HttpRequest, filters: Query[RegionQuery]) -> Any:
    return paginate(region_list(parent=filters.parent, q=filters.q), keyset=BY_PK, page=filters)


@router.get("/regions/{code}", response=responses({200: RegionDetailOut}))
def region_get(request: HttpRequest, code: Annotated[str, Path(max_length=13)]) -> Region:
    return Region.objects.get(pk=codes.normalize_code(code))
