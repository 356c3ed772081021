"""Every write to work programs. Each function runs in one transaction, checks that the actor may make the change,
and leaves one change-log row per record it changes.

Who does what: the association's own officer (or an office editor of its region, typing in for it) drafts, edits,
submits, starts, reports progress and hands in the final report; the office's editors of the region approve, return
with comments per item, and close. An association officer of another association is refused as an outsider."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import delete_logged, save_logged, snapshot
from sinergi.core.models import ChangeSource
from sinergi.registry.models import Association, BoardMember
from sinergi.workprograms import files
from sinergi.workprograms.models import (
    EDITABLE,
    BudgetSource,
    Evidence,
    ProgramKind,
    ProgramStatus,
    ProgressReport,
    WorkItem,
    WorkProgram,
)

PROGRAM_FIELDS = ("kind", "title", "period_start", "period_end")
ITEM_FIELDS = (
    "goal",
    "activity",
    "target_number",
    "target_unit",
    "responsible_id",
    "budget",
    "budget_source",
    "deadline",
    "partners",
)
HUNDRED_DAYS = 100
MAX_FILES = 5


# --- who may ---------------------------------------------------------------------------------------------


def require_association_side(actor: User, association: Association) -> None:
    """The association's own officer, or an office editor of its region."""
    if actor.is_authenticated and actor.role == Role.ASSOCIATION:
        if actor.association_id == association.pk:
            return
        raise PermissionDenied(_("You may change only your own association's work programs."))
    require_region_write(actor, association.region_id)


def require_office_review(actor: User, association: Association) -> None:
    """An office editor of the association's region (never the association itself)."""
    if actor.is_authenticated and actor.role == Role.ASSOCIATION:
        raise PermissionDenied(_("Only the office reviews and closes work programs."))
    require_region_write(actor, association.region_id)


def _require_editable(program: WorkProgram) -> None:
    if program.status not in EDITABLE:
        raise ValidationError(
            _("A program that is %(status)s cannot be changed.") % {"status": program.get_status_display()}
        )


# --- helpers ---------------------------------------------------------------------------------------------------


def _save_logged(*, actor: User, instance: models.Model, before: dict[str, Any] | None, source: str) -> None:
    instance.full_clean()
    save_logged(actor=actor, instance=instance, before=before, source=source)


def _locked(program: WorkProgram) -> WorkProgram:
    return WorkProgram.objects.select_for_update().select_related("association__region").get(pk=program.pk)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _clean_program(values: dict[str, Any], *, association: Association) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["title"] = _text(values.get("title"))
    kind = values.get("kind")
    if kind not in ProgramKind.values:
        errors["kind"] = _("Choose the kind of program.")
    start = values.get("period_start")
    if kind == ProgramKind.HUNDRED_DAY and start is None:
        start = association.inaugurated_on
        values["period_start"] = start
    if start is None:
        errors["period_start"] = _("The period start is required.")
    end = values.get("period_end")
    if end is None and kind == ProgramKind.HUNDRED_DAY and start is not None:
        end = values["period_end"] = start + dt.timedelta(days=HUNDRED_DAYS - 1)
    if end is None:
        errors["period_end"] = _("The period end is required.")
    elif start is not None and end < start:
        errors["period_end"] = _("The period must end on or after it starts.")
    if not values["title"] and kind in ProgramKind.values:
        values["title"] = f"{ProgramKind(kind).label} {association.name}"[:200]
    if errors:
        raise ValidationError(errors)
    return values


# --- the program and its items -------------------------------------------------------------------------------


