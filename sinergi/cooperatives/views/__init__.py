"""Cooperative pages. Views stay thin: they read through the region-scoped selectors, write through the
services, and translate "not visible" into 404 and "not allowed" into 403."""

from sinergi.cooperatives.views.assessments import (
    cooperative_assessment,
    cooperative_assessment_rescore,
    cooperative_assessments_start,
)
from sinergi.cooperatives.views.cooperatives import CooperativeDetail, CooperativeFormPage, CooperativeList
from sinergi.cooperatives.views.indicators import indicators, indicators_export_xlsx
from sinergi.cooperatives.views.people import MemberAdd, MemberRemove, OfficerAdd, OfficerRemove
from sinergi.cooperatives.views.reports import annual_report, annual_report_pick

__all__ = [
    "CooperativeDetail",
    "CooperativeFormPage",
    "CooperativeList",
    "MemberAdd",
    "MemberRemove",
    "OfficerAdd",
    "OfficerRemove",
    "annual_report",
    "annual_report_pick",
    "cooperative_assessment",
    "cooperative_assessment_rescore",
    "cooperative_assessments_start",
    "indicators",
    "indicators_export_xlsx",
]
