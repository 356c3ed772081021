"""Every status flow of an aspiration, its working-day deadlines from when it was heard, its outcomes and what
came of it; each change a change-log row by its actor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sinergi.aspirations import selectors as sel
from sinergi.aspirations import services
from sinergi.aspirations.models import Aspiration, DeadlineRule, Outcome, Status
from sinergi.aspirations.tests.factories import TANJUNGREJO, WIB, aspiration, forum
from sinergi.core.models import ChangeLog
from sinergi.programs.models import Application
from sinergi.programs.tests.factories import business, program
from sinergi.regions.models import Region

pytestmark = pytest.mark.django_db


def _log(a: Aspiration) -> list[ChangeLog]:
    return list(ChangeLog.objects.filter(content_type__model="aspiration", object_id=str(a.pk)).order_by("id"))


def test_recording_gives_a_code_and_deadlines_counted_from_when_it_was_heard(jember_officer):
    f = forum(jember_officer)
    a = aspiration(jember_officer, forum_id=f.pk)
    assert a.code.startswith("3509-00001-")
    assert len(a.code) == len("3509-00001-ABCD")
    assert aspiration(jember_officer).code.startswith("3509-00002-")
    # Heard Wednesday 12 March 2025 (WIB): 3 working days → Monday 17 March, 5 → Wednesday 19 March.
    assert timezone.localtime(a.verify_due, WIB).date() == dt.date(2025, 3, 17)
    assert timezone.localtime(a.plan_due, WIB).date() == dt.date(2025, 3, 19)
    assert a.confidentiality == "rahasia"  # the safe default
    assert a.status == Status.RECEIVED
    assert a.phone == "+6281234567890"
    days, working = sel.entry_delay(a)
    assert days > 0
    assert working > 0
    assert [row.action for row in _log(a)] == ["create"]
    assert _log(a)[0].actor == jember_officer


def test_deadlines_use_the_category_rule_of_the_office_and_skip_holidays(jember_officer):
    services.deadline_rule_set(
        actor=jember_officer,
        office=Region.objects.get(pk="35.09"),
        category="capital",
        data={"verify_days": 1, "plan_days": 2, "close_days": 5, "reopen_days": 5},
    )
    assert DeadlineRule.objects.count() == 1
    # Heard Thursday 27 March 2025, before Nyepi and Idul Fitri: the first working day is Tuesday 8 April.
    a = aspiration(jember_officer, category="capital", heard_at=dt.datetime(2025, 3, 27, 9, tzinfo=WIB))
    assert timezone.localtime(a.verify_due, WIB).date() == dt.date(2025, 4, 8)
    assert timezone.localtime(a.plan_due, WIB).date() == dt.date(2025, 4, 9)


def test_an_office_in_wit_counts_its_days_in_wit(system, regions):
    office = Region.objects.filter(level=2, timezone="WIT").first()
    assert office is not None
    # 23:30 WIB on Wednesday is Thursday 01:30 WIT: the clock starts on Thursday there.
    a = services.aspiration_record(
        actor=system,
        office=office,
        data={"text": "Jalan ke pasar rusak", "heard_at": dt.datetime(2025, 3, 12, 23, 30, tzinfo=WIB)},
    )
    wit = timezone.localtime(a.verify_due, dt.timezone(dt.timedelta(hours=9)))
    assert wit.date() == dt.date(2025, 3, 18)  # Thu 13 → Fri 14, Mon 17, Tue 18


def test_the_whole_way_received_assigned_in_progress_answered_closed(jember_officer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    a = aspiration(jember_officer)
    with pytest.raises(ValidationError):
        services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Belum ditugaskan")
    a = services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer, unit="Bidang UMKM")
    assert a.status == Status.ASSIGNED
    assert a.assignee == jember_officer
    assert list(sel.queue(user=jember_officer)) == [a]
    a = services.aspiration_plan(actor=jember_officer, aspiration=a, plan="Dimasukkan ke studi banding 2025")
    assert a.status == Status.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.aspiration_close(actor=jember_officer, aspiration=a)
    with pytest.raises(ValidationError):
        services.aspiration_plan(actor=jember_officer, aspiration=a, plan="   ")
    a = services.aspiration_answer(actor=jember_officer, aspiration=a, answer="<b>Diikutkan</b> studi banding Mei.")
    assert a.status == Status.ANSWERED
    assert a.answer == "Diikutkan studi banding Mei."
    assert a.close_due is not None
    assert a.reopen_until is not None
    assert a.outcome == Outcome.RESOLVED
    a = services.aspiration_close(actor=jember_officer, aspiration=a)
    assert a.status == Status.CLOSED
    assert a.closed_at is not None
    assert list(sel.queue(user=jember_officer)) == []
    assert [r.action for r in _log(a)] == ["create", "update", "update", "update", "update"]
    assert all(r.actor == jember_officer for r in _log(a))


def test_the_person_is_emailed_when_the_answer_is_published(
    jember_officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    a = aspiration(jember_officer)
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Sudah dijadwalkan.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["slamet@contoh.id"]
    assert a.code in mail.outbox[0].body


def test_an_answered_one_closes_by_itself_after_the_days_without_reply(jember_officer, system):
    a = aspiration(jember_officer)
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer)
    a = services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Jawaban")
    due = a.close_due
    assert due is not None
    assert services.aspirations_close_due(actor=system, now=due - dt.timedelta(minutes=1)) == 0
    assert services.aspirations_close_due(actor=system, now=due + dt.timedelta(minutes=1)) == 1
    a.refresh_from_db()
    assert a.status == Status.CLOSED
    assert a.outcome == Outcome.RESOLVED


def test_reopen_within_the_period_and_not_after(jember_officer):
    a = aspiration(jember_officer)
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer)
    a = services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Jawaban")
    a = services.aspiration_close(actor=jember_officer, aspiration=a)
    a = services.aspiration_reopen(actor=jember_officer, aspiration=a, reason="Belum ada jadwal")
    assert a.status == Status.IN_PROGRESS
    assert a.reopened == 1
    assert a.outcome == ""
    a = services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Jadwal 5 Mei")
    Aspiration.objects.filter(pk=a.pk).update(reopen_until=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="time to reopen"):
        services.aspiration_reopen(actor=jember_officer, aspiration=a, reason="Masih belum")


def test_referred_closed_without_resolution_and_merged_are_outcomes_apart_from_an_answer(jember_officer):
    referred = services.aspiration_refer(
        actor=jember_officer, aspiration=aspiration(jember_officer), where="Dinas PU Bina Marga"
    )
    assert (referred.status, referred.outcome, referred.outcome_note) == ("closed", "referred", "Dinas PU Bina Marga")
    with pytest.raises(ValidationError):
        services.aspiration_refer(actor=jember_officer, aspiration=aspiration(jember_officer), where="")
    unresolved = services.aspiration_close_unresolved(
        actor=jember_officer, aspiration=aspiration(jember_officer), why="Tidak dapat dihubungi"
    )
    assert unresolved.outcome == "unresolved"
    with pytest.raises(ValidationError):  # not an answer: cannot be reopened
        services.aspiration_reopen(actor=jember_officer, aspiration=unresolved, reason="x")
    first, second = aspiration(jember_officer), aspiration(jember_officer)
    merged = services.aspiration_merge(actor=jember_officer, aspiration=second, into=first)
    assert merged.outcome == "merged"
    assert merged.merged_into == first
    assert merged.status == "closed"
    with pytest.raises(ValidationError):
        services.aspiration_merge(actor=jember_officer, aspiration=first, into=first)
    with pytest.raises(ValidationError, match="closed already"):
        services.aspiration_refer(actor=jember_officer, aspiration=merged, where="x")


def test_another_region_may_not_write(jember_officer, kepahiang_officer, kepahiang_viewer):
    a = aspiration(jember_officer)
    for outsider in (kepahiang_officer, kepahiang_viewer):
        with pytest.raises(PermissionDenied):
            services.aspiration_assign(actor=outsider, aspiration=a, officer=jember_officer)
    with pytest.raises(ValidationError):  # an officer of another region cannot be assigned
        services.aspiration_assign(actor=jember_officer, aspiration=a, officer=kepahiang_officer)
    with pytest.raises(PermissionDenied):
        aspiration(kepahiang_officer)  # Kepahiang's officer records for Jember's office
    assert sel.aspirations_visible(user=kepahiang_officer).count() == 0


def test_bad_input_is_refused_with_a_message_per_field(jember_officer):
    with pytest.raises(ValidationError) as exc:
        aspiration(
            jember_officer,
            text="x" * 2001,
            phone="12",
            email="bukan-email",
            desa_id="17.08.01.2001",
            heard_at=timezone.now() + dt.timedelta(days=2),
        )
    assert set(exc.value.message_dict) >= {"text", "phone", "email", "desa_id", "heard_at"}
    with pytest.raises(ValidationError) as exc:
        aspiration(jember_officer, who="contact", name="", phone="")
    assert "name" in exc.value.message_dict
    anonymous = aspiration(jember_officer, who="anonymous")
    assert (anonymous.name, anonymous.phone, anonymous.email) == ("", "", "")


def test_a_study_tour_request_becomes_a_program_application(jember_officer):
    shop = business(TANJUNGREJO, name="Kopi Tanjungrejo")
    tour = program(jember_officer, region="35.09", status="open", name="Studi Banding Kopi", kind="studi_banding")
    a = aspiration(jember_officer, who="business", business_id=shop.pk, name="", phone="")
    assert a.name == "Kopi Tanjungrejo"
    assert a.desa_id == TANJUNGREJO
    a = services.aspiration_apply_to_program(actor=jember_officer, aspiration=a, program=tour)
    application = Application.objects.get(pk=a.application_id or 0)
    assert application.business == shop
    assert a.code in application.note
    with pytest.raises(ValidationError):
        services.aspiration_apply_to_program(actor=jember_officer, aspiration=a, program=tour)
    contact_only = aspiration(jember_officer)
    with pytest.raises(ValidationError, match="registered business"):
        services.aspiration_apply_to_program(actor=jember_officer, aspiration=contact_only, program=tour)


def test_a_task_for_an_officer_and_a_supervision_request(jember_officer):
    from sinergi.cooperatives.models import Cooperative
    from sinergi.supervision.models import Inspection

    a = aspiration(jember_officer, category="other")
    task = services.task_add(
        actor=jember_officer,
        aspiration=a,
        data={"description": "Hubungi bank BPR", "officer": jember_officer, "due_on": dt.date(2025, 3, 20)},
    )
    assert services.task_done(actor=jember_officer, task=task).done_on is not None
    coop = Cooperative.objects.create(name="KSP Maju", region_id=TANJUNGREJO)
    a = services.aspiration_request_supervision(actor=jember_officer, aspiration=a, cooperative=coop)
    inspection = Inspection.objects.get(pk=a.inspection_id or 0)
    assert inspection.cooperative == coop
    assert inspection.status == "planned"
    assert a.code in inspection.summary


def test_similar_open_ones_share_words_and_village_or_category(jember_officer):
    first = aspiration(jember_officer, text="Studi banding pemasaran kopi robusta ke Malang")
    aspiration(jember_officer, text="Perbaikan jalan desa", category="infrastructure", desa_id=None)
    found = sel.similar_open(
        user=jember_officer,
        office_id="35.09",
        text="Usul studi banding kopi",
        desa_id=TANJUNGREJO,
        category="study_tour",
    )
    assert found == [first]
    services.aspiration_refer(actor=jember_officer, aspiration=first, where="Dinas Pertanian")
    assert (
        sel.similar_open(user=jember_officer, office_id="35.09", text="studi banding kopi", category="study_tour") == []
    )


def test_overdue_and_the_queue(jember_officer):
    a = aspiration(jember_officer)
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer)
    later = a.plan_due + dt.timedelta(hours=1)
    assert list(sel.queue(user=jember_officer, overdue=True, now=later)) == [a]
    assert list(sel.queue(user=jember_officer, overdue=True, now=a.plan_due - dt.timedelta(hours=1))) == []
    fresh = aspiration(jember_officer, heard_at=timezone.now())
    assert not sel.is_overdue(fresh)


def test_office_figures(jember_officer):
    f = forum(jember_officer)
    a = aspiration(jember_officer, forum_id=f.pk)
    b = aspiration(jember_officer, forum_id=f.pk, category="capital")
    aspiration(jember_officer, category="capital")
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer)
    services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Ya")
    result = sel.figures(user=jember_officer)
    assert result.total == 3
    assert result.open == 2
    assert result.answered == 1
    assert dict(result.by_forum) == {"J-HUR Kecamatan Wuluhan": 2, "—": 1}
    assert dict(result.by_kecamatan) == {"Wuluhan": 3}
    assert result.answered_on_time == 0  # answered in 2026 for a 2025 forum: late
    assert result.median_days_to_answer is not None
    assert result.median_days_to_answer > 100
    assert b in result.oldest_open
    assert a not in result.oldest_open
    # Narrowed to an office: the province's figures hold the kabupaten's; an unknown code holds none.
    assert sel.figures(user=jember_officer, office="35").total == 3
    assert sel.figures(user=jember_officer, office="35.09").total == 3
    assert sel.figures(user=jember_officer, office="history").total == 0


def test_the_officer_is_notified_of_each_assignment_once(jember_officer, regions):
    from sinergi.accounts.models import Role
    from sinergi.accounts.services import system_actor, user_create
    from sinergi.notifications.models import Notification

    colleague = user_create(
        actor=system_actor(), username="rekan", password="x-rahasia-123", role=Role.KABUPATEN, region_codes=["35.09"]
    )
    a = aspiration(jember_officer)
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=colleague)
    notes = list(Notification.objects.filter(recipient=colleague))
    assert len(notes) == 1
    assert a.code in notes[0].text
    assert notes[0].url.endswith(f"/aspirasi/{a.pk}/")


def test_the_whatsapp_link_carries_the_answer_notice(jember_officer):
    from sinergi.aspirations import notify

    a = aspiration(jember_officer)
    link = notify.whatsapp_link(a)
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert a.code in link
    assert notify.whatsapp_link(aspiration(jember_officer, who="anonymous")) == ""


def test_the_hourly_job_closes_the_answered_ones_past_their_time(jember_officer):
    from sinergi.aspirations.tasks import CLOSE_JOB, close_due_job
    from sinergi.core.jobs import job_create
    from sinergi.core.schedule import _RECURRING

    assert CLOSE_JOB in _RECURRING
    a = aspiration(jember_officer)
    services.aspiration_assign(actor=jember_officer, aspiration=a, officer=jember_officer)
    services.aspiration_answer(actor=jember_officer, aspiration=a, answer="Jawaban")
    Aspiration.objects.filter(pk=a.pk).update(close_due=timezone.now() - dt.timedelta(minutes=1))
    message = close_due_job(job_create(actor=None, kind=CLOSE_JOB))
    assert "1" in message
    a.refresh_from_db()
    assert a.status == Status.CLOSED
