"""The demo inspections: plans per seed region, visits with findings whose follow-ups are overdue, done or
open, written through the services (change-logged), and nothing added by a second run."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sinergi.cooperatives import demo as cooperatives_demo
from sinergi.cooperatives.demo import rows as demo_rows
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.supervision import demo
from sinergi.supervision.models import FollowUp, Inspection, InspectionPlan
from sinergi.supervision.services import follow_up_is_overdue


@pytest.mark.django_db
def test_demo_inspections_have_overdue_and_done_follow_ups_and_a_second_run_adds_nothing(
    regions, settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path  # the cooperative demo writes its login there
    monkeypatch.setattr(demo_rows, "PLANS", {"17.08": demo_rows.PLANS["17.08"]})  # one region is enough here
    cooperatives_demo.cooperatives_demo_seed()

    made = demo.supervision_demo_seed()

    assert made == Inspection.objects.count() > 0
    assert InspectionPlan.objects.filter(region_id="17.08").count() == 1
    follow_ups = list(FollowUp.objects.all())
    assert any(follow_up_is_overdue(status=f.status, due_on=f.due_on) for f in follow_ups)
    assert any(f.status == "done" for f in follow_ups)
    assert Inspection.objects.filter(status="done", findings__isnull=False).exists()
    assert Inspection.objects.filter(status="planned").exists()  # a visit still to come
    logged = ChangeLog.objects.filter(action=ChangeAction.CREATE, content_type__app_label="supervision")
    assert logged.filter(content_type__model="inspection").count() == Inspection.objects.count()
    assert logged.filter(content_type__model="followup").count() == len(follow_ups)

    counts, logs = (Inspection.objects.count(), FollowUp.objects.count()), ChangeLog.objects.count()
    call_command("supervision_demo_seed", verbosity=0)
    assert (Inspection.objects.count(), FollowUp.objects.count()) == counts
    assert ChangeLog.objects.count() == logs
