"""Template filters for a person's personal fields (UU 27/2022), masked unless the reader may see them in full.

    {% load personal %}
    {% with p=business.owner|personal:request %}{{ p.nik }} {{ p.phone }}{% endwith %}

``personal`` asks ``accounts.access.can_see_personal`` through the request's ``registry.personal.PersonalView``;
what it showed in full is written to the access log once, when the response leaves (``privacy`` middleware).
``masked_nik`` and ``masked_phone`` always mask (for lists and rows where a full number is never needed)."""

from __future__ import annotations

from typing import Any

from django import template

from sinergi.core.personal import mask_nik, mask_phone
from sinergi.registry.models import Person
from sinergi.registry.personal import PersonalFacts, facts_for, personal_view_of

register = template.Library()


@register.filter
def personal(person: Person | None, request: Any) -> PersonalFacts | None:
    if person is None:
        return None
    if request is None or not hasattr(request, "user"):
        return facts_for(person, full=False)
    return personal_view_of(request).facts(person)


@register.filter
def masked_nik(value: str | None) -> str:
    return mask_nik(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)
