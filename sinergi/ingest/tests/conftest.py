"""Fixtures for the import tests: uploaded files land in a temporary media folder."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from sinergi.accounts.models import User
from sinergi.core.jobs import job_run
from sinergi.core.models import Job
from sinergi.ingest import services
from sinergi.ingest.models import ImportBatch


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *, delimiter: str = ";") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def start_import(*, actor: User, path: Path, region: str, source: str = "uji", year: int | None = None) -> Job:
    """Upload, accept the detected mapping and proposed year (as the page shows them), start the job
    without running it."""
    with path.open("rb") as f:
        batch = services.import_upload(
            actor=actor, stream=f, name=path.name, size=path.stat().st_size, region_code=region, source=source
        )
    services.import_set_mapping(
        actor=actor,
        batch=batch,
        sheet=batch.sheet,
        mapping=services.mapping_of(batch),
        default_year=year if year is not None else batch.default_year,
    )
    return services.import_start(actor=actor, batch=batch, enqueue=False)


def run_import(*, actor: User, path: Path, region: str, source: str = "uji", year: int | None = None) -> ImportBatch:
    """start_import, then the job run in this process; the batch as it ended."""
    job = start_import(actor=actor, path=path, region=region, source=source, year=year)
    job_run(job_id=job.pk)
    return ImportBatch.objects.get(job=job)


@pytest.fixture
def importer() -> Callable[..., ImportBatch]:
    return run_import
