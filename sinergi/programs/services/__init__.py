"""Every write to programs. Each function runs in one transaction, checks that the actor may make the
change, validates, and leaves one change-log row per record it changes.

Callers use ``from sinergi.programs import services`` and ``services.<entity>_<action>(...)``.
"""

from sinergi.programs.services.applications import (
    APPLICATION_FIELDS,
    application_submit,
    application_update,
    application_withdraw,
)
from sinergi.programs.services.budgets import (
    BUDGET_FIELDS,
    REALISATION_FIELDS,
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    realisation_record,
    realisation_remove,
    realised,
)
from sinergi.programs.services.enrollments import (
    aid_disburse,
    aid_disbursement_remove,
    double_aid_years,
    enrollment_add,
    enrollment_update,
    mentoring_visit_add,
    outcome_record,
    session_add,
    session_attendance_set,
)
from sinergi.programs.services.programs import (
    PROGRAM_FIELDS,
    RULE_FIELDS,
    program_create,
    program_delete,
    program_rule_add,
    program_rule_remove,
    program_rules_set,
    program_transition,
    program_update,
)
from sinergi.programs.services.selections import selection_accept, selection_publish, selection_run

__all__ = [
    "APPLICATION_FIELDS",
    "BUDGET_FIELDS",
    "PROGRAM_FIELDS",
    "REALISATION_FIELDS",
    "RULE_FIELDS",
    "aid_disburse",
    "aid_disbursement_remove",
    "application_submit",
    "application_update",
    "application_withdraw",
    "budget_line_add",
    "budget_line_remove",
    "budget_line_update",
    "double_aid_years",
    "enrollment_add",
    "enrollment_update",
    "mentoring_visit_add",
    "outcome_record",
    "program_create",
    "program_delete",
    "program_rule_add",
    "program_rule_remove",
    "program_rules_set",
    "program_transition",
    "program_update",
    "realisation_record",
    "realisation_remove",
    "realised",
    "selection_accept",
    "selection_publish",
    "selection_run",
    "session_add",
    "session_attendance_set",
]
