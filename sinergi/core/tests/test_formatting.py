"""One way of writing values on every page: dates "7 Des 2026" (with or without a filter), times with the office's
zone, decimal commas, business sizes micro → large, region placeholders from the reader's own region, and
management commands speaking Indonesian."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from sinergi.core.formatting import format_date, format_datetime, format_decimal, format_rupiah_amount
from sinergi.core.forms import region_example
from sinergi.registry.selectors import dashboard_counts
from sinergi.registry.tests.conftest import login


def test_dates_times_and_numbers_in_indonesian():
    with translation.override("id"):
        assert format_date(dt.date(1996, 9, 14)) == "14 Sep 1996"
        assert format_date("2026-12-07") == "7 Des 2026"
        assert Template("{{ d }}").render(Context({"d": dt.date(2026, 12, 7)})) == "7 Des 2026"
        assert Template("{% load sinergi %}{{ d|local_date }}").render(Context({"d": dt.date(2026, 8, 17)})) == (
            "17 Agu 2026"
        )
        with timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
            assert format_datetime(dt.datetime(2026, 12, 7, 10, 5, tzinfo=dt.UTC)) == "7 Des 2026 18.05 WITA"
    assert format_decimal(Decimal("64.50")) == "64,50"
    assert format_decimal(Decimal("12345")) == "12.345"
    assert format_rupiah_amount(Decimal("122141000.00")) == "Rp 122.141.000"


class _User:
    pk = 1

    def __init__(self, codes: list[str]) -> None:
        self._sinergi_region_codes = codes


def test_region_examples_come_from_the_readers_region():
    jember = _User(["35.09"])
    assert region_example(jember, like="17.08.01.2001") == "35.09.01.2001"
    assert region_example(jember, like="17.08.01") == "35.09.01"
    assert region_example(jember, like="17.08") == "35.09"
    assert region_example(_User(["52"]), like="17.08.01") == "52.01.01"
    assert region_example(_User([]), like="17.08.01") == "17.08.01"


@pytest.mark.django_db
def test_jember_officer_reads_jember_codes_in_placeholders(client, jember_officer):
    html = login(client, jember_officer).get(reverse("business_list")).content.decode()
    assert 'placeholder="35.09.01"' in html
    assert "17.08.01" not in html
    form = client.get(reverse("business_create")).content.decode()
    assert "17.08.01.2001" not in form


@pytest.mark.django_db
def test_business_sizes_micro_to_large(kepahiang_officer, kepahiang_desa):
    from sinergi.registry.models import Business

    for scale in ("besar", "kecil", "mikro", "menengah", "", "mikro"):
        Business.objects.create(name=f"Usaha {scale}", desa_id=kepahiang_desa, scale=scale)
    counts = dashboard_counts(user=kepahiang_officer)
    assert [s for s, _n in counts.by_scale] == ["mikro", "kecil", "menengah", "besar", ""]


@pytest.mark.django_db
def test_demo_commands_speak_indonesian(regions):
    out = io.StringIO()
    with translation.override("id"):
        call_command("supervision_demo_seed", stdout=out)
        call_command("regions_load", "--if-empty", stdout=out)
    text = out.getvalue()
    assert "Pengawasan demo: 0 pemeriksaan." in text
    assert "Wilayah sudah dimuat" in text
    assert "inspections" not in text
    assert "already loaded" not in text
