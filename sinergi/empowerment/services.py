"""Every write to empowerment groups. Each function checks that the actor is an editor of the region, runs in
one transaction and leaves one change-log row per record it creates, changes or removes.

The unit of a group is the P3KE household: a household joins, moves and leaves whole, is in at most one group
that is not dissolved, and a group's size (the office's setting, 10–25 by default) counts households."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import delete_logged, save_logged, snapshot
from sinergi.core.models import ChangeSource
from sinergi.empowerment import selectors
from sinergi.empowerment.models import (
    DesaPotential,
    Group,
    GroupBecame,
    GroupMember,
    GroupStatus,
    IncomeBand,
    P3keEntry,
    P3keList,
    PotentialSource,
    Sector,
    Visit,
    VisitIncome,
)
from sinergi.empowerment.settings import group_rules
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.models import Business, Person


def _save_logged(*, actor: User, instance: models.Model, before: dict[str, Any] | None, source: str) -> None:
    instance.full_clean()
    save_logged(actor=actor, instance=instance, before=before, source=source)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _require_desa(region: Region) -> None:
    if region.level != RegionLevel.DESA_KELURAHAN:
        raise ValidationError({"desa": _("Choose a village (desa/kelurahan).")})


def _locked(group: Group) -> Group:
    return Group.objects.select_for_update().select_related("desa").get(pk=group.pk)


def _require_draft(group: Group) -> None:
    if group.status != GroupStatus.DRAFT:
        raise ValidationError(
            _("Only a draft group's households are changed here; this group is %(status)s.")
            % {"status": group.get_status_display()}
        )


# --- potentials ------------------------------------------------------------------------------------------------


@transaction.atomic
def potential_save(
    *, actor: User, desa: Region, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> DesaPotential:
    """Record (or update) one sector of a desa's potential."""
    _require_desa(desa)
    require_region_write(actor, desa.code)
    sector = data.get("sector")
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose the sector.")})
    origin = data.get("source") or PotentialSource.PROFILE
    if origin not in PotentialSource.values:
        raise ValidationError({"source": _("Choose where the office learnt of this potential.")})
    potential = DesaPotential.objects.select_for_update().filter(desa=desa, sector=sector).first()
    before = snapshot(potential) if potential is not None else None
    if potential is None:
        potential = DesaPotential(desa=desa, sector=sector)
    potential.rank = int(data.get("rank") or potential.rank or 1)
    potential.note = _text(data.get("note"))[:300]
    potential.source = origin
    _save_logged(actor=actor, instance=potential, before=before, source=source)
    return potential


@transaction.atomic
def potential_remove(*, actor: User, potential: DesaPotential, source: str = ChangeSource.WEB) -> None:
    require_region_write(actor, potential.desa_id)
    delete_logged(actor=actor, instance=potential, source=source)


# --- P3KE lists ------------------------------------------------------------------------------------------------


@transaction.atomic
def p3ke_list_open(
    *, actor: User, office: Region, label: str, as_of: dt.date, source: str = ChangeSource.WEB
) -> P3keList:
    """The office's list named ``label`` (made the first time): re-importing the same list finds it again."""
    require_region_write(actor, office.code)
    label = _text(label)
    if not label or len(label) > 80:
        raise ValidationError({"label": _("Name the list, e.g. “P3KE 2023” (at most 80 characters).")})
    found = P3keList.objects.filter(region=office, label=label).first()
    if found is not None:
        return found
    row = P3keList(region=office, label=label, as_of=as_of, imported_by=actor)
    _save_logged(actor=actor, instance=row, before=None, source=source)
    return row


