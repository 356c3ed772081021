"""Account pages: sign-in and sign-out (Django's views with our templates), the user's profile and password,
the user's API tokens, and the settings of the user's office."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts import selectors, services
from sinergi.accounts.access import require_api_tokens
from sinergi.accounts.forms import ApiTokenForm, OfficeRegionForm, OfficeSettingsForm, ProfileForm
from sinergi.accounts.models import ApiToken, User, rule_set_choices
from sinergi.core.forms import apply_service_errors
from sinergi.core.views import FormPage, opens_for


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    """Pages from now on in ``language`` (the cookie the ID/EN switch sets)."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


class SignIn(auth_views.LoginView):
    """Django's sign-in, then the pages in the language the user chose on the profile page."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        return _with_language(response, getattr(form.get_user(), "language", ""))


class Profile(FormPage):
    """The signed-in user's own name, email, phone and language."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"
    title_edit = gettext_lazy("My profile")
    saved_edit = gettext_lazy("Profile saved.")
    pk_kwarg = "me"  # no pk in the URL: the record is always the user's own

    @property
    def creating(self) -> bool:
        return False

    def get_object(self) -> User:
        return _user(self.request)

    def initial(self, obj: Any) -> dict[str, Any]:
        return {
            **{name: getattr(obj, name) for name in services.PROFILE_FIELDS},
            "language": obj.language or "id",
        }

    def save(self, form: Any, obj: Any) -> User:
        saved = services.profile_update(actor=_user(self.request), user=obj, **form.cleaned_data)
        self.saved_language = saved.language
        return saved

    def success_url(self, obj: Any) -> str:
        return reverse("profile")

    def cancel_url(self, obj: Any | None) -> str:
        return reverse("home")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            _with_language(response, getattr(self, "saved_language", ""))
        return response

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {"password_url": reverse("password_change")}


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the validators of settings) on our page."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        messages.success(self.request, _("Password changed."))
        return reverse("profile")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _tokens(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


@opens_for(require_api_tokens)
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


@opens_for(require_api_tokens)
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
                chosen = {name: value for name, value in form.cleaned_data.items() if value is not None}
                services.office_settings_update(actor=user, region_code=code, **chosen)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Office settings saved. Scores already made keep their rule set."))
                return redirect(reverse("accounts:office-settings") + "?" + urlencode({"region": code}))
    else:
        form = OfficeSettingsForm(initial={name: getattr(current, name) for name in OfficeSettingsForm.base_fields})
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
