"""Office settings: the fallback chain (kabupaten/kota, province, the Django setting), who may change them, the
change log, the settings page, and scoring under the office's health rule set (docs/health-assessment.md, 1.2)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import village
from sinergi.accounts.models import OfficeSettings
from sinergi.accounts.selectors import office_rule_set, office_settings_for, office_settings_index
from sinergi.accounts.services import office_settings_update
from sinergi.cooperatives import services as coop_services
from sinergi.cooperatives.models import Cooperative, HealthAssessment
from sinergi.cooperatives.services import batch
from sinergi.cooperatives.tests.factories import cooperative_make, report_data
from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeAction, ChangeLog, Job

DEFAULT = "ksp-2016-06-linear"
BANDED = "ksp-2016-06"
PAGE = "/akun/kantor/"


def _logs() -> list[ChangeLog]:
    return list(ChangeLog.objects.filter(content_type__model="officesettings").order_by("pk"))


# --- the selector ----------------------------------------------------------------------------------------


def test_the_default_is_the_django_setting(regions):
    assert settings.SINERGI_COOP_RULE_SET == DEFAULT
    assert office_settings_for(village("17.08")).health_rule_set == DEFAULT
    assert office_settings_for(None).health_rule_set == DEFAULT
    assert office_settings_for(village("17.08")).region_id is None  # not a saved row


def test_kabupaten_before_province_before_the_default(admin_user):
    desa = village("17.08")
    office_settings_update(actor=admin_user, region_code="17", health_rule_set=BANDED)
    assert office_settings_for(desa).region_id == "17"
    assert office_rule_set(desa) == BANDED
    assert office_rule_set("17.08") == BANDED  # the kabupaten itself
    assert office_rule_set(village("35.09")) == DEFAULT  # another province

    office_settings_update(actor=admin_user, region_code="17.08", health_rule_set=DEFAULT)
    assert office_settings_for(desa).region_id == "17.08"
    assert office_rule_set(desa) == DEFAULT
    assert office_rule_set("17") == BANDED  # the province's own row is unchanged


def test_an_index_resolves_many_regions_with_one_query(admin_user):
    office_settings_update(actor=admin_user, region_code="17.08", health_rule_set=BANDED)
    codes = [village("17.08", i) for i in range(3)] + [village("35.09", i) for i in range(3)]
    with CaptureQueriesContext(connection) as captured:
        index = office_settings_index()
        found = [index.for_region(code).health_rule_set for code in codes]
    assert len(captured) == 1
    assert found == [BANDED] * 3 + [DEFAULT] * 3


# --- the service -----------------------------------------------------------------------------------------


def test_an_officer_sets_their_office_and_every_change_is_logged(kepahiang_officer):
    row = office_settings_update(actor=kepahiang_officer, region_code="17.08", health_rule_set=BANDED)
    assert (row.region_id, row.health_rule_set) == ("17.08", BANDED)
    [created] = _logs()
    assert (created.action, created.actor_id, created.before) == (ChangeAction.CREATE, kepahiang_officer.pk, None)
    assert (created.after or {})["health_rule_set"] == BANDED

    office_settings_update(actor=kepahiang_officer, region_code="17.08", health_rule_set=BANDED)  # unchanged
    assert len(_logs()) == 1
    office_settings_update(actor=kepahiang_officer, region_code="17.08", health_rule_set=DEFAULT)
    updated = _logs()[-1]
    assert updated.action == ChangeAction.UPDATE
    assert ((updated.before or {})["health_rule_set"], (updated.after or {})["health_rule_set"]) == (BANDED, DEFAULT)
    assert OfficeSettings.objects.count() == 1


def test_who_may_change_an_office(
    admin_user, kepahiang_officer, jember_officer, bengkulu_officer, kepahiang_viewer, regions
):
    with pytest.raises(PermissionDenied):
        office_settings_update(actor=kepahiang_viewer, region_code="17.08", health_rule_set=BANDED)
    with pytest.raises(PermissionDenied):
        office_settings_update(actor=jember_officer, region_code="17.08", health_rule_set=BANDED)
    with pytest.raises(PermissionDenied):  # a province officer sets the province office, not the kabupaten's
        office_settings_update(actor=bengkulu_officer, region_code="17.08", health_rule_set=BANDED)
    with pytest.raises(PermissionDenied):
        office_settings_update(actor=kepahiang_officer, region_code="17", health_rule_set=BANDED)
    assert not OfficeSettings.objects.exists()
    assert not _logs()
    office_settings_update(actor=bengkulu_officer, region_code="17", health_rule_set=BANDED)
    office_settings_update(actor=admin_user, region_code="35.09", health_rule_set=BANDED)
    assert sorted(OfficeSettings.objects.values_list("region_id", flat=True)) == ["17", "35.09"]


def test_bad_input_is_refused_with_the_field(admin_user):
    with pytest.raises(ValidationError) as caught:
        office_settings_update(actor=admin_user, region_code="17.08", health_rule_set="ksp-1999")
    assert "health_rule_set" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        office_settings_update(actor=admin_user, region_code="99.99", health_rule_set=BANDED)
    assert "region" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:  # a village has no office of its own
        office_settings_update(actor=admin_user, region_code=village("17.08"), health_rule_set=BANDED)
    assert "region" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        office_settings_update(actor=admin_user, region_code="17.08", colour="blue")
    assert "colour" in caught.value.message_dict
    assert not OfficeSettings.objects.exists()


# --- scoring under the office's rule set -----------------------------------------------------------------


def test_a_report_saved_after_switching_is_scored_with_the_new_rule_set(kepahiang_officer):
    coop = cooperative_make(actor=kepahiang_officer, region_code=village("17.08"))
    report = coop_services.annual_report_save(
        actor=kepahiang_officer, cooperative=coop, fiscal_year=2023, data=report_data()
    )
    before = HealthAssessment.objects.get(report=report)
    assert before.rule_set_version == DEFAULT

    office_settings_update(actor=kepahiang_officer, region_code="17.08", health_rule_set=BANDED)
    # Nothing is rescored by the switch itself.
    assert list(HealthAssessment.objects.values_list("rule_set_version", flat=True)) == [DEFAULT]

    coop_services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2023, data=report_data())
    banded = HealthAssessment.objects.get(report=report, rule_set_version=BANDED)
    kept = HealthAssessment.objects.get(report=report, rule_set_version=DEFAULT)
    assert (kept.pk, kept.assessed_at, kept.total) == (before.pk, before.assessed_at, before.total)
    coop.refresh_from_db()
    assert (coop.health_total, coop.health_predicate) == (banded.total, banded.predicate)
    assert banded.total != kept.total  # 88.50 banded, 88.45 linear


def test_batch_scoring_uses_each_kabupaten_office_resolved_once(admin_user):
    office_settings_update(actor=admin_user, region_code="17.08", health_rule_set=BANDED)

    def make(n: int, start: int) -> None:
        for i in range(start, start + n):
            for prefix in ("17.08", "35.09"):
                coop = cooperative_make(actor=admin_user, region_code=village(prefix), name=f"KSP {prefix} {i}")
                coop_services.annual_report_save(
                    actor=admin_user, cooperative=coop, fiscal_year=2023, data=report_data()
                )
        HealthAssessment.objects.all().delete()
        Cooperative.objects.update(health_year=None, health_total=None, health_predicate="")

    def run() -> tuple[Job, int]:
        job = batch.assessments_start(actor=admin_user, enqueue=False)
        with CaptureQueriesContext(connection) as captured:
            done = job_run(job_id=job.pk)
        return done, len(captured)

    make(1, 0)
    run()  # warms the caches (content types) that a later run does not query again
    make(0, 1)
    first, few = run()
    make(3, 1)
    second, many = run()

    assert many == few  # the office settings are read once, not once per cooperative
    assert second.message.startswith(f"8 annual reports scored under {BANDED}, {DEFAULT}: 8 new")
    versions = dict(HealthAssessment.objects.values_list("cooperative__name", "rule_set_version"))
    assert {v for name, v in versions.items() if "17.08" in name} == {BANDED}
    assert {v for name, v in versions.items() if "35.09" in name} == {DEFAULT}
    for coop in Cooperative.objects.all():
        assessment = HealthAssessment.objects.get(cooperative=coop)
        assert coop.health_total == assessment.total  # each office's rule set decides its health columns
    assert first.checkpoint["params"]["rule_set"] is None


# --- the page --------------------------------------------------------------------------------------------


def test_officer_sees_and_switches_their_office(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    assert reverse("accounts:office-settings") == PAGE
    assert PAGE in client.get(reverse("api_tokens")).content.decode()  # linked from the account page
    html = client.get(PAGE).content.decode()
    assert 'data-region="17.08"' in html
    assert "system default" in html
    assert re.search(r'<input[^>]*value="ksp-2016-06-linear"[^>]*checked', html)
    assert "17 of 18 published rows" in html  # each variant is explained
    assert "keeps the rule set it was made with" in html
    assert reverse("cooperative_assessments_start") in html

    response = client.post(PAGE, {"region": "17.08", "health_rule_set": BANDED})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "?region=17.08"
    assert OfficeSettings.objects.get().health_rule_set == BANDED
    assert "This office scores with" in client.get(response["Location"]).content.decode()

    bad = client.post(PAGE, {"region": "17.08", "health_rule_set": "ksp-1999"})
    assert bad.status_code == 400
    assert OfficeSettings.objects.get().health_rule_set == BANDED


def test_the_page_is_refused_to_a_viewer_and_to_another_regions_officer(client, kepahiang_viewer, jember_officer):
    client.force_login(kepahiang_viewer)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"region": "17.08", "health_rule_set": BANDED}).status_code == 403
    assert PAGE not in client.get(reverse("api_tokens")).content.decode()
    client.force_login(jember_officer)
    assert client.get(PAGE).status_code == 200  # their own office
    assert client.get(PAGE + "?region=17.08").status_code == 403
    assert client.post(PAGE, {"region": "17.08", "health_rule_set": BANDED}).status_code == 403
    assert not OfficeSettings.objects.exists()


def test_an_admin_picks_the_office(client, admin_user):
    client.force_login(admin_user)
    html = client.get(PAGE + "?region=35.09").content.decode()
    assert 'data-region="35.09"' in html
    assert '<select name="region"' in html
    client.post(PAGE, {"region": "17", "health_rule_set": BANDED})
    assert "follows the office of 17" in client.get(PAGE + "?region=17.08").content.decode()


def test_the_page_starts_the_batch_scoring_of_its_region(client, kepahiang_officer, jember_officer):
    client.force_login(kepahiang_officer)
    url = reverse("cooperative_assessments_start")
    response = client.post(url, {"region": "17.08", "next": PAGE + "?region=17.08"})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "?region=17.08"
    job = Job.objects.get()
    assert (job.kind, job.checkpoint["params"]) == (
        batch.ASSESS_JOB,
        {"region_code": "17.08", "fiscal_year": None, "rule_set": None},
    )
    client.force_login(jember_officer)
    assert client.post(url, {"region": "17.08", "next": PAGE}).status_code == 403
    assert Job.objects.count() == 1
