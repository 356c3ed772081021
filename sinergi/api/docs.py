"""The interactive API docs, served without a CDN.

Ninja renders Swagger UI from a CDN unless "ninja" is in INSTALLED_APPS. Offices work offline, so the
page here is our own template whose script and stylesheet are the Swagger UI files that ship inside the
installed django-ninja package, streamed by a route of this API.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png", "favicon.svg"})


class LocalSwagger(Swagger):
    """Swagger UI whose assets come from this server."""

    template = "sinergi_api/swagger.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        namespace = api.urls_namespace

        def asset(name: str) -> str:
            return reverse(f"{namespace}:docs-asset", kwargs={**kwargs, "name": name})

        context = {
            "api": api,
            "swagger_settings": json.dumps(settings, indent=1),
            # The session is one way in, so "Try it out" must send the CSRF token the session requires.
            "add_csrf": True,
            "assets": {name.replace("-", "_").replace(".", "_"): asset(name) for name in ASSETS},
        }
        return render(request, self.template, context)


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of the Swagger UI files bundled with django-ninja; a fixed list, so no path can escape it."""
    if name not in ASSETS:
        raise Http404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
