"""Reminders: before and after each deadline, never twice for one (thing, deadline, offset, person)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.core.jobs import job_run
from sinergi.core.models import Job, JobStatus, RecurringRun
from sinergi.core.schedule import schedule_tick
from sinergi.notifications.models import Notification, Reminder
from sinergi.registry import services as registry
from sinergi.workprograms import reminders, services
from sinergi.workprograms.tests.conftest import draft
from sinergi.workprograms.tests.test_deadlines import at

pytestmark = pytest.mark.django_db


def english() -> None:
    from sinergi.accounts.models import User

    User.objects.update(language="en")


def test_offsets():
    assert reminders.offset_due(-8) is None
    assert reminders.offset_due(-7) == -7
    assert reminders.offset_due(0) == -1
    assert reminders.offset_due(3) == 1
    assert reminders.offset_due(800) == 30


def test_before_the_deadline_the_association_is_reminded_once(
    world, kepahiang_officer, django_capture_on_commit_callbacks
):
    english()
    now = at(dt.date(2023, 11, 19), 3)  # six days before 25 November
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.reminders_send(now=now)
        again = reminders.reminders_send(now=now)
        next_day = reminders.reminders_send(now=now + dt.timedelta(days=1))
    assert (first.submission, again.submission, next_day.submission) == (1, 0, 0)
    texts = list(Notification.objects.values_list("recipient__username", "text"))
    assert texts == [("pengurus-mms", "The 100-day program of Asosiasi UMKM MMS Kepahiang is due on 25 November 2023.")]
    assert [m.to for m in mail.outbox] == [["mms@example.id"]]
    assert Notification.objects.filter(recipient=kepahiang_officer).count() == 0


def test_after_the_deadline_the_office_is_told_too_and_each_offset_once(world, kepahiang_officer, jember_officer):
    english()
    day = dt.date(2023, 11, 25)
    sent = [reminders.reminders_send(now=at(day + dt.timedelta(days=n), 3)).submission for n in (1, 2, 7, 8, 30)]
    # day +1: the officer and the office (2); +2: nothing new; +7: both again; +8: nothing; +30: both again.
    assert sent == [2, 0, 2, 0, 2]
    assert Notification.objects.filter(recipient=jember_officer).count() == 0
    keys = sorted(Reminder.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 6
    assert any(k.startswith(f"workprogram:submit:{world.association.pk}:2023-11-25:30:user:") for k in keys)
    first = Notification.objects.filter(recipient=kepahiang_officer).order_by("id").first()
    assert first is not None
    text = first.text
    assert text == "The 100-day program of Asosiasi UMKM MMS Kepahiang is overdue (due 25 November 2023; days late: 1)."


def test_a_missed_day_sends_the_latest_offset_only(world):
    sent = reminders.reminders_send(now=at(dt.date(2024, 6, 1), 3))
    assert sent.submission == 4  # both associations are long overdue: each officer and each office, once
    keys = list(Reminder.objects.values_list("key", flat=True))
    assert len(keys) == 4
    assert all(":30:user:" in k for k in keys)
    assert reminders.reminders_send(now=at(dt.date(2024, 6, 2), 3)).submission == 0


def test_a_submitted_program_is_not_reminded(world):
    program, _items = draft(world)
    services.program_submit(actor=world.officer, program=program)
    assert reminders.reminders_send(now=at(dt.date(2023, 11, 24), 3)).submission == 0


def test_a_changed_setting_is_a_new_deadline(world, admin_user):
    from sinergi.accounts.services import office_settings_update

    now = at(dt.date(2023, 11, 24), 3)
    assert reminders.reminders_send(now=now).submission == 1  # due the 25th: one day before
    office_settings_update(actor=admin_user, region_code="17.08", hundred_day_days=31)
    # due the 26th: its -7 reminder is new (another deadline), the old one is not sent again
    assert reminders.reminders_send(now=now).submission == 1


def test_item_deadlines_of_a_running_program(world, kepahiang_officer):
    program, (_item, other) = draft(world)
    services.program_submit(actor=world.officer, program=program)
    services.program_approve(actor=kepahiang_officer, program=program)
    services.program_start(actor=world.officer, program=program)
    english()
    # Both items are due on 15 December; the second is done before.
    services.progress_add(
        actor=world.officer, item=other, reported_on=dt.date(2023, 12, 10), achieved="20", narrative="Done."
    )
    before = reminders.reminders_send(now=at(dt.date(2023, 12, 9), 3))
    assert before.items == 1
    after = reminders.reminders_send(now=at(dt.date(2023, 12, 16), 3))
    assert after.items == 2  # the officer and the office
    assert reminders.reminders_send(now=at(dt.date(2023, 12, 16), 5)).items == 0
    texts = set(Notification.objects.filter(text__contains="Activity 0").values_list("text", flat=True))
    assert (
        "“Activity 0” (100-day program Asosiasi UMKM MMS Kepahiang) is past its deadline of 15 December 2023 "
        "(days late: 1)." in texts
    )
    assert not Notification.objects.filter(text__contains="Activity 1").exists()


def test_wita_and_wit_associations_are_reminded_on_their_own_day(mataram_officer, malra_officer):
    """At 16:30 UTC on the deadline day it is already the next day in WIT (late) but not yet in WITA."""
    mataram = registry.association_create(
        actor=mataram_officer,
        data={"name": "Asosiasi Mataram", "region_id": "52.71", "inaugurated_on": dt.date(2024, 1, 1)},
    )
    malra = registry.association_create(
        actor=malra_officer,
        data={"name": "Asosiasi Kei", "region_id": "81.02", "inaugurated_on": dt.date(2024, 1, 1)},
    )
    assert (mataram.region.timezone, malra.region.timezone) == ("WITA", "WIT")
    for name, association in (("pengurus-mataram", mataram), ("pengurus-kei", malra)):
        user_create(
            actor=system_actor(), username=name, password=None, role=Role.ASSOCIATION, association_id=association.pk
        )
    english()
    due = dt.date(2024, 1, 31)
    now = dt.datetime(2024, 1, 31, 15, 30, tzinfo=dt.UTC)  # 23:30 WITA, 00:30 WIT on 1 February
    reminders.reminders_send(now=now)
    told = dict(Notification.objects.values_list("recipient__username", "text"))
    assert told["pengurus-mataram"] == f"The 100-day program of Asosiasi Mataram is due on {due.day} January 2024."
    assert "mataram" not in told  # before the deadline only the association is told
    assert told["pengurus-kei"] == told["malra"]
    assert (
        told["malra"] == f"The 100-day program of Asosiasi Kei is overdue (due {due.day} January 2024; days late: 1)."
    )
    from sinergi.workprograms import selectors

    assert [r.association.name for r in selectors.overdue_associations(user=malra_officer, now=now)] == ["Asosiasi Kei"]
    assert selectors.overdue_associations(user=mataram_officer, now=now) == []


def test_the_worker_schedule_runs_the_reminders_daily(world):
    started = schedule_tick(now=at(dt.date(2023, 11, 26), 3))
    assert reminders.REMINDER_JOB in started
    job = Job.objects.get(kind=reminders.REMINDER_JOB)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert "Reminders sent" in job.message
    assert reminders.REMINDER_JOB not in schedule_tick(now=at(dt.date(2023, 11, 26), 9))
    assert RecurringRun.objects.get(name=reminders.REMINDER_JOB).next_at == at(dt.date(2023, 11, 27), 3)


def test_a_reader_who_chose_no_language_reads_indonesian(world):
    reminders.reminders_send(now=at(dt.date(2023, 11, 19), 3))
    text = Notification.objects.get(recipient=world.officer).text
    assert text == "Program 100 hari Asosiasi UMKM MMS Kepahiang harus diserahkan paling lambat 25 November 2023."


def test_the_command_sends_and_a_rerun_sends_nothing(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("workprograms_remind", stdout=out)
    call_command("workprograms_remind", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] != lines[1]
    assert lines[1] == "Reminders sent: 0 on 100-day programs, 0 on items."
