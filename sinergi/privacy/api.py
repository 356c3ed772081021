"""Personal-data endpoints: the access log (office administrators), a person's data on request, correction
requests and erasure (editors of the person's region). Thin: selectors and services do the work."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import require_region_write
from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import Keyset, Page, paginate
from sinergi.core.models import ChangeSource
from sinergi.privacy import selectors, services
from sinergi.privacy.schemas import (
    AccessOut,
    AccessQuery,
    CorrectionIn,
    CorrectionOut,
    CorrectionStatusIn,
    ErasureIn,
    ErasureOut,
    PersonalDataOut,
)
from sinergi.registry import selectors as registry_selectors
from sinergi.registry.models import Person

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=2**63 - 1)]
BY_TIME_DESC = Keyset(field="time", descending=True, parse=datetime.fromisoformat)

router = Router(tags=["personal data"])


def _person(request: HttpRequest, person_id: int) -> Person:
    """A person the caller may see (404 otherwise) and handles (403 unless an editor of its region)."""
    user = actor_of(request)
    person = registry_selectors.person_get(user=user, pk=person_id)
    require_region_write(user, person.desa_id)
    return person


@router.get(
    "/privacy/access",
    response=responses({200: Page[AccessOut]}),
    description="Who was shown whose NIK, phone, address or birth date in full, newest first; for an office's "
    "administrators (an administrator: every region; a province or kabupaten/kota officer: their own).",
)
def access_list(request: HttpRequest, filters: Query[AccessQuery]) -> Any:
    user = actor_of(request)
    services.require_access_log_reader(user)
    qs = selectors.access_records(
        user=user,
        filters=selectors.AccessFilter(
            person=filters.person,
            actor=filters.actor,
            purpose=filters.purpose or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
        ),
    )
    return paginate(qs, keyset=BY_TIME_DESC, page=filters)


@router.get(
    "/persons/{person_id}/personal-data",
    response=responses({200: PersonalDataOut}),
    description="Everything the system holds about the person, for the person's request (UU 27/2022); recorded "
    "in the access log as an export.",
)
def personal_data(request: HttpRequest, response: HttpResponse, person_id: PathId) -> Any:
    person = _person(request, person_id)
    response["Cache-Control"] = "no-store"
    return services.person_export(actor=actor_of(request), person=person, request=request)


@router.get("/persons/{person_id}/corrections", response=responses({200: list[CorrectionOut]}))
def correction_list(request: HttpRequest, person_id: PathId) -> Any:
    return list(selectors.person_corrections(person=_person(request, person_id)))


@router.post("/persons/{person_id}/corrections", response=responses({201: CorrectionOut}))
def correction_create(request: HttpRequest, person_id: PathId, payload: CorrectionIn) -> Any:
    person = _person(request, person_id)
    correction = services.correction_create(
        actor=actor_of(request),
        person=person,
        details=payload.details,
        received_on=payload.received_on,
        channel=payload.channel,
        source=API,
    )
    return Status(201, correction)


@router.post("/corrections/{correction_id}/status", response=responses({200: CorrectionOut}))
def correction_status(request: HttpRequest, correction_id: PathId, payload: CorrectionStatusIn) -> Any:
    """Move a correction request on: received → in_progress → done, or refused (with the reason)."""
    correction = selectors.correction_get(pk=correction_id)  # none: 404, as every missing record
    _person(request, correction.person_id)
    return services.correction_advance(
        actor=actor_of(request), correction=correction, status=payload.status, outcome=payload.outcome, source=API
    )


@router.post(
    "/persons/{person_id}/erasure",
    response=responses({201: ErasureOut}),
    description="Erase the person's data, keeping the records the office's retention exceptions name (with the "
    "pseudonym). What was cleared and how many rows were removed or kept is answered and recorded; the data is not.",
)
def erasure(request: HttpRequest, person_id: PathId, payload: ErasureIn) -> Any:
    person = _person(request, person_id)
    return Status(201, services.person_erase(actor=actor_of(request), person=person, reason=payload.reason, source=API))
