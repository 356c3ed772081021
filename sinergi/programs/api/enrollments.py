"""Beneficiaries: enrollments (with the double-aid warning), sessions and attendance, aid disbursements, mentoring
visits and outcomes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from sinergi.accounts.models import User
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_PK, Page, PageQuery, paginate
from sinergi.programs import selectors, services
from sinergi.programs.api._common import (
    API,
    MONEY,
    PAGING,
    PathId,
    api_fields,
    beneficiary_ids,
    no_content,
    program_for,
    staff_program,
)
from sinergi.programs.models import AidDisbursement, Enrollment, Program
from sinergi.programs.schemas import (
    AidIn,
    AidOut,
    AttendanceIn,
    AttendanceOut,
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentUpdate,
    OutcomeIn,
    OutcomeOut,
    SessionIn,
    SessionOut,
    VisitIn,
    VisitOut,
)

router = Router(tags=["program enrollments"])

# --- enrollments, sessions, attendance, aid -------------------------------------------------------


def _enrollment(user: User, program: Program, enrollment_id: int) -> Enrollment:
    enrollment: Enrollment = selectors.program_enrollments(user=user, program=program).get(pk=enrollment_id)
    return enrollment


@router.get(
    "/programs/{program_id}/enrollments",
    response=responses({200: Page[EnrollmentOut]}),
    description="The beneficiaries (a beneficiary sees their own)." + PAGING,
)
def enrollment_list(request: HttpRequest, program_id: PathId, page: Query[PageQuery]) -> Any:
    user, program = program_for(request, program_id)
    return paginate(selectors.program_enrollments(user=user, program=program), keyset=BY_PK, page=page)


@router.post(
    "/programs/{program_id}/enrollments",
    response=responses({201: EnrollmentOut}),
    description="Enroll a beneficiary directly. Aid of the same kind within the double-aid window is refused "
    "(422 on `double_aid`, naming the programs) unless `acknowledge_double_aid` is true.",
)
def enrollment_add(request: HttpRequest, program_id: PathId, payload: EnrollmentIn) -> Any:
    user, program = program_for(request, program_id)
    values = payload.model_dump(exclude_unset=True, exclude={"acknowledge_double_aid"})
    data = beneficiary_ids(user=user, values=values) | values
    with api_fields():
        enrollment = services.enrollment_add(
            actor=user, program=program, data=data, acknowledge_double_aid=payload.acknowledge_double_aid, source=API
        )
    return Status(201, _enrollment(user, program, enrollment.pk))


@router.patch(
    "/programs/{program_id}/enrollments/{enrollment_id}",
    response=responses({200: EnrollmentOut}),
    description="Status (enrolled, completed, dropped), completion date, certificate number, note.",
)
def enrollment_update(
    request: HttpRequest, program_id: PathId, enrollment_id: PathId, payload: EnrollmentUpdate
) -> Any:
    user, program = program_for(request, program_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None or k == "completed_on"}
    services.enrollment_update(actor=user, enrollment=_enrollment(user, program, enrollment_id), data=data, source=API)
    return _enrollment(user, program, enrollment_id)


@router.get(
    "/programs/{program_id}/sessions", response=responses({200: list[SessionOut]}), tags=["program enrollments"]
)
def session_list(request: HttpRequest, program_id: PathId) -> Any:
    return selectors.program_sessions(program=program_for(request, program_id)[1])


@router.post("/programs/{program_id}/sessions", response=responses({201: SessionOut}), tags=["program enrollments"])
def session_add(request: HttpRequest, program_id: PathId, payload: SessionIn) -> Any:
    user, program = program_for(request, program_id)
    return Status(201, services.session_add(actor=user, program=program, data=payload.model_dump(), source=API))


@router.get(
    "/programs/{program_id}/sessions/{session_id}/attendance",
    response=responses({200: list[AttendanceOut]}),
    description="Who came (enrollments without a row are not recorded yet).",
)
def attendance_get(request: HttpRequest, program_id: PathId, session_id: PathId) -> Any:
    _user, program = staff_program(request, program_id)
    session = selectors.program_sessions(program=program).get(pk=session_id)
    return sorted(selectors.session_attendance(session=session).values(), key=lambda a: a.enrollment_id)


@router.put(
    "/programs/{program_id}/sessions/{session_id}/attendance",
    response=responses({200: list[AttendanceOut]}),
    description="Record attendance: rows of enrollment, present, substitute (who came instead), note. "
    "Recording a row again replaces it.",
)
def attendance_set(request: HttpRequest, program_id: PathId, session_id: PathId, payload: AttendanceIn) -> Any:
    user, program = program_for(request, program_id)
    session = selectors.program_sessions(program=program).get(pk=session_id)
    rows = [{**r.model_dump(exclude={"enrollment"}), "enrollment_id": r.enrollment} for r in payload.rows]
    with api_fields():
        services.session_attendance_set(actor=user, session=session, rows=rows, source=API)
    return sorted(selectors.session_attendance(session=session).values(), key=lambda a: a.enrollment_id)


def _aid(enrollment: Enrollment) -> QuerySet[AidDisbursement]:
    return enrollment.disbursements.select_related("budget_line").order_by("disbursed_on", "id")


@router.get(
    "/programs/{program_id}/enrollments/{enrollment_id}/aid",
    response=responses({200: list[AidOut]}),
    description=MONEY,
)
def aid_list(request: HttpRequest, program_id: PathId, enrollment_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    return _aid(_enrollment(user, program, enrollment_id))


@router.post(
    "/programs/{program_id}/enrollments/{enrollment_id}/aid",
    response=responses({201: AidOut}),
    description="Aid to one beneficiary from one of the program's budget lines (realised from it; refused "
    "when the line has not enough left)." + MONEY,
)
def aid_disburse(request: HttpRequest, program_id: PathId, enrollment_id: PathId, payload: AidIn) -> Any:
    user, program = program_for(request, program_id)
    enrollment = _enrollment(user, program, enrollment_id)
    data = {**payload.model_dump(exclude={"budget_line"}), "budget_line_id": payload.budget_line}
    with api_fields():
        item = services.aid_disburse(actor=user, enrollment=enrollment, data=data, source=API)
    return Status(201, _aid(enrollment).get(pk=item.pk))


@router.delete(
    "/programs/{program_id}/enrollments/{enrollment_id}/aid/{aid_id}",
    response=responses({204: None}),
)
def aid_remove(request: HttpRequest, program_id: PathId, enrollment_id: PathId, aid_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    item = _aid(_enrollment(user, program, enrollment_id)).get(pk=aid_id)
    services.aid_disbursement_remove(actor=user, disbursement=item, source=API)
    return no_content()


@router.get(
    "/programs/{program_id}/enrollments/{enrollment_id}/visits",
    response=responses({200: list[VisitOut]}),
)
def visit_list(request: HttpRequest, program_id: PathId, enrollment_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    return _enrollment(user, program, enrollment_id).visits.order_by("visited_on", "id")


@router.post(
    "/programs/{program_id}/enrollments/{enrollment_id}/visits",
    response=responses({201: VisitOut}),
    description="A mentor's visit (pendampingan), while the program is running.",
)
def visit_add(request: HttpRequest, program_id: PathId, enrollment_id: PathId, payload: VisitIn) -> Any:
    user, program = program_for(request, program_id)
    enrollment = _enrollment(user, program, enrollment_id)
    return Status(
        201, services.mentoring_visit_add(actor=user, enrollment=enrollment, data=payload.model_dump(), source=API)
    )


@router.get(
    "/programs/{program_id}/enrollments/{enrollment_id}/outcomes",
    response=responses({200: list[OutcomeOut]}),
)
def outcome_list(request: HttpRequest, program_id: PathId, enrollment_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    return _enrollment(user, program, enrollment_id).outcomes.order_by("recorded_on", "id")


@router.post(
    "/programs/{program_id}/enrollments/{enrollment_id}/outcomes",
    response=responses({201: OutcomeOut}),
    description="An outcome: a registry document obtained (kind document), a NIK koperasi, or a follow-up "
    "survey's answers (kind survey).",
)
def outcome_record(request: HttpRequest, program_id: PathId, enrollment_id: PathId, payload: OutcomeIn) -> Any:
    user, program = program_for(request, program_id)
    enrollment = _enrollment(user, program, enrollment_id)
    data = payload.model_dump(exclude={"document"}, exclude_unset=True)
    if payload.document is not None:
        data["document_id"] = payload.document
    with api_fields():
        outcome = services.outcome_record(actor=user, enrollment=enrollment, data=data, source=API)
    return Status(201, outcome)
