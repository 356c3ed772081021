"""Problem JSON (RFC 9457) for every error the API returns.

Each body has `type`, `title`, `status` and `detail`; validation errors add `errors`: {field: [messages]}
with the field named as the API names it (the services say "desa_id", clients send "desa"). Messages
are the translated strings the services raise, in the language of the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Django's own logger for a failed request: its default handlers mail the ADMINS when DEBUG is off.
request_logger = logging.getLogger("django.request")

# Service field names → the names the API exposes for the same input.
FIELD_NAMES = {
    "desa_id": "desa",
    "owner_id": "owner",
    "cluster_id": "cluster",
    "region_id": "region",
    "person_id": "person",
    "business_id": "business",
    "cooperative_id": "cooperative",
    "enrollment_id": "enrollment",
    "budget_line_id": "budget_line",
    "document_id": "document",
    NON_FIELD_ERRORS: NON_FIELD_ERRORS,
}

# Request parts and parameter names that pydantic puts in front of the field in an error location.
_LOCATION_PREFIXES = frozenset({"body", "query", "path", "header", "cookie", "form", "payload", "filters", "page"})


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None


def problem(*, status: int, title: str, detail: str, errors: Mapping[str, list[str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = dict(errors)
    return JsonResponse(
        body,
        status=status,
        encoder=DjangoJSONEncoder,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def validation_problem(errors: Mapping[str, list[str]]) -> JsonResponse:
    detail = " ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return problem(status=422, title=_("The request has invalid fields."), detail=detail, errors=errors)


def api_field(name: str) -> str:
    return FIELD_NAMES.get(name, name)


def django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        result: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            result.setdefault(api_field(field), []).extend(messages)
        return result
    return {NON_FIELD_ERRORS: list(exc.messages)}


def _pydantic_message(error: Mapping[str, Any]) -> str:
    """A translated message for the pydantic error types clients meet; pydantic's English text otherwise.

    Where Django already has the sentence (and its Indonesian translation) the same msgid is used."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"decimal_parsing", "decimal_type", "float_parsing", "float_type", "finite_number"}:
        return _("Enter a number.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": limit}
    if kind == "string_too_long":
        return _("Ensure this value has at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "decimal_max_places":
        return _("Ensure there are no more than %(n)s decimal places.") % {"n": ctx.get("decimal_places")}
    if kind == "decimal_whole_digits":
        return _("Ensure there are no more than %(n)s digits before the decimal point.") % {
            "n": ctx.get("whole_digits")
        }
    if kind == "decimal_max_digits":
        return _("Ensure there are no more than %(n)s digits in total.") % {"n": ctx.get("max_digits")}
    if kind in {"enum", "literal_error"}:
        return _("Select one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in {"string_type", "dict_type", "model_type", "model_attributes_type", "list_type", "json_invalid"}:
        return _("Enter a valid value.")
    return str(error.get("msg", _("Enter a valid value.")))


def _location(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    while parts and parts[0] in _LOCATION_PREFIXES:
        parts.pop(0)
    return ".".join(parts) if parts else NON_FIELD_ERRORS


def pydantic_validation_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        result.setdefault(_location(error.get("loc", ())), []).append(_pydantic_message(error))
    return result


def field_error(field: str, message: str) -> DjangoValidationError:
    """A validation error on one API field, raised by endpoints for checks the services do not make."""
    return DjangoValidationError({field: message})


# --- handlers -----------------------------------------------------------------------------------------


def _on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return validation_problem(django_validation_errors(exc))


def _on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return validation_problem(pydantic_validation_errors(exc.errors))


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(status=403, title=_("Forbidden"), detail=str(exc) or _("You may not do this."))


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same body whether the record is missing or outside the user's regions: a 404 must not tell them apart.
    return problem(status=404, title=_("Not found"), detail=_("There is no such record, or you may not see it."))


def _on_integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return problem(
        status=409,
        title=_("Conflict"),
        detail=_("This change conflicts with another one made at the same time. Reload the record and try again."),
    )


def _on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # The schemas bound every value, so this is a last line of defence (e.g. a forged cursor) rather than a 500.
    return validation_problem({NON_FIELD_ERRORS: [_("A value is too long or out of range.")]})


def _on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(
        status=401,
        title=_("Unauthorized"),
        detail=_("Sign in, or send a valid API token as “Authorization: Bearer <token>”."),
    )
    response["WWW-Authenticate"] = 'Bearer realm="sinergi"'
    return response


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return problem(status=400, title=_("Bad request"), detail=_("The request body is not valid JSON."))
    if exc.status_code == 403 and "CSRF" in str(exc):
        # Ninja's session check raises this when an unsafe request comes without the CSRF token.
        return problem(
            status=403, title=_("Forbidden"), detail=_("The CSRF token is missing or wrong; reload the page.")
        )
    return problem(status=exc.status_code, title=str(exc), detail=str(exc))


def _on_data_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # The fields of a body (JSON, form fields) over DATA_UPLOAD_MAX_MEMORY_SIZE; files have their own, larger limit.
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) // (1024 * 1024)
    return problem(
        status=413,
        title=_("Upload too large"),
        detail=_("The request body is too large: at most %(limit)s MB of fields may be sent at once.")
        % {"limit": limit},
    )


def _on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return problem(status=400, title=_("Bad request"), detail=_("The request could not be read."))


def _request_id(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", "") or "-")


def server_error_problem(request: HttpRequest) -> JsonResponse:
    """A 500 that names the request id (on every log line of the request) and nothing of the error itself."""
    return problem(
        status=500,
        title=_("Server error"),
        detail=_("Something went wrong on the server. Quote the code %(request_id)s when you report it.")
        % {"request_id": _request_id(request)},
    )


def _on_uncaught(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The catch-all: any exception no other handler took. The traceback goes to the log, never to the client.
    request_logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    return server_error_problem(request)


def install(api: NinjaAPI) -> None:
    """Register every handler on the API (ninja picks the handler of the nearest class in the exception's MRO)."""
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (DjangoValidationError, _on_django_validation),
        (NinjaValidationError, _on_ninja_validation),
        (PermissionDenied, _on_permission_denied),
        (ObjectDoesNotExist, _on_not_found),
        (Http404, _on_not_found),
        (IntegrityError, _on_integrity),
        (DataError, _on_data_error),
        (AuthenticationError, _on_authentication),
        (HttpError, _on_http_error),
        (RequestDataTooBig, _on_data_too_big),
        (SuspiciousOperation, _on_suspicious),
        (Exception, _on_uncaught),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


# --- Django's error views: problem JSON under /api/ (an unknown path, a failure outside a handler) -------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _on_not_found(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return server_error_problem(request)
    return defaults.server_error(request)


PROBLEM_RESPONSES: dict[frozenset[int], type[Problem]] = {frozenset({400, 401, 403, 404, 409, 422}): Problem}


def responses(ok: Mapping[int, Any]) -> dict[Any, Any]:
    """An operation's response map: its success schema(s) plus problem JSON for every error status."""
    return {**ok, **PROBLEM_RESPONSES}
