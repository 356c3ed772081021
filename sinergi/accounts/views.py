"""Account pages: sign-in and sign-out (Django's views with our templates), the user's API tokens, and the
settings of the user's office."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts import selectors, services
from sinergi.accounts.forms import ApiTokenForm, OfficeRegionForm, OfficeSettingsForm
from sinergi.accounts.models import ApiToken, User, rule_set_choices
from sinergi.core.forms import apply_service_errors


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
    context = {
        "form": form,
        "tokens": _tokens(user),
        "raw_token": raw,
        "manages_office": bool(selectors.office_regions(user)),
    }
    response = render(request, "accounts/api_tokens.html", context)
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


@login_required
@require_http_methods(["GET", "POST"])
def office_settings(request: HttpRequest) -> HttpResponse:
    """An office's settings: administrators pick the office; province and kabupaten/kota officers see their own
    region's (403 for anyone else, and for another region's office)."""
    user = _user(request)
    regions = selectors.office_regions(user)
    if not regions:
        raise PermissionDenied(_("Only administrators and the office's own officers may change its settings."))
    code = request.POST.get("region") or request.GET.get("region") or regions[0][0]
    if code not in dict(regions):
        raise PermissionDenied(_("You may not change the settings of the office of region %(code)s.") % {"code": code})
    current = selectors.office_settings_for(code)
    if request.method == "POST":
        form = OfficeSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.office_settings_update(actor=user, region_code=code, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Office settings saved. Scores already made keep their rule set."))
                return redirect(reverse("accounts:office-settings") + "?" + urlencode({"region": code}))
    else:
        form = OfficeSettingsForm(initial={"health_rule_set": current.health_rule_set})
    context = {
        "picker": OfficeRegionForm(initial={"region": code}, regions=regions) if len(regions) > 1 else None,
        "form": form,
        "region_code": code,
        "region_name": dict(regions)[code],
        "own": current.region_id == code,
        "inherited_from": current.region_id or "",
        "current_label": dict(rule_set_choices()).get(current.health_rule_set, current.health_rule_set),
        "next": f"{reverse('accounts:office-settings')}?{urlencode({'region': code})}",
    }
    return render(request, "accounts/office_settings.html", context, status=400 if form.errors else 200)
