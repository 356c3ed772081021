"""The selection pages: a run with a cluster quota and a published seed, the staff report (chosen and why,
not chosen and why), acceptance, publication and the public report (no NIK, readable signed out, 404 until
published), then sessions and the attendance sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.programs import services
from sinergi.programs.models import Attendance, Enrollment, Program, SelectionRun
from sinergi.programs.tests.factories import business, program
from sinergi.registry import services as registry
from sinergi.registry.models import Person
from sinergi.registry.tests.conftest import login

CLUSTERS = ("batik", "kopi", "kuliner")


@pytest.fixture
def tour(jember_officer, clusters) -> Program:
    """A Jember study tour for 3 clusters, NIB required, two applicants per cluster and one without NIB."""
    p = program(
        jember_officer,
        region="35.09",
        name="Studi Banding Klaster",
        kind="studi_banding",
        capacity=3,
        topics=["pemasaran digital"],
        status="open",
    )
    services.program_rule_add(actor=jember_officer, program=p, data={"kind": "legality", "params": {"nib": True}})
    desa = village("35.09.01")
    n = 0
    for slug in CLUSTERS:
        for j in range(2):
            n += 1
            owner = registry.person_create(
                actor=jember_officer, data={"name": f"Ibu {n}", "nik": f"35090141{n:02d}900{n:03d}", "desa_id": desa}
            )
            b = business(desa, owner=owner, cluster=clusters[slug], docs=(("nib", None),), name=f"Usaha {slug} {j}")
            needs = ["pemasaran digital"] if j == 0 else []
            services.application_submit(actor=jember_officer, program=p, data={"business_id": b.pk, "needs": needs})
    informal = business(desa, cluster=clusters["batik"], name="Batik Tanpa NIB")
    services.application_submit(actor=jember_officer, program=p, data={"business_id": informal.pk})
    return services.program_transition(actor=jember_officer, program=p, to="selection")


RUN = {"seed": "Undian Jember 2025", "cluster_min": "1", "cluster_max": "1", "w_need_match": "3", "w_poverty": "2"}


def _run(client: Client, p: Program) -> SelectionRun:
    response = client.post(reverse("program_selection_run", args=[p.pk]), RUN)
    run = SelectionRun.objects.get(program=p, number=SelectionRun.objects.filter(program=p).count())
    assert response.status_code == 302
    assert response["Location"] == reverse("program_run", args=[p.pk, run.pk])
    return run


def test_run_accept_publish_and_public_report(client, jember_officer, tour):
    login(client, jember_officer)
    run = _run(client, tour)
    assert run.seed == "Undian Jember 2025"
    assert run.config["quotas"][0] == {"by": "cluster", "min": 1, "max": 1, "groups": {}}
    chosen = {e["key"] for e in run.result["selected"]}
    assert len(chosen) == 3
    html = client.get(reverse("program_run", args=[tour.pk, run.pk])).content.decode()
    for slug in CLUSTERS:
        assert f"Usaha {slug} 0" in html  # the one whose needs match wins each cluster
    assert "Reserved seat for cluster" in html
    assert "Not eligible: Holds an NIB" in html
    assert "The limit for cluster" in html
    assert "Score parts" in html  # the staff report has the features

    # the same seed gives the same list
    again = _run(client, tour)
    assert again.result == run.result

    # not public until accepted and published
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert anonymous.get(reverse("program_public_report", args=[run.pk])).status_code == 404
    refused = client.post(reverse("program_run_publish", args=[tour.pk, run.pk]), follow=True)
    assert "Accept the selection before publishing" in refused.content.decode()

    client.post(reverse("program_run_accept", args=[tour.pk, run.pk]))
    assert {str(e.application_id) for e in Enrollment.objects.filter(program=tour)} == chosen
    second = client.post(reverse("program_run_accept", args=[tour.pk, again.pk]), follow=True)
    assert "already been accepted" in second.content.decode()
    client.post(reverse("program_run_publish", args=[tour.pk, run.pk]))
    run.refresh_from_db()
    assert run.published_at is not None

    public = anonymous.get(reverse("program_public_report", args=[run.pk]))
    assert public.status_code == 200
    text = public.content.decode()
    assert "Undian Jember 2025" in text
    for slug in CLUSTERS:
        assert f"Usaha {slug} 0" in text
    assert "Batik Tanpa NIB" in text
    assert "Not eligible" in text
    assert "Score parts" not in text
    assert '<body class="print-plain">' in text  # printed without the site's frame (sinergi.css)
    owners = Person.objects.filter(businesses__program_applications__program=tour).distinct()
    assert owners.count() == 6
    for owner in owners:
        assert owner.nik
        assert owner.nik not in text
        assert owner.name not in text


def test_run_errors_stay_on_the_form(client, jember_officer, tour):
    login(client, jember_officer)
    response = client.post(reverse("program_selection_run", args=[tour.pk]), {"seed": "x" * 101})
    assert response.status_code == 400
    response = client.post(
        reverse("program_selection_run", args=[tour.pk]), {"seed": "a", "cluster_min": "3", "cluster_max": "1"}
    )
    assert response.status_code == 400
    assert "min is above max" in response.content.decode()
    bad_weight = client.post(reverse("program_selection_run", args=[tour.pk]), {"w_poverty": "banyak"})
    assert bad_weight.status_code == 400
    assert not SelectionRun.objects.exists()


def test_runs_of_other_regions_are_404(client, kepahiang_officer, jember_officer, tour):
    run = services.selection_run(actor=jember_officer, program=tour, seed="s")
    login(client, kepahiang_officer)
    assert client.get(reverse("program_run", args=[tour.pk, run.pk])).status_code == 404
    assert client.post(reverse("program_run_accept", args=[tour.pk, run.pk])).status_code == 404


def test_sessions_and_attendance_sheet(client, jember_officer, tour):
    run = services.selection_run(actor=jember_officer, program=tour, seed="s", config={"quotas": []})
    enrolled = services.selection_accept(actor=jember_officer, run=run)
    login(client, jember_officer)
    response = client.post(
        reverse("program_session_add", args=[tour.pk]), {"title": "Kunjungan ke Batu", "held_on": "2025-07-01"}
    )
    session = tour.sessions.get()
    assert response["Location"] == reverse("program_session", args=[tour.pk, session.pk])
    services.program_transition(actor=jember_officer, program=tour, to="running")
    sheet = reverse("program_session", args=[tour.pk, session.pk])
    html = client.get(sheet).content.decode()
    for e in enrolled:
        assert f'name="present_{e.pk}"' in html
    first, second, third = enrolled
    data = {f"present_{first.pk}": "on", f"present_{second.pk}": "on", f"substitute_{second.pk}": "Anaknya"}
    assert client.post(sheet, data).status_code == 302
    marks = {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}
    assert (marks[first.pk].present, marks[second.pk].substitute, marks[third.pk].present) == (True, "Anaknya", False)
    html = client.get(sheet).content.decode()
    assert f'id="present_{first.pk}" name="present_{first.pk}" checked' in html
    assert 'value="Anaknya"' in html
    # the second recording replaces the first
    client.post(sheet, {f"present_{third.pk}": "on"})
    assert Attendance.objects.filter(session=session, present=True).get().enrollment_id == third.pk
    assert client.get(detail_url(tour)).status_code == 200


def detail_url(p: Program) -> str:
    return reverse("program_detail", args=[p.pk]) + "?tab=enrollments"


def test_attendance_sheet_is_read_only_for_viewers(client, kepahiang_viewer, kepahiang_officer, kepahiang_desa):
    p = program(kepahiang_officer, status="open")
    shop = business(kepahiang_desa, name="Warung Viewer")
    enrollment = services.enrollment_add(actor=kepahiang_officer, program=p, data={"business_id": shop.pk})
    services.program_transition(actor=kepahiang_officer, program=p, to="selection")
    session = services.session_add(
        actor=kepahiang_officer, program=p, data={"title": "Hari 1", "held_on": dt.date(2025, 5, 2)}
    )
    services.program_transition(actor=kepahiang_officer, program=p, to="running")
    login(client, kepahiang_viewer)
    sheet = reverse("program_session", args=[p.pk, session.pk])
    html = client.get(sheet).content.decode()
    assert "Warung Viewer" in html
    assert "Save attendance" not in html
    assert client.post(sheet, {f"present_{enrollment.pk}": "on"}).status_code == 403
    assert not Attendance.objects.exists()
    other = reverse("program_session", args=[p.pk, session.pk + 1000])
    assert client.get(other).status_code == 404


def test_completion_and_certificates_from_the_participants_table(client, jember_officer, tour):
    run = services.selection_run(actor=jember_officer, program=tour, seed="s", config={"quotas": []})
    first, second, _third = services.selection_accept(actor=jember_officer, run=run)
    login(client, jember_officer)
    html = client.get(detail_url(tour)).content.decode()
    assert html.count('class="inline-form enrollment-update"') == 3
    url = reverse("program_enrollment_update", args=[tour.pk, first.pk])
    assert client.post(url, {"status": "completed", "certificate_number": "SB-001"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.certificate_number, first.completed_on is not None) == ("completed", "SB-001", True)
    taken = client.post(
        reverse("program_enrollment_update", args=[tour.pk, second.pk]),
        {"status": "enrolled", "certificate_number": "SB-001"},
        follow=True,
    )
    assert "Certificate SB-001 is already given to another participant." in taken.content.decode()
    second.refresh_from_db()
    assert second.certificate_number == ""
    assert client.post(url, {"status": "lulus"}, follow=True).status_code == 200
    first.refresh_from_db()
    assert first.status == "completed"


def test_every_tab_renders_for_the_office_and_the_viewer(client, jember_officer, tour, regions):
    services.selection_run(actor=jember_officer, program=tour, seed="s")
    viewer = user_create(
        actor=system_actor(),
        username="pemantau-jember",
        password="x-Uji-12345",
        role=Role.VIEWER,
        region_codes=["35.09"],
    )
    tabs = ("overview", "budget", "rules", "applications", "selection", "enrollments", "history")
    for user, writable in ((jember_officer, True), (viewer, False)):
        login(client, user)
        for tab in tabs:
            response = client.get(reverse("program_detail", args=[tour.pk]) + f"?tab={tab}")
            assert response.status_code == 200, (user.username, tab)
            html = response.content.decode()
            assert ('<form method="post"' in html.split('id="tab-')[1]) == (writable and tab != "history"), tab
