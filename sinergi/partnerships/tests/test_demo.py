"""The demo partnership of Tojo Una-Una with a university: running, with the demo catalogue's businesses and its
first outcomes; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sinergi.core.models import ChangeLog
from sinergi.market.demo import market_demo_seed
from sinergi.partnerships.demo import OFFICE, PARTNER, partnerships_demo_seed
from sinergi.partnerships.models import Partner, Partnership

pytestmark = pytest.mark.django_db


def test_demo_partnership_with_a_university_and_a_second_run_adds_nothing(regions):
    market_demo_seed()
    assert partnerships_demo_seed() == 1
    uni = Partner.objects.get(office_id=OFFICE, name=PARTNER)
    assert uni.kind == "university"
    assert uni.needs.count() == 2
    mou = Partnership.objects.get()
    assert (mou.status, mou.office_id, mou.partner_id) == ("running", OFFICE, uni.pk)
    assert mou.parties.count() == 3
    assert mou.volume_supplied is not None
    logs = ChangeLog.objects.count()
    call_command("partnerships_demo_seed", verbosity=0)
    assert Partnership.objects.count() == 1
    assert ChangeLog.objects.count() == logs
