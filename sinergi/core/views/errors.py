"""The refused page (403): the reason the check gave, and the way back; and the answer to a method a URL does
not take (405), as problem JSON under /api/ and as a page elsewhere."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _back(request: HttpRequest) -> str:
    """The page the user came from, when it is one of ours and not the refused page itself; else ""."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return "" if referer.endswith(request.get_full_path()) else referer


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponseForbidden:
    """Django's 403 view, with the reason of the ``PermissionDenied`` (every ``require_*`` of accounts.access
    gives one) and a link back to where the user came from beside the one home."""
    reason = str(exception or "") if exception is not None else ""
    template = loader.get_template("403.html")
    return HttpResponseForbidden(template.render({"reason": reason, "back_url": _back(request)}, request))


def problem_json(*, status: int, title: str, detail: str) -> JsonResponse:
    """Problem JSON (RFC 9457) in the shape of sinergi.api.errors, for the answers core gives under /api/ before
    or after the API's own handlers (core sits below the API helpers)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def method_not_allowed(request: HttpRequest, *, allowed: str) -> HttpResponse:
    """405: what the URL takes instead, for a client; for a person, why the page did not open and the way back."""
    methods = sorted({m.strip().upper() for m in allowed.split(",") if m.strip()})
    if request.path.startswith("/api/"):
        detail = _("%(method)s is not allowed here; this address takes %(allowed)s.") % {
            "method": request.method,
            "allowed": ", ".join(methods) or "-",
        }
        response: HttpResponse = problem_json(status=405, title=_("Method not allowed"), detail=detail)
    else:
        if "GET" in methods:
            reason = _("This page only shows information; it does not take a form sent to it.")
        else:
            reason = _(
                "This address is the action of a button on another page, not a page to open: go back to that "
                "page and use its button."
            )
        response = render(request, "405.html", {"reason": reason, "back_url": _back(request)}, status=405)
    if methods:
        response["Allow"] = ", ".join(methods)
    return response
