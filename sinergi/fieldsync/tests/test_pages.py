"""The field-sync pages: the operation log, the conflict queue with its decision, the waiting and refused
operations, and a laptop's checkout and sync started as jobs with their progress."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeLog, Job, JobStatus
from sinergi.fieldsync import keys, protocol
from sinergi.fieldsync.models import Checkout, Conflict, ConflictStatus, OpStatus, OutboxOp
from sinergi.fieldsync.services import CHECKOUT_JOB, SYNC_JOB
from sinergi.registry import services as registry_services
from sinergi.registry.models import Business

pytestmark = pytest.mark.django_db


def _op(seq: int, kind: str, model: str, record: str, changes: dict[str, Any], **base: Any) -> protocol.OpIn:
    return protocol.OpIn(
        seq=seq,
        op_id=str(uuid.uuid4()),
        kind=kind,
        model=model,
        record=record,
        base=base,
        changes=changes,
        made_at=timezone.now(),
    )


@pytest.fixture
def business(kepahiang_officer: User, kepahiang_desa: str) -> Business:
    return registry_services.business_create(
        actor=kepahiang_officer, data={"name": "Kopi Bubuk Kaba", "desa_id": kepahiang_desa, "address": "Jl. Pasar 1"}
    )


@pytest.fixture
def synced(kepahiang_officer: User, bengkulu_officer: User, business: Business, kepahiang_desa: str) -> dict[str, Any]:
    """One device's batch: an edit in conflict, a refused create, an applied create, one waiting for a gap."""
    registry_services.business_update(actor=bengkulu_officer, business=business, data={"name": "Kopi Kaba Jaya"})
    record = keys.key_for("business", business.pk)
    device = str(uuid.uuid4())
    batch, stored = protocol.operations_receive(
        actor=kepahiang_officer,
        device_id=device,
        ops=[
            _op(1, "update", "business", record, {"name": "Kopi Kaba Asli"}, name="Kopi Bubuk Kaba"),
            _op(2, "create", "business", str(uuid.uuid4()), {"name": "Usaha Jauh", "desa_id": "35.09.01.2001"}),
            _op(3, "create", "business", str(uuid.uuid4()), {"name": "Usaha Baru", "desa_id": kepahiang_desa}),
            _op(5, "create", "business", str(uuid.uuid4()), {"name": "Usaha Menunggu", "desa_id": kepahiang_desa}),
        ],
    )
    assert [o.status for o in stored] == [OpStatus.CONFLICT, OpStatus.REFUSED, OpStatus.APPLIED, OpStatus.WAITING]
    return {"batch": batch, "conflict": Conflict.objects.get(), "record": record}


def _client(user: User) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_the_operation_log_shows_each_operation_of_a_sync(kepahiang_officer: User, synced: dict[str, Any]) -> None:
    client = _client(kepahiang_officer)
    listing = client.get(reverse("field_batch_list")).content.decode()
    assert reverse("field_batch_detail", args=[synced["batch"].pk]) in listing
    page = client.get(reverse("field_batch_detail", args=[synced["batch"].pk]))
    body = page.content.decode()
    assert page.status_code == 200
    for status in ("in conflict", "refused", "applied", "waiting for earlier operations"):
        assert status in body
    assert "35.09.01.2001" in body  # the refusal's reason
    assert "Kopi Kaba Asli" not in body  # values are not listed, only which fields changed


