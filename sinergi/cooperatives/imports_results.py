"""Reads of annual-report imports: the finished import (a core.Job holding its result), its rejected rows
with reasons under the file's own column headers, and those rows as an XLSX to fix and import again.

An import is visible to office staff whose regions cover the import's region, as every scoped record is;
to anyone else it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_in_scope, region_q
from sinergi.accounts.models import STAFF_ROLES, User
from sinergi.cooperatives.imports import IMPORT_JOB
from sinergi.cooperatives.imports_columns import REASON_HEADER, SOURCE_ROW_HEADER, label_of
from sinergi.core.models import Job, JobStatus

_SHEET_NAME_UNSAFE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))  # characters Excel refuses in a sheet name


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
    """The latest finished imports in the user's regions, newest first."""
    if not (user.is_authenticated and (user.is_superuser or user.role in STAFF_ROLES)):
        return []
    recent = Job.objects.filter(region_q(user, "checkpoint__region"), kind=IMPORT_JOB, status=JobStatus.SUCCEEDED)
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
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})  # NIK koperasi and region codes stay text
    for number, sheet in enumerate(job.checkpoint.get("sheets", []), start=1):
        mine = [r for r in rows if r.sheet == sheet["sheet"]]
        if not mine:
            continue
        title = (sheet["sheet"] or _("Rejected rows"))[:28].translate(_SHEET_NAME_UNSAFE)
        out = book.add_worksheet(f"{title} {number}" if title in book.sheetnames else title)
        columns = sheet["columns"]
        out.write_row(0, 0, [SOURCE_ROW_HEADER, *columns, REASON_HEADER], bold)
        out.set_column(1, len(columns), 16, text)
        out.set_column(len(columns) + 1, len(columns) + 1, 70)
        for line, row in enumerate(mine, start=1):
            out.write_number(line, 0, row.row)
            for col, value in enumerate(row.values, start=1):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    out.write_number(line, col, value)
                elif value is not None:
                    out.write_string(line, col, str(value))
            reasons = "; ".join(f"{column}: {message}" for column, message in row.reasons)
            out.write_string(line, len(columns) + 1, reasons)
        out.freeze_panes(1, 1)
    if not book.worksheets():
        book.add_worksheet(_("Rejected rows")[:31])
    book.close()
    return len(rows)
