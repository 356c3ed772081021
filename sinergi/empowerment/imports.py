"""The empowerment app's import target of the engine (sinergi.ingest): a P3KE list with its households
(``empowerment.p3ke``).

The file has a NIK, a household (family) ID and a decile column; each row's person is found by NIK among the
persons the actor may see in the office's region and written onto the named list (``P3keList``, e.g. "P3KE
2024") with its household and decile, and the person's own decile (what the programs' rules read) is brought up
to date. Every row is answered: created, updated, unchanged, unknown (no such NIK) or rejected with reasons.
Importing the same file twice changes nothing the second time (the list is found by its name, an entry by
list and person). Two lists of one office are what decile movement compares (selectors.decile_movement)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_edit_registry, region_in_scope
from sinergi.accounts.models import User
from sinergi.core.models import ChangeSource
from sinergi.empowerment import selectors, services
from sinergi.ingest.cells import cell_text
from sinergi.ingest.headers import FieldSpec, count_score, exact_matcher
from sinergi.ingest.targets import ImportTarget, register
from sinergi.programs.imports.applicants import digits, read_table
from sinergi.programs.imports.poverty import _decile, max_rows
from sinergi.regions.models import Region
from sinergi.registry import services as registry
from sinergi.registry.selectors import persons_visible

P3KE_FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("nik", gettext_lazy("NIK"), True, ("nik", "no nik", "nomor nik", "nik art", "no ktp")),
        FieldSpec(
            "household",
            gettext_lazy("Household (family ID)"),
            True,
            ("id keluarga", "id keluarga p3ke", "idkeluarga", "id keluarga p3ke", "no kk", "nomor kk", "kk"),
        ),
        FieldSpec("decile", gettext_lazy("Decile"), True, ("desil", "desil kesejahteraan", "decile", "desil p3ke")),
    )
}
match_column = exact_matcher(P3KE_FIELDS.values())


@dataclass(frozen=True, slots=True)
class P3keRow:
    row: int
    status: str  # created, updated, unchanged, unknown, rejected
    person: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class P3keResult:
    file: str
    list_id: int
    rows: list[P3keRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def _required(found: set[str]) -> str:
    missing = [str(P3KE_FIELDS[k].label) for k in ("nik", "household", "decile") if k not in found]
    if missing:
        return _("The file has no %(columns)s column; the P3KE list needs NIK, household ID and Desil.") % {
            "columns": ", ".join(missing)
        }
    return ""


def p3ke_import(
    *,
    actor: User,
    office: Region,
    stream: IO[bytes],
    name: str,
    size: int,
    label: str,
    as_of: dt.date,
    size_limit: bool = True,
    change_source: str = ChangeSource.COMMAND,
) -> P3keResult:
    """Import one P3KE list of ``office`` (see the module)."""
    if not can_edit_registry(actor) or not region_in_scope(actor, office.code):
        raise PermissionDenied(_("You may not change the registry."))
    rows = read_table(
        stream=stream,
        name=name,
        size=size,
        match=match_column,
        required=_required,
        limit=max_rows(),
        size_limit=size_limit,
    )
    target = services.p3ke_list_open(actor=actor, office=office, label=label, as_of=as_of, source=change_source)
    visible = persons_visible(user=actor).filter(desa__code__startswith=office.code + ".")
    result = P3keResult(file=Path(name).name, list_id=target.pk)
    for number, row in rows:
        nik, household = digits(row.get("nik")), cell_text(row.get("household")).strip()
        decile = _decile(row.get("decile"))
        reasons = []
        if len(nik) != 16:
            reasons.append(_("The NIK must have 16 digits (%(n)d given).") % {"n": len(nik)})
        if not household:
            reasons.append(_("The household (family) ID is empty."))
        if decile is None:
            reasons.append(
                _("The decile is a whole number from 1 to 10, not “%(value)s”.")
                % {"value": cell_text(row.get("decile"))}
            )
        if reasons:
            result.rows.append(P3keRow(row=number, status="rejected", reasons=reasons))
            continue
        assert decile is not None
        person = visible.filter(nik=nik).first()
        if person is None:
            result.rows.append(P3keRow(row=number, status="unknown"))
            continue
        try:
            status = services.p3ke_entry_write(
                actor=actor,
                p3ke_list=target,
                person=person,
                household=household,
                decile=decile,
                source=change_source,
            )
            newest = target.pk == (selectors.latest_list(region_code=office.code) or target).pk
            if newest and (person.poverty_decile, person.poverty_source) != (decile, target.label):
                registry.person_update(
                    actor=actor,
                    person=person,
                    data={"poverty_decile": decile, "poverty_source": target.label},
                    source=change_source,
                )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            result.rows.append(P3keRow(row=number, status="rejected", person=person.pk, reasons=list(messages)))
            continue
        result.rows.append(P3keRow(row=number, status=status, person=person.pk))
    return result


P3KE = register(
    ImportTarget(
        key="empowerment.p3ke",
        label=gettext_lazy("P3KE list with households"),
        fields=P3KE_FIELDS,
        natural_key=(("nik",),),
        writer=services.p3ke_entry_write,
        run=p3ke_import,
        score_header=count_score(match_column),
    )
)
