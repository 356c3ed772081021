"""The demo programs: one in each state a visitor should see, with applicants and selection runs; a re-run adds
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import village
from sinergi.programs.demo import PROGRAMS, programs_demo_seed
from sinergi.programs.models import Program
from sinergi.programs.tests.factories import business

pytestmark = pytest.mark.django_db


def test_demo_programs_in_every_state_with_applicants_and_runs(regions, clusters):
    for i in range(20):
        business(village("17.08.01", i % 3), scale="mikro" if i % 4 else "kecil", docs=(("nib", None),))
    today = dt.date(2026, 3, 2)
    assert programs_demo_seed(today=today) == len(PROGRAMS)
    programs = {p.status: p for p in Program.objects.filter(region_id="17.08")}
    assert set(programs) == {"open", "selection", "running", "closed"}
    assert all(p.applications.exists() for p in programs.values())
    assert not programs["open"].selection_runs.exists()
    trial = programs["selection"].selection_runs.get()
    assert trial.accepted_at is None
    running = programs["running"].selection_runs.get()
    assert running.published_at is not None
    assert (
        programs["running"].enrollments.count() == len(running.result["selected"]) < (programs["running"].capacity or 0)
    )
    assert programs["closed"].fiscal_year == 2025
    assert programs_demo_seed(today=today) == 0
