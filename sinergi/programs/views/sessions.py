"""A session's attendance sheet (one checkbox per participant, and who came instead), and a beneficiary's
programs across years."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.core.views import found_or_404
from sinergi.programs import selectors, services
from sinergi.programs.choices import EnrollmentStatus, ProgramStatus
from sinergi.programs.models import Program, Session
from sinergi.programs.views._base import can_write, error_text, program_or_404, require_write, session_or_404, user_of
from sinergi.registry.selectors import business_get, person_get

_SUBSTITUTE_MAX = 150


def _sheet(request: HttpRequest, program: Program, session: Session) -> list[dict[str, Any]]:
    marks = selectors.session_attendance(session=session)
    rows = []
    for e in selectors.program_enrollments(user=user_of(request), program=program):
        if e.status == EnrollmentStatus.DROPPED and e.pk not in marks:
            continue
        mark = marks.get(e.pk)
        rows.append(
            {
                "enrollment": e,
                "name": str(e.business or e.cooperative or e.person),
                "recorded": mark is not None,
                "present": mark.present if mark else False,
                "substitute": mark.substitute if mark else "",
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def session_sheet(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    session = session_or_404(program, session_pk)
    status = 200
    if request.method == "POST":
        require_write(user, program)
        rows = [
            {
                "enrollment_id": r["enrollment"].pk,
                "present": f"present_{r['enrollment'].pk}" in request.POST,
                "substitute": request.POST.get(f"substitute_{r['enrollment'].pk}", "")[:_SUBSTITUTE_MAX],
            }
            for r in _sheet(request, program, session)
        ]
        try:
            services.session_attendance_set(actor=user, session=session, rows=rows)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            status = 400
        else:
            came = sum(1 for r in rows if r["present"])
            messages.success(
                request, _("Attendance saved: %(n)d of %(total)d present.") % {"n": came, "total": len(rows)}
            )
            return redirect("program_session", pk=program.pk, session_pk=session.pk)
    context = {
        "program": program,
        "session": session,
        "rows": _sheet(request, program, session),
        "can_record": can_write(user, program) and program.status == ProgramStatus.RUNNING,
    }
    return render(request, "programs/session.html", context, status=status)


def _history_page(request: HttpRequest, *, subject: str, title: str, entries: Any, back: str) -> HttpResponse:
    return render(
        request,
        "programs/beneficiary.html",
        {"subject": subject, "title": title, "entries": entries, "back": back},
    )


@login_required
@require_GET
def business_programs(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    business = found_or_404(lambda: business_get(user=user, pk=pk), _("No such business."))
    entries = selectors.beneficiary_history(user=user, business=business)
    return _history_page(
        request, subject="business", title=business.name, entries=entries, back=reverse("business_detail", args=[pk])
    )


@login_required
@require_GET
def person_programs(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    person = found_or_404(lambda: person_get(user=user, pk=pk), _("No such person."))
    entries = selectors.beneficiary_history(user=user, person=person)
    return _history_page(
        request, subject="person", title=person.name, entries=entries, back=reverse("person_detail", args=[pk])
    )
