"""Writes to supervision: inspection plans, inspections (visits), their findings and the follow-up actions
(tindak lanjut) with deadlines.

Status rules: an inspection is planned, visited (``done``, which needs the visit date) or cancelled; only a
visited inspection has findings, so one with findings stays visited, and a visit that took place cannot be
cancelled. A follow-up is open, in progress or done (``done`` needs the date it was done); its deadline is
required. A follow-up is overdue when it is not done and its deadline has passed (``follow_up_is_overdue``).

Who may write: office editors in the cooperative's region (``require_cooperative_write``); a plan belongs to
the office region it names (``require_region_write`` on it). A cooperative's own officer writes nothing here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import is_office_staff, region_in_scope, require_office_staff, require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.services._base import delete_logged, pick_fields, require_cooperative_write, save_logged
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.regions.models import Region
from sinergi.supervision.models import (
    Finding,
    FollowUp,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Severity,
)

PLAN_FIELDS = ("title", "region_id", "year", "starts_on", "ends_on", "notes")
INSPECTION_FIELDS = ("plan_id", "planned_on", "visited_on", "inspectors", "status", "summary")
FINDING_FIELDS = ("aspect", "description", "severity")
FOLLOW_UP_FIELDS = ("action", "responsible", "due_on", "status", "done_on", "notes")
FIRST_YEAR = 1945
PLAN_YEARS_AHEAD = 5


def can_supervise(user: User) -> bool:
    """Supervision is the office's work: staff (viewers read), never a cooperative's or business's own user."""
    return is_office_staff(user)


def require_supervision_read(user: User) -> None:
    require_office_staff(user)


def follow_up_is_overdue(*, status: str, due_on: date | None, today: date | None = None) -> bool:
    """Not done and past its deadline (the deadline day itself is not yet overdue)."""
    today = today or timezone.localdate()
    return status != FollowUpStatus.DONE and due_on is not None and due_on < today


def within(code: str, prefix: str) -> bool:
    """Whether region ``code`` is ``prefix`` or lies below it."""
    return code == prefix or code.startswith(prefix + ".")


def _text(values: dict[str, Any], field: str, *, lines: bool = False) -> str:
    raw = str(values.get(field) or "")
    return raw.strip() if lines else " ".join(raw.split())


def _date(values: dict[str, Any], field: str, errors: dict[str, str], *, not_future: bool = False) -> date | None:
    value = values.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, date):
        errors[field] = _("Give a date.")
        return None
    if not_future and value > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")
    return value


# --- plans --------------------------------------------------------------------------------------------


