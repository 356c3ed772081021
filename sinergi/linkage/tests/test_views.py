"""The duplicate-review pages and the import page's button that looks for duplicates, through the test client."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sinergi.ingest.tests.conftest import run_import, write_csv
from sinergi.ingest.tests.test_import import GOOD, HEADER
from sinergi.linkage.models import CandidateStatus, LinkageRun, MatchCandidate
from sinergi.linkage.tests.test_review import _people, _run
from sinergi.registry.models import Merge, Person

pytestmark = pytest.mark.django_db


def test_review_merge_and_undo_through_the_pages(client, kepahiang_officer, kepahiang_desa):
    people = _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    client.force_login(kepahiang_officer)
    html = client.get(reverse("review_queue")).content.decode()
    assert "Sitti Aminah" in html
    assert "Hj. Siti Aminah" in html
    candidate = MatchCandidate.objects.get(left_id=people[0].pk, right_id=people[1].pk)
    response = client.post(reverse("review_decide", args=[candidate.pk]), {"decision": "keep_left", "page": "1"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=people[1].pk).exists()

    merge = Merge.objects.get()
    assert "Sitti Aminah" in client.get(reverse("merge_list")).content.decode()
    client.post(reverse("merge_undo", args=[merge.pk]))
    assert Person.objects.filter(pk=people[1].pk).exists()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_a_viewer_sees_the_queue_but_cannot_decide(client, kepahiang_officer, kepahiang_viewer, kepahiang_desa):
    _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    client.force_login(kepahiang_viewer)
    html = client.get(reverse("review_queue")).content.decode()
    assert "Sitti Aminah" in html
    assert 'value="distinct"' not in html
    candidate = MatchCandidate.objects.first()
    assert candidate is not None
    assert client.post(reverse("review_decide", args=[candidate.pk]), {"decision": "distinct"}).status_code == 403


def test_birthdates_are_shown_day_first(client, kepahiang_officer, kepahiang_desa):
    _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    client.force_login(kepahiang_officer)
    html = client.get(reverse("review_queue")).content.decode()
    assert "5 Jul 1985" in html  # the site's one date format
    assert date(1985, 7, 5).strftime("%d-%m-%Y") not in html


def test_the_import_page_button_starts_a_run_per_kind_for_that_import(
    client, kepahiang_officer, jember_officer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    batch = run_import(actor=kepahiang_officer, path=write_csv(tmp_path / "umkm.csv", HEADER, GOOD), region="17.08")
    url = reverse("import_find_duplicates", args=[batch.pk])
    assert url == f"/impor/{batch.pk}/cari-ganda/"
    client.force_login(jember_officer)
    assert client.post(url).status_code == 404
    assert not LinkageRun.objects.exists()
    client.force_login(kepahiang_officer)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("review_queue")
    runs = LinkageRun.objects.filter(batch=batch, region_id="17.08")
    assert sorted(runs.values_list("kind", flat=True)) == ["business", "person"]
