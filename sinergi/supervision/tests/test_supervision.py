"""Supervision services and pages: plans, inspections, findings, follow-ups; status rules, overdue follow-ups,
region scope (Jember cannot see or change Kepahiang), viewers read only, cooperative officers see nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.supervision import selectors as sel
from sinergi.supervision import services
from sinergi.supervision.models import Finding, FollowUp, Inspection, InspectionPlan

TODAY = timezone.localdate()
VISIT = TODAY - timedelta(days=30)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


@pytest.fixture
def coop(kepahiang_officer):
    return cooperative_make(actor=kepahiang_officer, region_code=village("17.08.01"), name="KSP Kaba")


@pytest.fixture
def visit(kepahiang_officer, coop):
    return services.inspection_create(
        actor=kepahiang_officer, cooperative=coop, data={"status": "done", "visited_on": VISIT, "inspectors": "Tim A"}
    )


@pytest.fixture
def finding(kepahiang_officer, visit):
    return services.finding_add(
        actor=kepahiang_officer, inspection=visit, data={"aspect": "Tata kelola", "description": "RAT terlambat"}
    )


# --- plans --------------------------------------------------------------------------------------------


def test_plan_create_update_and_checks(kepahiang_officer, jember_officer, kepahiang_viewer, coop):
    plan = services.inspection_plan_create(
        actor=kepahiang_officer, data={"title": "  Pemeriksaan  2025 ", "region_id": "17.08", "year": TODAY.year}
    )
    assert plan.title == "Pemeriksaan 2025"
    assert ChangeLog.objects.filter(object_id=str(plan.pk), action=ChangeAction.CREATE).exists()
    with pytest.raises(ValidationError) as exc:
        services.inspection_plan_create(
            actor=kepahiang_officer,
            data={"title": "", "region_id": "99.99", "year": 1900, "starts_on": TODAY, "ends_on": VISIT},
        )
    assert _errors(exc) == {"title", "region_id", "year", "ends_on"}
    with pytest.raises(PermissionDenied):
        services.inspection_plan_create(actor=jember_officer, data={"title": "X", "region_id": "17.08", "year": 2025})
    with pytest.raises(PermissionDenied):
        services.inspection_plan_update(actor=kepahiang_viewer, plan=plan, data={"title": "Y"})
    services.inspection_plan_update(actor=kepahiang_officer, plan=plan, data={"notes": "Prioritas KSP"})
    plan.refresh_from_db()
    assert (plan.title, plan.notes) == ("Pemeriksaan 2025", "Prioritas KSP")


def test_plan_links_only_cooperatives_inside_it(kepahiang_officer, bengkulu_officer, coop):
    other = services.inspection_plan_create(
        actor=kepahiang_officer, data={"title": "Kecamatan 02", "region_id": "17.08.02", "year": TODAY.year}
    )
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(actor=kepahiang_officer, cooperative=coop, data={"plan_id": other.pk})
    assert _errors(exc) == {"plan_id"}
    province = services.inspection_plan_create(
        actor=bengkulu_officer,
        data={"title": "Provinsi", "region_id": "17", "year": TODAY.year, "ends_on": TODAY + timedelta(days=10)},
    )
    # A kabupaten officer does not see the province's plan: it is as unknown as a missing one.
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(actor=kepahiang_officer, cooperative=coop, data={"plan_id": province.pk})
    assert "Unknown inspection plan." in exc.value.message_dict["plan_id"]
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(
            actor=bengkulu_officer,
            cooperative=coop,
            data={"plan_id": province.pk, "planned_on": TODAY + timedelta(days=20)},
        )
    assert _errors(exc) == {"planned_on"}
    inspection = services.inspection_create(
        actor=bengkulu_officer, cooperative=coop, data={"plan_id": province.pk, "planned_on": TODAY}
    )
    # The kabupaten officer may still record the visit of an inspection under the province's plan.
    services.inspection_update(
        actor=kepahiang_officer, inspection=inspection, data={"status": "done", "visited_on": TODAY}
    )
    inspection.refresh_from_db()
    assert (inspection.plan_id, inspection.status) == (province.pk, "done")
    with pytest.raises(ValidationError) as exc:
        services.inspection_plan_update(actor=bengkulu_officer, plan=province, data={"region_id": "17.08.02"})
    assert "KSP Kaba" in exc.value.message_dict["region_id"][0]


# --- inspections --------------------------------------------------------------------------------------


def test_inspection_status_rules(kepahiang_officer, coop):
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(actor=kepahiang_officer, cooperative=coop, data={"status": "done"})
    assert exc.value.message_dict["visited_on"] == ["Give the date of the visit."]
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(actor=kepahiang_officer, cooperative=coop, data={"visited_on": VISIT})
    assert _errors(exc) == {"visited_on"}  # planned, yet with a visit date
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(
            actor=kepahiang_officer, cooperative=coop, data={"status": "done", "visited_on": TODAY + timedelta(days=1)}
        )
    assert exc.value.message_dict["visited_on"] == ["The date cannot be in the future."]
    with pytest.raises(ValidationError):
        services.inspection_create(actor=kepahiang_officer, cooperative=coop, data={"status": "visited"})

    planned = services.inspection_create(actor=kepahiang_officer, cooperative=coop, data={"planned_on": TODAY})
    with pytest.raises(ValidationError):
        services.finding_add(actor=kepahiang_officer, inspection=planned, data={"description": "x"})
    services.inspection_update(actor=kepahiang_officer, inspection=planned, data={"status": "cancelled"})
    services.inspection_update(actor=kepahiang_officer, inspection=planned, data={"status": "planned"})
    services.inspection_update(
        actor=kepahiang_officer, inspection=planned, data={"status": "done", "visited_on": TODAY}
    )
    with pytest.raises(ValidationError) as exc:
        services.inspection_update(
            actor=kepahiang_officer, inspection=planned, data={"status": "cancelled", "visited_on": None}
        )
    assert "cannot be cancelled" in exc.value.message_dict["status"][0]
    services.finding_add(actor=kepahiang_officer, inspection=planned, data={"description": "Buku kas"})
    with pytest.raises(ValidationError) as exc:
        services.inspection_update(
            actor=kepahiang_officer, inspection=planned, data={"status": "planned", "visited_on": None}
        )
    assert exc.value.message_dict["status"] == ["This inspection has findings, so it stays visited."]
    assert ChangeLog.objects.filter(object_id=str(planned.pk), action=ChangeAction.UPDATE).count() == 3


def test_finding_rules_and_removal(kepahiang_officer, visit, finding):
    with pytest.raises(ValidationError) as exc:
        services.finding_add(actor=kepahiang_officer, inspection=visit, data={"description": " ", "severity": "x"})
    assert _errors(exc) == {"description", "severity"}
    follow_up = services.follow_up_add(
        actor=kepahiang_officer, finding=finding, data={"action": "Jadwalkan RAT", "due_on": TODAY}
    )
    services.finding_remove(actor=kepahiang_officer, finding=finding)
    assert not Finding.objects.filter(pk=finding.pk).exists()
    assert not FollowUp.objects.filter(pk=follow_up.pk).exists()
    assert ChangeLog.objects.filter(object_id=str(follow_up.pk), action=ChangeAction.DELETE).exists()


# --- follow-ups ---------------------------------------------------------------------------------------


def test_follow_up_status_rules(kepahiang_officer, finding):
    with pytest.raises(ValidationError) as exc:
        services.follow_up_add(actor=kepahiang_officer, finding=finding, data={"action": ""})
    assert _errors(exc) == {"action", "due_on"}
    with pytest.raises(ValidationError) as exc:
        services.follow_up_add(
            actor=kepahiang_officer, finding=finding, data={"action": "a", "due_on": VISIT - timedelta(days=1)}
        )
    assert _errors(exc) == {"due_on"}  # before the visit
    with pytest.raises(ValidationError) as exc:
        services.follow_up_add(
            actor=kepahiang_officer, finding=finding, data={"action": "a", "due_on": TODAY, "status": "done"}
        )
    assert exc.value.message_dict["done_on"] == ["Give the date it was done."]
    with pytest.raises(ValidationError) as exc:
        services.follow_up_add(
            actor=kepahiang_officer, finding=finding, data={"action": "a", "due_on": TODAY, "done_on": TODAY}
        )
    assert _errors(exc) == {"done_on"}  # open, yet with a date done

    follow_up = services.follow_up_add(
        actor=kepahiang_officer, finding=finding, data={"action": "Perbaiki kas", "due_on": VISIT + timedelta(days=7)}
    )
    assert follow_up.status == "open"
    services.follow_up_update(actor=kepahiang_officer, follow_up=follow_up, data={"status": "in_progress"})
    services.follow_up_update(
        actor=kepahiang_officer, follow_up=follow_up, data={"status": "done", "done_on": VISIT + timedelta(days=9)}
    )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.done_on) == ("done", VISIT + timedelta(days=9))


def test_overdue_is_not_done_and_past_the_deadline(kepahiang_officer, finding):
    assert services.follow_up_is_overdue(status="open", due_on=TODAY - timedelta(days=1), today=TODAY)
    assert services.follow_up_is_overdue(status="in_progress", due_on=TODAY - timedelta(days=1), today=TODAY)
    assert not services.follow_up_is_overdue(status="open", due_on=TODAY, today=TODAY)
    assert not services.follow_up_is_overdue(status="done", due_on=TODAY - timedelta(days=9), today=TODAY)

    def add(action, due, **extra):
        return services.follow_up_add(
            actor=kepahiang_officer, finding=finding, data={"action": action, "due_on": due, **extra}
        )

    late = add("late", TODAY - timedelta(days=3))
    add("due today", TODAY)
    add("done late", TODAY - timedelta(days=3), status="done", done_on=TODAY)
    overdue = sel.overdue_follow_ups(user=kepahiang_officer, today=TODAY)
    assert [f.pk for f in overdue] == [late.pk]
    rows = sel.follow_ups_visible(user=kepahiang_officer, today=TODAY)
    flags = {f.action: getattr(f, "is_overdue", None) for f in rows}
    assert flags == {"late": True, "due today": False, "done late": False}
    later = TODAY + timedelta(days=1)
    assert sel.overdue_follow_ups(user=kepahiang_officer, today=later).count() == 2


# --- scope --------------------------------------------------------------------------------------------


def test_jember_cannot_see_or_change_kepahiang(kepahiang_officer, jember_officer, visit, finding):
    follow_up = services.follow_up_add(actor=kepahiang_officer, finding=finding, data={"action": "x", "due_on": VISIT})
    assert not sel.inspections_visible(user=jember_officer).exists()
    assert not sel.follow_ups_visible(user=jember_officer).exists()
    with pytest.raises(Inspection.DoesNotExist):
        sel.inspection_get(user=jember_officer, pk=visit.pk)
    with pytest.raises(PermissionDenied):
        services.inspection_update(actor=jember_officer, inspection=visit, data={"summary": "x"})
    with pytest.raises(PermissionDenied):
        services.finding_add(actor=jember_officer, inspection=visit, data={"description": "x"})
    with pytest.raises(PermissionDenied):
        services.follow_up_update(actor=jember_officer, follow_up=follow_up, data={"status": "in_progress"})
    with pytest.raises(PermissionDenied):
        services.finding_remove(actor=jember_officer, finding=finding)


def test_cooperative_officer_sees_no_supervision(visit, coop, finding):
    officer = user_create(
        actor=system_actor(), username="kop", password=None, role=Role.COOPERATIVE, cooperative_id=coop.pk
    )
    assert not sel.inspections_visible(user=officer).exists()
    assert not sel.findings_visible(user=officer).exists()
    with pytest.raises(PermissionDenied):
        services.inspection_update(actor=officer, inspection=visit, data={"summary": "x"})
    with pytest.raises(PermissionDenied):
        services.require_supervision_read(officer)


# --- pages --------------------------------------------------------------------------------------------


def test_pages_render_for_the_officer(client, kepahiang_officer, visit, finding):
    plan = services.inspection_plan_create(
        actor=kepahiang_officer, data={"title": "Rencana", "region_id": "17.08", "year": TODAY.year}
    )
    client.force_login(kepahiang_officer)
    urls = [
        reverse("supervision_home"),
        reverse("supervision_plan_list"),
        reverse("supervision_plan_create"),
        reverse("supervision_plan_detail", args=[plan.pk]),
        reverse("supervision_plan_edit", args=[plan.pk]),
        reverse("supervision_inspection_create") + f"?cooperative={visit.cooperative_id}&plan={plan.pk}",
        reverse("supervision_inspection_detail", args=[visit.pk]),
        reverse("supervision_inspection_edit", args=[visit.pk]),
        reverse("coop_indicators"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_page_flow_plan_inspection_finding_follow_up(client, kepahiang_officer, coop):
    client.force_login(kepahiang_officer)
    response = client.post(
        reverse("supervision_plan_create"), {"title": "Rencana 2025", "region": "1708", "year": TODAY.year}
    )
    plan = InspectionPlan.objects.get(title="Rencana 2025")
    assert response.status_code == 302
    assert plan.region_id == "17.08"
    response = client.post(
        reverse("supervision_inspection_create"),
        {"cooperative": coop.pk, "plan": plan.pk, "status": "done", "visited_on": VISIT.isoformat()},
    )
    inspection = Inspection.objects.get(cooperative=coop)
    assert response["Location"] == reverse("supervision_inspection_detail", args=[inspection.pk])
    detail = reverse("supervision_inspection_detail", args=[inspection.pk])
    client.post(reverse("supervision_finding_add", args=[inspection.pk]), {"description": "Kas", "severity": "high"})
    finding = Finding.objects.get(inspection=inspection)
    response = client.post(
        reverse("supervision_follow_up_add", args=[finding.pk]), {"action": "Setor", "status": "open"}
    )
    assert response.status_code == 400
    assert "Give the deadline." in response.content.decode()
    due = (TODAY - timedelta(days=1)).isoformat()
    client.post(
        reverse("supervision_follow_up_add", args=[finding.pk]), {"action": "Setor", "due_on": due, "status": "open"}
    )
    follow_up = FollowUp.objects.get(finding=finding)
    page = client.get(detail).content.decode()
    assert f'id="follow-up-{follow_up.pk}" class="overdue"' in page
    response = client.post(reverse("supervision_follow_up_update", args=[follow_up.pk]), {"status": "done"})
    assert response.status_code == 400
    assert "Give the date it was done." in response.content.decode()
    client.post(
        reverse("supervision_follow_up_update", args=[follow_up.pk]), {"status": "done", "done_on": TODAY.isoformat()}
    )
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    assert 'class="overdue"' not in client.get(detail).content.decode()


def test_pages_scope_viewer_and_cooperative_officer(client, jember_officer, kepahiang_viewer, coop, visit, finding):
    client.force_login(jember_officer)
    assert client.get(reverse("supervision_inspection_detail", args=[visit.pk])).status_code == 404
    assert client.post(reverse("supervision_finding_remove", args=[finding.pk])).status_code == 404
    response = client.post(reverse("supervision_inspection_create"), {"cooperative": coop.pk, "status": "planned"})
    assert response.status_code == 400
    assert "No cooperative you may see" in response.content.decode()

    client.force_login(kepahiang_viewer)
    assert client.get(reverse("supervision_inspection_detail", args=[visit.pk])).status_code == 200
    assert client.post(reverse("supervision_finding_remove", args=[finding.pk])).status_code == 403
    assert client.post(reverse("supervision_plan_create"), {"title": "x"}).status_code == 403
    assert (
        client.post(
            reverse("supervision_finding_add", args=[visit.pk]), {"description": "x", "severity": "low"}
        ).status_code
        == 403
    )
    assert Finding.objects.filter(inspection=visit).count() == 1

    officer = user_create(
        actor=system_actor(), username="kop", password=None, role=Role.COOPERATIVE, cooperative_id=coop.pk
    )
    client.force_login(officer)
    for url in (reverse("supervision_home"), reverse("supervision_inspection_detail", args=[visit.pk])):
        assert client.get(url).status_code == 403


def test_inspection_page_shows_its_history_as_sentences(client, kepahiang_officer, visit, finding):
    from django.conf import settings

    from sinergi.registry.tests.conftest import login

    follow_up = services.follow_up_add(
        actor=kepahiang_officer, finding=finding, data={"action": "Jadwalkan RAT", "due_on": TODAY}
    )
    services.finding_remove(actor=kepahiang_officer, finding=finding)
    assert ChangeLog.objects.filter(object_id=str(follow_up.pk), action=ChangeAction.DELETE).exists()
    history = list(sel.inspection_history(inspection=visit))
    assert {e.content_type.model for e in history} == {"inspection", "finding", "followup"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = login(client, kepahiang_officer).get(reverse("supervision_inspection_detail", args=[visit.pk])).content
    text = html.decode()
    assert "Riwayat perubahan" in text
    assert "menghapus temuan “RAT terlambat”" in text
    assert "Tindakan: Jadwalkan RAT." in text
    assert "Temuan: RAT terlambat." in text
    assert "Temuan: (sudah dihapus)." in text  # the follow-up's finding is gone, its change row stays
