"""The aspiration tables: the office's list (and its export, without contact data), the officer's queue, forums."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.aspirations.models import Aspiration, Forum, Status, Task
from sinergi.aspirations.selectors import is_overdue, task_is_late
from sinergi.core.tables import Column, Table


def _badge(a: Aspiration) -> str:
    if is_overdue(a):
        return "bad"
    return {Status.ANSWERED: "ok", Status.CLOSED: "ok"}.get(Status(a.status), " ")


def _link(a: Aspiration) -> str:
    return reverse("aspiration_detail", args=[a.pk])


_CODE = Column(gettext_lazy("Code"), "code", link=_link, css="name", field="code")
_HEARD = Column(gettext_lazy("Heard at"), "heard_at")
_TEXT = Column(gettext_lazy("Aspiration"), lambda a: a.text[:120])
_CATEGORY = Column(gettext_lazy("Category"), lambda a: a.get_category_display())
_STATUS = Column(gettext_lazy("Status"), lambda a: a.get_status_display(), badge=_badge, field="status")
_VILLAGE = Column(gettext_lazy("Village"), lambda a: a.desa.name if a.desa else "")
_ASSIGNEE = Column(
    gettext_lazy("Officer"), lambda a: (a.assignee.get_full_name() or a.assignee.username) if a.assignee else ""
)

ASPIRATIONS = Table(
    columns=[_CODE, _HEARD, _TEXT, _CATEGORY, _VILLAGE, _STATUS, _ASSIGNEE],
    row_attrs=lambda a: {"data-code": a.code},
)
# The export names no person and no contact: it is the office's working list, shared by email and on paper.
ASPIRATIONS_EXPORT = Table(
    columns=[
        Column(gettext_lazy("Code"), "code"),
        _HEARD,
        Column(gettext_lazy("Recorded at"), "created_at"),
        Column(gettext_lazy("Aspiration"), "text"),
        _CATEGORY,
        _VILLAGE,
        Column(gettext_lazy("Forum"), lambda a: a.forum.title if a.forum else ""),
        Column(gettext_lazy("Confidentiality"), lambda a: a.get_confidentiality_display()),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
        Column(gettext_lazy("Outcome"), lambda a: a.get_outcome_display() if a.outcome else ""),
        Column(gettext_lazy("Answered at"), "answered_at"),
        _ASSIGNEE,
    ],
    sheet_title=gettext_lazy("Aspirations"),
)
QUEUE = Table(
    columns=[
        _CODE,
        _TEXT,
        _STATUS,
        Column(gettext_lazy("Verify by"), "verify_due"),
        Column(gettext_lazy("Plan and answer by"), "plan_due"),
    ],
    row_attrs=lambda a: {"data-code": a.code},
)
FORUMS = Table(
    columns=[
        Column(gettext_lazy("Held on"), "held_on"),
        Column(gettext_lazy("Title"), "title", link=lambda f: reverse("forum_detail", args=[f.pk]), css="name"),
        Column(gettext_lazy("Kind"), lambda f: f.get_kind_display()),
        Column(gettext_lazy("Place"), lambda f: f.place.name if f.place else f.location),
        Column(gettext_lazy("Aspirations"), "n_aspirations", css="num"),
    ]
)

DEADLINE_RULES = Table(
    columns=[
        Column(
            gettext_lazy("Office"),
            lambda r: r.office.name,
            link=lambda r: reverse("aspiration_deadline_edit", args=[r.pk]),
            css="name",
        ),
        Column(gettext_lazy("Category"), lambda r: r.get_category_display(), field="category"),
        Column(gettext_lazy("Verify and forward"), "verify_days", css="num"),
        Column(gettext_lazy("Follow-up plan"), "plan_days", css="num"),
        Column(gettext_lazy("Close without reply"), "close_days", css="num"),
        Column(gettext_lazy("Reopen within"), "reopen_days", css="num"),
    ]
)


def _task_state(t: Task) -> str:
    if t.done_on:
        return str(gettext_lazy("Done"))
    return str(gettext_lazy("Late")) if task_is_late(t) else str(gettext_lazy("Open"))


TASKS = Table(
    columns=[
        Column(gettext_lazy("Due on"), "due_on"),
        Column(
            gettext_lazy("Task"),
            "description",
            link=lambda t: reverse("aspiration_task_detail", args=[t.pk]),
            css="name",
        ),
        Column(
            gettext_lazy("Aspiration"),
            lambda t: t.aspiration.code,
            link=lambda t: reverse("aspiration_detail", args=[t.aspiration_id]),
        ),
        Column(gettext_lazy("Officer"), lambda t: t.officer.get_full_name() or t.officer.username),
        Column(
            gettext_lazy("Status"),
            _task_state,
            badge=lambda t: "ok" if t.done_on else ("bad" if task_is_late(t) else " "),
            field="state",
        ),
    ]
)

__all__ = ["ASPIRATIONS", "ASPIRATIONS_EXPORT", "DEADLINE_RULES", "FORUMS", "QUEUE", "TASKS", "Forum"]
