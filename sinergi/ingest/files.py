"""An uploaded file as every import target takes it: its format from its name, the upload's size limits, a
private copy on disk to read from, and (for targets whose files are small) the rows of its table read whole.

The business import keeps its upload (an ImportBatch's FileField) for the job that runs it; the annual-report
import stores its upload under MEDIA_ROOT for its job; the programs' imports read a temporary copy.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sinergi.ingest.cells import CellValue
from sinergi.ingest.headers import count_score
from sinergi.ingest.reading import Kind, detect_layouts, iter_rows


def max_upload_bytes() -> int:
    return int(settings.SINERGI_IMPORT_MAX_BYTES)


def too_large_message(*, size: int) -> str:
    """Why a file of ``size`` bytes is refused, its size written the way the reader's language writes numbers."""
    return _("The file is %(size)s MB; at most %(max)s MB can be uploaded. Split it into several files.") % {
        "size": number_format(size / 1048576, decimal_pos=1),
        "max": number_format(max_upload_bytes() // 1048576),
    }


def check_size(*, size: int, size_limit: bool = True) -> None:
    """Refuse an empty upload, and one over the web limit when ``size_limit`` (a command reading a file on
    the server's own disk has none)."""
    if size_limit and size > max_upload_bytes():
        raise ValidationError(too_large_message(size=size), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def file_kind(name: str) -> Kind:
    """The format named by the file's extension; its content is checked against it when it is read."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix == ".xls":
        raise ValidationError(
            _("Old Excel files (.xls) cannot be read; open it in Excel and save as .xlsx."), code="xls"
        )
    raise ValidationError(
        _("“%(name)s”: only .xlsx and .csv files can be imported.") % {"name": name}, code="file_type"
    )


def copy_to(path: Path, stream: IO[bytes]) -> str:
    """Write ``stream`` to ``path`` a megabyte at a time; returns the content's SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as copy:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
            copy.write(chunk)
    return digest.hexdigest()


@contextmanager
def temporary_copy(stream: IO[bytes], *, name: str, kind: Kind) -> Iterator[tuple[Path, str]]:
    """(path, SHA-256) of a private copy of the upload, removed on leaving the block."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name[-150:] or f"impor.{kind}")
        yield path, copy_to(path, stream)


def read_table(
    path: Path,
    *,
    kind: Kind,
    name: str,
    match: Callable[[str], str | None],
    required: Callable[[set[str]], str],
    limit: int,
) -> list[tuple[int, dict[str, CellValue]]]:
    """(source row number, {field key: cell}) for each data row of the first sheet whose header names a field
    ``match`` knows. The whole file is refused (ValidationError) without such a header, without what
    ``required`` asks for (it returns the problem, or ""), or with more than ``limit`` rows."""
    layout = detect_layouts(path, kind=kind, score_header=count_score(match), min_score=1.0, name=name)[0]
    keys: Mapping[int, str | None] = {i: match(label) for i, label in enumerate(layout.columns)}
    problem = required({k for k in keys.values() if k})
    if problem:
        raise ValidationError(problem, code="missing_columns")
    rows: list[tuple[int, dict[str, CellValue]]] = []
    for number, cells in iter_rows(path, kind=kind, layout=layout, name=name):
        if len(rows) >= limit:
            raise ValidationError(
                _("The file has more than %(max)s rows; import at most %(max)s at once.")
                % {"max": number_format(limit, force_grouping=True)},
                code="too_many_rows",
            )
        rows.append((number, {k: cells[i] for i, k in keys.items() if k and i < len(cells)}))
    return rows
