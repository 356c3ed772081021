"""Peta Jalan pages: a roadmap made and changed on its form, targets added on its page and imported from the
office's spreadsheet, the progress table and its target-vs-actual chart with each target's status, region
scoping (the province's roadmap read by a kabupaten officer, not changed; another kabupaten's answers 404), and
the indicator-backed dataset source that open data publishes from."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import village
from sinergi.cooperatives.services import cooperative_create
from sinergi.indicators import services
from sinergi.indicators.models import Indicator, Roadmap, Target
from sinergi.indicators.refresh import analytics_refresh
from sinergi.opendata.published import build_table
from sinergi.reports.sources import get_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(regions, kepahiang_officer, system):
    for n in range(3):
        cooperative_create(
            actor=system, data={"name": f"Koperasi {n}", "kind": "ksp", "region_id": village("17.08", n)}
        )
    analytics_refresh(indicators=Indicator.objects.filter(code="koperasi-jumlah"))
    year = timezone.localdate().year
    return services.roadmap_create(
        actor=kepahiang_officer,
        data={"name": "Peta Jalan Koperasi", "region_id": "17.08", "start_year": year - 1, "end_year": year + 3},
    )


def test_an_officer_makes_a_roadmap_and_changes_it_on_its_form(client, kepahiang_officer, regions):
    client.force_login(kepahiang_officer)
    year = timezone.localdate().year
    bad = client.post("/peta-jalan/baru/", {"name": "PJ", "region": "17.08", "start_year": year, "end_year": year - 1})
    assert bad.status_code == 400
    assert "The last year comes after the first." in bad.content.decode()
    made = client.post("/peta-jalan/baru/", {"name": "PJ", "region": "17.08", "start_year": year, "end_year": year + 4})
    roadmap = Roadmap.objects.get()
    assert made.status_code == 302
    assert made["Location"] == f"/peta-jalan/{roadmap.pk}/"
    client.post(f"/peta-jalan/{roadmap.pk}/ubah/", {"name": "Peta Jalan UMK", "start_year": year, "end_year": year + 5})
    roadmap.refresh_from_db()
    assert (roadmap.name, roadmap.end_year) == ("Peta Jalan UMK", year + 5)
    listing = client.get("/peta-jalan/").content.decode()
    assert "Peta Jalan UMK" in listing


def test_a_target_added_on_the_page_shows_its_progress_status_and_chart(client, roadmap, kepahiang_officer):
    client.force_login(kepahiang_officer)
    year = timezone.localdate().year
    data = {"indicator": "koperasi-jumlah", "region": "17.08", "baseline_year": year - 1, "baseline": "1"}
    outside = client.post(
        f"/peta-jalan/{roadmap.pk}/target/", {**data, "goal": "Tumbuh", "year": year + 9, "target": 5}
    )
    assert outside.status_code == 400
    assert "The year lies outside the roadmap&#x27;s years." in outside.content.decode()
    client.post(f"/peta-jalan/{roadmap.pk}/target/", {**data, "goal": "Tumbuh", "year": year, "target": "3"})
    client.post(f"/peta-jalan/{roadmap.pk}/target/", {**data, "goal": "Tumbuh", "year": year + 1, "target": "40"})
    assert Target.objects.count() == 2
    page = client.get(f"/peta-jalan/{roadmap.pk}/?tab=progress").content.decode()
    assert 'data-status="on_track"' in page  # 3 cooperatives: this year's target of 3 is met
    assert "On track" in page
    assert "Target vs actual: Jumlah koperasi · Kabupaten Kepahiang" in page
    assert page.count("<svg") == 1  # one chart for the indicator and region, over both years
    first = Target.objects.get(year=year)
    client.post(f"/peta-jalan/{roadmap.pk}/target/{first.pk}/hapus/")
    assert list(Target.objects.values_list("year", flat=True)) == [year + 1]
    history = client.get(f"/peta-jalan/{roadmap.pk}/?tab=history").content.decode()
    # the roadmap, its goal, two targets and the removal of one
    assert history.count('class="history-item"') == 5


def test_the_office_spreadsheet_is_imported_with_every_row_answered(client, roadmap, kepahiang_officer):
    client.force_login(kepahiang_officer)
    year = timezone.localdate().year
    text = (
        "Sasaran;Indikator;Kode Wilayah;Tahun;Tahun Dasar;Baseline;Target\n"
        f"Koperasi tumbuh;Jumlah koperasi;17.08;{year};{year - 1};2;4\n"
        f"Koperasi tumbuh;koperasi-aktif;17.08;{year + 1};{year - 1};50;70,5\n"
        f"Koperasi tumbuh;tidak ada;17.08;{year};{year - 1};1;2\n"
        f"Koperasi tumbuh;koperasi-jumlah;35.09;{year};{year - 1};1;2\n"
    )
    upload = SimpleUploadedFile("peta-jalan.csv", text.encode(), content_type="text/csv")
    page = client.post(f"/peta-jalan/{roadmap.pk}/impor/", {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-status="created"') == 2
    assert html.count('data-status="rejected"') == 2
    assert "No indicator has the code or name “tidak ada”." in html
    assert "You may not change records in region 35.09." in html
    assert sorted(str(t.target) for t in Target.objects.all()) == ["4.00", "70.50"]
    assert roadmap.goals.get().title == "Koperasi tumbuh"


def test_a_kabupaten_officer_reads_the_province_roadmap_but_not_another_kabupaten(
    client, regions, bengkulu_officer, kepahiang_officer, jember_officer, kepahiang_viewer
):
    year = timezone.localdate().year
    province = services.roadmap_create(
        actor=bengkulu_officer, data={"name": "PJ Bengkulu", "region_id": "17", "start_year": year, "end_year": year}
    )
    jember = services.roadmap_create(
        actor=jember_officer, data={"name": "PJ Jember", "region_id": "35.09", "start_year": year, "end_year": year}
    )
    client.force_login(kepahiang_officer)
    assert client.get(f"/peta-jalan/{province.pk}/").status_code == 200
    assert client.get(f"/peta-jalan/{province.pk}/ubah/").status_code == 403
    assert client.get(f"/peta-jalan/{jember.pk}/").status_code == 404
    assert "PJ Jember" not in client.get("/peta-jalan/").content.decode()
    client.force_login(kepahiang_viewer)
    assert client.get("/peta-jalan/baru/").status_code == 403
    stream = io.BytesIO(b"x")
    upload = SimpleUploadedFile("p.csv", stream.read())
    assert client.post(f"/peta-jalan/{province.pk}/impor/", {"file": upload}).status_code == 403


def test_the_indicator_source_gives_open_data_the_refreshed_counts_by_kabupaten(roadmap):
    source = get_source("indikator:koperasi-jumlah")
    year = timezone.localdate().year
    rows = source.rows(user_or_none=None, region_code="17", year=year)
    assert rows == [{"region_code": "17.08", "region_name": "Kabupaten Kepahiang", "numerator": 3}]
    table = build_table(
        source_code="indikator:koperasi-jumlah", measure="numerator", breakdown="", region_code="17", year=year
    )
    assert table["rows"][0]["values"] == [None]  # 3 cooperatives: a cell under 5 is withheld
    share = get_source("indikator:koperasi-aktif")
    assert [f.key for f in share.measures] == ["numerator", "denominator"]
    assert share.units == "denominator"


def test_progress_reads_the_figures_in_one_query_whatever_the_number_of_targets(roadmap, kepahiang_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sinergi.indicators import selectors as sel

    year = timezone.localdate().year
    indicator = Indicator.objects.get(code="koperasi-jumlah")
    goal = services.goal_get_or_create(actor=kepahiang_officer, roadmap=roadmap, title="Tumbuh")

    def progress(years: range) -> tuple[int, list[Decimal | None]]:
        for y in years:
            services.target_set(
                actor=kepahiang_officer,
                goal=goal,
                indicator=indicator,
                region_code="17.08",
                year=y,
                baseline_year=year - 1,
                baseline="1",
                target="3",
            )
        targets = list(sel.roadmap_targets(user=kepahiang_officer, roadmap=roadmap))
        with CaptureQueriesContext(connection) as queries:
            rows = sel.target_progress(user_or_none=kepahiang_officer, targets=targets)
        return len(queries), [r.actual.value if r.actual else None for r in rows]

    few, few_values = progress(range(year, year + 1))
    many, many_values = progress(range(year + 1, year + 4))
    assert few == many  # the same queries for one target as for four
    # this year's figure (3 cooperatives) stands for this year's and later years' targets
    assert few_values == [Decimal(3)]
    assert many_values == [Decimal(3)] * 4


def test_a_sheet_with_a_column_per_year_imports_a_target_per_filled_year(client, roadmap, kepahiang_officer):
    """The layout Peta Jalan documents print: a row per indicator and region, the years across, under a merged
    "Target" cell; the baseline year is the one before the first year column."""
    from openpyxl import Workbook

    client.force_login(kepahiang_officer)
    year = timezone.localdate().year
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["PETA JALAN KOPERASI KABUPATEN KEPAHIANG"])
    sheet.append(["Sasaran", "Indikator", "Kode Wilayah", "Baseline", "Target", None, None])
    sheet.append([None, None, None, None, str(year), str(year + 1), str(year + 2)])
    sheet.merge_cells(start_row=2, start_column=5, end_row=2, end_column=7)
    sheet.append(["Koperasi tumbuh", "Jumlah koperasi", "17.08", 2, 4, "6", None])  # the last year left open
    sheet.append(["Koperasi sehat", "koperasi-aktif", "17.08", "50", "55,5", "tinggi", "70"])
    stream = io.BytesIO()
    book.save(stream)
    upload = SimpleUploadedFile("pj-tahunan.xlsx", stream.getvalue())
    page = client.post(f"/peta-jalan/{roadmap.pk}/impor/", {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-status="created"') == 4
    assert html.count('data-status="rejected"') == 1
    assert f"Target {year + 1}:" in html  # the bad cell's reason names its column
    made = {(t.goal.title, t.indicator.code, t.year): (t.baseline_year, t.target) for t in Target.objects.all()}
    assert made == {
        ("Koperasi tumbuh", "koperasi-jumlah", year): (year - 1, Decimal("4.00")),
        ("Koperasi tumbuh", "koperasi-jumlah", year + 1): (year - 1, Decimal("6.00")),
        ("Koperasi sehat", "koperasi-aktif", year): (year - 1, Decimal("55.50")),
        ("Koperasi sehat", "koperasi-aktif", year + 2): (year - 1, Decimal("70.00")),
    }
    again = client.post(
        f"/peta-jalan/{roadmap.pk}/impor/", {"file": SimpleUploadedFile("lagi.xlsx", stream.getvalue())}
    )
    assert again.content.decode().count('data-status="unchanged"') == 4
    assert Target.objects.count() == 4
