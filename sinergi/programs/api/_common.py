"""What every program router shares: the path id, the caller's program (404 out of scope), the staff-only
guard (403), beneficiary ids checked against what the caller may see, and service errors re-keyed by the
API's field names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path

from sinergi.accounts.models import STAFF_ROLES, User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error
from sinergi.cooperatives.selectors import cooperatives_visible
from sinergi.core.models import ChangeSource
from sinergi.programs import selectors
from sinergi.programs.models import Program
from sinergi.registry.schemas import MAX_ID
from sinergi.registry.selectors import businesses_visible, persons_visible

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGING = " Keyset pages: pass the `next` value of a page as `cursor` for the following one."
MONEY = ' Money is a decimal string in rupiah ("1500000.50"), in and out.'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def no_content() -> HttpResponse:
    return HttpResponse(status=204)


# Service field names the shared error handler does not rename, as this API names them.
API_FIELDS = {
    "enrollment_id": "enrollment",
    "budget_line_id": "budget_line",
    "cooperative_id": "cooperative",
    "document_id": "document",
}


@contextmanager
def api_fields() -> Iterator[None]:
    """Re-key a service's ValidationError by the API's field names (enrollment, not enrollment_id)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {API_FIELDS.get(field, field): messages for field, messages in exc.message_dict.items()}
        ) from exc


def require_staff(user: User) -> None:
    if not (user.is_superuser or user.role in STAFF_ROLES):
        raise PermissionDenied(_("Only office staff may see this."))


def program_for(request: HttpRequest, program_id: int) -> tuple[User, Program]:
    user = actor_of(request)
    return user, selectors.program_get(user=user, pk=program_id)


def beneficiary_ids(*, user: User, values: dict[str, Any]) -> dict[str, Any]:
    """The applicant or beneficiary ids as the services take them, each one checked to be visible to the
    caller: one they may not see is as unknown as one that does not exist."""
    out: dict[str, Any] = {}
    visible: dict[str, QuerySet[Any]] = {
        "business": businesses_visible(user=user),
        "person": persons_visible(user=user),
        "cooperative": cooperatives_visible(user=user),
    }
    for name, qs in visible.items():
        pk = values.pop(name, None)
        if pk is None:
            continue
        if not qs.filter(pk=pk).exists():
            raise field_error(name, _("Unknown %(what)s.") % {"what": name})
        out[f"{name}_id"] = pk
    return out


def staff_program(request: HttpRequest, program_id: int) -> tuple[User, Program]:
    user, program = program_for(request, program_id)
    require_staff(user)
    return user, program
