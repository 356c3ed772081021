"""Program endpoints: programs and their status, budgets, eligibility rules and the eligibility preview,
applications (with the applicant import), selection runs with their reports, enrollments, sessions and
attendance, aid disbursements, and the beneficiaries report.

Thin, as the other routers: each endpoint parses its input, reads through the programs' scoped selectors and
writes through their services (source=API, actor=the caller), which decide who may write. A program outside
the caller's scope answers 404, like a missing one; office viewers read and get 403 on every write. Budgets,
eligibility, the pre-selection checks and selection runs are for office staff (403 for others); the
published selection report is public and holds no private data.
"""

from ninja import Router

from sinergi.programs.api import applications, enrollments, programs, reports, rules, selection

router = Router()
# The reports come first: "/programs/reports/…" must not be read as a program id.
for part in (reports, programs, rules, applications, selection, enrollments):
    router.add_router("/", part.router)
