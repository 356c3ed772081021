"""Program pages. Views stay thin: they read through the region-scoped selectors, write through the
services, and translate "not visible" into 404 and "not allowed" into 403."""

from sinergi.programs.views.imports import applicant_import, applicant_import_rejections, applicant_import_result
from sinergi.programs.views.participants import aid_add, outcome_add, participant_detail, visit_add
from sinergi.programs.views.programs import (
    ProgramDetail,
    ProgramFormPage,
    ProgramList,
    program_delete,
    program_transition,
)
from sinergi.programs.views.reports import beneficiaries_export, beneficiaries_report
from sinergi.programs.views.selection import public_report, run_accept, run_detail, run_publish, selection_run
from sinergi.programs.views.self_service import self_apply
from sinergi.programs.views.sessions import business_programs, person_programs, session_sheet
from sinergi.programs.views.tabs import (
    ApplicationAdd,
    ApplicationWithdraw,
    BudgetLineAdd,
    BudgetLineRemove,
    EnrollmentAdd,
    RealisationAdd,
    RuleAdd,
    RuleRemove,
    SessionAdd,
    applicant_search,
    enrollment_update,
)

__all__ = [
    "ApplicationAdd",
    "ApplicationWithdraw",
    "BudgetLineAdd",
    "BudgetLineRemove",
    "EnrollmentAdd",
    "ProgramDetail",
    "ProgramFormPage",
    "ProgramList",
    "RealisationAdd",
    "RuleAdd",
    "RuleRemove",
    "SessionAdd",
    "aid_add",
    "applicant_import",
    "applicant_import_rejections",
    "applicant_import_result",
    "applicant_search",
    "beneficiaries_export",
    "beneficiaries_report",
    "business_programs",
    "enrollment_update",
    "outcome_add",
    "participant_detail",
    "person_programs",
    "program_delete",
    "program_transition",
    "public_report",
    "run_accept",
    "run_detail",
    "run_publish",
    "selection_run",
    "self_apply",
    "session_sheet",
    "visit_add",
]
