"""Writes to associations, their board and members, and the cluster list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry, region_in_scope, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.regions.models import Region
from sinergi.registry.models import (
    Association,
    AssociationMembership,
    BoardMember,
    Business,
    Cluster,
    Person,
)
from sinergi.registry.services._base import (
    ASSOCIATION_FIELDS,
    DEFAULT_CLUSTERS,
    _delete_logged,
    _pick,
    _save_logged,
    require_association_write,
)


def _clean_association(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = _("The name is required.")
    if not Region.objects.filter(pk=values.get("region_id")).exists():
        errors["region_id"] = _("Unknown region code “%(code)s”.") % {"code": values.get("region_id")}
    start, end = values.get("term_start"), values.get("term_end")
    if start and end and end <= start:
        errors["term_end"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    values["description"] = values.get("description") or ""
    return values


@transaction.atomic
def association_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Association:
    values = _clean_association(_pick(data, ASSOCIATION_FIELDS))
    require_region_write(actor, values["region_id"])
    association = Association(**values)
    _save_logged(actor=actor, instance=association, before=None, source=source)
    return association


@transaction.atomic
def association_update(
    *, actor: User, association: Association, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Association:
    association = Association.objects.select_for_update().get(pk=association.pk)
    require_association_write(actor, association)
    before = snapshot(association)
    values = _clean_association(
        {**{f: getattr(association, f) for f in ASSOCIATION_FIELDS}, **_pick(data, ASSOCIATION_FIELDS)}
    )
    if values["region_id"] != association.region_id:
        require_region_write(actor, values["region_id"])
    for k, v in values.items():
        setattr(association, k, v)
    _save_logged(actor=actor, instance=association, before=before, source=source)
    return association


@transaction.atomic
def association_board_add(
    *,
    actor: User,
    association: Association,
    person: Person,
    role: str,
    term_start: date | None = None,
    term_end: date | None = None,
    source: str = ChangeSource.WEB,
) -> BoardMember:
    require_association_write(actor, association)
    role = " ".join(role.split())
    if not role:
        raise ValidationError({"role": _("The board role is required (e.g. Ketua).")})
    if BoardMember.objects.filter(association=association, person=person, role__iexact=role).exists():
        raise ValidationError({"person": _("This person already holds this seat on the board.")})
    seat = BoardMember(
        association=association,
        person=person,
        role=role,
        term_start=term_start or association.term_start,
        term_end=term_end or association.term_end,
    )
    _save_logged(actor=actor, instance=seat, before=None, source=source)
    return seat


@transaction.atomic
def association_board_remove(*, actor: User, seat: BoardMember, source: str = ChangeSource.WEB) -> None:
    require_association_write(actor, seat.association)
    _delete_logged(actor=actor, instance=seat, source=source)


@transaction.atomic
def association_member_add(
    *,
    actor: User,
    association: Association,
    business: Business,
    joined_on: date | None = None,
    source: str = ChangeSource.WEB,
) -> AssociationMembership:
    require_association_write(actor, association)
    if not (
        actor.is_superuser
        or actor.role == Role.ADMIN
        or region_in_scope(actor, business.desa_id)
        or (actor.role == Role.ASSOCIATION and region_in_scope_of_association(association, business))
    ):
        raise PermissionDenied(_("This business is outside your regions."))
    if AssociationMembership.objects.filter(association=association, business=business).exists():
        raise ValidationError({"business": _("This business is already a member.")})
    membership = AssociationMembership(association=association, business=business, joined_on=joined_on)
    _save_logged(actor=actor, instance=membership, before=None, source=source)
    return membership


def region_in_scope_of_association(association: Association, business: Business) -> bool:
    """An association recruits within its own region."""
    return business.desa_id == association.region_id or business.desa_id.startswith(association.region_id + ".")


@transaction.atomic
def association_member_remove(
    *, actor: User, membership: AssociationMembership, source: str = ChangeSource.WEB
) -> None:
    require_association_write(actor, membership.association)
    _delete_logged(actor=actor, instance=membership, source=source)


@transaction.atomic
def association_delete(*, actor: User, association: Association, source: str = ChangeSource.WEB) -> None:
    """Delete an association with its board seats and memberships, each removal logged."""
    require_region_write(actor, association.region_id)
    for seat in association.board.all():
        association_board_remove(actor=actor, seat=seat, source=source)
    for membership in association.memberships.all():
        association_member_remove(actor=actor, membership=membership, source=source)
    _delete_logged(actor=actor, instance=association, source=source)


@transaction.atomic
def clusters_ensure_defaults(*, actor: User, source: str = ChangeSource.COMMAND) -> int:
    """Create the standard clusters that are missing; returns how many were added."""
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not manage clusters."))
    added = 0
    for slug, name in DEFAULT_CLUSTERS:
        if not Cluster.objects.filter(slug=slug).exists():
            cluster = Cluster(slug=slug, name=name)
            _save_logged(actor=actor, instance=cluster, before=None, source=source)
            added += 1
    return added
