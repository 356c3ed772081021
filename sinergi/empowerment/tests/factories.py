"""Small builders for the empowerment tests: a P3KE list of households in a desa."""

from __future__ import annotations

import datetime as dt
import itertools

from sinergi.accounts.models import User
from sinergi.empowerment import services
from sinergi.empowerment.models import P3keList
from sinergi.regions.models import Region
from sinergi.registry.models import Person

_counter = itertools.count(1)


def p3ke_list(actor: User, *, office: str = "17.08", label: str = "P3KE 2024", day: dt.date | None = None) -> P3keList:
    return services.p3ke_list_open(
        actor=actor, office=Region.objects.get(pk=office), label=label, as_of=day or dt.date(2024, 1, 1)
    )


def household(
    actor: User,
    source: P3keList,
    desa: str,
    *,
    decile: int = 1,
    persons: int = 1,
    key: str = "",
    birth: dt.date | None = dt.date(1985, 5, 1),
) -> list[Person]:
    """A household of ``persons`` working-age persons on ``source`` with ``decile``."""
    n = next(_counter)
    key = key or f"KK{n:05d}"
    made = []
    for i in range(persons):
        p = Person.objects.create(
            name=f"Warga {n}-{i}", desa_id=desa, birth_date=birth, nik=f"{1708010000000000 + n * 10 + i}"
        )
        services.p3ke_entry_write(actor=actor, p3ke_list=source, person=p, household=key, decile=decile)
        made.append(p)
    return made