@transaction.atomic
def p3ke_entry_write(
    *, actor: User, p3ke_list: P3keList, person: Person, household: str, decile: int, source: str = ChangeSource.WEB
) -> str:
    """One person's household and decile on a list: "created", "updated" or "unchanged"."""
    require_region_write(actor, person.desa_id)
    household = _text(household)
    if not household or len(household) > 40:
        raise ValidationError({"household": _("The household (family) ID is required, at most 40 characters.")})
    if not 1 <= decile <= 10:
        raise ValidationError({"decile": _("The poverty decile is a whole number from 1 to 10 (P3KE).")})
    entry = P3keEntry.objects.select_for_update().filter(list=p3ke_list, person=person).first()
    if entry is not None and entry.household == household and entry.decile == decile:
        return "unchanged"
    before = snapshot(entry) if entry is not None else None
    if entry is None:
        entry = P3keEntry(list=p3ke_list, person=person)
    entry.household, entry.decile = household, decile
    _save_logged(actor=actor, instance=entry, before=before, source=source)
    return "created" if before is None else "updated"


# --- groups and their households -------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, actor: User, desa: Region, sector: str, name: str = "", source: str = ChangeSource.WEB) -> Group:
    """A draft group of one desa and sector."""
    _require_desa(desa)
    require_region_write(actor, desa.code)
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose the sector.")})
    name = _text(name) or f"{_('Group')} {Sector(sector).label} {desa.name}"
    group = Group(desa=desa, sector=sector, name=name[:150])
    _save_logged(actor=actor, instance=group, before=None, source=source)
    return group


def _entries_of(*, household: str, desa_code: str) -> list[P3keEntry]:
    source = selectors.latest_list(region_code=desa_code)
    if source is None:
        return []
    return list(source.entries.filter(household=household).select_related("person"))


def _household_entry(person: Person) -> P3keEntry:
    source = selectors.latest_list(region_code=person.desa_id)
    entry = source.entries.filter(person=person).first() if source is not None else None
    if entry is None:
        raise ValidationError({"person": _("%(name)s is not on the office's newest P3KE list.") % {"name": person}})
    return entry


def _require_household_free(household: str, *, group: Group) -> None:
    taken = selectors.grouped_households(exclude_group=group).filter(household=household).select_related("group")
    other = taken.first()
    if other is not None:
        raise ValidationError(
            {
                "person": _("This household is already in the group “%(group)s”; a household joins one group.")
                % {"group": other.group}
            }
        )


def _require_room(group: Group, *, adding: int) -> None:
    rules = group_rules(group.desa_id)
    count = group.members.values("household").distinct().count()
    if count + adding > rules.group_max:
        raise ValidationError(
            {
                "person": _("A group has at most %(n)d households; this one has %(have)d.")
                % {"n": rules.group_max, "have": count}
            }
        )


@transaction.atomic
def member_add(
    *, actor: User, group: Group, person: Person, reason: str = "", source: str = ChangeSource.WEB
) -> list[GroupMember]:
    """Add ``person``'s household (its persons on the newest P3KE list) to a draft group."""
    group = _locked(group)
    require_region_write(actor, group.desa_id)
    _require_draft(group)
    entry = _household_entry(person)
    _require_household_free(entry.household, group=group)
    if group.members.filter(household=entry.household).exists():
        raise ValidationError({"person": _("This household is already in the group.")})
    _require_room(group, adding=1)
    added = []
    for e in _entries_of(household=entry.household, desa_code=person.desa_id):
        member = GroupMember(
            group=group, person=e.person, household=e.household, decile=e.decile, reason=_text(reason)[:300]
        )
        _save_logged(actor=actor, instance=member, before=None, source=source)
        added.append(member)
    return added


@transaction.atomic
def member_move(*, actor: User, member: GroupMember, to: Group, source: str = ChangeSource.WEB) -> GroupMember:
    """Move a member's whole household from one draft group to another of the same desa."""
    group = _locked(member.group)
    target = _locked(to)
    require_region_write(actor, group.desa_id)
    _require_draft(group)
    _require_draft(target)
    if target.desa_id != group.desa_id:
        raise ValidationError({"to": _("A household moves only between groups of its own desa.")})
    if target.pk == group.pk:
        raise ValidationError({"to": _("The household is already in this group.")})
    _require_room(target, adding=1)
    moved = member
    for m in list(group.members.filter(household=member.household)):
        before = snapshot(m)
        m.group = target
        m.is_leader = False
        _save_logged(actor=actor, instance=m, before=before, source=source)
        if m.pk == member.pk:
            moved = m
    return moved


