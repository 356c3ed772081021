"""Every write to cooperatives. Each function runs in one transaction, checks that the actor may make the
change, validates, and leaves one change-log row per record it changes.

Callers use ``from sinergi.cooperatives import services`` and ``services.<entity>_<action>(...)``.
"""

from sinergi.cooperatives.services._base import require_cooperative_write, require_report_write
from sinergi.cooperatives.services.assessments import (
    cooperative_assess,
    cooperative_health_refresh,
    problem_message,
    rule_set,
    score_values,
)
from sinergi.cooperatives.services.cooperatives import (
    COOPERATIVE_FIELDS,
    MEMBER_FIELDS,
    OFFICER_FIELDS,
    cooperative_create,
    cooperative_delete,
    cooperative_member_add,
    cooperative_member_remove,
    cooperative_officer_add,
    cooperative_officer_remove,
    cooperative_update,
    normalize_nik_koperasi,
)
from sinergi.cooperatives.services.reports import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    REPORT_FIELDS,
    annual_report_delete,
    annual_report_save,
    clean_report,
)

__all__ = [
    "COOPERATIVE_FIELDS",
    "COUNT_FIELDS",
    "MEMBER_FIELDS",
    "MONEY_FIELDS",
    "OFFICER_FIELDS",
    "REPORT_FIELDS",
    "annual_report_delete",
    "annual_report_save",
    "clean_report",
    "cooperative_assess",
    "cooperative_create",
    "cooperative_delete",
    "cooperative_health_refresh",
    "cooperative_member_add",
    "cooperative_member_remove",
    "cooperative_officer_add",
    "cooperative_officer_remove",
    "cooperative_update",
    "normalize_nik_koperasi",
    "problem_message",
    "require_cooperative_write",
    "require_report_write",
    "rule_set",
    "score_values",
]
