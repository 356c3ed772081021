"""Program pages. Views stay thin: they read through the region-scoped selectors, write through the
services, and translate "not visible" into 404 and "not allowed" into 403."""

from sinergi.programs.views.programs import (
    program_create,
    program_delete,
    program_detail,
    program_edit,
    program_list,
    program_transition,
)
from sinergi.programs.views.selection import public_report, run_accept, run_detail, run_publish, selection_run
from sinergi.programs.views.sessions import business_programs, person_programs, session_sheet
from sinergi.programs.views.tabs import (
    application_add,
    application_withdraw,
    budget_line_add,
    budget_line_remove,
    enrollment_add,
    enrollment_update,
    realisation_add,
    rule_add,
    rule_remove,
    session_add,
)

__all__ = [
    "application_add",
    "application_withdraw",
    "budget_line_add",
    "budget_line_remove",
    "business_programs",
    "enrollment_add",
    "enrollment_update",
    "person_programs",
    "program_create",
    "program_delete",
    "program_detail",
    "program_edit",
    "program_list",
    "program_transition",
    "public_report",
    "realisation_add",
    "rule_add",
    "rule_remove",
    "run_accept",
    "run_detail",
    "run_publish",
    "selection_run",
    "session_add",
    "session_sheet",
]
