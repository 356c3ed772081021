"""The whole country from the bundled decree, as the set-up command loads it."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db.models import Count

from sinergi.regions.models import Region


def test_full_load_matches_the_decree_counts(db):
    call_command("regions_load", stdout=StringIO())
    per_level = dict(Region.objects.values_list("level").annotate(n=Count("code")))
    # Kepmendagri 300.2.2-2138/2025: 38 provinsi, 514 kabupaten/kota, 7,285 kecamatan, 83,762 desa/kelurahan.
    assert per_level == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert Region.objects.filter(level=2, kind="kota").count() == 98
    assert not Region.objects.filter(level__gt=1, parent__isnull=True).exists()
    again = StringIO()
    call_command("regions_load", stdout=again)
    assert "0 added, 0 changed, 91599 unchanged, 0 rejected" in again.getvalue()
