"""The periodic report's job: thin, it calls the service."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sinergi.core.jobs import job_handler
from sinergi.core.models import Job
from sinergi.reports.models import PeriodicReport
from sinergi.reports.services import REPORT_JOB, periodic_report_generate


@job_handler(REPORT_JOB)
def periodic_report_job(job: Job) -> str:
    report = PeriodicReport.objects.get(pk=job.checkpoint["report"])
    periodic_report_generate(report=report, actor=job.created_by)
    return _("Report %(period)s generated.") % {"period": report.period_label}
