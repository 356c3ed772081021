"""The office's decision on a sync conflict: per field the server's value, the device's, or one typed in; for a
delete against an edit, keep or delete. The decision is applied through the record's service and logged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_editor, require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.jobs import job_create, job_enqueue
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource, Job, JobStatus
from sinergi.fieldsync.models import Checkout, Conflict, ConflictKind, ConflictStatus, OpStatus, OutboxOp, RecordKey
from sinergi.fieldsync.protocol import service_values
from sinergi.fieldsync.specs import SPECS

SERVER, DEVICE, TYPED = "server", "device", "typed"


@transaction.atomic
def conflict_resolve(
    *,
    actor: User,
    conflict: Conflict,
    choices: Mapping[str, str],
    values: Mapping[str, Any] | None = None,
    source: str = ChangeSource.WEB,
) -> Conflict:
    """``choices``: for a field conflict {field: "server" | "device" | "typed"} ("typed": the officer's merge of
    both, given in ``values`` as the wire has it); for a delete against an edit {"record": "server" | "device"}
    (the server's side: keep the record / restore it; the device's: delete it / leave it deleted)."""
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    require_region_write(actor, conflict.region_code)
    if conflict.status != ConflictStatus.OPEN:
        raise ValidationError(_("This conflict has already been decided."))
    spec = SPECS[conflict.model]
    instance = spec.model._default_manager.filter(pk=conflict.object_id).first()
    before = snapshot(conflict)
    typed: dict[str, Any] = {}
    if conflict.kind == ConflictKind.FIELDS:
        missing = sorted(set(conflict.fields) - set(choices))
        if missing or any(v not in (SERVER, DEVICE, TYPED) for v in choices.values()):
            raise ValidationError(_("Choose a value for every field."))
        chosen = {name: conflict.fields[name]["device"] for name, side in choices.items() if side == DEVICE}
        typed = {name: (values or {}).get(name) for name, side in choices.items() if side == TYPED}
        if typed and set(typed) & set(spec.refs):
            raise ValidationError(_("A reference to another record cannot be typed in: pick one side."))
        chosen.update(typed)
        if chosen and instance is not None:
            spec.update(actor, instance, service_values(spec, chosen))
    else:
        side = choices.get("record")
        if side not in (SERVER, DEVICE):
            raise ValidationError(_("Choose what becomes of the record."))
        if conflict.kind == ConflictKind.DELETE_EDIT and side == DEVICE and instance is not None:
            if spec.delete is None:
                raise ValidationError(_("This record cannot be deleted here."))
            spec.delete(actor, instance)
        if conflict.kind == ConflictKind.EDIT_DELETE and side == SERVER:
            _restore(actor, conflict)
    conflict.status = ConflictStatus.RESOLVED
    conflict.resolution = {**choices, **({"values": typed} if typed else {})}
    conflict.resolved_by, conflict.resolved_at = actor, timezone.now()
    conflict.save()
    record_change(
        actor=actor,
        instance=conflict,
        action=ChangeAction.UPDATE,
        before=before,
        after=snapshot(conflict),
        source=source,
    )
    return conflict


def _restore(actor: User, conflict: Conflict) -> None:
    """Bring back a record deleted on the server, as it was, with the device's changes; same travelling key."""
    spec = SPECS[conflict.model]
    ct = ContentType.objects.get_for_model(spec.model)
    gone = (
        ChangeLog.objects.filter(content_type=ct, object_id=conflict.object_id, action=ChangeAction.DELETE)
        .order_by("-time", "-id")
        .first()
    )
    if gone is None or not gone.before:
        raise ValidationError(_("The deleted record's last values are not in the change log."))
    values = {k: v for k, v in gone.before.items() if k in spec.fields and k not in spec.refs}
    values.update({k: v for k, v in gone.before.items() if k in spec.refs})
    device = {name: parts["device"] for name, parts in conflict.fields.items()}
    parsed = service_values(spec, {k: v for k, v in device.items() if k in spec.fields})
    plain = service_values(spec, {k: v for k, v in values.items() if k not in spec.refs})
    restored = spec.create(actor, {**plain, **{k: values[k] for k in spec.refs if k in values}, **parsed})
    RecordKey.objects.filter(uuid=conflict.operation.record).update(object_id=str(restored.pk))
    conflict.object_id = str(restored.pk)


def conflict_choices_valid(conflict: Conflict) -> dict[str, Any]:
    """What the page offers: the fields in conflict, or the record as a whole."""
    return dict(conflict.fields) if conflict.kind == ConflictKind.FIELDS else {"record": None}


# --- the laptop's checkout and sync, started from its page as jobs ---------------------------------------------

CHECKOUT_JOB = "fieldsync.checkout"
SYNC_JOB = "fieldsync.sync"
LAPTOP_JOBS = (CHECKOUT_JOB, SYNC_JOB)


def laptop_job_busy() -> Job | None:
    """The checkout or sync queued or running now, if any (one at a time: both write the same outbox and cursor)."""
    return Job.objects.filter(kind__in=LAPTOP_JOBS, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).first()


def _not_busy() -> None:
    if laptop_job_busy() is not None:
        raise ValidationError(_("A checkout or sync is already under way; wait for it to finish."))


@transaction.atomic
def laptop_checkout_start(*, actor: User, server_url: str, token: str, region: str) -> Job:
    """Keep the office server's address, the token and the region on this laptop, and start the copy as a job.
    A copy from another server or of another region replaces this one only when nothing waits to be sent."""
    require_editor(actor)
    if not settings.SINERGI_FIELD_LAPTOP:
        raise ValidationError(
            {
                "server": _(
                    "This installation is an office server: a checkout is switched off here (SINERGI_FIELD_LAPTOP)."
                )
            }
        )
    _not_busy()
    server_url = server_url.rstrip("/")
    current = Checkout.objects.select_for_update().first()
    if current is not None and (current.server != server_url or current.region_code != region):
        if OutboxOp.objects.filter(status__in=(OpStatus.PENDING, OpStatus.WAITING)).exists():
            raise ValidationError(
                {
                    "server": _("This laptop holds changes not yet sent to %(server)s: sync them first.")
                    % {"server": current.server}
                }
            )
        current.delete()
        current = None
    if current is None:
        Checkout.objects.create(server=server_url, token=token, region_code=region, username="")
    elif current.token != token:
        current.token = token
        current.save(update_fields=["token"])
    job = job_create(actor=actor, kind=CHECKOUT_JOB)
    job_enqueue(job=job)
    return job


@transaction.atomic
def laptop_sync_start(*, actor: User) -> Job:
    """Start a sync (send the outbox, receive the server's changes) as a job."""
    require_editor(actor)
    current = Checkout.objects.first()
    if current is None or current.finished_at is None:
        raise ValidationError(_("This laptop has no finished checkout: check out first."))
    _not_busy()
    pending = OutboxOp.objects.filter(status__in=(OpStatus.PENDING, OpStatus.WAITING)).count()
    job = job_create(actor=actor, kind=SYNC_JOB, total=pending)
    job_enqueue(job=job)
    return job
