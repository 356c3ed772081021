"""Reads of the reports app, scoped by the user's regions."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sinergi.accounts.access import is_office_staff, region_q
from sinergi.accounts.models import User
from sinergi.reports.mappings import Mapping, builtin_mappings, mapping_parse
from sinergi.reports.models import MappingUpload, PeriodicReport


def reports_visible(*, user: User) -> QuerySet[PeriodicReport]:
    """The periodic reports of the offices in the user's regions (the office's staff only)."""
    if not is_office_staff(user):
        return PeriodicReport.objects.none()
    return PeriodicReport.objects.filter(region_q(user, "office__code")).select_related("office").defer("pdf", "xlsx")


def report_get(*, user: User, pk: int) -> PeriodicReport:
    return reports_visible(user=user).get(pk=pk)


def report_file(*, user: User, pk: int, kind: str) -> tuple[PeriodicReport, bytes | None]:
    report = PeriodicReport.objects.filter(pk__in=reports_visible(user=user).values("pk")).get(pk=pk)
    data = report.pdf if kind == "pdf" else report.xlsx
    return report, bytes(data) if data is not None else None


@dataclass(frozen=True, slots=True)
class MappingChoice:
    mapping: Mapping
    upload: MappingUpload | None  # None: the file shipped with Sinergi


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def mappings_for(*, user: User, region_code: str) -> dict[str, MappingChoice]:
    """The mapping of each code in force for ``region_code``: the newest upload by the office of that region
    or of a region above it, else the built-in file."""
    if not is_office_staff(user):
        return {}
    found = {code: MappingChoice(mapping, None) for code, mapping in builtin_mappings().items()}
    uploads = MappingUpload.objects.filter(office_id__in=_ancestors(region_code) if region_code else [])
    # Nearer offices win over farther ones, newer uploads over older: read farthest-oldest first, overwrite.
    for upload in sorted(uploads, key=lambda u: (len(u.office_id), u.uploaded_at)):
        found[upload.code] = MappingChoice(mapping_parse(upload.content), upload)
    return found


def mapping_get(*, user: User, code: str, region_code: str) -> MappingChoice:
    choice = mappings_for(user=user, region_code=region_code).get(code)
    if choice is None:
        raise ValidationError({"mapping": _("Unknown mapping “%(code)s”.") % {"code": code}})
    return choice


def mapping_uploads(*, user: User) -> QuerySet[MappingUpload]:
    if not is_office_staff(user):
        return MappingUpload.objects.none()
    return MappingUpload.objects.filter(region_q(user, "office__code")).select_related("office", "uploaded_by")
