"""The program's flow, step by step: who may take each step, what each step needs, and the change log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.core.models import ChangeLog
from sinergi.workprograms import services
from sinergi.workprograms.models import ProgramStatus, WorkProgram
from sinergi.workprograms.tests.conftest import INAUGURATED, draft, item_data

pytestmark = pytest.mark.django_db


def _log(obj) -> list[ChangeLog]:
    return list(ChangeLog.objects.filter(object_id=str(obj.pk), content_type__model=type(obj)._meta.model_name))


def test_a_hundred_day_program_runs_100_days_from_the_inauguration(world):
    program, _items = draft(world, items=0)
    assert program.period_start == INAUGURATED
    assert program.period_end == INAUGURATED + dt.timedelta(days=99)
    assert program.status == ProgramStatus.DRAFT
    assert "Asosiasi UMKM MMS Kepahiang" in program.title
    with pytest.raises(ValidationError, match="already has its 100-day program"):
        services.program_create(actor=world.officer, association=world.association, data={"kind": "100day"})


def test_the_whole_flow_with_a_return_and_each_step_logged(world, kepahiang_officer):
    program, (first, second) = draft(world)
    services.program_submit(actor=world.officer, program=program)
    program.refresh_from_db()
    first_submission = program.submitted_at
    assert program.status == ProgramStatus.SUBMITTED
    assert first_submission is not None

    services.program_return(
        actor=kepahiang_officer, program=program, comments={first.pk: "Target too low: 40 members."}, note=""
    )
    program.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert program.status == ProgramStatus.RETURNED
    assert first.review_comment == "Target too low: 40 members."
    assert second.review_comment == ""
    assert program.reviewed_by == kepahiang_officer

    services.item_update(actor=world.officer, item=first, data={"target_number": "40"})
    services.program_submit(actor=world.officer, program=program)
    program.refresh_from_db()
    assert program.submitted_at == first_submission, "a resubmission keeps the first submission's time"
    assert program.last_submitted_at is not None
    assert program.last_submitted_at > first_submission

    services.program_approve(actor=kepahiang_officer, program=program)
    first.refresh_from_db()
    assert first.review_comment == ""
    services.program_start(actor=world.officer, program=program)
    services.progress_add(
        actor=world.officer, item=first, reported_on=dt.date(2023, 12, 1), achieved="40", narrative="Two sessions."
    )
    services.program_report(actor=world.officer, program=program)
    services.program_close(actor=kepahiang_officer, program=program, note="Well done")
    program.refresh_from_db()
    assert program.status == ProgramStatus.CLOSED
    statuses = [row.after.get("status") for row in reversed(_log(program)) if row.after and "status" in row.after]
    assert statuses == ["draft", "submitted", "returned", "submitted", "approved", "running", "reported", "closed"]
    assert all(row.actor is not None for row in _log(program))


def test_steps_out_of_order_are_refused(world, kepahiang_officer):
    program, _items = draft(world)
    with pytest.raises(ValidationError):
        services.program_approve(actor=kepahiang_officer, program=program)
    with pytest.raises(ValidationError):
        services.program_start(actor=world.officer, program=program)
    with pytest.raises(ValidationError):
        services.program_close(actor=kepahiang_officer, program=program)
    services.program_submit(actor=world.officer, program=program)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.item_add(actor=world.officer, program=program, data=item_data(world))
    with pytest.raises(ValidationError):
        services.program_submit(actor=world.officer, program=program)


def test_an_empty_program_cannot_be_submitted(world):
    program, _items = draft(world, items=0)
    with pytest.raises(ValidationError, match="at least one item"):
        services.program_submit(actor=world.officer, program=program)


def test_a_return_needs_a_comment(world, kepahiang_officer):
    program, (first, _second) = draft(world)
    services.program_submit(actor=world.officer, program=program)
    with pytest.raises(ValidationError, match="Say what must change"):
        services.program_return(actor=kepahiang_officer, program=program, comments={first.pk: "  "})
    with pytest.raises(ValidationError, match="not in this program"):
        services.program_return(actor=kepahiang_officer, program=program, comments={first.pk + 999: "x"})
    program.refresh_from_db()
    assert program.status == ProgramStatus.SUBMITTED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target_number", "0"),
        ("target_number", "lots"),
        ("target_unit", ""),
        ("deadline", dt.date(2025, 1, 1)),
        ("budget", "-5"),
        ("budget_source", "none"),
    ],
)
def test_bad_items_are_refused_on_their_field(world, field, value):
    program, _items = draft(world, items=0)
    with pytest.raises(ValidationError) as caught:
        services.item_add(actor=world.officer, program=program, data=item_data(world, **{field: value}))
    assert field in caught.value.message_dict


def test_the_responsible_member_is_on_this_associations_board(world, jember_officer, jember_desa):
    from sinergi.registry import services as registry

    person = registry.person_create(
        actor=jember_officer, data={"nik": "3509010202850003", "name": "Budi", "desa_id": jember_desa}
    )
    seat = registry.association_board_add(actor=jember_officer, association=world.other, person=person, role="Ketua")
    program, _items = draft(world, items=0)
    with pytest.raises(ValidationError) as caught:
        services.item_add(actor=world.officer, program=program, data=item_data(world, responsible_id=seat.pk))
    assert "responsible_id" in caught.value.message_dict


def test_an_officer_of_another_association_is_refused(world):
    program, (item, _second) = draft(world)
    with pytest.raises(PermissionDenied):
        services.program_create(actor=world.other_officer, association=world.association, data={"kind": "annual"})
    with pytest.raises(PermissionDenied):
        services.item_update(actor=world.other_officer, item=item, data={"goal": "x"})
    with pytest.raises(PermissionDenied):
        services.program_submit(actor=world.other_officer, program=program)


def test_the_association_cannot_review_itself_and_another_region_cannot_review(world, jember_officer, kepahiang_viewer):
    program, (item, _second) = draft(world)
    services.program_submit(actor=world.officer, program=program)
    for actor in (world.officer, jember_officer, kepahiang_viewer):
        with pytest.raises(PermissionDenied):
            services.program_approve(actor=actor, program=program)
        with pytest.raises(PermissionDenied):
            services.program_return(actor=actor, program=program, comments={item.pk: "no"})
    assert WorkProgram.objects.get(pk=program.pk).status == ProgramStatus.SUBMITTED


def test_an_office_editor_may_type_a_draft_in_for_the_association(world, kepahiang_officer):
    program = services.program_create(
        actor=kepahiang_officer,
        association=world.association,
        data={"kind": "annual", "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)},
    )
    item = services.item_add(
        actor=kepahiang_officer, program=program, data=item_data(world, deadline=dt.date(2024, 6, 30))
    )
    assert item.budget == Decimal("5000000.00")