def _clean_plan(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["title"] = _text(values, "title")
    if not values["title"]:
        errors["title"] = _("The title is required.")
    code = values.get("region_id")
    if not code:
        errors["region_id"] = _("Choose the office's region.")
    elif not Region.objects.filter(pk=code).exists():
        errors["region_id"] = _("Unknown region code “%(code)s”.") % {"code": code}
    year, last = values.get("year"), timezone.localdate().year + PLAN_YEARS_AHEAD
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= last:
        errors["year"] = _("The year must be between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": last}
    starts, ends = _date(values, "starts_on", errors), _date(values, "ends_on", errors)
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The plan must end on or after the day it starts.")
    values.update(starts_on=starts, ends_on=ends, notes=_text(values, "notes", lines=True))
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def inspection_plan_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> InspectionPlan:
    values = _clean_plan(pick_fields(data, PLAN_FIELDS))
    require_region_write(actor, values["region_id"])
    plan = InspectionPlan(**values)
    save_logged(actor=actor, instance=plan, before=None, source=source)
    return plan


@transaction.atomic
def inspection_plan_update(
    *, actor: User, plan: InspectionPlan, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    require_region_write(actor, plan.region_id)
    before = snapshot(plan)
    current = {f: getattr(plan, f) for f in PLAN_FIELDS}
    values = _clean_plan({**current, **pick_fields(data, PLAN_FIELDS)})
    if values["region_id"] != plan.region_id:
        require_region_write(actor, values["region_id"])
        outside = [
            i.cooperative.name
            for i in plan.inspections.select_related("cooperative")
            if not within(i.cooperative.region_id, values["region_id"])
        ]
        if outside:
            raise ValidationError(
                {
                    "region_id": _("Inspections of this plan are outside that region: %(names)s.")
                    % {"names": ", ".join(sorted(outside)[:5])}
                }
            )
    for k, v in values.items():
        setattr(plan, k, v)
    save_logged(actor=actor, instance=plan, before=before, source=source)
    return plan


# --- inspections --------------------------------------------------------------------------------------


def _plan_errors(
    *, actor: User, values: dict[str, Any], cooperative: Cooperative, plan_changed: bool
) -> dict[str, str]:
    """Checks of the inspection's plan: when it is being set, one the actor works in whose region holds the
    cooperative; always, that the planned date falls within the plan's dates."""
    plan_id = values["plan_id"] = values.get("plan_id") or None
    if plan_id is None:
        return {}
    plan = InspectionPlan.objects.filter(pk=plan_id).first()
    if plan is None or (plan_changed and not region_in_scope(actor, plan.region_id)):
        return {"plan_id": _("Unknown inspection plan.")}
    if plan_changed and not within(cooperative.region_id, plan.region_id):
        return {
            "plan_id": _("The cooperative (%(coop)s) is outside the plan's region (%(plan)s).")
            % {"coop": cooperative.region_id, "plan": plan.region_id}
        }
    planned = values.get("planned_on")
    if isinstance(planned, date) and (
        (plan.starts_on and planned < plan.starts_on) or (plan.ends_on and planned > plan.ends_on)
    ):
        return {
            "planned_on": _("The plan runs from %(start)s to %(end)s; this date is outside it.")
            % {"start": plan.starts_on or "…", "end": plan.ends_on or "…"}
        }
    return {}


def _clean_inspection(
    values: dict[str, Any], *, actor: User, cooperative: Cooperative, instance: Inspection | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["status"] = values.get("status") or InspectionStatus.PLANNED
    status = values["status"]
    if status not in InspectionStatus.values:
        errors["status"] = _("Unknown status “%(value)s”.") % {"value": status}
    values["planned_on"] = _date(values, "planned_on", errors)
    values["visited_on"] = visited = _date(values, "visited_on", errors, not_future=True)
    if status == InspectionStatus.DONE and visited is None and "visited_on" not in errors:
        errors["visited_on"] = _("Give the date of the visit.")
    if status != InspectionStatus.DONE and visited is not None:
        errors["visited_on"] = _("Only a visited inspection has a visit date: set the status to visited, or clear it.")
    if instance is not None and instance.status == InspectionStatus.DONE and status != InspectionStatus.DONE:
        if instance.findings.exists():
            errors["status"] = _("This inspection has findings, so it stays visited.")
        elif status == InspectionStatus.CANCELLED:
            errors["status"] = _("A visit that took place cannot be cancelled; set it back to planned if it was not.")
    if not errors:
        plan_changed = instance is None or values.get("plan_id") != instance.plan_id
        errors.update(_plan_errors(actor=actor, values=values, cooperative=cooperative, plan_changed=plan_changed))
    if errors:
        raise ValidationError(errors)
    values["inspectors"] = _text(values, "inspectors")
    values["summary"] = _text(values, "summary", lines=True)
    return values


@transaction.atomic
def inspection_create(
    *, actor: User, cooperative: Cooperative, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Inspection:
    require_cooperative_write(actor, cooperative)
    values = _clean_inspection(
        pick_fields(data, INSPECTION_FIELDS), actor=actor, cooperative=cooperative, instance=None
    )
    inspection = Inspection(cooperative=cooperative, **values)
    save_logged(actor=actor, instance=inspection, before=None, source=source)
    return inspection


@transaction.atomic
def inspection_update(
    *, actor: User, inspection: Inspection, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Inspection:
    inspection = Inspection.objects.select_for_update().select_related("cooperative").get(pk=inspection.pk)
    require_cooperative_write(actor, inspection.cooperative)
    before = snapshot(inspection)
    current = {f: getattr(inspection, f) for f in INSPECTION_FIELDS}
    values = _clean_inspection(
        {**current, **pick_fields(data, INSPECTION_FIELDS)},
        actor=actor,
        cooperative=inspection.cooperative,
        instance=inspection,
    )
    for k, v in values.items():
        setattr(inspection, k, v)
    save_logged(actor=actor, instance=inspection, before=before, source=source)
    return inspection


# --- findings -----------------------------------------------------------------------------------------


@transaction.atomic
def finding_add(
    *, actor: User, inspection: Inspection, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Finding:
    # Read the status as stored (and hold it) so that a finding never lands on a visit being cancelled.
    inspection = Inspection.objects.select_for_update().select_related("cooperative").get(pk=inspection.pk)
    require_cooperative_write(actor, inspection.cooperative)
    values = pick_fields(data, FINDING_FIELDS)
    errors: dict[str, str] = {}
    if inspection.status != InspectionStatus.DONE:
        raise ValidationError(_("Record the visit first: findings belong to a visited inspection."))
    values["description"] = _text(values, "description", lines=True)
    if not values["description"]:
        errors["description"] = _("Describe the finding.")
    values["aspect"] = _text(values, "aspect")
    values["severity"] = values.get("severity") or Severity.MEDIUM
    if values["severity"] not in Severity.values:
        errors["severity"] = _("Choose low, medium or high.")
    if errors:
        raise ValidationError(errors)
    finding = Finding(inspection=inspection, **values)
    save_logged(actor=actor, instance=finding, before=None, source=source)
    return finding


@transaction.atomic
def finding_remove(*, actor: User, finding: Finding, source: str = ChangeSource.WEB) -> None:
    """Remove a finding entered by mistake, with its follow-ups (each logged as it was)."""
    require_cooperative_write(actor, finding.inspection.cooperative)
    for follow_up in finding.follow_ups.all():
        delete_logged(actor=actor, instance=follow_up, source=source)
    delete_logged(actor=actor, instance=finding, source=source)


# --- follow-ups ---------------------------------------------------------------------------------------


def _clean_follow_up(values: dict[str, Any], *, inspection: Inspection) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["action"] = _text(values, "action", lines=True)
    if not values["action"]:
        errors["action"] = _("Describe the action to take.")
    values["status"] = values.get("status") or FollowUpStatus.OPEN
    status = values["status"]
    if status not in FollowUpStatus.values:
        errors["status"] = _("Unknown status “%(value)s”.") % {"value": status}
    values["due_on"] = due = _date(values, "due_on", errors)
    if due is None and "due_on" not in errors:
        errors["due_on"] = _("Give the deadline.")
    values["done_on"] = done = _date(values, "done_on", errors, not_future=True)
    if status == FollowUpStatus.DONE and done is None and "done_on" not in errors:
        errors["done_on"] = _("Give the date it was done.")
    if status != FollowUpStatus.DONE and done is not None:
        errors["done_on"] = _("Only a follow-up that is done has a date done: set the status to done, or clear it.")
    visited = inspection.visited_on
    if visited and due and due < visited:
        errors["due_on"] = _("The deadline cannot be before the visit (%(date)s).") % {"date": visited.isoformat()}
    if visited and done and done < visited and "done_on" not in errors:
        errors["done_on"] = _("It cannot be done before the visit (%(date)s).") % {"date": visited.isoformat()}
    if errors:
        raise ValidationError(errors)
    values["responsible"] = _text(values, "responsible")
    values["notes"] = _text(values, "notes", lines=True)
    return values


@transaction.atomic
def follow_up_add(
    *, actor: User, finding: Finding, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> FollowUp:
    inspection = finding.inspection
    require_cooperative_write(actor, inspection.cooperative)
    values = _clean_follow_up(pick_fields(data, FOLLOW_UP_FIELDS), inspection=inspection)
    follow_up = FollowUp(finding=finding, **values)
    save_logged(actor=actor, instance=follow_up, before=None, source=source)
    return follow_up


@transaction.atomic
def follow_up_update(
    *, actor: User, follow_up: FollowUp, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_for_update().select_related("finding__inspection__cooperative").get(pk=follow_up.pk)
    )
    inspection = follow_up.finding.inspection
    require_cooperative_write(actor, inspection.cooperative)
    before = snapshot(follow_up)
    current = {f: getattr(follow_up, f) for f in FOLLOW_UP_FIELDS}
    values = _clean_follow_up({**current, **pick_fields(data, FOLLOW_UP_FIELDS)}, inspection=inspection)
    for k, v in values.items():
        setattr(follow_up, k, v)
    save_logged(actor=actor, instance=follow_up, before=before, source=source)
    return follow_up
