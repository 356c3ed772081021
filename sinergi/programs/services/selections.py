"""Writes of the selection: a run (which stores everything it read), its acceptance (enrollments for the
chosen, a status for every application) and its publication."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.programs.candidates import applicant_specs, check_applications
from sinergi.programs.choices import ApplicationStatus, ProgramStatus
from sinergi.programs.eligibility import context_for
from sinergi.programs.models import Application, Enrollment, Program, SelectionRun
from sinergi.programs.selection import ALGORITHM, parse_config, select
from sinergi.programs.services._base import locked, require_program_write, require_status, save_logged

MAX_SEED = 100


def _log_run(*, actor: User, run: SelectionRun, before: dict[str, Any] | None, source: str) -> None:
    """The run's change-log row, with its candidates and result counted rather than copied (they are in
    the run itself, which is never edited)."""
    after = snapshot(run)
    after["inputs"] = len(run.inputs)
    after["result"] = {k: len(run.result.get(k, [])) for k in ("selected", "not_selected", "unfilled")}
    if before is not None:
        before = {**before, "inputs": after["inputs"], "result": after["result"]}
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    record_change(actor=actor, instance=run, action=action, before=before, after=after, source=source)


@transaction.atomic
def selection_run(
    *,
    actor: User,
    program: Program,
    seed: str = "",
    config: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
    source: str = ChangeSource.WEB,
) -> SelectionRun:
    """Run the selection over the program's applications and store it (see selection.py for the method).

    ``seed`` is the published seed (a random one is drawn when blank); ``config`` holds capacity (default:
    the program's), quotas, weights and exclude_mismatch; ``as_of`` the day ages and documents are taken on."""
    program = locked(program)
    require_program_write(actor, program)
    require_status(program, {ProgramStatus.SELECTION}, doing=_("Running the selection"))
    parsed = parse_config(dict(config or {}), default_capacity=program.capacity)
    seed = " ".join(str(seed).split()) or secrets.token_hex(8)
    if len(seed) > MAX_SEED:
        raise ValidationError({"seed": _("The seed is at most %(n)d characters.") % {"n": MAX_SEED}})
    ctx = context_for(program, as_of=as_of)
    specs = applicant_specs(program, ctx)
    checked = check_applications(program, ctx=ctx, specs=specs)
    if not checked:
        raise ValidationError({"program": _("There are no applications to select from.")})
    candidates = [c.candidate for c in checked]
    number = (program.selection_runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = SelectionRun(
        program=program,
        number=number,
        algorithm=ALGORITHM,
        seed=seed,
        config={**parsed.as_data(), "as_of": ctx.as_of.isoformat()},
        rules=[s.as_data() for s in specs],
        inputs=[c.as_data() for c in candidates],
        result=select(candidates, parsed, seed),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    run.save()
    _log_run(actor=actor, run=run, before=None, source=source)
    return run


def _beneficiary(row: Application | Enrollment) -> tuple[str, int | None]:
    """Who an application or enrollment is for, as the one-beneficiary-per-program constraints read it."""
    if row.business_id is not None:
        return ("business", row.business_id)
    if row.cooperative_id is not None:
        return ("cooperative", row.cooperative_id)
    return ("person", row.person_id)


@transaction.atomic
def selection_accept(*, actor: User, run: SelectionRun, source: str = ChangeSource.WEB) -> list[Enrollment]:
    """Make the run's choice final: the chosen are enrolled, every other application is marked not
    selected. One run per program can be accepted."""
    program = locked(run.program)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    require_program_write(actor, program)
    require_status(program, {ProgramStatus.SELECTION}, doing=_("Accepting a selection"))
    if program.selection_runs.filter(accepted_at__isnull=False).exists():
        raise ValidationError({"run": _("A selection run of this program has already been accepted.")})
    chosen = {int(e["key"]) for e in run.result["selected"]}
    considered = {int(c["key"]) for c in run.inputs}
    applications = {a.pk: a for a in Application.objects.select_for_update().filter(program=program)}
    changed = [pk for pk, a in applications.items() if (pk in considered) != (a.status != ApplicationStatus.WITHDRAWN)]
    if changed:
        raise ValidationError(
            {"run": _("Applications have been added or withdrawn since this run; run the selection again.")}
        )
    enrollments = []
    # A chosen applicant the office already enrolled directly (enrollment_add while the program was open or in
    # selection) keeps that enrollment: enrolling them twice is what the unique constraint refuses.
    enrolled = {_beneficiary(e) for e in program.enrollments.all()}
    for pk in sorted(considered):
        application = applications[pk]
        before = snapshot(application)
        application.status = ApplicationStatus.SELECTED if pk in chosen else ApplicationStatus.NOT_SELECTED
        save_logged(actor=actor, instance=application, before=before, source=source)
        if pk in chosen and _beneficiary(application) not in enrolled:
            enrollment = Enrollment(
                program=program,
                application=application,
                selection_run=run,
                business=application.business,
                person=application.person,
                cooperative=application.cooperative,
            )
            save_logged(actor=actor, instance=enrollment, before=None, source=source)
            enrollments.append(enrollment)
    before_run = snapshot(run)
    run.accepted_at = timezone.now()
    run.save(update_fields=["accepted_at"])
    _log_run(actor=actor, run=run, before=before_run, source=source)
    return enrollments


@transaction.atomic
def selection_publish(*, actor: User, run: SelectionRun, source: str = ChangeSource.WEB) -> SelectionRun:
    """Make the accepted run's public report visible (selectors.selection_report_public)."""
    program = locked(run.program)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    require_program_write(actor, program)
    if run.accepted_at is None:
        raise ValidationError({"run": _("Accept the selection before publishing its report.")})
    if run.published_at is None:
        before = snapshot(run)
        run.published_at = timezone.now()
        run.save(update_fields=["published_at"])
        _log_run(actor=actor, run=run, before=before, source=source)
    return run
