"""The programs' import targets of the engine (sinergi.ingest): applicants into an open program
(``programs.applicant``, applicants.py) and the P3KE poverty list onto the registry's persons
(``programs.poverty``, poverty.py).

Both read a small table whole (ingest.files.read_table: the first sheet whose header names their columns,
title rows and two-level headers allowed) and answer every row: written, unchanged, or rejected with its
reasons. Importing the same file twice changes nothing the second time: an applicant is found again by the
office's reference or by the record applying, a person by NIK. The applicant import from the page runs as a
job (job.py); the P3KE list is imported by a command (``programs_poverty_import``) that reports as it goes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.ingest.headers import count_score
from sinergi.ingest.targets import ImportTarget, register
from sinergi.programs import services
from sinergi.programs.imports.applicants import (
    APPLICANT_FIELDS,
    ImportResult,
    RowResult,
    applications_import,
    match_column,
    max_rows,
)
from sinergi.programs.imports.job import APPLICANT_IMPORT_JOB
from sinergi.programs.imports.poverty import POVERTY_FIELDS, poverty_import
from sinergi.programs.imports.poverty import match_column as match_poverty_column
from sinergi.registry import services as registry

__all__ = ["APPLICANTS", "POVERTY", "ImportResult", "RowResult", "applications_import", "max_rows", "poverty_import"]


APPLICANTS = register(
    ImportTarget(
        key="programs.applicant",
        label=_("Program applicants"),
        fields=APPLICANT_FIELDS,
        # The office's registration number, else the applicant itself (one application per applicant and
        # program): a business by NIB, owner's NIK, or name and village; a person by NIK; a cooperative by
        # NIK koperasi or name.
        natural_key=(("ref",), ("nib",), ("nik",), ("business", "village"), ("nik_koperasi",), ("cooperative",)),
        writer=services.application_submit,
        run=applications_import,
        score_header=count_score(match_column),
        job_kind=APPLICANT_IMPORT_JOB,
    )
)
POVERTY = register(
    ImportTarget(
        key="programs.poverty",
        label=_("Poverty list (P3KE)"),
        fields=POVERTY_FIELDS,
        natural_key=(("nik",),),
        writer=registry.person_update,
        run=poverty_import,
        score_header=count_score(match_poverty_column),
    )
)
