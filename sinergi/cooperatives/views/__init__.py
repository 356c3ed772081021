"""Cooperative pages. Views stay thin: they read through the region-scoped selectors, write through the
services, and translate "not visible" into 404 and "not allowed" into 403."""

from sinergi.cooperatives.views.assessments import (
    cooperative_assessment,
    cooperative_assessment_rescore,
    cooperative_assessments_start,
)
from sinergi.cooperatives.views.cooperatives import (
    cooperative_create,
    cooperative_detail,
    cooperative_edit,
    cooperative_list,
)
from sinergi.cooperatives.views.people import (
    cooperative_member_add,
    cooperative_member_remove,
    cooperative_officer_add,
    cooperative_officer_remove,
)
from sinergi.cooperatives.views.reports import annual_report, annual_report_pick

__all__ = [
    "annual_report",
    "annual_report_pick",
    "cooperative_assessment",
    "cooperative_assessment_rescore",
    "cooperative_assessments_start",
    "cooperative_create",
    "cooperative_detail",
    "cooperative_edit",
    "cooperative_list",
    "cooperative_member_add",
    "cooperative_member_remove",
    "cooperative_officer_add",
    "cooperative_officer_remove",
]
