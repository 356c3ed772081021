"""The demo program of Tojo Una-Una: two agencies, a month of purchases from the demo catalogue, a login for a
civil servant; a second run adds nothing."""

from __future__ import annotations

import pytest

from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
from sinergi.market.demo import market_demo_seed
from sinergi.purchasing import selectors as sel
from sinergi.purchasing.demo import ASN_LOGIN, purchasing_demo_seed
from sinergi.purchasing.models import Agency, Purchase, PurchaseProgram

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(regions, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    market_demo_seed()
    made = purchasing_demo_seed()
    assert made == Purchase.objects.count() > 0
    assert Agency.objects.filter(region_id="72.09").count() == 2
    changes = ChangeLog.objects.count()
    assert purchasing_demo_seed() == 0
    assert ChangeLog.objects.count() == changes
    asn = User.objects.get(username=ASN_LOGIN)
    assert sel.purchases_visible(user=asn).count() == Purchase.objects.filter(civil_servant__account=asn).count() > 0
    assert ASN_LOGIN in (tmp_path / "demo-logins.txt").read_text()
    program = PurchaseProgram.objects.get()
    admin = User.objects.create_superuser("root", password="x")
    figures = sel.participation(user=admin, program=program, month=program.starts_on)
    assert (figures.total.participants, figures.total.civil_servants) == (5, 7)
