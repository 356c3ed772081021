"""P3KE data stays with the office's staff of the region: no decile or household key on any page the public
opens, in the registry's exports, in a report or open dataset source, nor on the pages of another region's
staff (issue 20, "Privacy")."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sinergi.empowerment.models import GroupMember, P3keEntry
from sinergi.registry.models import Business, Person
from sinergi.reports.sources import all_sources
from tests.security.routes import page_routes

pytestmark = pytest.mark.django_db

# What P3KE data looks like on a page: the demo's household keys, and the word decile in either language.
LEAK = re.compile(r"P3KE-\d{4}-\d{3}|\bdesil\b|\bdecile\b", re.IGNORECASE)


@pytest.fixture
def demo(regions):
    call_command("empowerment_demo_seed")
    assert P3keEntry.objects.exists()


def _assert_clean(text: str, where: str) -> None:
    found = LEAK.search(text)
    assert found is None, f"{where} shows P3KE data: {found.group(0) if found else ''}"


def test_no_open_data_or_report_source_reads_deciles_or_households():
    for source in all_sources():
        words = " ".join(f"{f.key} {f.label}" for f in (*source.dimensions, *source.measures))
        _assert_clean(words + " " + str(source.label), f"source {source.code}")
        assert "household" not in words.lower(), source.code
        assert "p3ke" not in words.lower(), source.code


def test_no_public_page_shows_a_decile(demo):
    """Every page without a parameter that answers the public (signed out) with 200, and the open-data pages of
    a published dataset of the demo's kabupaten."""
    from sinergi.opendata.models import Dataset

    Dataset.objects.create(
        slug="umkm-malra", title="UMKM Maluku Tenggara", producer_office_id="81.02", producer_unit="Bidang UMKM",
        source="businesses", measure="businesses", year=2025, definition="Jumlah UMKM", formula="Jumlah",
        unit="usaha", status="published", table={"columns": ["Jumlah"], "rows": [], "total": [None], "suppressed": 0},
    )  # fmt: skip
    public = Client()
    opened = 0
    for route in page_routes():
        if "<" in route.pattern or route.pattern.startswith(("admin/", "api/")):
            continue
        response = public.get("/" + route.pattern)
        if response.status_code == 200:
            opened += 1
            _assert_clean(response.content.decode(errors="replace"), route.name)
    for url in ("/data/umkm-malra/", "/data/umkm-malra.csv", "/data/umkm-malra.json", "/data/katalog.jsonld"):
        response = public.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content.decode(errors="replace"), url)
    assert opened >= 3  # sign-in, the open-data list, the public aspiration pages at least


def test_the_business_export_holds_no_decile(demo, admin_user):
    person = GroupMember.objects.select_related("person").first().person  # type: ignore[union-attr]
    Person.objects.filter(pk=person.pk).update(poverty_decile=1, poverty_source="P3KE 2025")  # as the import does
    Business.objects.create(name="Homestay Ohoidertawun", owner=person, desa_id=person.desa_id)
    client = Client()
    client.force_login(admin_user)
    for name in ("business_export_csv", "business_export_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = b"".join(getattr(response, "streaming_content", [])) if response.streaming else response.content
        if name.endswith("xlsx"):
            import io

            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(body), read_only=True).active
            body = "\n".join(
                " ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)
            ).encode()
        text = body.decode(errors="replace")
        assert "Homestay Ohoidertawun" in text, name
        _assert_clean(text, name)
        assert "P3KE 2025" not in text, name
        assert "P3KE 2024" not in text, name


def test_another_regions_staff_see_no_household_of_the_demo(demo, jember_officer):
    client = Client()
    client.force_login(jember_officer)
    member = GroupMember.objects.first()
    assert member is not None
    assert client.get(reverse("empowerment_household", args=[member.pk])).status_code == 404
    assert client.get(reverse("empowerment_group_detail", args=[member.group_id])).status_code == 404
    for url in (reverse("empowerment_group_list"), reverse("empowerment_candidates") + "?region=81.02"):
        page = client.get(url)
        assert page.status_code == 200
        assert "P3KE-" not in page.content.decode()
