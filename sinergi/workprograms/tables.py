"""The work-program lists' columns: the office's list of programs, the associations' 100-day standing, and the
scorecards compared across associations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table
from sinergi.workprograms import deadlines, selectors
from sinergi.workprograms.deadlines import SubmissionState
from sinergi.workprograms.models import ProgramStatus, WorkProgram

STATUS_BADGE: dict[str, str] = {
    ProgramStatus.DRAFT: "",
    ProgramStatus.SUBMITTED: "warn",
    ProgramStatus.RETURNED: "bad",
    ProgramStatus.APPROVED: "ok",
    ProgramStatus.RUNNING: "ok",
    ProgramStatus.REPORTED: "ok",
    ProgramStatus.CLOSED: "",
}
STANDING_LABELS: dict[str, Any] = {
    SubmissionState.NO_DATE: gettext_lazy("no inauguration date"),
    SubmissionState.NOT_DUE: gettext_lazy("not due yet"),
    SubmissionState.OVERDUE: gettext_lazy("late, not submitted"),
    SubmissionState.ON_TIME: gettext_lazy("submitted on time"),
    SubmissionState.LATE: gettext_lazy("submitted late"),
}
STANDING_BADGE: dict[str, str] = {
    SubmissionState.OVERDUE: "bad",
    SubmissionState.LATE: "warn",
    SubmissionState.ON_TIME: "ok",
}


def _program_link(p: WorkProgram) -> str:
    return reverse("workprogram_detail", args=[p.pk])


def _card(p: WorkProgram) -> deadlines.Scorecard:
    cached = getattr(p, "_scorecard", None)
    if cached is None:
        cached = selectors.program_scorecard(program=p)
        p._scorecard = cached  # type: ignore[attr-defined]
    return cached


PROGRAMS = Table(
    columns=[
        Column(gettext_lazy("Work program"), "title", link=_program_link, field="title"),
        Column(gettext_lazy("Association"), "association.name", field="association"),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Period start"), "period_start"),
        Column(gettext_lazy("Period end"), "period_end"),
        Column(gettext_lazy("Status"), "status", badge=lambda p: STATUS_BADGE.get(p.status, ""), field="status"),
        Column(gettext_lazy("Items"), lambda p: _card(p).items),
        Column(gettext_lazy("Late items"), lambda p: _card(p).late + _card(p).not_done, field="late"),
    ],
    row_attrs=lambda p: {"data-program": p.pk},
    sheet_title=gettext_lazy("Work programs"),
)

SCORECARDS = Table(
    columns=[
        Column(gettext_lazy("Association"), "association.name", field="association"),
        Column(gettext_lazy("Work program"), "title", link=_program_link),
        Column(gettext_lazy("Status"), "status"),
        Column(gettext_lazy("Items"), lambda p: _card(p).items),
        Column(gettext_lazy("Done on time"), lambda p: _card(p).on_time, field="on_time"),
        Column(gettext_lazy("Done late"), lambda p: _card(p).late, field="late"),
        Column(gettext_lazy("Not done"), lambda p: _card(p).not_done, field="not_done"),
        Column(gettext_lazy("Not due yet"), lambda p: _card(p).open, field="open"),
        Column(
            gettext_lazy("Share on time"),
            lambda p: _card(p).on_time_percent,
            field="on_time_percent",
        ),
    ],
    row_attrs=lambda p: {"data-program": p.pk},
    sheet_title=gettext_lazy("Scorecards"),
)


def standing_table(standings: selectors.Standings) -> Table:
    """The associations' 100-day standing; ``standings`` reads the office settings once for the page."""

    def state(a: Any) -> deadlines.Submission:
        return standings.of(a)

    def days_late(a: Any) -> int | None:
        s = state(a)
        return s.days_late if s.state in (SubmissionState.OVERDUE, SubmissionState.LATE) else None

    def status(a: Any) -> str:
        return str(ProgramStatus(a.hd_status).label) if a.hd_status else _("none yet")

    return Table(
        columns=[
            Column(
                gettext_lazy("Association"),
                "name",
                link=lambda a: reverse("workprogram_association", args=[a.pk]),
                field="name",
            ),
            Column(gettext_lazy("Region"), "region.display_name"),
            Column(gettext_lazy("Inaugurated on"), "inaugurated_on"),
            Column(gettext_lazy("100-day program due"), lambda a: state(a).due_on, field="due_on"),
            Column(gettext_lazy("100-day program"), status, field="program_status"),
            Column(
                gettext_lazy("Standing"),
                lambda a: STANDING_LABELS[state(a).state],
                badge=lambda a: STANDING_BADGE.get(state(a).state, ""),
                field="standing",
            ),
            Column(gettext_lazy("Days late"), days_late, field="days_late"),
        ],
        row_attrs=lambda a: {"data-association": a.pk, "data-state": state(a).state},
        sheet_title=gettext_lazy("100-day programs"),
    )
