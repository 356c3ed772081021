"""Writes of the reports app: an office uploads a mapping file; asks for a periodic report (a job makes it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import OFFICE_LEVELS, can_edit_registry, region_in_scope, require_office_manage
from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.jobs import job_create, job_enqueue
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.regions.models import Region
from sinergi.reports.content import report_content
from sinergi.reports.mappings import mapping_parse
from sinergi.reports.models import MappingUpload, PeriodicReport, ReportStatus
from sinergi.reports.periods import period_span
from sinergi.reports.render import report_pdf, report_xlsx

REPORT_JOB = "reports.periodic"


def _office(code: str) -> Region:
    try:
        office = Region.objects.get(pk=code)
    except Region.DoesNotExist:
        raise ValidationError({"office": _("Unknown region.")}) from None
    if office.level not in OFFICE_LEVELS:
        raise ValidationError({"office": _("An office serves a province or a regency/city.")})
    return office


@transaction.atomic
def mapping_upload(*, actor: User, office_code: str, raw: bytes, source: str = ChangeSource.WEB) -> MappingUpload:
    """Keep a newer mapping file for the office; ValidationError with every problem of the file."""
    office = _office(office_code)
    require_office_manage(actor, office.code)
    mapping = mapping_parse(raw)
    if MappingUpload.objects.filter(office=office, code=mapping.code, version=mapping.version).exists():
        raise ValidationError(
            {
                "file": _("Version %(version)s of “%(code)s” is already loaded.")
                % {"version": mapping.version, "code": mapping.code}
            }
        )
    upload = MappingUpload.objects.create(
        office=office,
        code=mapping.code,
        version=mapping.version,
        title=mapping.title[:200],
        content=raw.decode("utf-8-sig"),
        uploaded_by=actor,
    )
    record_change(
        actor=actor, instance=upload, action=ChangeAction.CREATE, before=None, after=snapshot(upload), source=source
    )
    return upload


@transaction.atomic
def periodic_report_request(
    *, actor: User, office_code: str, period_kind: str, year: int, number: int = 0, source: str = ChangeSource.WEB
) -> PeriodicReport:
    """Queue the office's report for the period; a worker's job generates it (``periodic_report_generate``)."""
    office = _office(office_code)
    if not can_edit_registry(actor) or not region_in_scope(actor, office.code):
        raise PermissionDenied(_("You may not make reports for the office of region %(code)s.") % {"code": office.code})
    number = 0 if period_kind == "year" else number
    first, _last = period_span(kind=period_kind, year=year, number=number)
    if first > timezone.localdate():
        raise ValidationError({"year": _("The period has not started yet.")})
    job = job_create(actor=actor, kind=REPORT_JOB, total=1)
    report = PeriodicReport.objects.create(
        office=office, period_kind=period_kind, year=year, number=number, job=job, created_by=actor
    )
    job.checkpoint = {"report": report.pk}
    job.save(update_fields=["checkpoint"])
    record_change(
        actor=actor, instance=report, action=ChangeAction.CREATE, before=None, after=snapshot(report), source=source
    )
    job_enqueue(job=job)
    return report


def periodic_report_generate(*, report: PeriodicReport, actor: Any = None) -> PeriodicReport:
    """Compute the report's tables and charts and keep them as PDF and XLSX (run by the job)."""
    before = snapshot(report)
    try:
        content = report_content(
            office_code=report.office_id, kind=report.period_kind, year=report.year, number=report.number
        )
        report.pdf = report_pdf(content)
        report.xlsx = report_xlsx(content)
    except Exception:
        PeriodicReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, message=_("The report could not be generated.")
        )
        raise
    report.status = ReportStatus.READY
    report.generated_at = timezone.now()
    report.message = ""
    with transaction.atomic():
        report.save()
        record_change(
            actor=actor,
            instance=report,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(report),
            source=ChangeSource.JOB,
        )
    return report
