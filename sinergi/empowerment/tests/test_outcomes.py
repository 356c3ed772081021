"""Outcomes: decile movement between two P3KE lists, visits, conversion to an association, enrollment of a group
in a program per household with the double-aid rule, and the office's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import village
from sinergi.empowerment import selectors, services
from sinergi.empowerment.models import GroupBecame, IncomeBand, Sector
from sinergi.empowerment.tests.factories import household, p3ke_list
from sinergi.programs.models import Enrollment
from sinergi.programs.tests.factories import past_aid, program
from sinergi.regions.models import Region
from sinergi.registry.models import BoardMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def desa(regions) -> Region:
    return Region.objects.get(pk=village("17.08"))


def _active_group(officer, source, desa, n=10):
    g = services.group_create(actor=officer, desa=desa, sector=Sector.FISHERIES)
    homes = [household(officer, source, desa.code, decile=1 if i < 5 else 2, persons=2) for i in range(n)]
    members = [services.member_add(actor=officer, group=g, person=h[0]) for h in homes]
    services.leader_set(actor=officer, member=members[0][0], leader=True)
    return services.group_confirm(actor=officer, group=g, on=dt.date(2024, 2, 1)), homes


def test_decile_movement_between_two_lists_counts_households(kepahiang_officer, desa):
    first = p3ke_list(kepahiang_officer, label="P3KE 2024", day=dt.date(2024, 1, 1))
    second = p3ke_list(kepahiang_officer, label="P3KE 2025", day=dt.date(2025, 1, 1))
    moves = [(1, 3), (1, 1), (2, 4), (2, 1), (1, None)]
    for i, (was, now) in enumerate(moves):
        people = household(kepahiang_officer, first, desa.code, decile=was, persons=2, key=f"H{i}")
        if now is not None:
            for p in people:
                services.p3ke_entry_write(
                    actor=kepahiang_officer, p3ke_list=second, person=p, household=f"H{i}", decile=now
                )
    m = selectors.movement_visible(user=kepahiang_officer, before_pk=first.pk, after_pk=second.pk)
    assert (m.households, m.left_poorest, m.up, m.same, m.down, m.missing) == (5, 2, 2, 1, 1, 1)
    assert ("H0", 1, 3) in m.rows


def test_visits_record_income_per_household(kepahiang_officer, desa):
    source = p3ke_list(kepahiang_officer)
    group, homes = _active_group(kepahiang_officer, source, desa)
    key = group.members.filter(person=homes[0][0]).get().household
    visit = services.visit_record(
        actor=kepahiang_officer, group=group, visited_on=dt.date(2024, 6, 1), incomes={key: IncomeBand.UNDER_1M}
    )
    assert visit.incomes.get().band == IncomeBand.UNDER_1M
    with pytest.raises(ValidationError, match="not in the group"):
        services.visit_record(
            actor=kepahiang_officer, group=group, visited_on=dt.date(2024, 7, 1), incomes={"X": "lt1m"}
        )


def test_a_group_becomes_an_association_and_keeps_its_history(kepahiang_officer, desa):
    source = p3ke_list(kepahiang_officer)
    group, homes = _active_group(kepahiang_officer, source, desa)
    group = services.group_convert(actor=kepahiang_officer, group=group, into=GroupBecame.ASSOCIATION)
    association = group.association
    assert association is not None
    assert association.name == group.name
    assert BoardMember.objects.get(association=association).person == homes[0][0]
    assert group.members.count() == 20  # the group and its households stay
    with pytest.raises(ValidationError, match="already became"):
        services.group_convert(actor=kepahiang_officer, group=group, into=GroupBecame.PRE_COOPERATIVE)


def test_enrolling_a_group_enrolls_one_person_per_household_and_skips_double_aid(kepahiang_officer, desa):
    source = p3ke_list(kepahiang_officer)
    group, homes = _active_group(kepahiang_officer, source, desa)
    p = program(kepahiang_officer, name="Pendampingan Nelayan", target="person", status="selection")
    # The second person of household 3 was aided last year: the whole household is skipped.
    past_aid(kind=p.kind, year=p.fiscal_year - 1, person=homes[3][1])
    results = services.group_enroll(actor=kepahiang_officer, group=group, program=p)
    assert [r.status for r in results].count("enrolled") == 9
    skipped = [r for r in results if r.status == "skipped"]
    assert len(skipped) == 1
    assert "already aided" in skipped[0].reason
    assert Enrollment.objects.filter(program=p).count() == 9
    assert Enrollment.objects.filter(program=p, person=homes[0][0]).exists()  # the leader speaks for the household


def test_figures_reach_by_sector_and_the_share_of_decile_one(kepahiang_officer, desa):
    source = p3ke_list(kepahiang_officer, day=dt.date(2024, 1, 1))
    group, homes = _active_group(kepahiang_officer, source, desa)
    later = p3ke_list(kepahiang_officer, label="P3KE 2025", day=dt.date(2025, 3, 1))
    for _i in range(5):
        household(kepahiang_officer, later, desa.code, decile=1)  # decile 1, not in a group
    for i, h in enumerate(homes):
        key = group.members.filter(person=h[0]).get().household
        decile = 3 if i < 4 else (1 if i >= 8 else 2)
        for person in h:
            services.p3ke_entry_write(
                actor=kepahiang_officer, p3ke_list=later, person=person, household=key, decile=decile
            )
    f = selectors.figures(user=kepahiang_officer, office="17.08")
    assert f.by_sector == {Sector.FISHERIES: 10}
    assert (f.decile_one, f.decile_one_grouped) == (7, 2)  # on the newest list
    assert f.decile_one_share == pytest.approx(2 / 7)
    assert f.after_one_year is not None
    assert (f.after_one_year.households, f.after_one_year.left_poorest) == (10, 4)
    assert f.after_two_years is None
