"""Account pages: sign-in and sign-out (Django's views with our templates) and the user's API tokens."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts import services
from sinergi.accounts.forms import ApiTokenForm
from sinergi.accounts.models import ApiToken, User


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _tokens(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    raw: str | None = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, raw = services.api_token_create(actor=user, user=user, name=form.cleaned_data["name"])
            # Shown in this response only: never put in a message, a cookie or the session.
            form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    response = render(request, "accounts/api_tokens.html", {"form": form, "tokens": _tokens(user), "raw_token": raw})
    if raw:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404(_("No such token."))
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens")
