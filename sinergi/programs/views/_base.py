"""Shared by the program pages: look-ups that answer 404 outside the user's regions, the write check that
answers 403, and putting a service's errors on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.views import allowed, found_or_404
from sinergi.programs import selectors
from sinergi.programs.models import Program, SelectionRun, Session

T = TypeVar("T")

CANDIDATE_PAGE_SIZE = 25


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def program_or_404(request: HttpRequest, pk: int) -> Program:
    return found_or_404(lambda: selectors.program_get(user=user_of(request), pk=pk), _("No such program."))


def run_or_404(request: HttpRequest, program: Program, run_pk: int) -> SelectionRun:
    not_found = _("No such selection run.")
    run = found_or_404(lambda: selectors.selection_run_get(user=user_of(request), pk=run_pk), not_found)
    if run.program_id != program.pk:
        raise Http404(not_found)
    return run


def session_or_404(program: Program, session_pk: int) -> Session:
    return found_or_404(
        lambda: selectors.program_sessions(program=program).filter(pk=session_pk).first(), _("No such session.")
    )


def can_write(user: User, program: Program) -> bool:
    return allowed(require_write, user, program)


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
