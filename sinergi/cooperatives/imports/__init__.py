"""Import of cooperatives' annual reports (and of the cooperatives themselves when new) from the XLSX or CSV
files offices keep: title rows, merged two-level headers, several sheets, Indonesian numbers and dates.

The import target ``cooperatives.annual_report`` of the engine (sinergi.ingest): reading, header finding,
cell parsing and the rejected-rows XLSX are the engine's; this package declares the columns and their
header words (columns), reads a row into the cooperative it names and its report (rows), writes it through
the cooperatives' services (writes), runs the file as a resumable job (job) and reads the result (results).
Every row ends accepted, rejected with every reason (field + message), or skipped (a JUMLAH/TOTAL row); the
rejected rows download as XLSX under the file's own headers plus a reason column, to fix and import again.

Each row's cooperative is the one registered with its NIK koperasi, else the one with the same normalised
name in the row's region (or anywhere in the import's region when the row names no place); a cooperative
not found is added through ``services.cooperative_create`` when the row gives its name, type and region.
The report goes through ``services.annual_report_save``, which validates (balance sheet, loan book, counts,
RAT date) and scores it; its messages are the row's reasons.

Identity: a report is keyed by its natural key, cooperative + fiscal year (the model's unique constraint),
not by an ``external_ref`` of file and row. Row numbers change when an officer fixes a rejected-rows file
or sorts a sheet, and the same cooperative's year in two files is the same report; so importing a file
again, under any name, updates, never duplicates, and a row whose values are already stored is counted
unchanged without writing or re-scoring anything. A blank cell never erases a stored figure.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.cooperatives.imports.columns import FIELDS, IGNORED, score_header, write_template

# job.py registers report_import_run as the handler of IMPORT_JOB.
from sinergi.cooperatives.imports.job import (
    IMPORT_JOB,
    cooperative_reports_import,
    max_rows,
    report_import_upload,
)
from sinergi.cooperatives.imports.writes import ReportImporter
from sinergi.ingest.targets import ImportTarget, register

__all__ = ["IMPORT_JOB", "REPORTS", "cooperative_reports_import", "max_rows", "report_import_upload"]

REPORTS = register(
    ImportTarget(
        key="cooperatives.annual_report",
        label=_("Cooperatives' annual reports (RAT)"),
        fields=FIELDS,
        # The report is the cooperative's year; the cooperative is found by its NIK koperasi, else by its
        # normalised name inside the row's region (or the import's).
        natural_key=(("nik_koperasi", "fiscal_year"), ("name", "region_code", "fiscal_year")),
        writer=ReportImporter,
        run=report_import_upload,
        score_header=score_header,
        job_kind=IMPORT_JOB,
        template=write_template,
        ignored=IGNORED,
    )
)
