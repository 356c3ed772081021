"""Pages show times in the zone of the officer's regions: WIB, WITA or WIT."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.core.middleware import zone_label_for


@pytest.mark.parametrize(
    ("codes", "label"),
    [
        (["17.08"], "WIB"),
        (["52.71"], "WITA"),
        (["81.02"], "WIT"),
        (["72.09", "52.71"], "WITA"),
        (["17.08", "81.02"], "WIB"),
    ],
)
def test_zone_of_the_regions(regions, codes, label):
    user = user_create(actor=system_actor(), username="u", password=None, role=Role.KABUPATEN, region_codes=codes)
    assert zone_label_for(user) == label


def test_mataram_officer_reads_wita_and_the_hour_follows(regions):
    officer = user_create(actor=system_actor(), username="mataram", password=None, role=Role.KABUPATEN,
                          region_codes=["52.71"])  # fmt: skip
    client = Client()
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert " WITA</span>" in html
    assert client.session["sinergi_tz"] == "WITA"
