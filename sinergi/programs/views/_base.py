"""Shared by the program pages: look-ups that answer 404 outside the user's regions, the write check that
answers 403, and putting a service's errors on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.programs import selectors
from sinergi.programs.models import Program, SelectionRun, Session

T = TypeVar("T")

PROGRAM_TABS = ("overview", "budget", "rules", "applications", "selection", "enrollments", "history")
HISTORY_PAGE_SIZE = 25
CANDIDATE_PAGE_SIZE = 25


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def program_or_404(request: HttpRequest, pk: int) -> Program:
    try:
        return selectors.program_get(user=user_of(request), pk=pk)
    except Program.DoesNotExist:
        # 404, not 403: a program outside the user's regions must not reveal that it exists.
        raise Http404(_("No such program.")) from None


def run_or_404(request: HttpRequest, program: Program, run_pk: int) -> SelectionRun:
    try:
        run = selectors.selection_run_get(user=user_of(request), pk=run_pk)
    except SelectionRun.DoesNotExist:
        raise Http404(_("No such selection run.")) from None
    if run.program_id != program.pk:
        raise Http404(_("No such selection run."))
    return run


def session_or_404(program: Program, session_pk: int) -> Session:
    session = selectors.program_sessions(program=program).filter(pk=session_pk).first()
    if session is None:
        raise Http404(_("No such session."))
    return session


def can_write(user: User, program: Program) -> bool:
    try:
        require_region_write(user, program.region_id)
    except PermissionDenied:
        return False
    return True


def require_write(user: User, program: Program) -> None:
    """403 for viewers and anyone outside the organiser's region (the services check it again)."""
    require_region_write(user, program.region_id)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def reported(request: HttpRequest, act: Callable[[], T], *, done: Callable[[T], str]) -> bool:
    """Run a service write behind a button: its refusal, or ``done(result)``, becomes the page's message.
    True when it went through."""
    try:
        result = act()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return False
    messages.success(request, done(result))
    return True
