"""The task pages: the list (the officer's own open tasks by default; every open, late or done one of the
user's regions), a task's page and marking it done, held to the generic contract and region-scoped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.aspirations import services
from sinergi.aspirations.models import Task
from sinergi.aspirations.tests.factories import aspiration
from sinergi.core.testing import PageContract


def _task(actor: Any, officer: Any, *, office: str = "17.08", text: str = "Siapkan stan", days: int = 5) -> Task:
    return services.task_add(
        actor=actor,
        aspiration=aspiration(actor, office=office),
        data={"description": text, "officer": officer, "due_on": timezone.localdate() + dt.timedelta(days=days)},
    )


class TestTaskPages(PageContract):
    list_url = "aspiration_task_list"
    detail_url = "aspiration_task_detail"
    reader = "kepahiang_viewer"
    filter_hit = {"show": "open", "q": "stan"}
    filter_miss = {"show": "done"}

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        officer = request.getfixturevalue("kepahiang_officer")
        return _task(officer, officer, text=f"Siapkan stan pameran {index + 1}")

    def shown_as(self, obj: Any) -> str:
        return reverse("aspiration_task_detail", args=[obj.pk])


@pytest.mark.django_db
def test_the_list_shows_my_open_tasks_by_default_and_the_others_on_asking(client, kepahiang_officer, bengkulu_officer):
    _task(kepahiang_officer, kepahiang_officer, text="Hubungi bank BPR")
    _task(kepahiang_officer, bengkulu_officer, text="Undang narasumber")
    _task(kepahiang_officer, kepahiang_officer, text="Kirim surat", days=-2)
    client.force_login(kepahiang_officer)
    default = client.get(reverse("aspiration_task_list")).content.decode()
    assert "Hubungi bank BPR" in default
    assert "Kirim surat" in default
    assert "Undang narasumber" not in default
    everyone = client.get(reverse("aspiration_task_list"), {"show": "open"}).content.decode()
    assert "Undang narasumber" in everyone
    only_late = client.get(reverse("aspiration_task_list"), {"show": "late"}).content.decode()
    assert "Kirim surat" in only_late
    assert "Hubungi bank BPR" not in only_late


@pytest.mark.django_db
def test_the_officer_marks_the_task_done_and_a_viewer_may_not(client, kepahiang_officer, kepahiang_viewer):
    task = _task(kepahiang_officer, kepahiang_officer)
    done_url = reverse("aspiration_task_done", args=[task.pk])
    client.force_login(kepahiang_viewer)
    page = client.get(reverse("aspiration_task_detail", args=[task.pk])).content.decode()
    assert done_url not in page  # a viewer reads the task without the button
    assert client.post(done_url).status_code == 403
    task.refresh_from_db()
    assert task.done_on is None
    client.force_login(kepahiang_officer)
    assert done_url in client.get(reverse("aspiration_task_detail", args=[task.pk])).content.decode()
    response = client.post(done_url)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    done = client.get(reverse("aspiration_task_list"), {"show": "done"}).content.decode()
    assert reverse("aspiration_task_detail", args=[task.pk]) in done


@pytest.mark.django_db
def test_another_regions_task_is_404_to_read_and_to_finish(client, kepahiang_officer, jember_officer):
    task = _task(jember_officer, jember_officer, office="35.09")
    client.force_login(kepahiang_officer)
    assert client.get(reverse("aspiration_task_detail", args=[task.pk])).status_code == 404
    assert client.post(reverse("aspiration_task_done", args=[task.pk])).status_code == 404
    assert (
        reverse("aspiration_task_detail", args=[task.pk])
        not in client.get(reverse("aspiration_task_list"), {"show": "open"}).content.decode()
    )
