"""The office's open-data workspace in the API: /opendata/datasets lists and shows the datasets of the offices in
the caller's regions (office staff; another region's dataset answers 404) and lets a producer (produsen data)
make one, through the workspace's services. Publishing stays with the custodian's page; the public reads the
published ones through the CKAN action API and DCAT."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from sinergi.accounts.access import is_office_staff
from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_NEWEST, Page, PageQuery, paginate
from sinergi.core.models import ChangeSource
from sinergi.opendata import services
from sinergi.opendata.models import Dataset, DatasetStatus, EstimationLevel, Frequency, Licence
from sinergi.opendata.selectors import dataset_get, datasets_visible
from sinergi.registry.schemas import MAX_ID

router = Router(tags=["open data"])
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class DatasetOut(Schema):
    id: int
    slug: str
    title: str
    producer_office: str
    producer_unit: str
    source: str
    measure: str
    breakdown: str
    year: int
    definition: str
    interpretation: str
    formula: str
    unit: str
    disaggregation: str
    estimation_level: str
    frequency: str
    licence: str
    tags: list[str]
    status: str
    return_reason: str
    modified_at: Any
    published_at: Any | None
    public_url: str | None = Field(description="The public page, while the dataset is published.")


class DatasetIn(Schema):
    producer_office: str = Field(max_length=13, description="The producing office's region code.")
    slug: str = Field(max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")
    title: str = Field(max_length=200)
    producer_unit: str = Field(max_length=120)
    source: str = Field(max_length=60, description="A dataset source's code (e.g. businesses, indikator:…).")
    measure: str = Field(max_length=60)
    breakdown: str = Field("", max_length=60)
    year: int = Field(ge=2000, le=2100)
    definition: str = Field(max_length=5000)
    interpretation: str = Field("", max_length=5000)
    formula: str = Field(max_length=255)
    unit: str = Field(max_length=60)
    disaggregation: str = Field("", max_length=255)
    estimation_level: EstimationLevel = EstimationLevel.KABUPATEN
    frequency: Frequency = Frequency.ANNUAL
    licence: Licence = Licence.CC_BY
    tags: str = Field("", max_length=255, description="Keywords separated by commas.")


class DatasetQuery(PageQuery):
    status: Literal["draft", "submitted", "returned", "published", "withdrawn"] | None = None


def _staff(request: HttpRequest) -> User:
    user = actor_of(request)
    if not is_office_staff(user):
        raise PermissionDenied(_("The open-data workspace is for the office's staff."))
    return user


def _out(d: Dataset) -> dict[str, Any]:
    names = [f for f in DatasetOut.model_fields if f not in ("tags", "public_url", "producer_office", "id")]
    public = d.status == DatasetStatus.PUBLISHED
    return {
        **{f: getattr(d, f) for f in names},
        "id": d.pk,
        "producer_office": d.producer_office_id,
        "tags": d.tag_list(),
        "public_url": reverse("opendata_public_detail", args=[d.slug]) if public else None,
    }


@router.get("/opendata/datasets", response=responses({200: Page[DatasetOut]}), description="Newest first.")
def dataset_list(request: HttpRequest, query: Query[DatasetQuery]) -> Any:
    qs = datasets_visible(user=_staff(request))
    if query.status:
        qs = qs.filter(status=query.status)
    return paginate(qs, keyset=BY_NEWEST, page=query, transform=lambda rows: [_out(d) for d in rows])


@router.get("/opendata/datasets/{dataset_id}", response=responses({200: DatasetOut}))
def dataset_detail(request: HttpRequest, dataset_id: PathId) -> Any:
    return _out(dataset_get(user=_staff(request), pk=dataset_id))


@router.post("/opendata/datasets", response=responses({201: DatasetOut}))
def dataset_create(request: HttpRequest, payload: DatasetIn) -> Any:
    """A new draft dataset of the producer's office (its table is frozen when the custodian publishes it)."""
    user = _staff(request)
    data = payload.model_dump()
    office = data.pop("producer_office").strip()
    dataset = services.dataset_create(actor=user, producer_office=office, data=data, source=ChangeSource.API)
    return Status(201, _out(dataset_get(user=user, pk=dataset.pk)))
