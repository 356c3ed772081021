"""Writes to what happens after selection: direct enrollment (with the double-aid warning), completion
and certificates, sessions and attendance, aid disbursed per beneficiary, mentoring visits and outcomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.programs.choices import EnrollmentStatus, OutcomeKind, ProgramStatus
from sinergi.programs.models import (
    AidDisbursement,
    Attendance,
    BudgetLine,
    Enrollment,
    MentoringVisit,
    Outcome,
    Program,
    Session,
)
from sinergi.programs.selectors import prior_aid
from sinergi.programs.services._base import (
    day,
    delete_logged,
    locked,
    pick_fields,
    ref_id,
    require_program_write,
    require_status,
    save_logged,
    text,
    topics,
)
from sinergi.programs.services.applications import resolve_applicant
from sinergi.programs.services.budgets import spend
from sinergi.registry.models import LegalDocument

_ENROLLING = {ProgramStatus.OPEN, ProgramStatus.SELECTION, ProgramStatus.RUNNING}
_RUNNING = {ProgramStatus.RUNNING}
ATTENDANCE_FIELDS = ("enrollment_id", "present", "substitute", "note")


def double_aid_years() -> int:
    """How far back an earlier aid of the same kind counts as double aid (setting, default 3 years)."""
    return int(getattr(settings, "SINERGI_PROGRAM_DOUBLE_AID_YEARS", 3))


@transaction.atomic
def enrollment_add(
    *,
    actor: User,
    program: Program,
    data: Mapping[str, Any],
    acknowledge_double_aid: bool = False,
    source: str = ChangeSource.WEB,
) -> Enrollment:
    """Enroll a beneficiary directly (no selection run), e.g. from the office's list of past recipients.

    If the beneficiary had aid of the same kind within double_aid_years(), this is refused with the
    earlier programs named unless ``acknowledge_double_aid`` says the officer has seen it."""
    program = locked(program)
    require_program_write(actor, program)
    require_status(program, _ENROLLING, doing=_("Enrolling"))
    values = pick_fields(data, ("business_id", "person_id", "cooperative_id", "enrolled_on", "note"))
    applicant = resolve_applicant(program, values)
    # As for an application: an officer enrolls only beneficiaries inside their own regions.
    require_region_write(actor, applicant.region_code)
    field = {"business": "business_id", "person": "person_id", "cooperative": "cooperative_id"}[program.target]
    errors: dict[str, str] = {}
    enrolled_on = day(values.get("enrolled_on"), "enrolled_on", errors) or timezone.localdate()
    existing = program.enrollments.all()
    if applicant.business is not None:
        existing = existing.filter(business=applicant.business)
    elif applicant.cooperative is not None:
        existing = existing.filter(cooperative=applicant.cooperative)
    else:
        existing = existing.filter(person=applicant.person, business__isnull=True, cooperative__isnull=True)
    if existing.exists():
        errors[field] = _("Already enrolled in this program.")
    earlier = list(prior_aid(program=program, years=double_aid_years(), **applicant.fields)[:5])
    if earlier and not acknowledge_double_aid:
        errors["double_aid"] = _(
            "Already aided by a program of the same kind within %(n)d years: %(programs)s. Confirm to enroll anyway."
        ) % {"n": double_aid_years(), "programs": "; ".join(str(e.program) for e in earlier)}
    if errors:
        raise ValidationError(errors)
    enrollment = Enrollment(program=program, enrolled_on=enrolled_on, note=text(values, "note"), **applicant.fields)
    save_logged(actor=actor, instance=enrollment, before=None, source=source)
    return enrollment


def _locked_enrollment(enrollment: Enrollment) -> Enrollment:
    """The enrollment, locked after its program (the program is always locked first: no deadlocks)."""
    locked(Program(pk=Enrollment.objects.values_list("program_id", flat=True).get(pk=enrollment.pk)))
    return Enrollment.objects.select_for_update(of=("self",)).select_related("program").get(pk=enrollment.pk)


@transaction.atomic
def enrollment_update(
    *, actor: User, enrollment: Enrollment, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Enrollment:
    """Status (enrolled, completed, dropped), completion date, certificate number, note."""
    enrollment = _locked_enrollment(enrollment)
    program = enrollment.program
    require_program_write(actor, program)
    require_status(program, {ProgramStatus.SELECTION, ProgramStatus.RUNNING}, doing=_("Changing an enrollment"))
    values = pick_fields(data, ("status", "completed_on", "certificate_number", "note"))
    before = snapshot(enrollment)
    errors: dict[str, str] = {}
    status = values.get("status", enrollment.status)
    if status not in EnrollmentStatus.values:
        errors["status"] = _("Unknown status “%(value)s”.") % {"value": status}
    completed_on = day(values.get("completed_on", enrollment.completed_on), "completed_on", errors)
    if status == EnrollmentStatus.COMPLETED:
        completed_on = completed_on or timezone.localdate()
    elif "completed_on" in values and completed_on is not None:
        errors["completed_on"] = _("Only a completed enrollment has a completion date.")
    else:
        completed_on = None
    number = text({**{"certificate_number": enrollment.certificate_number}, **values}, "certificate_number")
    if number and program.enrollments.filter(certificate_number=number).exclude(pk=enrollment.pk).exists():
        errors["certificate_number"] = _("Certificate %(number)s is already given to another participant.") % {
            "number": number
        }
    if errors:
        raise ValidationError(errors)
    enrollment.status, enrollment.completed_on, enrollment.certificate_number = status, completed_on, number
    if "note" in values:
        enrollment.note = text(values, "note")
    save_logged(actor=actor, instance=enrollment, before=before, source=source)
    return enrollment


@transaction.atomic
def session_add(*, actor: User, program: Program, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Session:
    program = locked(program)
    require_program_write(actor, program)
    require_status(program, {ProgramStatus.SELECTION, ProgramStatus.RUNNING}, doing=_("Planning sessions"))
    values = pick_fields(data, ("title", "held_on", "topic", "location"))
    errors: dict[str, str] = {}
    held_on = day(values.get("held_on"), "held_on", errors, required=True)
    title = text(values, "title")
    if not title:
        errors["title"] = _("Give the session a title.")
    if errors or held_on is None:
        raise ValidationError(errors)
    session = Session(
        program=program, title=title, held_on=held_on, topic=text(values, "topic"), location=text(values, "location")
    )
    save_logged(actor=actor, instance=session, before=None, source=source)
    return session


def _attend(*, actor: User, session: Session, row: Mapping[str, Any], source: str) -> Attendance:
    enrollment = Enrollment.objects.filter(pk=ref_id(row.get("enrollment_id")), program_id=session.program_id).first()
    if enrollment is None:
        raise ValidationError({"enrollment_id": _("Not a participant of this program.")})
    present = row.get("present", True)
    if not isinstance(present, bool):
        raise ValidationError({"present": _("Present is yes or no.")})
    existing = Attendance.objects.filter(session=session, enrollment=enrollment).first()
    before = snapshot(existing) if existing else None
    item = existing or Attendance(session=session, enrollment=enrollment)
    item.present = present
    item.substitute = text(dict(row), "substitute")
    item.note = text(dict(row), "note")
    save_logged(actor=actor, instance=item, before=before, source=source)
    return item


@transaction.atomic
def session_attendance_set(
    *, actor: User, session: Session, rows: Sequence[Mapping[str, Any]], source: str = ChangeSource.WEB
) -> list[Attendance]:
    """Record who came to a session: rows of enrollment_id, present, substitute (who came instead), note.
    Recording again replaces the earlier answer."""
    program = locked(session.program)
    require_program_write(actor, program)
    require_status(program, _RUNNING, doing=_("Recording attendance"))
    return [_attend(actor=actor, session=session, row=pick_fields(r, ATTENDANCE_FIELDS), source=source) for r in rows]


@transaction.atomic
def aid_disburse(
    *, actor: User, enrollment: Enrollment, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> AidDisbursement:
    """Aid given to one beneficiary from one of the program's budget lines; it is realised from that line
    (refused when the line has not enough left)."""
    enrollment = _locked_enrollment(enrollment)
    program = enrollment.program
    require_program_write(actor, program)
    require_status(program, _RUNNING, doing=_("Disbursing aid"))
    values = pick_fields(data, ("budget_line_id", "amount", "disbursed_on", "description"))
    line = (
        BudgetLine.objects.select_for_update().filter(pk=ref_id(values.get("budget_line_id")), program=program).first()
    )
    if line is None:
        raise ValidationError({"budget_line_id": _("Choose one of this program's budget lines.")})
    if enrollment.status == EnrollmentStatus.DROPPED:
        raise ValidationError({"enrollment": _("This participant has dropped out.")})
    description = text(values, "description")
    realisation = spend(
        actor=actor,
        line=line,
        values={
            "amount": values.get("amount"),
            "spent_on": values.get("disbursed_on"),
            "description": _("Aid to %(who)s")
            % {"who": enrollment.business or enrollment.cooperative or enrollment.person},
            "note": description,
        },
        source=source,
    )
    item = AidDisbursement(
        enrollment=enrollment,
        budget_line=line,
        realisation=realisation,
        amount=realisation.amount,
        disbursed_on=realisation.spent_on,
        description=description,
    )
    save_logged(actor=actor, instance=item, before=None, source=source)
    return item


@transaction.atomic
def aid_disbursement_remove(*, actor: User, disbursement: AidDisbursement, source: str = ChangeSource.WEB) -> None:
    """Undo a disbursement entered by mistake, with its realisation."""
    item = AidDisbursement.objects.select_related("enrollment__program", "realisation").get(pk=disbursement.pk)
    program = locked(item.enrollment.program)
    require_program_write(actor, program)
    require_status(program, _RUNNING, doing=_("Removing a disbursement"))
    realisation = item.realisation
    delete_logged(actor=actor, instance=item, source=source)
    delete_logged(actor=actor, instance=realisation, source=source)


@transaction.atomic
def mentoring_visit_add(
    *, actor: User, enrollment: Enrollment, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> MentoringVisit:
    enrollment = _locked_enrollment(enrollment)
    require_program_write(actor, enrollment.program)
    require_status(enrollment.program, _RUNNING, doing=_("Recording a mentoring visit"))
    values = pick_fields(data, ("visited_on", "mentor", "topics", "notes", "next_steps"))
    errors: dict[str, str] = {}
    visited_on = day(values.get("visited_on"), "visited_on", errors, required=True)
    mentor = text(values, "mentor")
    if not mentor:
        errors["mentor"] = _("Name the mentor.")
    visit_topics = topics(values.get("topics"), "topics", errors)
    if errors or visited_on is None:
        raise ValidationError(errors)
    visit = MentoringVisit(
        enrollment=enrollment,
        visited_on=visited_on,
        mentor=mentor,
        topics=visit_topics,
        notes=str(values.get("notes") or "").strip(),
        next_steps=str(values.get("next_steps") or "").strip(),
    )
    save_logged(actor=actor, instance=visit, before=None, source=source)
    return visit


@transaction.atomic
def outcome_record(
    *, actor: User, enrollment: Enrollment, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Outcome:
    """An outcome: a registry document the beneficiary obtained (kind document), a NIK koperasi, or a
    follow-up survey's answers (kind survey, answers as an object)."""
    enrollment = _locked_enrollment(enrollment)
    require_program_write(actor, enrollment.program)
    require_status(enrollment.program, {ProgramStatus.RUNNING, ProgramStatus.CLOSED}, doing=_("Recording outcomes"))
    values = pick_fields(data, ("kind", "document_id", "recorded_on", "answers", "note"))
    errors: dict[str, str] = {}
    kind = str(values.get("kind") or "")
    if kind not in OutcomeKind.values:
        errors["kind"] = _("Choose the kind of outcome.")
    document = None
    if kind == OutcomeKind.DOCUMENT:
        document = LegalDocument.objects.filter(
            pk=ref_id(values.get("document_id")), business=enrollment.business
        ).first()
        if document is None:
            errors["document_id"] = _("Choose a document of this beneficiary's business in the registry.")
    elif values.get("document_id"):
        errors["document_id"] = _("Only a document outcome names a document.")
    if kind == OutcomeKind.NIK_KOPERASI and not (enrollment.cooperative and enrollment.cooperative.nik_koperasi):
        errors["kind"] = _("Record the NIK koperasi on the cooperative first.")
    answers = values.get("answers") or {}
    if not isinstance(answers, Mapping):
        errors["answers"] = _("The survey answers are an object of questions and answers.")
    elif kind == OutcomeKind.SURVEY and not answers:
        errors["answers"] = _("A follow-up survey needs its answers.")
    recorded_on = day(values.get("recorded_on"), "recorded_on", errors) or timezone.localdate()
    if errors:
        raise ValidationError(errors)
    outcome = Outcome(
        enrollment=enrollment,
        kind=kind,
        document=document,
        recorded_on=recorded_on,
        answers=dict(answers),
        note=text(values, "note"),
    )
    save_logged(actor=actor, instance=outcome, before=None, source=source)
    return outcome