@transaction.atomic
def member_remove(*, actor: User, member: GroupMember, source: str = ChangeSource.WEB) -> int:
    """Take a member's whole household out of a draft group; how many persons left."""
    group = _locked(member.group)
    require_region_write(actor, group.desa_id)
    _require_draft(group)
    rows = list(group.members.filter(household=member.household))
    for m in rows:
        delete_logged(actor=actor, instance=m, source=source)
    return len(rows)


@transaction.atomic
def leader_set(*, actor: User, member: GroupMember, leader: bool, source: str = ChangeSource.WEB) -> GroupMember:
    """Name (or un-name) a member as the group's leader; the office chooses, a group may have more than one."""
    require_region_write(actor, member.group.desa_id)
    if member.group.status == GroupStatus.DISSOLVED:
        raise ValidationError(_("A dissolved group is not changed."))
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    before = snapshot(member)
    member.is_leader = leader
    _save_logged(actor=actor, instance=member, before=before, source=source)
    return member


@transaction.atomic
def group_confirm(*, actor: User, group: Group, on: dt.date | None = None, source: str = ChangeSource.WEB) -> Group:
    """Make a draft group active: its size within the office's limits and at least one leader named."""
    group = _locked(group)
    require_region_write(actor, group.desa_id)
    _require_draft(group)
    rules = group_rules(group.desa_id)
    count = group.members.values("household").distinct().count()
    if not rules.group_min <= count <= rules.group_max:
        raise ValidationError(
            _("A group has %(low)d to %(high)d households; this one has %(n)d.")
            % {"low": rules.group_min, "high": rules.group_max, "n": count}
        )
    if not group.members.filter(is_leader=True).exists():
        raise ValidationError(_("Name the group's leader before confirming it."))
    before = snapshot(group)
    group.status = GroupStatus.ACTIVE
    group.confirmed_on = on or timezone.localdate()
    _save_logged(actor=actor, instance=group, before=before, source=source)
    return group


@transaction.atomic
def group_dissolve(
    *, actor: User, group: Group, reason: str, on: dt.date | None = None, source: str = ChangeSource.WEB
) -> Group:
    """Dissolve a group with the reason; its households become free to join another."""
    group = _locked(group)
    require_region_write(actor, group.desa_id)
    if group.status == GroupStatus.DISSOLVED:
        raise ValidationError(_("The group is already dissolved."))
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the group is dissolved.")})
    before = snapshot(group)
    group.status = GroupStatus.DISSOLVED
    group.dissolved_reason = reason[:300]
    group.dissolved_on = on or timezone.localdate()
    _save_logged(actor=actor, instance=group, before=before, source=source)
    return group


# --- drafting --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftResult:
    groups: list[Group]
    placed: int  # households
    left_out: int  # households not placed (fewer than the smallest group)


def _explain(*, decile: int, desa: Region, sector: str, potential: DesaPotential) -> str:
    where = {
        PotentialSource.PROFILE: _("from the desa profile"),
        PotentialSource.SURVEY: _("from the officer's survey"),
        PotentialSource.OTHER: _("from the desa's potential"),
    }[PotentialSource(potential.source)]
    return _("decile %(decile)d, desa %(desa)s, sector %(sector)s %(where)s") % {
        "decile": decile,
        "desa": desa.name,
        "sector": Sector(sector).label,
        "where": where,
    }


