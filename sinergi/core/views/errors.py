"""The refused page (403): the reason the check gave, and the way back."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseForbidden
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme


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
