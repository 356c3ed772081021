"""/healthz: for a load balancer, systemd or a monitoring probe; no sign-in, no personal data."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sinergi.core.health import health


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every check when all pass, 503 naming the failed ones otherwise."""
    result = health()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)
