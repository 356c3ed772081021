"""The 100-day deadline and lateness: the office's number of days, the office's time zone, and the overdue list."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from types import SimpleNamespace

import pytest

from sinergi.accounts.services import office_settings_update
from sinergi.workprograms import deadlines, selectors, services
from sinergi.workprograms.deadlines import ItemState, SubmissionState
from sinergi.workprograms.tests.conftest import INAUGURATED, draft

UTC = dt.UTC


def at(day: dt.date, hour: int, tz: str = "UTC") -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(tz))


def test_the_deadline_is_the_nth_day_after_inauguration():
    due = deadlines.submission_due(INAUGURATED, 30)
    assert due == dt.date(2023, 11, 25)
    on_due = deadlines.submission(inaugurated_on=INAUGURATED, days=30, submitted_at=None, zone_label="WIB", today=due)
    assert on_due.state == SubmissionState.NOT_DUE
    assert on_due.days_late == 0
    next_day = deadlines.submission(
        inaugurated_on=INAUGURATED, days=30, submitted_at=None, zone_label="WIB", today=due + dt.timedelta(days=1)
    )
    assert next_day.state == SubmissionState.OVERDUE
    assert next_day.days_late == 1


@pytest.mark.parametrize(
    ("label", "utc_hour", "late"),
    [
        # 25 November 2023, 17:30 UTC: still the 25th in WIB? no: 00:30 on the 26th in WIB (UTC+7), so 1 day late.
        ("WIB", 17, 1),
        ("WIB", 16, 0),  # 23:00 WIB on the 25th: due today, not late
        ("WITA", 16, 1),  # 00:00 WITA on the 26th
        ("WITA", 15, 0),
        ("WIT", 15, 1),  # 00:00 WIT on the 26th
        ("WIT", 14, 0),
    ],
)
def test_lateness_turns_at_local_midnight(label, utc_hour, late):
    now = at(dt.date(2023, 11, 25), utc_hour)
    today = deadlines.local_today(label, now=now)
    state = deadlines.submission(inaugurated_on=INAUGURATED, days=30, submitted_at=None, zone_label=label, today=today)
    assert state.days_late == late


def test_a_submission_is_dated_in_the_offices_zone():
    # 16:30 UTC on 25 November is 23:30 WIB (on time) but 01:30 WIT on the 26th (a day late).
    moment = dt.datetime(2023, 11, 25, 16, 30, tzinfo=UTC)
    today = dt.date(2024, 3, 1)
    wib = deadlines.submission(inaugurated_on=INAUGURATED, days=30, submitted_at=moment, zone_label="WIB", today=today)
    wit = deadlines.submission(inaugurated_on=INAUGURATED, days=30, submitted_at=moment, zone_label="WIT", today=today)
    assert (wib.state, wib.days_late) == (SubmissionState.ON_TIME, 0)
    assert (wit.state, wit.days_late) == (SubmissionState.LATE, 1)


def test_no_inauguration_date_means_no_deadline():
    state = deadlines.submission(
        inaugurated_on=None, days=30, submitted_at=None, zone_label="WIB", today=dt.date(2024, 1, 1)
    )
    assert state.state == SubmissionState.NO_DATE
    assert not state.overdue


def _report(day: dt.date, achieved: str, pk: int = 1) -> SimpleNamespace:
    return SimpleNamespace(reported_on=day, achieved=Decimal(achieved), pk=pk)


def test_item_states_and_scorecard():
    deadline = dt.date(2023, 12, 15)
    target = Decimal("20")
    on_time = deadlines.item_progress(
        target=target,
        deadline=deadline,
        reports=[_report(dt.date(2023, 12, 1), "10"), _report(deadline, "20", 2)],
        today=dt.date(2024, 1, 1),
    )
    late = deadlines.item_progress(
        target=target, deadline=deadline, reports=[_report(dt.date(2023, 12, 20), "25")], today=dt.date(2024, 1, 1)
    )
    not_done = deadlines.item_progress(
        target=target, deadline=deadline, reports=[_report(dt.date(2023, 12, 1), "5")], today=dt.date(2023, 12, 16)
    )
    still_open = deadlines.item_progress(target=target, deadline=deadline, reports=[], today=deadline)
    assert [p.state for p in (on_time, late, not_done, still_open)] == [
        ItemState.ON_TIME,
        ItemState.LATE,
        ItemState.NOT_DONE,
        ItemState.OPEN,
    ]
    assert on_time.done_on == deadline
    assert not_done.achieved == Decimal("5")
    assert [p.flagged_late for p in (on_time, late, not_done, still_open)] == [False, True, True, False]
    card = deadlines.scorecard([on_time, late, not_done, still_open])
    assert (card.items, card.on_time, card.late, card.not_done, card.open) == (4, 1, 1, 1, 1)
    assert card.on_time_percent == 33


@pytest.mark.django_db
def test_the_overdue_list_follows_the_office_setting_and_submission(world, kepahiang_officer, admin_user):
    # On 20 November 2023 (WIB), 25 days after the inauguration: late under a 20-day rule, not under 30.
    now = at(dt.date(2023, 11, 20), 5)
    assert selectors.overdue_associations(user=kepahiang_officer, now=now) == []
    office_settings_update(actor=admin_user, region_code="17.08", hundred_day_days=20)
    rows = selectors.overdue_associations(user=kepahiang_officer, now=now)
    assert [(r.association.pk, r.due_on, r.days_late) for r in rows] == [
        (world.association.pk, dt.date(2023, 11, 15), 5)
    ]
    # A province setting does not override its regency's own.
    office_settings_update(actor=admin_user, region_code="17", hundred_day_days=60)
    assert len(selectors.overdue_associations(user=kepahiang_officer, now=now)) == 1
    assert selectors.overdue_count(user=kepahiang_officer, now=now) == 1
    # A draft does not count; a submission does, even when the office later returns it.
    program, _items = draft(world)
    assert len(selectors.overdue_associations(user=kepahiang_officer, now=now)) == 1
    services.program_submit(actor=world.officer, program=program)
    assert selectors.overdue_associations(user=kepahiang_officer, now=now) == []
    state = selectors.standing_of(association=world.association, now=now)
    assert state.state == SubmissionState.LATE


@pytest.mark.django_db
def test_the_province_setting_governs_regencies_without_their_own(world, bengkulu_officer, admin_user):
    now = at(dt.date(2023, 12, 10), 5)  # 45 days after the inauguration
    assert len(selectors.overdue_associations(user=bengkulu_officer, now=now)) == 1  # default 30
    office_settings_update(actor=admin_user, region_code="17", hundred_day_days=60)
    assert selectors.overdue_associations(user=bengkulu_officer, now=now) == []


@pytest.mark.django_db
def test_the_overdue_list_is_scoped(world, jember_officer):
    now = at(dt.date(2024, 6, 1), 5)
    names = [r.association.name for r in selectors.overdue_associations(user=jember_officer, now=now)]
    assert names == ["Asosiasi Batik Jember"]
    own = [r.association.name for r in selectors.overdue_associations(user=world.officer, now=now)]
    assert own == ["Asosiasi UMKM MMS Kepahiang"]


@pytest.mark.django_db
def test_the_sql_filter_agrees_with_the_computation_in_each_zone(world, kepahiang_officer, admin_user):
    """Kepahiang is WIB; at 17:30 UTC on the 30th day the WIB date has moved on and the association is late by SQL
    and by the Python computation alike; an hour earlier by neither."""
    from sinergi.regions.models import Region

    assert Region.objects.get(pk="17.08").timezone == "WIB"
    due = dt.date(2023, 11, 25)
    before = at(due, 16)
    after = at(due, 17)
    assert selectors.overdue_associations(user=kepahiang_officer, now=before) == []
    rows = selectors.overdue_associations(user=kepahiang_officer, now=after)
    assert [r.days_late for r in rows] == [1]