def test_another_regions_officer_sees_nothing_of_it(jember_officer: User, synced: dict[str, Any]) -> None:
    client = _client(jember_officer)
    assert client.get(reverse("field_batch_detail", args=[synced["batch"].pk])).status_code == 404
    assert client.get(reverse("field_conflict_detail", args=[synced["conflict"].pk])).status_code == 404
    for name in ("field_batch_list", "field_conflict_list", "field_waiting_list", "field_refused_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Usaha" not in response.content.decode()
        assert "Kopi" not in response.content.decode()


def test_waiting_and_refused_operations_are_listed_with_their_reasons(
    kepahiang_officer: User, synced: dict[str, Any]
) -> None:
    client = _client(kepahiang_officer)
    waiting = client.get(reverse("field_waiting_list")).content.decode()
    assert 'data-seq="5"' in waiting
    assert "waits for no. 4" in waiting
    refused = client.get(reverse("field_refused_list")).content.decode()
    assert 'data-seq="2"' in refused
    assert "35.09.01.2001" in refused


def test_the_officer_merges_a_conflict_with_a_typed_value_and_the_choice_is_logged(
    kepahiang_officer: User, synced: dict[str, Any], business: Business
) -> None:
    client = _client(kepahiang_officer)
    conflict = synced["conflict"]
    queue = client.get(reverse("field_conflict_list")).content.decode()
    assert f'data-conflict="{conflict.pk}"' in queue
    page = client.get(reverse("field_conflict_detail", args=[conflict.pk])).content.decode()
    assert "Kopi Kaba Jaya" in page
    assert "Kopi Kaba Asli" in page
    url = reverse("field_conflict_resolve", args=[conflict.pk])
    assert client.post(url, {}).status_code == 400
    answer = client.post(url, {"pick_name": "typed", "value_name": "Kopi Kaba Jaya Asli"})
    assert answer.status_code == 302
    business.refresh_from_db()
    assert business.name == "Kopi Kaba Jaya Asli"
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.RESOLVED
    assert conflict.resolution == {"name": "typed", "values": {"name": "Kopi Kaba Jaya Asli"}}
    logged = ChangeLog.objects.filter(content_type__model="conflict", object_id=str(conflict.pk)).get()
    assert logged.actor == kepahiang_officer
    assert client.get(reverse("field_conflict_list")).content.decode().count("data-conflict=") == 0
    decided = client.get(reverse("field_conflict_list") + "?status=resolved").content.decode()
    assert f'data-conflict="{conflict.pk}"' in decided


def test_picking_the_devices_value(kepahiang_officer: User, synced: dict[str, Any], business: Business) -> None:
    client = _client(kepahiang_officer)
    url = reverse("field_conflict_resolve", args=[synced["conflict"].pk])
    assert client.post(url, {"pick_name": "device"}).status_code == 302
    business.refresh_from_db()
    assert business.name == "Kopi Kaba Asli"


def test_a_viewer_reads_the_conflict_but_may_not_decide_it(synced: dict[str, Any], regions: None) -> None:
    from sinergi.accounts.services import system_actor, user_create

    viewer = user_create(
        actor=system_actor(), username="pemantau", password="x", role=Role.VIEWER, region_codes=["17.08"]
    )
    client = _client(viewer)
    conflict = synced["conflict"]
    page = client.get(reverse("field_conflict_detail", args=[conflict.pk]))
    assert page.status_code == 200
    assert "Only an editor of this record's region decides this conflict." in page.content.decode()
    assert (
        client.post(reverse("field_conflict_resolve", args=[conflict.pk]), {"pick_name": "device"}).status_code == 403
    )
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.OPEN


def test_a_checkout_started_from_the_page_runs_as_a_job_and_shows_why_it_failed(
    kepahiang_officer: User, settings: Any
) -> None:
    settings.SINERGI_FIELD_LAPTOP = True
    client = _client(kepahiang_officer)
    started = client.post(
        reverse("field_laptop_checkout"), {"server": "http://127.0.0.1:9", "token": "rahasia", "region": "17.08"}
    )
    assert started.status_code == 302
    job = Job.objects.get(kind=CHECKOUT_JOB)
    assert Checkout.objects.get().token == "rahasia"
    again = client.post(
        reverse("field_laptop_checkout"), {"server": "http://127.0.0.1:9", "token": "rahasia", "region": "17.08"}
    )
    assert again.status_code == 400
    assert "already under way" in again.content.decode()
    polled = client.get(reverse("field_laptop_progress"), HTTP_HX_REQUEST="true")
    assert polled.status_code == 200
    assert 'data-job="fieldsync.checkout"' in polled.content.decode()
    job = job_run(job_id=job.pk)
    assert job.status == JobStatus.FAILED
    assert "connection to the server was lost" in job.message
    assert client.get(reverse("field_laptop_progress"), HTTP_HX_REQUEST="true").status_code == 204
    page = client.get(reverse("field_laptop")).content.decode()
    assert "connection to the server was lost" in page
    assert "not finished" in page


def test_a_sync_reports_its_progress_and_keeps_the_outbox_when_the_link_is_down(
    kepahiang_officer: User, kepahiang_desa: str, settings: Any
) -> None:
    client = _client(kepahiang_officer)
    assert client.post(reverse("field_laptop_sync")).status_code == 302
    assert not Job.objects.filter(kind=SYNC_JOB).exists()  # no checkout yet: refused with its reason
    Checkout.objects.create(
        server="http://127.0.0.1:9", token="t", region_code="17.08", username="kepahiang", finished_at=timezone.now()
    )
    registry_services.business_create(actor=kepahiang_officer, data={"name": "Kopi Offline", "desa_id": kepahiang_desa})
    assert client.post(reverse("field_laptop_sync")).status_code == 302
    job = job_run(job_id=Job.objects.get(kind=SYNC_JOB).pk)
    assert job.progress_total == 1
    assert job.status == JobStatus.FAILED
    assert OutboxOp.objects.get().status == OpStatus.PENDING
    outbox = client.get(reverse("field_outbox_list")).content.decode()
    assert "Kopi Offline" in outbox
    assert "waiting to send" in outbox


def test_an_office_server_refuses_to_become_a_laptop(kepahiang_officer: User, settings: Any) -> None:
    settings.SINERGI_FIELD_LAPTOP = False
    client = _client(kepahiang_officer)
    answer = client.post(reverse("field_laptop_checkout"), {"server": "http://office", "token": "t", "region": "17.08"})
    assert answer.status_code == 400
    assert "office server" in answer.content.decode()
    assert not Checkout.objects.exists()
