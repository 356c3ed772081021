"""The demo: Kepahiang's association with its 100-day program drafted, not submitted, and so late."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from sinergi.accounts.models import User
from sinergi.registry import demo as registry_demo
from sinergi.workprograms import demo, selectors
from sinergi.workprograms.models import ProgramStatus, WorkProgram

pytestmark = pytest.mark.django_db


def test_the_demo_needs_the_registry_demo(regions):
    with pytest.raises(ValidationError, match="demo_seed"):
        demo.workprograms_demo_seed()


def test_kepahiangs_association_is_late_with_its_100_day_program(regions, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    registry_demo.demo_seed(seed=11, businesses=80)
    assert demo.workprograms_demo_seed() == 1
    assert demo.workprograms_demo_seed() == 0
    program = WorkProgram.objects.get()
    assert program.association.inaugurated_on == dt.date(2023, 10, 26)
    assert program.status == ProgramStatus.DRAFT
    assert program.items.count() == 3
    office = User.objects.get(username="demo-kepahiang")
    now = dt.datetime(2024, 3, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    rows = selectors.overdue_associations(user=office, now=now)
    assert [(r.association.name, r.due_on, r.days_late) for r in rows] == [
        (registry_demo.MMS_NAME, dt.date(2023, 11, 25), 97)
    ]
