"""A person's NIK, phone, address and birth date as a given user may see them: in full for editors of the person's
region (and the person themself), masked for everyone else (``accounts.access.can_see_personal``,
``core.personal``). Pages, the API and exports take the values from here; a full view is announced to the
access log (one row per person and page, not per field)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sinergi.accounts.access import personal_checker
from sinergi.core.personal import (
    PERSONAL_FIELDS,
    announce_shown,
    mask_address,
    mask_birth_date,
    mask_nik,
    mask_phone,
)
from sinergi.registry.models import Person


@dataclass(frozen=True, slots=True)
class PersonalFacts:
    """What a page shows of a person's personal fields. ``birth_date`` is a date in full, else the year text."""

    full: bool
    nik: str
    phone: str
    address: str
    birth_date: dt.date | str | None


def facts_for(person: Person, *, full: bool) -> PersonalFacts:
    if full:
        return PersonalFacts(True, person.nik or "", person.phone, person.address, person.birth_date)
    return PersonalFacts(
        False,
        mask_nik(person.nik),
        mask_phone(person.phone),
        mask_address(person.address),
        mask_birth_date(person.birth_date),
    )


class PersonalView:
    """One request's reader of personal fields: decides per person (the user's regions read once) and remembers
    whom it showed in full, so that ``announce`` writes the access log once for the whole page."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._check: Callable[[str, int | None], bool] = personal_checker(user)
        self._shown: dict[int, tuple[str, tuple[str, ...]]] = {}
        self._announced: set[int] = set()  # already in the access log for this request

    def full(self, person: Person) -> bool:
        return self._check(person.desa_id, person.pk)

    def facts(self, person: Person) -> PersonalFacts:
        full = self.full(person)
        if full:
            self._remember(person)
        return facts_for(person, full=full)

    def _remember(self, person: Person) -> None:
        fields = tuple(f for f in PERSONAL_FIELDS if getattr(person, f))
        if fields and person.pk not in self._announced:
            self._shown[person.pk] = (person.desa_id, fields)

    def remember_all(self, persons: Iterable[Person]) -> None:
        for person in persons:
            if self.full(person):
                self._remember(person)

    def announce(self, *, purpose: str, request: Any = None) -> None:
        """Write what was shown in full to the access log: one row per person, in one insert."""
        shown = [(pk, code, fields) for pk, (code, fields) in self._shown.items()]
        self._announced.update(self._shown)
        self._shown = {}
        announce_shown(actor=self.user, shown=shown, purpose=purpose, request=request)


def personal_view_of(request: Any) -> PersonalView:
    """The request's PersonalView (made once per request), for schemas and template filters."""
    view = getattr(request, "_sinergi_personal", None)
    if view is None:
        view = PersonalView(getattr(request, "auth", None) or request.user)
        request._sinergi_personal = view
    return view
