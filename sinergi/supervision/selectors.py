"""Reads of supervision records (plans, inspections, findings, follow-ups), scoped to the office's staff in
their regions. A cooperative's own officer sees none of them: supervision is the office's working file.

Inspections, findings and follow-ups are scoped by their cooperative's region; plans by the office region
they name (a kabupaten officer does not see the province's plans, the province sees the kabupaten's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from sinergi.accounts.access import region_q
from sinergi.accounts.models import User
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.selectors import cooperatives_for_staff
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.supervision.models import Finding, FollowUp, FollowUpStatus, Inspection, InspectionPlan
from sinergi.supervision.services import can_supervise


def supervised_cooperatives(*, user: User) -> QuerySet[Cooperative]:
    """The cooperatives the user supervises: those visible to office staff, none for anyone else."""
    return cooperatives_for_staff(user=user)


def supervised_cooperative_get(*, user: User, pk: int) -> Cooperative:
    return supervised_cooperatives(user=user).select_related("region").get(pk=pk)


def overdue_q(*, today: date, prefix: str = "") -> Q:
    """Follow-ups (at ``prefix``, e.g. "finding__inspection__…") not done whose deadline has passed."""
    return ~Q(**{f"{prefix}status": FollowUpStatus.DONE}) & Q(**{f"{prefix}due_on__lt": today})


def plans_visible(*, user: User) -> QuerySet[InspectionPlan]:
    if not can_supervise(user):
        return InspectionPlan.objects.none()
    return InspectionPlan.objects.filter(region_q(user, "region__code"))


def plan_get(*, user: User, pk: int) -> InspectionPlan:
    return plans_visible(user=user).select_related("region").get(pk=pk)


def plan_list(*, user: User, year: int | None = None) -> QuerySet[InspectionPlan]:
    qs = plans_visible(user=user).select_related("region").annotate(n_inspections=Count("inspections"))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "title", "id")


def inspections_visible(*, user: User) -> QuerySet[Inspection]:
    if not can_supervise(user):
        return Inspection.objects.none()
    return Inspection.objects.filter(region_q(user, "cooperative__region__code"))


def inspection_get(*, user: User, pk: int) -> Inspection:
    return inspections_visible(user=user).select_related("cooperative__region", "plan").get(pk=pk)


@dataclass(frozen=True, slots=True)
class InspectionFilter:
    cooperative: int | None = None
    plan: int | None = None
    status: str = ""


def inspection_list(*, user: User, filters: InspectionFilter = InspectionFilter()) -> QuerySet[Inspection]:
    qs = inspections_visible(user=user).select_related("cooperative__region", "plan")
    if filters.cooperative is not None:
        qs = qs.filter(cooperative_id=filters.cooperative)
    if filters.plan is not None:
        qs = qs.filter(plan_id=filters.plan)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-planned_on", "-id")


def findings_visible(*, user: User) -> QuerySet[Finding]:
    if not can_supervise(user):
        return Finding.objects.none()
    return Finding.objects.filter(region_q(user, "inspection__cooperative__region__code"))


def finding_get(*, user: User, pk: int) -> Finding:
    return findings_visible(user=user).select_related("inspection__cooperative").get(pk=pk)


def inspection_findings(*, user: User, inspection: Inspection) -> QuerySet[Finding]:
    return findings_visible(user=user).filter(inspection=inspection).order_by("id")


def with_overdue(qs: QuerySet[FollowUp], *, today: date | None = None) -> QuerySet[FollowUp]:
    """``qs`` annotated with ``is_overdue`` (bool, in SQL)."""
    condition = overdue_q(today=today or timezone.localdate())
    return qs.annotate(is_overdue=ExpressionWrapper(condition, output_field=BooleanField()))


def follow_ups_visible(*, user: User, today: date | None = None) -> QuerySet[FollowUp]:
    if not can_supervise(user):
        return FollowUp.objects.none()
    qs = FollowUp.objects.filter(region_q(user, "finding__inspection__cooperative__region__code"))
    return with_overdue(qs, today=today)


def follow_up_get(*, user: User, pk: int) -> FollowUp:
    return follow_ups_visible(user=user).select_related("finding__inspection__cooperative").get(pk=pk)


@dataclass(frozen=True, slots=True)
class FollowUpFilter:
    status: str = ""
    overdue: bool | None = None
    inspection: int | None = None
    cooperative: int | None = None


def follow_up_list(
    *, user: User, filters: FollowUpFilter = FollowUpFilter(), today: date | None = None
) -> QuerySet[FollowUp]:
    today = today or timezone.localdate()
    qs = follow_ups_visible(user=user, today=today).select_related("finding__inspection__cooperative")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.overdue is not None:
        qs = qs.filter(overdue_q(today=today)) if filters.overdue else qs.exclude(overdue_q(today=today))
    if filters.inspection is not None:
        qs = qs.filter(finding__inspection_id=filters.inspection)
    if filters.cooperative is not None:
        qs = qs.filter(finding__inspection__cooperative_id=filters.cooperative)
    return qs.order_by("due_on", "id")


def overdue_follow_ups(*, user: User, today: date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups past their deadline, the longest overdue first."""
    return follow_up_list(user=user, filters=FollowUpFilter(overdue=True), today=today)


def inspection_history(*, inspection: Inspection) -> QuerySet[ChangeLog]:
    """The inspection's changes and those of its findings and their follow-ups, removed findings included (a
    removed row is found by the inspection or finding its last snapshot names). The caller has checked the
    inspection against the user's regions (``inspection_get``)."""
    finding_type = ContentType.objects.get_for_model(Finding)
    follow_type = ContentType.objects.get_for_model(FollowUp)
    findings = [str(pk) for pk in Finding.objects.filter(inspection=inspection).values_list("pk", flat=True)]
    removed = ChangeLog.objects.filter(
        content_type=finding_type, action=ChangeAction.DELETE, before__inspection_id=inspection.pk
    ).values_list("object_id", flat=True)
    every_finding = [*findings, *removed]
    q = (
        Q(content_type=ContentType.objects.get_for_model(Inspection), object_id=str(inspection.pk))
        | Q(content_type=finding_type, object_id__in=every_finding)
        | Q(content_type=follow_type, after__finding_id__in=[int(pk) for pk in every_finding])
        | Q(content_type=follow_type, before__finding_id__in=[int(pk) for pk in every_finding])
    )
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")
