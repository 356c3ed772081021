"""Writes to persons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.registry.models import Person
from sinergi.registry.services._base import (
    PERSON_FIELDS,
    _clean_person,
    _pick,
    _save_logged,
)
from sinergi.registry.services.businesses import _refresh_business


@transaction.atomic
def person_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Person:
    values = _clean_person(_pick(data, PERSON_FIELDS), instance_pk=None, actor=actor)
    require_region_write(actor, values["desa_id"])
    person = Person(**values)
    _save_logged(actor=actor, instance=person, before=None, source=source)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    is_self = actor.role == Role.OWNER and actor.person_id == person.pk
    if not is_self:
        require_region_write(actor, person.desa_id)
    before = snapshot(person)
    values = _clean_person(
        {**{f: getattr(person, f) for f in PERSON_FIELDS}, **_pick(data, PERSON_FIELDS)},
        instance_pk=person.pk,
        actor=actor,
    )
    if not is_self:
        require_region_write(actor, values["desa_id"])
    for k, v in values.items():
        setattr(person, k, v)
    _save_logged(actor=actor, instance=person, before=before, source=source)
    for business in person.businesses.all():
        _refresh_business(business=business)
    return person