@transaction.atomic
def program_create(
    *, actor: User, association: Association, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> WorkProgram:
    """A draft program. A 100-day program without dates runs for 100 days from the inauguration."""
    require_association_side(actor, association)
    values = _clean_program({f: data.get(f) for f in PROGRAM_FIELDS}, association=association)
    if (
        values["kind"] == ProgramKind.HUNDRED_DAY
        and WorkProgram.objects.filter(association=association, kind=ProgramKind.HUNDRED_DAY).exists()
    ):
        raise ValidationError({"kind": _("This association already has its 100-day program.")})
    program = WorkProgram(association=association, **values)
    _save_logged(actor=actor, instance=program, before=None, source=source)
    return program


@transaction.atomic
def program_update(
    *, actor: User, program: WorkProgram, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> WorkProgram:
    program = _locked(program)
    require_association_side(actor, program.association)
    _require_editable(program)
    before = snapshot(program)
    current = {f: getattr(program, f) for f in PROGRAM_FIELDS}
    values = _clean_program(
        {**current, **{k: v for k, v in data.items() if k in PROGRAM_FIELDS}}, association=program.association
    )
    if values["kind"] != program.kind:
        raise ValidationError({"kind": _("The kind of a program cannot change; make a new one.")})
    for k, v in values.items():
        setattr(program, k, v)
    _save_logged(actor=actor, instance=program, before=before, source=source)
    return program


def _decimal(value: Any, field: str, errors: dict[str, str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors[field] = _("Enter a number.")
        return None


def _clean_item(values: dict[str, Any], *, program: WorkProgram) -> dict[str, Any]:
    errors: dict[str, str] = {}
    for name in ("goal", "activity", "target_unit", "partners"):
        values[name] = _text(values.get(name))
    if not values["goal"]:
        errors["goal"] = _("The goal is required.")
    if not values["activity"]:
        errors["activity"] = _("The activity is required.")
    if not values["target_unit"]:
        errors["target_unit"] = _("Say what the target counts (e.g. members trained).")
    target = _decimal(values.get("target_number"), "target_number", errors)
    if target is None or target <= 0:
        errors.setdefault("target_number", _("The target is a number above zero."))
    values["target_number"] = target
    budget = _decimal(values.get("budget"), "budget", errors)
    if budget is not None and budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    values["budget"] = (budget or Decimal("0")).quantize(Decimal("0.01"))
    values["budget_source"] = values.get("budget_source") or BudgetSource.NONE
    if values["budget_source"] not in BudgetSource.values:
        errors["budget_source"] = _("Choose where the budget comes from.")
    elif values["budget"] > 0 and values["budget_source"] == BudgetSource.NONE:
        errors["budget_source"] = _("Say where the budget comes from.")
    deadline = values.get("deadline")
    if deadline is None:
        errors["deadline"] = _("The deadline is required.")
    elif not (program.period_start <= deadline <= program.period_end):
        errors["deadline"] = _("The deadline falls within the program's period (%(start)s to %(end)s).") % {
            "start": program.period_start.strftime("%d-%m-%Y"),
            "end": program.period_end.strftime("%d-%m-%Y"),
        }
    responsible = values.get("responsible_id")
    if responsible and not BoardMember.objects.filter(pk=responsible, association_id=program.association_id).exists():
        errors["responsible_id"] = _("Choose a member of this association's board.")
    values["responsible_id"] = responsible or None
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def item_add(*, actor: User, program: WorkProgram, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> WorkItem:
    program = _locked(program)
    require_association_side(actor, program.association)
    _require_editable(program)
    item = WorkItem(program=program, **_clean_item({f: data.get(f) for f in ITEM_FIELDS}, program=program))
    _save_logged(actor=actor, instance=item, before=None, source=source)
    return item


@transaction.atomic
def item_update(*, actor: User, item: WorkItem, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> WorkItem:
    program = _locked(item.program)
    require_association_side(actor, program.association)
    _require_editable(program)
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item)
    current = {f: getattr(item, f) for f in ITEM_FIELDS}
    values = _clean_item({**current, **{k: v for k, v in data.items() if k in ITEM_FIELDS}}, program=program)
    for k, v in values.items():
        setattr(item, k, v)
    _save_logged(actor=actor, instance=item, before=before, source=source)
    return item


@transaction.atomic
def item_remove(*, actor: User, item: WorkItem, source: str = ChangeSource.WEB) -> None:
    program = _locked(item.program)
    require_association_side(actor, program.association)
    _require_editable(program)
    delete_logged(actor=actor, instance=item, source=source)


# --- the flow ----------------------------------------------------------------------------------------------------


def _move(
    *, actor: User, program: WorkProgram, to: str, allowed_from: Iterable[str], source: str, **fields: Any
) -> WorkProgram:
    if program.status not in set(allowed_from):
        raise ValidationError(
            _("A program that is %(status)s cannot be %(next)s.")
            % {"status": program.get_status_display(), "next": ProgramStatus(to).label}
        )
    before = snapshot(program)
    program.status = to
    for name, value in fields.items():
        setattr(program, name, value)
    _save_logged(actor=actor, instance=program, before=before, source=source)
    return program


@transaction.atomic
def program_submit(*, actor: User, program: WorkProgram, source: str = ChangeSource.WEB) -> WorkProgram:
    """Draft (or returned) → submitted, for the office's review. The first submission is kept: it is what decides
    whether the 100-day program came in on time."""
    program = _locked(program)
    require_association_side(actor, program.association)
    if not program.items.exists():
        raise ValidationError(_("Add at least one item before submitting the program."))
    now = timezone.now()
    return _move(
        actor=actor,
        program=program,
        to=ProgramStatus.SUBMITTED,
        allowed_from=EDITABLE,
        source=source,
        submitted_at=program.submitted_at or now,
        last_submitted_at=now,
    )


@transaction.atomic
def program_approve(
    *, actor: User, program: WorkProgram, note: str = "", source: str = ChangeSource.WEB
) -> WorkProgram:
    """Submitted → approved by the office; comments left by an earlier return are cleared."""
    program = _locked(program)
    require_office_review(actor, program.association)
    for item in program.items.exclude(review_comment=""):
        before = snapshot(item)
        item.review_comment = ""
        _save_logged(actor=actor, instance=item, before=before, source=source)
    return _move(
        actor=actor,
        program=program,
        to=ProgramStatus.APPROVED,
        allowed_from=[ProgramStatus.SUBMITTED],
        source=source,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        review_note=_text(note),
    )


@transaction.atomic
def program_return(
    *,
    actor: User,
    program: WorkProgram,
    comments: Mapping[int, str],
    note: str = "",
    source: str = ChangeSource.WEB,
) -> WorkProgram:
    """Submitted → returned to the association, with a comment on each item that needs a change (at least one
    comment, on an item or on the whole program). Items without a comment now lose the previous one."""
    program = _locked(program)
    require_office_review(actor, program.association)
    if program.status != ProgramStatus.SUBMITTED:
        raise ValidationError(
            _("A program that is %(status)s cannot be returned.") % {"status": program.get_status_display()}
        )
    cleaned = {int(pk): " ".join(str(text).split()) for pk, text in comments.items()}
    items = {item.pk: item for item in program.items.select_for_update()}
    unknown = sorted(set(cleaned) - set(items))
    if unknown:
        raise ValidationError({"comments": _("Item %(pk)s is not in this program.") % {"pk": unknown[0]}})
    if not any(cleaned.values()) and not _text(note):
        raise ValidationError({"note": _("Say what must change: comment on an item or on the whole program.")})
    for pk, item in items.items():
        comment = cleaned.get(pk, "")
        if item.review_comment != comment:
            before = snapshot(item)
            item.review_comment = comment
            _save_logged(actor=actor, instance=item, before=before, source=source)
    return _move(
        actor=actor,
        program=program,
        to=ProgramStatus.RETURNED,
        allowed_from=[ProgramStatus.SUBMITTED],
        source=source,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        review_note=_text(note),
    )


@transaction.atomic
def program_start(*, actor: User, program: WorkProgram, source: str = ChangeSource.WEB) -> WorkProgram:
    """Approved → running: progress may now be reported."""
    program = _locked(program)
    require_association_side(actor, program.association)
    return _move(
        actor=actor, program=program, to=ProgramStatus.RUNNING, allowed_from=[ProgramStatus.APPROVED], source=source
    )


@transaction.atomic
def program_report(*, actor: User, program: WorkProgram, source: str = ChangeSource.WEB) -> WorkProgram:
    """Running → reported: the association hands in its final report (the progress reports as they stand)."""
    program = _locked(program)
    require_association_side(actor, program.association)
    return _move(
        actor=actor, program=program, to=ProgramStatus.REPORTED, allowed_from=[ProgramStatus.RUNNING], source=source
    )


@transaction.atomic
def program_close(*, actor: User, program: WorkProgram, note: str = "", source: str = ChangeSource.WEB) -> WorkProgram:
    """Reported → closed by the office."""
    program = _locked(program)
    require_office_review(actor, program.association)
    fields = {"review_note": _text(note)} if _text(note) else {}
    return _move(
        actor=actor,
        program=program,
        to=ProgramStatus.CLOSED,
        allowed_from=[ProgramStatus.REPORTED],
        source=source,
        **fields,
    )


# --- progress ------------------------------------------------------------------------------------------------


@transaction.atomic
def progress_add(
    *,
    actor: User,
    item: WorkItem,
    reported_on: dt.date,
    achieved: Any,
    narrative: str,
    uploads: Iterable[Any] = (),
    source: str = ChangeSource.WEB,
) -> ProgressReport:
    """A progress report on an item of a running program: the number reached so far (cumulative), what was done,
    and up to five photos or PDFs (type read from the content, size limited)."""
    program = _locked(item.program)
    require_association_side(actor, program.association)
    if program.status != ProgramStatus.RUNNING:
        raise ValidationError(_("Progress is reported while the program is running."))
    errors: dict[str, Any] = {}
    number = _decimal(achieved, "achieved", errors)
    if number is None or number < 0:
        errors.setdefault("achieved", _("The number achieved so far is zero or more."))
    narrative = str(narrative or "").strip()
    if not narrative:
        errors["narrative"] = _("Say what was done.")
    today = timezone.localdate()
    if reported_on is None or reported_on > today + dt.timedelta(days=1):
        errors["reported_on"] = _("The report's date cannot be in the future.")
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_FILES:
        errors["files"] = _("At most %(n)s files per report.") % {"n": MAX_FILES}
    checked: list[tuple[Any, str, str]] = []
    file_errors: list[str] = []
    for upload in uploads if "files" not in errors else []:
        try:
            kind, ext = files.check_upload(upload)
        except ValidationError as exc:
            file_errors.extend(exc.messages)
        else:
            checked.append((upload, kind, ext))
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)
    assert number is not None
    report = ProgressReport(item=item, reported_on=reported_on, achieved=number, narrative=narrative, created_by=actor)
    _save_logged(actor=actor, instance=report, before=None, source=source)
    for n, (upload, kind, ext) in enumerate(checked, start=1):
        evidence = Evidence(report=report, name=str(upload.name)[:200], content_type=kind, size=upload.size)
        evidence.file.save(f"report-{report.pk}-{n}.{ext}", upload, save=False)
        thumb = files.thumbnail(upload, kind)
        if thumb is not None:
            evidence.thumbnail.save(f"report-{report.pk}-{n}-thumb.jpg", thumb, save=False)
        _save_logged(actor=actor, instance=evidence, before=None, source=source)
    return report
