"""The change log's keys carry no database constraint (docs/decisions.md 14); Django's on_delete still holds."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError

from sinergi.core.jobs import job_create
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource

pytestmark = pytest.mark.django_db


def _entry(*, actor, job=None, content_type=None) -> ChangeLog:
    return ChangeLog.objects.create(
        actor=actor,
        source=ChangeSource.JOB,
        action=ChangeAction.CREATE,
        content_type=content_type or ContentType.objects.get_for_model(ChangeLog),
        object_id="1",
        object_repr="uji",
        job=job,
    )


def test_deleting_the_actor_or_the_job_keeps_the_entry_without_them(kepahiang_officer):
    job = job_create(actor=kepahiang_officer, kind="uji")
    entry = _entry(actor=kepahiang_officer, job=job)

    job.delete()
    kepahiang_officer.delete()

    entry.refresh_from_db()
    assert (entry.actor_id, entry.job_id) == (None, None)
    assert entry.object_repr == "uji"


def test_a_content_type_with_entries_cannot_be_deleted(kepahiang_officer):
    kind = ContentType.objects.create(app_label="uji", model="sementara")
    _entry(actor=kepahiang_officer, content_type=kind)

    with pytest.raises(ProtectedError):
        kind.delete()
    assert ChangeLog.objects.filter(content_type=kind).count() == 1
