"""Writes to programs: the program itself, its status and its eligibility rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.programs.choices import (
    TRANSITIONS,
    CertificationKind,
    ProgramKind,
    ProgramStatus,
    Target,
)
from sinergi.programs.models import EligibilityRule, Program
from sinergi.programs.rules import clean_rule
from sinergi.programs.services._base import (
    day,
    delete_logged,
    locked,
    pick_fields,
    require_program_write,
    require_status,
    save_logged,
    text,
    topics,
)
from sinergi.regions.models import Region, RegionLevel

PROGRAM_FIELDS = (
    "name",
    "kind",
    "certification",
    "fiscal_year",
    "region_id",
    "target",
    "capacity",
    "applications_close_on",
    "starts_on",
    "ends_on",
    "location",
    "description",
    "topics",
    "external_ref",
)
RULE_FIELDS = ("kind", "params", "label")
# Fixed once anyone has applied: the applicants were checked against them.
_FIXED_AFTER_APPLICATIONS = ("kind", "target", "region_id", "certification")
_RULES_EDITABLE = {ProgramStatus.DRAFT, ProgramStatus.OPEN, ProgramStatus.SELECTION}


def _certification_errors(values: dict[str, Any]) -> dict[str, str]:
    cert = values.get("certification") or ""
    values["certification"] = cert
    if values.get("kind") != ProgramKind.CERTIFICATION:
        return {"certification": _("Only certification help names a certification.")} if cert else {}
    if cert not in CertificationKind.values:
        return {"certification": _("Choose what the certification help obtains.")}
    wanted = Target.COOPERATIVE if cert == CertificationKind.NIK_KOPERASI else Target.BUSINESS
    if values.get("target") != wanted:
        return {
            "target": _("Help to a %(cert)s is for %(target)s.")
            % {"cert": CertificationKind(cert).label, "target": Target(wanted).label}
        }
    return {}


def _clean_program(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["name"] = text(values, "name")
    if not values["name"]:
        errors["name"] = _("The name is required.")
    if values.get("kind") not in ProgramKind.values:
        errors["kind"] = _("Choose the kind of program.")
    values["target"] = values.get("target") or Target.BUSINESS
    if values["target"] not in Target.values:
        errors["target"] = _("Choose who the program is for.")
    errors.update(_certification_errors(values))
    year = values.get("fiscal_year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors["fiscal_year"] = _("Give the fiscal year, e.g. 2025.")
    region = Region.objects.filter(pk=values.get("region_id") or "").first()
    if region is None:
        errors["region_id"] = _("Choose the organiser's region.")
    elif region.level > RegionLevel.KABUPATEN_KOTA:
        errors["region_id"] = _("The organiser is a province or a regency/city office, not a %(kind)s.") % {
            "kind": region.get_kind_display()
        }
    capacity = values.get("capacity")
    if capacity in ("", None):
        values["capacity"] = None
    elif not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        errors["capacity"] = _("The capacity is a whole number of places, 1 or more (blank for no limit).")
    for field in ("applications_close_on", "starts_on", "ends_on"):
        values[field] = day(values.get(field), field, errors)
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = _("The program cannot end before it starts.")
    values["topics"] = topics(values.get("topics"), "topics", errors)
    values["location"] = text(values, "location")
    values["description"] = str(values.get("description") or "").strip()
    values["external_ref"] = text(values, "external_ref") or None
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def program_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Program:
    """A new program, in draft."""
    values = _clean_program(pick_fields(data, PROGRAM_FIELDS))
    require_region_write(actor, values["region_id"])
    program = Program(**values, status=ProgramStatus.DRAFT)
    save_logged(actor=actor, instance=program, before=None, source=source)
    return program


@transaction.atomic
def program_update(
    *, actor: User, program: Program, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Program:
    program = locked(program)
    require_program_write(actor, program)
    if program.status == ProgramStatus.CLOSED:
        raise ValidationError({"status": _("A closed program cannot be changed.")})
    before = snapshot(program)
    values = _clean_program({**{f: getattr(program, f) for f in PROGRAM_FIELDS}, **pick_fields(data, PROGRAM_FIELDS)})
    if program.applications.exists():
        fixed = [f for f in _FIXED_AFTER_APPLICATIONS if values[f] != getattr(program, f)]
        if fixed:
            raise ValidationError({f: _("Cannot change once applications have come in.") for f in fixed})
    require_region_write(actor, values["region_id"])
    for k, v in values.items():
        setattr(program, k, v)
    save_logged(actor=actor, instance=program, before=before, source=source)
    return program


@transaction.atomic
def program_delete(*, actor: User, program: Program, source: str = ChangeSource.WEB) -> None:
    """Only a draft without applications: anything later is history to keep (close it instead)."""
    program = locked(program)
    require_program_write(actor, program)
    if program.status != ProgramStatus.DRAFT or program.applications.exists() or program.enrollments.exists():
        raise ValidationError({"status": _("Only a draft program without applicants can be deleted; close it.")})
    if program.budget_lines.filter(realisations__isnull=False).exists():
        raise ValidationError({"status": _("Money has been spent from this program's budget; it cannot be deleted.")})
    for rule in program.rules.all():
        delete_logged(actor=actor, instance=rule, source=source)
    for line in program.budget_lines.all():
        delete_logged(actor=actor, instance=line, source=source)
    delete_logged(actor=actor, instance=program, source=source)


def _transition_errors(program: Program, to: str) -> str | None:
    if to == ProgramStatus.DRAFT and program.applications.exists():
        return _("Applications have come in; the program cannot go back to draft.")
    if to == ProgramStatus.OPEN and program.selection_runs.filter(accepted_at__isnull=False).exists():
        return _("A selection has been accepted; applications cannot reopen.")
    if to == ProgramStatus.RUNNING and not program.enrollments.exists():
        return _("Nobody is enrolled yet: accept a selection run or enroll participants first.")
    return None


@transaction.atomic
def program_transition(*, actor: User, program: Program, to: str, source: str = ChangeSource.WEB) -> Program:
    """Move the program along draft → open → selection → running → closed (or one step back where allowed)."""
    program = locked(program)
    require_program_write(actor, program)
    if to not in TRANSITIONS.get(program.status, frozenset()):
        raise ValidationError(
            {
                "status": _("A program cannot go from %(from)s to %(to)s.")
                % {
                    "from": ProgramStatus(program.status).label.lower(),
                    "to": ProgramStatus(to).label.lower() if to in ProgramStatus.values else to,
                }
            }
        )
    problem = _transition_errors(program, to)
    if problem:
        raise ValidationError({"status": problem})
    before = snapshot(program)
    program.status = to
    save_logged(actor=actor, instance=program, before=before, source=source)
    return program


def _clean_rule_values(program: Program, data: Mapping[str, Any]) -> dict[str, Any]:
    values = pick_fields(data, RULE_FIELDS)
    params = clean_rule(
        kind=str(values.get("kind") or ""),
        params=values.get("params") or {},
        target=program.target,
        program_kind=program.kind,
    )
    label = text(values, "label")
    return {"kind": values["kind"], "params": params, "label": label}


@transaction.atomic
def program_rule_add(
    *, actor: User, program: Program, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> EligibilityRule:
    """Append an eligibility rule (kind, params, optional label); checked by rules.clean_rule."""
    program = locked(program)
    require_program_write(actor, program)
    require_status(program, _RULES_EDITABLE, doing=_("Changing the eligibility rules"))
    values = _clean_rule_values(program, data)
    last = program.rules.order_by("-position").values_list("position", flat=True).first()
    rule = EligibilityRule(program=program, position=(last or 0) + 1, **values)
    save_logged(actor=actor, instance=rule, before=None, source=source)
    return rule


@transaction.atomic
def program_rule_remove(*, actor: User, rule: EligibilityRule, source: str = ChangeSource.WEB) -> None:
    program = locked(rule.program)
    require_program_write(actor, program)
    require_status(program, _RULES_EDITABLE, doing=_("Changing the eligibility rules"))
    delete_logged(actor=actor, instance=rule, source=source)


@transaction.atomic
def program_rules_set(
    *, actor: User, program: Program, rules: Sequence[Mapping[str, Any]], source: str = ChangeSource.WEB
) -> list[EligibilityRule]:
    """Replace all the program's rules with ``rules`` (in order), e.g. from a JSON editor. Errors are keyed
    by the rule's position ("rules.2.params")."""
    program = locked(program)
    require_program_write(actor, program)
    require_status(program, _RULES_EDITABLE, doing=_("Changing the eligibility rules"))
    cleaned, errors = [], {}
    for i, data in enumerate(rules, start=1):
        try:
            cleaned.append(_clean_rule_values(program, data))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"rules.{i}.{field}"] = messages[0]
    if errors:
        raise ValidationError(errors)
    for old in program.rules.all():
        delete_logged(actor=actor, instance=old, source=source)
    out = []
    for position, values in enumerate(cleaned, start=1):
        rule = EligibilityRule(program=program, position=position, **values)
        save_logged(actor=actor, instance=rule, before=None, source=source)
        out.append(rule)
    return out
