"""Account pages: sign-in and sign-out (Django's views with our templates) and the user's API tokens."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts.forms import ApiTokenForm
from sinergi.accounts.models import ApiToken, User
from sinergi.accounts.services import api_token_create
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _tokens(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


@transaction.atomic
def _api_token_revoke(*, actor: User, token: ApiToken) -> None:
    # accounts.services has no revoke yet; this stays here, logged like a service write, until it does.
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return
    before = snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    # Only changed fields are logged, so the key hash (which never changes) stays out of the log.
    record_change(actor=actor, instance=token, action=ChangeAction.UPDATE, before=before, after=snapshot(token))


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    raw: str | None = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, raw = api_token_create(actor=user, user=user, name=form.cleaned_data["name"])
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
    _api_token_revoke(actor=user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens")
