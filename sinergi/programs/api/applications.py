"""Applications with the needs survey (staff, self-service, or imported from a spreadsheet) and the checks before
selection."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from sinergi.accounts.models import User
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_PK, Page, paginate
from sinergi.programs import imports, selectors, services
from sinergi.programs.api._common import (
    API,
    PAGING,
    PathId,
    api_fields,
    beneficiary_ids,
    program_for,
    staff_program,
)
from sinergi.programs.candidates import applicant_specs, needs_overview
from sinergi.programs.eligibility import context_for
from sinergi.programs.models import Program
from sinergi.programs.schemas import (
    ApplicationImportOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationQuery,
    ApplicationUpdate,
    ChecksOut,
)

router = Router(tags=["program applications"])

# --- applications ---------------------------------------------------------------------------------


@router.get(
    "/programs/{program_id}/applications",
    response=responses({200: Page[ApplicationOut]}),
    description="The applications the caller may see (an applicant sees their own), in order of arrival." + PAGING,
)
def application_list(request: HttpRequest, program_id: PathId, filters: Query[ApplicationQuery]) -> Any:
    user, program = program_for(request, program_id)
    qs = selectors.program_applications(user=user, program=program)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs, keyset=BY_PK, page=filters)


@router.post(
    "/programs/{program_id}/applications",
    response=responses({201: ApplicationOut}),
    description="Apply: office staff for an applicant in their regions, or an owner, person or cooperative "
    "officer for themselves (self-service). Name the business, person or cooperative as the target says.",
)
def application_create(request: HttpRequest, program_id: PathId, payload: ApplicationIn) -> Any:
    user, program = program_for(request, program_id)
    values = payload.model_dump(exclude_unset=True)
    data = beneficiary_ids(user=user, values=values) | values
    with api_fields():
        application = services.application_submit(actor=user, program=program, data=data, source=API)
    return Status(201, selectors.program_applications(user=user, program=program).get(pk=application.pk))


def _application(user: User, program: Program, application_id: int) -> Any:
    return selectors.program_applications(user=user, program=program).get(pk=application_id)


@router.patch(
    "/programs/{program_id}/applications/{application_id}",
    response=responses({200: ApplicationOut}),
    description="The needs survey (topics needed) and the note, while the program is open.",
)
def application_update(
    request: HttpRequest, program_id: PathId, application_id: PathId, payload: ApplicationUpdate
) -> Any:
    user, program = program_for(request, program_id)
    application = _application(user, program, application_id)
    services.application_update(
        actor=user, application=application, data=payload.model_dump(exclude_unset=True), source=API
    )
    return _application(user, program, application_id)


@router.post(
    "/programs/{program_id}/applications/{application_id}/withdraw",
    response=responses({200: ApplicationOut}),
)
def application_withdraw(request: HttpRequest, program_id: PathId, application_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    services.application_withdraw(actor=user, application=_application(user, program, application_id), source=API)
    return _application(user, program, application_id)


@router.post(
    "/programs/{program_id}/applicant-imports",
    response=responses({200: ApplicationImportOut}),
    description="Import applicants from an XLSX or CSV file (columns: NIB, NIK or business name with village, "
    "needs). Every row is accepted or rejected with its reasons; a row already imported is left unchanged.",
)
def application_import(request: HttpRequest, program_id: PathId, file: File[UploadedFile]) -> Any:
    user, program = program_for(request, program_id)
    result = imports.applications_import(
        actor=user, program=program, stream=file, name=file.name or "upload", size=file.size or 0, source=API
    )
    return result.as_dict()


@router.get(
    "/programs/{program_id}/checks",
    response=responses({200: ChecksOut}),
    description="Before selection: each application's failed rules, need match and mismatch flag, and how "
    "many applicants asked for each topic.",
)
def application_checks(request: HttpRequest, program_id: PathId) -> Any:
    user, program = staff_program(request, program_id)
    specs = applicant_specs(program, context_for(program))
    items = [
        {
            "application": c.application.pk,
            "name": c.candidate.label,
            "cluster": c.candidate.groups.get("cluster", ""),
            "kecamatan": c.candidate.groups.get("kecamatan", ""),
            "failed": list(c.candidate.failed),
            "need_match": str(c.candidate.features.get("need_match", "0")),
            "mismatch": c.candidate.mismatch,
        }
        for c in selectors.application_checks(user=user, program=program)
    ]
    rules = [{"key": s.key, "kind": s.kind, "label": s.label} for s in specs]
    return {"rules": rules, "items": items, "needs": needs_overview(program)}
