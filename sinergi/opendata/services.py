"""The Satu Data workflow: a producer (produsen data) makes and submits a dataset; the custodian (walidata)
returns it with a reason or publishes it (its table frozen then, small cells suppressed), and may withdraw
it later. One change-log row per change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_custody_data, can_produce_data
from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.opendata.models import Dataset, DatasetStatus
from sinergi.opendata.published import build_table, check_choice
from sinergi.regions.models import Region

EDITABLE = (DatasetStatus.DRAFT, DatasetStatus.RETURNED)
FIELDS = (
    "slug",
    "title",
    "producer_unit",
    "source",
    "measure",
    "breakdown",
    "year",
    "definition",
    "interpretation",
    "formula",
    "unit",
    "disaggregation",
    "estimation_level",
    "frequency",
    "licence",
    "tags",
)


def _require_producer(actor: User, code: str) -> None:
    if not can_produce_data(actor, code):
        raise PermissionDenied(_("You may not produce data for region %(code)s.") % {"code": code})


def _require_custodian(actor: User, code: str) -> None:
    if not can_custody_data(actor, code):
        raise PermissionDenied(_("Only the custodian (walidata) may check and publish datasets."))


def _save(actor: User, dataset: Dataset, before: dict[str, Any] | None, source: str) -> Dataset:
    dataset.full_clean(exclude=["producer_office", "created_by", "published_by"])
    dataset.save()
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    record_change(actor=actor, instance=dataset, action=action, before=before, after=snapshot(dataset), source=source)
    return dataset


@transaction.atomic
def dataset_create(
    *, actor: User, producer_office: str, data: dict[str, Any], source: str = ChangeSource.WEB
) -> Dataset:
    _require_producer(actor, producer_office)
    if not Region.objects.filter(pk=producer_office, level__in=(1, 2)).exists():
        raise ValidationError({"producer_office": _("A producer is the office of a province or a regency/city.")})
    check_choice(
        source_code=data.get("source", ""), measure=data.get("measure", ""), breakdown=data.get("breakdown", "")
    )
    dataset = Dataset(
        producer_office_id=producer_office, created_by=actor, **{k: v for k, v in data.items() if k in FIELDS}
    )
    return _save(actor, dataset, None, source)


@transaction.atomic
def dataset_update(*, actor: User, dataset: Dataset, data: dict[str, Any], source: str = ChangeSource.WEB) -> Dataset:
    _require_producer(actor, dataset.producer_office_id)
    if dataset.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned dataset can be changed."))
    before = snapshot(dataset)
    for key, value in data.items():
        if key in FIELDS:
            setattr(dataset, key, value)
    check_choice(source_code=dataset.source, measure=dataset.measure, breakdown=dataset.breakdown)
    dataset.modified_at = timezone.now()
    return _save(actor, dataset, before, source)


def _move(actor: User, dataset: Dataset, *, allowed: tuple[str, ...], to: str, source: str, **changes: Any) -> Dataset:
    if dataset.status not in allowed:
        raise ValidationError(
            _("A dataset that is “%(status)s” cannot be moved this way.") % {"status": dataset.get_status_display()}
        )
    before = snapshot(dataset)
    dataset.status = to
    dataset.modified_at = timezone.now()
    for key, value in changes.items():
        setattr(dataset, key, value)
    return _save(actor, dataset, before, source)


@transaction.atomic
def dataset_submit(*, actor: User, dataset: Dataset, source: str = ChangeSource.WEB) -> Dataset:
    _require_producer(actor, dataset.producer_office_id)
    return _move(
        actor, dataset, allowed=EDITABLE, to=DatasetStatus.SUBMITTED, source=source, submitted_at=timezone.now()
    )


@transaction.atomic
def dataset_return(*, actor: User, dataset: Dataset, reason: str, source: str = ChangeSource.WEB) -> Dataset:
    _require_custodian(actor, dataset.producer_office_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the dataset goes back to its producer.")})
    return _move(
        actor,
        dataset,
        allowed=(DatasetStatus.SUBMITTED,),
        to=DatasetStatus.RETURNED,
        source=source,
        return_reason=reason.strip(),
    )


@transaction.atomic
def dataset_publish(*, actor: User, dataset: Dataset, source: str = ChangeSource.WEB) -> Dataset:
    """Freeze the table (aggregates, suppressed) and make it public; a withdrawn dataset may be published again."""
    _require_custodian(actor, dataset.producer_office_id)
    table = build_table(
        source_code=dataset.source,
        measure=dataset.measure,
        breakdown=dataset.breakdown,
        region_code=dataset.producer_office_id,
        year=dataset.year,
    )
    now = timezone.now()
    return _move(
        actor,
        dataset,
        allowed=(DatasetStatus.SUBMITTED, DatasetStatus.WITHDRAWN),
        to=DatasetStatus.PUBLISHED,
        source=source,
        table=table,
        published_by=actor,
        published_at=dataset.published_at or now,
        withdrawn_at=None,
        return_reason="",
    )


@transaction.atomic
def dataset_withdraw(*, actor: User, dataset: Dataset, source: str = ChangeSource.WEB) -> Dataset:
    """Withdrawn: its files are gone, the catalogue keeps saying so (harvesters drop their copies)."""
    _require_custodian(actor, dataset.producer_office_id)
    return _move(
        actor,
        dataset,
        allowed=(DatasetStatus.PUBLISHED,),
        to=DatasetStatus.WITHDRAWN,
        source=source,
        withdrawn_at=timezone.now(),
    )
