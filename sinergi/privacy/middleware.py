"""Two guards for personal data on every request (docs/privacy.md):

- a NIK in a URL's query is refused before any view runs (it would stay in the browser's history, the proxy's
  and the server's access logs): pages answer 400 with a link to the search by NIK that posts it, the API answers
  problem JSON pointing to ``POST /api/v1/persons/search``;
- what a page or an answer showed in full through ``registry.personal`` (the request's PersonalView) is written
  to the access log once, as the response leaves, if the view did not write it itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sinergi.api.errors import problem
from sinergi.core.personal import is_nik_like
from sinergi.privacy.models import Purpose


def nik_in_query(request: HttpRequest) -> bool:
    return any(is_nik_like(value) for _key, values in request.GET.lists() for value in values)


class PersonalDataMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if nik_in_query(request):
            return self._refuse(request, api=api)
        response = self.get_response(request)
        view = getattr(request, "_sinergi_personal", None)
        if view is not None:
            view.announce(purpose=Purpose.API if api else Purpose.VIEW, request=request)
            response["Cache-Control"] = "no-store"
        return response

    def _refuse(self, request: HttpRequest, *, api: bool) -> HttpResponse:
        if api:
            return problem(
                status=400,
                title=_("NIK in the URL"),
                detail=_(
                    "A NIK must not be put in a URL, where access logs keep it. Send it in the body of "
                    "POST /api/v1/persons/search."
                ),
            )
        response = render(request, "privacy/nik_in_url.html", status=400)
        response["Cache-Control"] = "no-store"
        return response
