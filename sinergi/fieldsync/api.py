"""The field-sync endpoints: a device's operations in, the server's changes and a first copy out.

Every call is the token user's: records within the user's regions only, operations applied with the user's
permissions through the app's own services (docs/field-work.md)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from sinergi.accounts.access import region_in_scope, require_editor
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.fieldsync import protocol, selectors
from sinergi.fieldsync.schemas import (
    FieldBatchIn,
    FieldBatchOut,
    FieldChangesOut,
    FieldCheckoutOut,
    FieldModel,
    FieldReferenceOut,
)
from sinergi.regions.models import Region

router = Router(tags=["field"])
Limit = Annotated[int, Query(ge=1, le=2000)]


@router.post("/field/operations", response=responses({200: FieldBatchOut}))
def field_operations(request: HttpRequest, payload: FieldBatchIn) -> Any:
    """Send a device's operations. Each is answered: applied, refused (with the reason; the ones after it still
    apply), conflict (the server kept its values; the region's officer decides) or waiting (an earlier one has not
    arrived). Sending the same batch again applies nothing twice: each (device, seq) is applied once."""
    user = actor_of(request)
    require_editor(user)
    ops = [
        protocol.OpIn(
            seq=o.seq,
            op_id=str(o.op_id),
            kind=o.kind,
            model=o.model,
            record=str(o.record),
            base=o.base,
            changes=o.changes,
            made_at=o.made_at,
        )
        for o in payload.operations
    ]
    batch, stored = protocol.operations_receive(actor=user, device_id=str(payload.device_id), ops=ops)
    acks = [
        {
            "seq": op.seq,
            "op_id": op.op_id,
            "status": op.status,
            "reason": op.reason,
            "repeated": op.batch_id != batch.pk,
        }
        for op in stored
    ]
    return {"batch": batch.pk, "acks": acks}


@router.get("/field/changes", response=responses({200: FieldChangesOut}))
def field_changes(request: HttpRequest, response: HttpResponse, since: int = 0, limit: Limit = 500) -> Any:
    """The records changed on the server after the cursor `since`, each once as it is now, within the caller's
    regions; deleted or moved-out records as tombstones. Resume with `next` until `more` is false."""
    user = actor_of(request)
    require_editor(user)
    response["Cache-Control"] = "no-store"
    return selectors.changes_since(user=user, since=max(since, 0), limit=limit)


@router.get("/field/checkout", response=responses({200: FieldCheckoutOut}))
def field_checkout(
    request: HttpRequest, response: HttpResponse, model: FieldModel = "person", after: int = 0, limit: Limit = 500
) -> Any:
    """A chunk of the first copy: the caller's records of `model` with a key above `after`."""
    user = actor_of(request)
    require_editor(user)
    response["Cache-Control"] = "no-store"
    cursor = selectors.change_cursor()
    records, nxt = selectors.checkout_chunk(user=user, model=model, after=max(after, 0), limit=limit)
    return {"records": records, "next": nxt, "cursor": cursor}


@router.get("/field/reference", response=responses({200: FieldReferenceOut}))
def field_reference(request: HttpRequest, region: str = "") -> Any:
    """Who the caller is and the reference data of `region` (one of the caller's): its regions and the clusters."""
    user = actor_of(request)
    require_editor(user)
    if not Region.objects.filter(pk=region).exists() or not region_in_scope(user, region):
        raise field_error("region", _("Choose one of your regions."))
    data = selectors.reference_data(region_code=region)
    return {
        "username": user.get_username(),
        "role": user.role,
        "regions": list(user.regions.values_list("code", flat=True)),
        "region_data": data["regions"],
        "clusters": data["clusters"],
    }