@transaction.atomic
def group_draft(*, actor: User, desa: Region, sector: str = "", source: str = ChangeSource.WEB) -> DraftResult:
    """Propose the groups of one desa: its candidate households, poorest first, in groups of the office's size
    by the sectors its potential names (the main potential first, then the next), or only by ``sector`` when
    given (one of the desa's potentials). The desa's earlier drafts (of that sector) are replaced; active groups
    and their households are left as they are. Each member's reason says why."""
    _require_desa(desa)
    require_region_write(actor, desa.code)
    potentials = list(DesaPotential.objects.filter(desa=desa).order_by("rank", "id"))
    if not potentials:
        raise ValidationError(_("Record the desa's potential first: the groups are drafted by its sectors."))
    if sector:
        potentials = [p for p in potentials if p.sector == sector]
        if not potentials:
            raise ValidationError({"sector": _("The desa's potential does not name this sector.")})
    drafts = Group.objects.select_for_update().filter(desa=desa, status=GroupStatus.DRAFT)
    if sector:
        drafts = drafts.filter(sector=sector)
    for old in drafts:
        for m in list(old.members.all()):
            delete_logged(actor=actor, instance=m, source=source)
        delete_logged(actor=actor, instance=old, source=source)
    rules = group_rules(desa.code)
    homes = selectors.candidates(user=actor, region_code=desa.code)
    if len(homes) < rules.group_min:
        return DraftResult(groups=[], placed=0, left_out=len(homes))
    count = math.ceil(len(homes) / rules.group_max)
    size, extra = divmod(len(homes), count)
    groups = []
    start = 0
    for index in range(count):
        potential = potentials[index % len(potentials)]
        number = index // len(potentials) + 1
        label = Sector(potential.sector).label
        name = f"{_('Group')} {label} {desa.name}" + (f" {number}" if count > len(potentials) else "")
        group = Group(desa=desa, sector=potential.sector, name=name[:150])
        _save_logged(actor=actor, instance=group, before=None, source=source)
        chunk = homes[start : start + size + (1 if index < extra else 0)]
        start += len(chunk)
        for home in chunk:
            reason = _explain(decile=home.decile, desa=desa, sector=potential.sector, potential=potential)
            for e in home.persons:
                m = GroupMember(group=group, person=e.person, household=home.key, decile=home.decile, reason=reason)
                _save_logged(actor=actor, instance=m, before=None, source=source)
        groups.append(group)
    return DraftResult(groups=groups, placed=start, left_out=len(homes) - start)


# --- outcomes --------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor: User,
    group: Group,
    visited_on: dt.date,
    note: str = "",
    incomes: Mapping[str, str] | None = None,
    started: Mapping[str, Business] | None = None,
    source: str = ChangeSource.WEB,
) -> Visit:
    """A mentoring visit to an active group with the income band each household reported (by household key)
    and the businesses households were found to have started (by household key; the registry's business, linked
    to the member who owns it, else to the household's first member, started on the visit's day)."""
    require_region_write(actor, group.desa_id)
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(_("Visits are recorded for an active group."))
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("The visit date cannot be in the future.")})
    households = set(group.members.values_list("household", flat=True))
    bands = dict(incomes or {})
    unknown = sorted(set(bands) - households)
    if unknown:
        raise ValidationError(
            {"incomes": _("These households are not in the group: %(keys)s") % {"keys": ", ".join(unknown)}}
        )
    bad = [k for k, v in bands.items() if v not in IncomeBand.values]
    if bad:
        raise ValidationError({"incomes": _("Choose an income band for every household reported.")})
    businesses = dict(started or {})
    strangers = sorted(set(businesses) - households)
    if strangers:
        raise ValidationError(
            {"started": _("These households are not in the group: %(keys)s") % {"keys": ", ".join(strangers)}}
        )
    visit = Visit(group=group, visited_on=visited_on, note=_text(note), officer=actor)
    _save_logged(actor=actor, instance=visit, before=None, source=source)
    for household, band in sorted(bands.items()):
        row = VisitIncome(visit=visit, household=household, band=band)
        _save_logged(actor=actor, instance=row, before=None, source=source)
    for household, business in sorted(businesses.items()):
        members = list(group.members.filter(household=household).order_by("id"))
        owner = next((m for m in members if m.person_id == business.owner_id), members[0])
        if owner.business_id != business.pk:
            member_business_link(actor=actor, member=owner, business=business, started_on=visited_on, source=source)
    return visit


