"""The import target of the registry's businesses (UMKM), declared here rather than in ``registry/``: the
registry is a hub that imports no other app, and this target's upload, mapping step, job and pages are the
engine's own (ImportBatch, RejectedRow, RowNote, SavedMapping), where the other targets keep theirs.

Its parts: the fields and their header words (columns), one row read into a BusinessIn (rows, places),
the job that streams the file in checkpointed batches (pipeline), and the writer,
``registry.services.imports.businesses_import``, which matches and writes through the registry's services.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.ingest import pipeline, services  # noqa: F401 - pipeline registers job_kind's handler
from sinergi.ingest.columns import FIELDS, IGNORED, score_header, write_template
from sinergi.ingest.targets import ImportTarget, register
from sinergi.registry.services.imports import businesses_import

BUSINESSES = register(
    ImportTarget(
        key="registry.business",
        label=_("Businesses (UMKM)"),
        fields=FIELDS,
        # In the order businesses_import tries them (MATCH_METHODS): the NIB, the source's own ID, then the
        # owner (NIK, else name) with the normalised business name and the village.
        natural_key=(
            ("nib",),
            ("external_id",),
            ("owner_nik", "business_name", "desa"),
            ("owner_name", "business_name", "desa"),
        ),
        writer=businesses_import,
        run=services.import_upload,
        score_header=score_header,
        job_kind=services.IMPORT_JOB,
        template=write_template,
        ignored=IGNORED,
    )
)
