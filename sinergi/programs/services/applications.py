"""Writes to applications: staff entry, imports and self-service by the business owner, the person or
the cooperative officer; the needs survey; withdrawal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.access import is_cooperative_officer, require_region_write
from sinergi.accounts.models import STAFF_ROLES, Role, User
from sinergi.cooperatives.models import Cooperative
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.programs.choices import ApplicationSource, ApplicationStatus, ProgramStatus, Target
from sinergi.programs.models import Application, Program
from sinergi.programs.services._base import (
    locked,
    pick_fields,
    ref_id,
    require_program_write,
    require_status,
    save_logged,
    text,
    topics,
)
from sinergi.registry.models import Business, Person

APPLICATION_FIELDS = ("business_id", "person_id", "cooperative_id", "needs", "note", "external_ref")
_TARGET_FIELD: dict[str, str] = {
    Target.BUSINESS: "business_id",
    Target.PERSON: "person_id",
    Target.COOPERATIVE: "cooperative_id",
}


@dataclass(frozen=True, slots=True)
class Applicant:
    """Who applies, and the region code that places them."""

    business: Business | None
    person: Person | None
    cooperative: Cooperative | None
    region_code: str

    @property
    def fields(self) -> dict[str, Any]:
        return {"business": self.business, "person": self.person, "cooperative": self.cooperative}


def resolve_applicant(program: Program, values: Mapping[str, Any]) -> Applicant:
    """The applicant named in ``values`` for the program's target (a business brings its owner along)."""
    wanted = _TARGET_FIELD[program.target]
    stray = [f for f in _TARGET_FIELD.values() if f != wanted and values.get(f)]
    if stray:
        raise ValidationError(
            {stray[0]: _("This program is for %(target)s.") % {"target": Target(program.target).label}}
        )
    pk = ref_id(values.get(wanted))
    if program.target == Target.BUSINESS:
        business = Business.objects.select_related("owner").filter(pk=pk).first() if pk else None
        if business is None:
            raise ValidationError({wanted: _("Choose the business that applies.")})
        return Applicant(business=business, person=business.owner, cooperative=None, region_code=business.desa_id)
    if program.target == Target.PERSON:
        person = Person.objects.filter(pk=pk).first() if pk else None
        if person is None:
            raise ValidationError({wanted: _("Choose the person who applies.")})
        return Applicant(business=None, person=person, cooperative=None, region_code=person.desa_id)
    cooperative = Cooperative.objects.filter(pk=pk).first() if pk else None
    if cooperative is None:
        raise ValidationError({wanted: _("Choose the cooperative that applies.")})
    return Applicant(business=None, person=None, cooperative=cooperative, region_code=cooperative.region_id)


def is_own_applicant(actor: User, applicant: Applicant) -> bool:
    """The self-service case: the owner of the business, the person themselves, the cooperative's officer."""
    if applicant.cooperative is not None:
        return is_cooperative_officer(actor, applicant.cooperative.pk)
    if actor.role != Role.OWNER or actor.person_id is None:
        return False
    if applicant.business is not None:
        return applicant.business.owner_id == actor.person_id
    return applicant.person is not None and applicant.person.pk == actor.person_id


def _in_region(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


@transaction.atomic
def application_submit(
    *,
    actor: User,
    program: Program,
    data: Mapping[str, Any],
    channel: str = ApplicationSource.STAFF,
    source: str = ChangeSource.WEB,
) -> Application:
    """An application to an open program. Office editors enter (``channel`` staff) or import (import)
    applicants in their regions; an owner, person or cooperative officer applies for themselves
    (self_service, whatever ``channel`` says)."""
    program = locked(program)
    values = pick_fields(data, APPLICATION_FIELDS)
    applicant = resolve_applicant(program, values)
    if is_own_applicant(actor, applicant) and actor.role not in STAFF_ROLES:
        channel = ApplicationSource.SELF_SERVICE
    else:
        if channel not in (ApplicationSource.STAFF, ApplicationSource.IMPORT):
            raise PermissionDenied(_("Only the applicant applies online for themselves."))
        require_program_write(actor, program)
        require_region_write(actor, applicant.region_code)
    require_status(program, {ProgramStatus.OPEN}, doing=_("Applying"))
    errors: dict[str, str] = {}
    if not _in_region(applicant.region_code, program.region_id):
        errors[_TARGET_FIELD[program.target]] = _("The applicant is outside the organiser's region %(code)s.") % {
            "code": program.region_id
        }
    needs = topics(values.get("needs"), "needs", errors)
    ref = text(values, "external_ref")
    if ref and program.applications.filter(external_ref=ref).exists():
        errors["external_ref"] = _("An application with reference “%(ref)s” is already in.") % {"ref": ref}
    same = program.applications.all()
    if applicant.business is not None:
        same = same.filter(business=applicant.business)
    elif applicant.cooperative is not None:
        same = same.filter(cooperative=applicant.cooperative)
    else:
        same = same.filter(person=applicant.person, business__isnull=True, cooperative__isnull=True)
    if same.exists():
        errors[_TARGET_FIELD[program.target]] = _("This applicant has already applied to the program.")
    if errors:
        raise ValidationError(errors)
    application = Application(
        program=program,
        **applicant.fields,
        source=channel,
        needs=needs,
        note=str(values.get("note") or "").strip(),
        external_ref=ref,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    save_logged(actor=actor, instance=application, before=None, source=source)
    return application


def _locked_application(pk: int) -> Application:
    """The application, locked after its program (the program is always locked first: no deadlocks)."""
    locked(Program(pk=Application.objects.values_list("program_id", flat=True).get(pk=pk)))
    return Application.objects.select_for_update(of=("self",)).select_related("program", "business").get(pk=pk)


def _require_application_write(actor: User, application: Application) -> None:
    applicant = Applicant(
        business=application.business,
        person=application.person,
        cooperative=application.cooperative,
        region_code="",
    )
    if is_own_applicant(actor, applicant) and actor.role not in STAFF_ROLES:
        return
    require_program_write(actor, application.program)


@transaction.atomic
def application_update(
    *, actor: User, application: Application, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Application:
    """The needs survey and the note, while the program is open."""
    application = _locked_application(application.pk)
    _require_application_write(actor, application)
    require_status(application.program, {ProgramStatus.OPEN}, doing=_("Changing an application"))
    values = pick_fields(data, ("needs", "note"))
    errors: dict[str, str] = {}
    before = snapshot(application)
    if "needs" in values:
        application.needs = topics(values["needs"], "needs", errors)
    if "note" in values:
        application.note = str(values["note"] or "").strip()
    if errors:
        raise ValidationError(errors)
    save_logged(actor=actor, instance=application, before=before, source=source)
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, source: str = ChangeSource.WEB) -> Application:
    """Withdraw before a selection is accepted; the record stays (as withdrawn) for the report."""
    application = _locked_application(application.pk)
    _require_application_write(actor, application)
    require_status(application.program, {ProgramStatus.OPEN, ProgramStatus.SELECTION}, doing=_("Withdrawing"))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted application can be withdrawn.")})
    before = snapshot(application)
    application.status = ApplicationStatus.WITHDRAWN
    save_logged(actor=actor, instance=application, before=before, source=source)
    return application
