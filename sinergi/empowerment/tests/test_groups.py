"""Candidates, drafting, the household rules of a group, confirmation and the change log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import village
from sinergi.core.models import ChangeLog
from sinergi.empowerment import selectors, services
from sinergi.empowerment.models import Group, GroupMember, GroupStatus, PotentialSource, Sector
from sinergi.empowerment.tests.factories import household, p3ke_list
from sinergi.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def desa(regions) -> Region:
    return Region.objects.get(pk=village("17.08"))


@pytest.fixture
def source(kepahiang_officer):
    return p3ke_list(kepahiang_officer)


def test_candidates_count_households_not_persons(kepahiang_officer, source, desa):
    household(kepahiang_officer, source, desa.code, decile=1, persons=3)
    household(kepahiang_officer, source, desa.code, decile=2, persons=2)
    household(kepahiang_officer, source, desa.code, decile=5, persons=2)  # above the office's decile 2
    household(kepahiang_officer, source, desa.code, decile=1, persons=1, birth=dt.date(2015, 1, 1))  # a child
    counts = selectors.candidate_count(user=kepahiang_officer, region_code=desa.code)
    assert counts == {"households": 2, "persons": 5}
    homes = selectors.candidates(user=kepahiang_officer, region_code=desa.code)
    assert [h.decile for h in homes] == [1, 2]  # the poorest first
    assert selectors.candidate_count(user=kepahiang_officer, region_code=desa.code, max_decile=5)["households"] == 3


def test_another_regions_officer_sees_no_candidates(kepahiang_officer, jember_officer, source, desa):
    household(kepahiang_officer, source, desa.code)
    assert selectors.candidates(user=jember_officer, region_code=desa.code) == []


def _potential(officer, desa, sector=Sector.FISHERIES, rank=1, origin=PotentialSource.PROFILE):
    return services.potential_save(
        actor=officer, desa=desa, data={"sector": sector, "rank": rank, "note": "pesisir", "source": origin}
    )


def test_the_draft_groups_the_poorest_by_the_desas_potential_and_explains_each_choice(
    kepahiang_officer, source, desa, settings
):
    _potential(kepahiang_officer, desa, Sector.FISHERIES, 1)
    _potential(kepahiang_officer, desa, Sector.TOURISM, 2, PotentialSource.SURVEY)
    for i in range(30):
        household(kepahiang_officer, source, desa.code, decile=1 if i < 12 else 2, persons=1 + (i % 2))
    result = services.group_draft(actor=kepahiang_officer, desa=desa)
    assert (result.placed, result.left_out) == (30, 0)
    assert [g.sector for g in result.groups] == [Sector.FISHERIES, Sector.TOURISM]
    sizes = [g.members.values("household").distinct().count() for g in result.groups]
    assert sizes == [15, 15]
    fishers = result.groups[0].members.order_by("id")
    assert set(fishers.values_list("decile", flat=True)) == {1, 2}
    assert fishers.filter(decile=1).count() >= 12  # the 12 decile-1 households come first
    first = fishers[0]
    assert first.reason == f"decile 1, desa {desa.name}, sector fisheries from the desa profile"
    tourists = result.groups[1].members.order_by("id")[0]
    assert tourists.reason == f"decile 2, desa {desa.name}, sector tourism from the officer's survey"
    # A household is never split between groups.
    for key in GroupMember.objects.values_list("household", flat=True):
        assert GroupMember.objects.filter(household=key).values("group").distinct().count() == 1
    # Drafting again replaces the drafts, it does not double them.
    services.group_draft(actor=kepahiang_officer, desa=desa)
    assert Group.objects.count() == 2
    assert GroupMember.objects.values("household").distinct().count() == 30


def test_too_few_households_make_no_group(kepahiang_officer, source, desa):
    _potential(kepahiang_officer, desa)
    for _i in range(9):
        household(kepahiang_officer, source, desa.code)
    result = services.group_draft(actor=kepahiang_officer, desa=desa)
    assert (result.groups, result.left_out) == ([], 9)


def test_one_group_per_household_and_size_limits(kepahiang_officer, source, desa):
    a = services.group_create(actor=kepahiang_officer, desa=desa, sector=Sector.FISHERIES)
    b = services.group_create(actor=kepahiang_officer, desa=desa, sector=Sector.TOURISM)
    pair = household(kepahiang_officer, source, desa.code, persons=2)
    added = services.member_add(actor=kepahiang_officer, group=a, person=pair[0])
    assert {m.person for m in added} == set(pair)  # the household joins whole
    with pytest.raises(ValidationError, match="already in the group"):
        services.member_add(actor=kepahiang_officer, group=b, person=pair[1])
    # Confirming needs 10 households and a leader.
    with pytest.raises(ValidationError, match="10 to 25 households; this one has 1"):
        services.group_confirm(actor=kepahiang_officer, group=a)
    for _i in range(9):
        services.member_add(actor=kepahiang_officer, group=a, person=household(kepahiang_officer, source, desa.code)[0])
    with pytest.raises(ValidationError, match="leader"):
        services.group_confirm(actor=kepahiang_officer, group=a)
    services.leader_set(actor=kepahiang_officer, member=added[0], leader=True)
    group = services.group_confirm(actor=kepahiang_officer, group=a)
    assert group.status == GroupStatus.ACTIVE
    # An active group's households are no longer candidates.
    assert pair[0].pk not in {
        e.person_id for h in selectors.candidates(user=kepahiang_officer, region_code=desa.code) for e in h.persons
    }
    # Dissolving frees them.
    services.group_dissolve(actor=kepahiang_officer, group=group, reason="Anggota pindah ke kota")
    assert len(selectors.candidates(user=kepahiang_officer, region_code=desa.code)) == 10


def test_a_group_holds_at_most_the_offices_largest_size(kepahiang_officer, source, desa):
    from sinergi.accounts.models import OfficeSettings

    OfficeSettings.objects.create(region_id="17.08", health_rule_set="permenkop-9-2020", empowerment_group_max=2)
    g = services.group_create(actor=kepahiang_officer, desa=desa, sector=Sector.CRAFTS)
    for _i in range(2):
        services.member_add(actor=kepahiang_officer, group=g, person=household(kepahiang_officer, source, desa.code)[0])
    with pytest.raises(ValidationError, match="at most 2 households"):
        services.member_add(actor=kepahiang_officer, group=g, person=household(kepahiang_officer, source, desa.code)[0])


def test_moving_and_removing_keep_the_household_whole_and_are_logged(kepahiang_officer, source, desa):
    a = services.group_create(actor=kepahiang_officer, desa=desa, sector=Sector.FISHERIES)
    b = services.group_create(actor=kepahiang_officer, desa=desa, sector=Sector.TOURISM)
    pair = household(kepahiang_officer, source, desa.code, persons=2)
    member = services.member_add(actor=kepahiang_officer, group=a, person=pair[0])[0]
    before = ChangeLog.objects.count()
    services.member_move(actor=kepahiang_officer, member=member, to=b)
    assert set(b.members.values_list("person", flat=True)) == {p.pk for p in pair}
    assert not a.members.exists()
    assert ChangeLog.objects.count() == before + 2  # one row per person moved
    removed = services.member_remove(actor=kepahiang_officer, member=b.members.all()[0])
    assert removed == 2
    assert ChangeLog.objects.count() == before + 4


def test_another_regions_officer_may_not_change_a_group(kepahiang_officer, jember_officer, desa):
    from django.core.exceptions import PermissionDenied

    g = services.group_create(actor=kepahiang_officer, desa=desa, sector=Sector.FISHERIES)
    with pytest.raises(PermissionDenied):
        services.group_dissolve(actor=jember_officer, group=g, reason="x")
    with pytest.raises(Group.DoesNotExist):
        selectors.group_get(user=jember_officer, pk=g.pk)
