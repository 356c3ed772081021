"""Reads of annual-report imports: the finished import (a core.Job holding its result), its rejected rows
with reasons under the file's own column headers, and those rows as an XLSX to fix and import again.

An import is visible to office staff whose regions cover the import's region, as every scoped record is;
to anyone else it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from sinergi.accounts.access import region_in_scope, region_q
from sinergi.accounts.models import STAFF_ROLES, User
from sinergi.cooperatives.imports.columns import REASON_HEADER, SOURCE_ROW_HEADER, label_of
from sinergi.cooperatives.imports.job import IMPORT_JOB
from sinergi.core.models import Job
from sinergi.ingest.workbooks import RejectionSheet, write_rejections


def _may_see(user: User, job: Job) -> bool:
    region = str(job.checkpoint.get("region") or "")
    staff = user.is_superuser or user.role in STAFF_ROLES
    return bool(region) and user.is_authenticated and staff and region_in_scope(user, region)


def cooperative_import_get(*, user: User, pk: int) -> Job:
    """One finished import in the user's regions; Job.DoesNotExist otherwise (missing and out of scope alike)."""
    job = Job.objects.filter(pk=pk, kind=IMPORT_JOB).select_related("created_by").first()
    if job is None or not _may_see(user, job):
        raise Job.DoesNotExist
    return job


def cooperative_imports_recent(*, user: User, limit: int = 10) -> list[Job]:
    """The latest imports in the user's regions, newest first: finished, failed, and those still running."""
    if not (user.is_authenticated and (user.is_superuser or user.role in STAFF_ROLES)):
        return []
    recent = Job.objects.filter(region_q(user, "checkpoint__region"), kind=IMPORT_JOB)
    return [job for job in recent.select_related("created_by").order_by("-created_at")[:limit] if _may_see(user, job)]


@dataclass(frozen=True)
class RejectedRowView:
    sheet: str
    row: int
    values: list[Any]
    reasons: list[tuple[str, str]]  # (column as headed in the file, message)


def _column_names(sheet: dict[str, Any]) -> dict[str, str]:
    """Field key → the header the file gives it (what the officer reads), else the field's own label."""
    columns: list[str] = sheet["columns"]
    names = {key: columns[index] or label_of(key) for key, index in sheet["mapping"].items()}
    return names | {"": _("Row"), "region_code": names.get("region_code") or _("Region")}


def rejected_rows(job: Job) -> list[RejectedRowView]:
    names = {s["sheet"]: _column_names(s) for s in job.checkpoint.get("sheets", [])}
    views = []
    for item in job.checkpoint.get("rejected", []):
        labels = names.get(item["sheet"], {})
        reasons = [(labels.get(e["field"]) or label_of(e["field"]), e["message"]) for e in item["errors"]]
        views.append(RejectedRowView(item["sheet"], item["row"], item["values"], reasons))
    return views


def rejections_xlsx(*, job: Job, stream: IO[bytes]) -> int:
    """The rejected rows as XLSX, one sheet per sheet of the file, under the file's own headers with the
    source row in front and the reasons behind (both skipped on re-import); returns the number of rows."""
    rows = rejected_rows(job)
    sheets = [
        RejectionSheet(
            title=sheet["sheet"] or _("Rejected rows"),
            columns=sheet["columns"],
            rows=[(r.row, r.values, "; ".join(f"{c}: {m}" for c, m in r.reasons)) for r in mine],
        )
        for sheet in job.checkpoint.get("sheets", [])
        if (mine := [r for r in rows if r.sheet == sheet["sheet"]])
    ]
    write_rejections(
        stream,
        sheets=sheets,
        row_header=SOURCE_ROW_HEADER,
        reason_header=REASON_HEADER,
        empty_title=_("Rejected rows"),
    )
    return len(rows)
