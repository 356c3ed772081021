"""Task entry points for the django-tasks worker: each calls a service and nothing else."""

from __future__ import annotations

from django_tasks import task

from sinergi.accounts.services import system_actor
from sinergi.cooperatives.services import batch


@task()
def cooperatives_assess(
    region_code: str | None = None, fiscal_year: int | None = None, rule_set_version: str | None = None
) -> int:
    """Queue the scoring of every cooperative's reports as the system (e.g. on a schedule, or after the office
    changes its rule set); the work runs as a resumable job, whose id this returns."""
    return batch.assessments_start(
        actor=system_actor(), region_code=region_code, fiscal_year=fiscal_year, rule_set_version=rule_set_version
    ).pk
