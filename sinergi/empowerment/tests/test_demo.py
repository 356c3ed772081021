"""The demo of Maluku Tenggara: three groups with a year of visits and two lists; re-running adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sinergi.accounts.services import system_actor
from sinergi.empowerment import selectors
from sinergi.empowerment.models import Group, GroupStatus, P3keList, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_three_groups_once(regions):
    call_command("empowerment_demo_seed")
    call_command("empowerment_demo_seed")
    groups = Group.objects.filter(desa__code__startswith="81.02.")
    assert groups.count() == 3
    assert set(groups.values_list("status", flat=True)) == {GroupStatus.ACTIVE}
    assert set(groups.values_list("sector", flat=True)) == {"pariwisata", "perikanan"}
    assert Visit.objects.count() == 36
    assert P3keList.objects.filter(region_id="81.02").count() == 2
    f = selectors.figures(user=system_actor(), office="81.02")
    assert sum(f.by_sector.values()) == 42
    assert f.after_one_year is not None
    assert f.after_one_year.left_poorest > 0
