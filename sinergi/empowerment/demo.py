"""Demo empowerment groups of Kabupaten Maluku Tenggara (81.02): two P3KE lists a year apart, the potentials of
three Kei Kecil desa (beach tourism at Ohoidertawun, fisheries on the coast of Letman), three confirmed groups
and a year of monthly mentoring visits. Re-running adds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sinergi.accounts.models import User
from sinergi.accounts.services import system_actor
from sinergi.core.models import ChangeSource
from sinergi.empowerment import services
from sinergi.empowerment.models import Group, IncomeBand, PotentialSource, Sector
from sinergi.regions.models import Region
from sinergi.registry import services as registry
from sinergi.registry.models import Person

OFFICE = "81.02"
# desa code → (households on the list, potentials by rank with their notes)
DESA = {
    "81.02.01.2048": (  # Ohoidertawun
        28,
        [
            (Sector.TOURISM, "Pantai Ohoidertawun dan gua berlukisan: homestay, pemandu, kuliner pantai"),
            (Sector.FISHERIES, "Nelayan pesisir barat Kei Kecil; ikan asin dan ikan asap"),
        ],
    ),
    "81.02.01.2052": (14, [(Sector.FISHERIES, "Perairan pesisir: tangkap ikan, budi daya rumput laut")]),  # Letman
}
FIRST = ("Yohanis", "Maria", "Petrus", "Agustina", "Yakobus", "Elisabeth", "Fransiskus", "Theresia", "Andreas")
FAMILY = ("Rahanra", "Renwarin", "Ohoiwutun", "Rettob", "Jamlean", "Rahakbauw", "Ngamelubun", "Teniwut")
BANDS = (IncomeBand.NONE, IncomeBand.UNDER_500K, IncomeBand.UNDER_1M, IncomeBand.UNDER_2M)
SOURCE = ChangeSource.COMMAND


def _household_persons(actor: User, desa: str, index: int) -> list[Person]:
    code = desa.replace(".", "")
    people = []
    for member in range(1 + index % 2):
        born = dt.date(1975 + index % 25, 1 + member * 5, 10)
        nik = f"{code[:6]}{born:%d%m%y}{code[-2:]}{index * 2 + member:02d}"
        person = Person.objects.filter(nik=nik).first()
        if person is None:
            person = registry.person_create(
                actor=actor,
                data={
                    "nik": nik,
                    "name": f"{FIRST[(index + member * 4) % len(FIRST)]} {FAMILY[index % len(FAMILY)]}",
                    "desa_id": desa,
                    "birth_date": born,
                },
                source=SOURCE,
            )
        people.append(person)
    return people


@transaction.atomic
def empowerment_demo_seed() -> int:
    """Seed the demo (see the module); the number of groups made this time."""
    actor = system_actor()
    office = Region.objects.get(pk=OFFICE)
    if Group.objects.filter(desa_id__in=list(DESA)).exists():
        return 0
    first = services.p3ke_list_open(
        actor=actor, office=office, label="P3KE 2024", as_of=dt.date(2024, 12, 1), source=SOURCE
    )
    moves: list[tuple[Person, str, int]] = []
    for desa, (count, potentials) in DESA.items():
        for rank, (sector, note) in enumerate(potentials, start=1):
            services.potential_save(
                actor=actor,
                desa=Region.objects.get(pk=desa),
                data={"sector": sector, "rank": rank, "note": note, "source": PotentialSource.PROFILE},
                source=SOURCE,
            )
        for i in range(count + 3):  # three better-off households that are no candidates
            key = f"P3KE-{desa[-4:]}-{i:03d}"
            decile = 1 + i % 2 if i < count else 4
            moved = decile + (2 if i % 3 == 0 else 0)  # a third leave the poorest deciles a year on
            for person in _household_persons(actor, desa, i):
                services.p3ke_entry_write(
                    actor=actor, p3ke_list=first, person=person, household=key, decile=decile, source=SOURCE
                )
                moves.append((person, key, moved))
    made = 0
    for desa in DESA:
        drafted = services.group_draft(actor=actor, desa=Region.objects.get(pk=desa), source=SOURCE).groups
        for group in drafted:
            leader = group.members.order_by("id").first()
            assert leader is not None
            services.leader_set(actor=actor, member=leader, leader=True, source=SOURCE)
            services.group_confirm(actor=actor, group=group, on=dt.date(2025, 1, 15), source=SOURCE)
            group.refresh_from_db()
            homes = sorted(set(group.members.values_list("household", flat=True)))
            for month in range(12):
                day = dt.date(2025 + (month + 1) // 12, (month + 1) % 12 + 1, 20)
                services.visit_record(
                    actor=actor,
                    group=group,
                    visited_on=day,
                    note="Pendampingan usaha kelompok, pencatatan kas dan penjualan",
                    incomes={h: BANDS[min(3, (month + n) // 4)] for n, h in enumerate(homes)},
                    source=SOURCE,
                )
            made += 1
    # The list of a year later, after the groups' first year.
    later = services.p3ke_list_open(
        actor=actor, office=office, label="P3KE 2025", as_of=dt.date(2025, 12, 1), source=SOURCE
    )
    for person, key, decile in moves:
        services.p3ke_entry_write(
            actor=actor, p3ke_list=later, person=person, household=key, decile=decile, source=SOURCE
        )
    return made
