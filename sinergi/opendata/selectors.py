"""Reads of open data: the office's workspace is scoped by the user's regions; the public reads only what
is published (and, in the catalogue, what was withdrawn, marked so)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from sinergi.accounts.access import is_office_staff, region_q
from sinergi.accounts.models import User
from sinergi.opendata.models import Dataset, DatasetStatus


def datasets_visible(*, user: User) -> QuerySet[Dataset]:
    if not is_office_staff(user):
        return Dataset.objects.none()
    return Dataset.objects.filter(region_q(user, "producer_office__code")).select_related("producer_office")


def dataset_get(*, user: User, pk: int) -> Dataset:
    return datasets_visible(user=user).get(pk=pk)


def datasets_published() -> QuerySet[Dataset]:
    return Dataset.objects.filter(status=DatasetStatus.PUBLISHED).select_related("producer_office")


def dataset_public(*, slug: str) -> Dataset:
    return datasets_published().get(slug=slug)


def datasets_in_catalogue(*, modified_since: dt.datetime | None = None) -> QuerySet[Dataset]:
    """Published and withdrawn (a withdrawn one once was public: harvesters must learn it is gone)."""
    qs = Dataset.objects.filter(
        Q(status=DatasetStatus.PUBLISHED) | Q(status=DatasetStatus.WITHDRAWN, published_at__isnull=False)
    ).select_related("producer_office")
    if modified_since is not None:
        qs = qs.filter(modified_at__gte=modified_since)
    return qs.order_by("-modified_at", "-id")


def dataset_search(*, q: str = "", organization: str = "", licence: str = "") -> QuerySet[Dataset]:
    qs = datasets_published()
    for word in q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(definition__icontains=word) | Q(tags__icontains=word))
    if organization:
        qs = qs.filter(producer_office_id=organization_code(organization))
    if licence:
        qs = qs.filter(licence=licence)
    return qs.order_by("-modified_at", "-id")


def organization_name(code: str) -> str:
    """The CKAN name of a producer's office: "dinas-17-08" for region 17.08."""
    return "dinas-" + code.replace(".", "-")


def organization_code(name: str) -> str:
    return name.removeprefix("dinas-").replace("-", ".")
