"""The import-target contract: what an app declares so that the engine can import a spreadsheet into it.

The engine (this app) reads files (reading), finds their header and names its columns (headers), reads
cells (cells; sinergi.core.numbers and sinergi.core.dates for Indonesian numbers and dates), keeps every
rejected row with its reasons and gives them back as an XLSX (workbooks), and runs long imports as
resumable jobs (sinergi.core.jobs). What differs between imports is declared once per target, in the
owning app's ``imports.py`` (``ingest/imports.py`` for the registry's businesses, since the registry is a
hub that imports no other app):

- ``fields``: every column the target reads, with the header words that name it (FieldSpec);
- ``natural_key``: the identities a row is matched by, in the order tried, each a tuple of field keys.
  Re-importing a file, whatever it is called, finds the same records by them: nothing is doubled;
- ``writer``: the callable that writes accepted rows through the app's services (actor, change log);
- ``run``: the service that imports one file into the target (what its page, API and command call);
- ``job_kind``: the core.Job kind its runs are recorded under, when it runs as a job.

``register`` is called at the import of the declaring module, which the app's AppConfig.ready imports, so
every target is known once Django has started (``targets()`` lists them; the contract tests check each).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from sinergi.ingest.headers import FieldSpec

NaturalKey = tuple[str, ...]


@dataclass(frozen=True)
class ImportTarget:
    """One kind of record an office spreadsheet can be imported into (see the module)."""

    key: str  # "<app label>.<what>", e.g. "cooperatives.annual_report"
    label: Promise | str
    fields: Mapping[str, FieldSpec]
    natural_key: tuple[NaturalKey, ...]
    writer: Callable[..., object]
    run: Callable[..., object]
    score_header: Callable[[Sequence[str]], float]
    job_kind: str = ""  # empty: the import runs inside the request (small files only)
    template: Callable[[BinaryIO], None] | None = None  # writes the XLSX template offices download
    ignored: frozenset[str] = field(default_factory=frozenset)  # fields recognised only to be left out

    def __post_init__(self) -> None:
        app, _dot, name = self.key.partition(".")
        problems = []
        if not (app and name):
            problems.append("its key must read “<app>.<name>”")
        if not self.fields:
            problems.append("it declares no fields")
        if not self.natural_key or any(not key for key in self.natural_key):
            problems.append("it declares no natural key")
        unknown = sorted({k for key in self.natural_key for k in key} - set(self.fields))
        if unknown:
            problems.append(f"its natural key names unknown fields {unknown}")
        if set(self.ignored) - set(self.fields):
            problems.append("it ignores fields it does not declare")
        if not callable(self.writer) or not callable(self.run):
            problems.append("its writer and run must be callables")
        if problems:
            raise ImproperlyConfigured(f"Import target {self.key!r}: " + "; ".join(problems) + ".")

    def synonyms(self) -> dict[str, str]:
        """Every header word of the target's fields → field key (as written, not normalised)."""
        return {synonym: spec.key for spec in self.fields.values() for synonym in spec.synonyms}


_TARGETS: dict[str, ImportTarget] = {}


def register(target: ImportTarget) -> ImportTarget:
    """Make ``target`` known to the engine; registering another target under a taken key is refused."""
    known = _TARGETS.get(target.key)
    if known is not None and known is not target:
        raise ImproperlyConfigured(f"Two import targets are registered as {target.key!r}.")
    _TARGETS[target.key] = target
    return target


def targets() -> list[ImportTarget]:
    """Every registered target, by key."""
    return [_TARGETS[key] for key in sorted(_TARGETS)]


def target(key: str) -> ImportTarget:
    try:
        return _TARGETS[key]
    except KeyError:
        raise LookupError(f"No import target {key!r}; known: {', '.join(sorted(_TARGETS))}.") from None