@transaction.atomic
def member_business_link(
    *,
    actor: User,
    member: GroupMember,
    business: Business | None,
    started_on: dt.date | None = None,
    source: str = ChangeSource.WEB,
) -> GroupMember:
    """Link the business a member started (the registry's) to the member, or unlink it."""
    require_region_write(actor, member.group.desa_id)
    if business is not None:
        require_region_write(actor, business.desa_id)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    before = snapshot(member)
    member.business = business
    member.business_started_on = started_on if business is not None else None
    _save_logged(actor=actor, instance=member, before=before, source=source)
    return member


@transaction.atomic
def group_convert(
    *, actor: User, group: Group, into: str, name: str = "", on: dt.date | None = None, source: str = ChangeSource.WEB
) -> Group:
    """The group becomes an association (made in the registry, its leaders on the board) or a pre-cooperative.
    The group, its households, visits and history stay; it points at what it became."""
    from sinergi.registry.services import association_board_add, association_create

    group = _locked(group)
    require_region_write(actor, group.desa_id)
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(_("Only an active group becomes an association or a pre-cooperative."))
    if group.became:
        raise ValidationError(_("This group already became %(what)s.") % {"what": group.get_became_display()})
    if into not in (GroupBecame.ASSOCIATION, GroupBecame.PRE_COOPERATIVE):
        raise ValidationError({"into": _("Choose what the group becomes.")})
    day = on or timezone.localdate()
    before = snapshot(group)
    if into == GroupBecame.ASSOCIATION:
        association = association_create(
            actor=actor,
            data={"name": _text(name) or group.name, "region_id": group.desa_id, "inaugurated_on": day},
            source=source,
        )
        for leader in group.members.filter(is_leader=True).select_related("person"):
            association_board_add(
                actor=actor, association=association, person=leader.person, role="Ketua", source=source
            )
        group.association = association
    group.became, group.became_on = into, day
    _save_logged(actor=actor, instance=group, before=before, source=source)
    return group


# --- programs ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HouseholdEnrollment:
    household: str
    person: str
    status: str  # enrolled, skipped
    reason: str = ""


def group_enroll(
    *,
    actor: User,
    group: Group,
    program: Any,
    acknowledge_double_aid: bool = False,
    source: str = ChangeSource.WEB,
) -> list[HouseholdEnrollment]:
    """Enroll an active group in a program for persons, one person per household (a leader when the household
    has one, else its first member), through the programs app's enrollment service. The double-aid rule holds
    per household: a household any of whose persons had aid of the same kind within the programs' window is
    skipped, with the earlier programs named, unless ``acknowledge_double_aid``."""
    from sinergi.programs.choices import Target
    from sinergi.programs.selectors import prior_aid
    from sinergi.programs.services import enrollment_add
    from sinergi.programs.services.enrollments import double_aid_years

    require_region_write(actor, group.desa_id)
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(_("Only an active group is enrolled in a program."))
    if program.target != Target.PERSON:
        raise ValidationError({"program": _("A group is enrolled in a program for persons.")})
    results = []
    for household, members in selectors.households_of(selectors.group_members(group=group)).items():
        who = sorted(members, key=lambda m: (not m.is_leader, m.pk))[0]
        earlier = [
            e for m in members for e in prior_aid(program=program, years=double_aid_years(), person=m.person)[:3]
        ]
        if earlier and not acknowledge_double_aid:
            results.append(
                HouseholdEnrollment(
                    household,
                    who.person.name,
                    "skipped",
                    _("The household was already aided by: %(programs)s")
                    % {"programs": "; ".join(sorted({str(e.program) for e in earlier}))},
                )
            )
            continue
        try:
            enrollment_add(
                actor=actor,
                program=program,
                data={"person_id": who.person_id, "note": _("Group %(group)s") % {"group": group.name}},
                acknowledge_double_aid=True,
                source=source,
            )
        except ValidationError as exc:
            results.append(HouseholdEnrollment(household, who.person.name, "skipped", " ".join(exc.messages)))
        except PermissionDenied as exc:
            results.append(HouseholdEnrollment(household, who.person.name, "skipped", str(exc)))
        else:
            results.append(HouseholdEnrollment(household, who.person.name, "enrolled"))
    return results


def households_in(members: Sequence[GroupMember]) -> int:
    return len({m.household for m in members})
