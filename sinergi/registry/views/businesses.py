"""Dashboard, business list and exports, business detail, create and edit, the region picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.accounts.access import can_edit_registry
from sinergi.registry import exports, selectors, services
from sinergi.registry.forms import (
    BusinessCreateForm,
    BusinessFilterForm,
    BusinessForm,
    apply_service_errors,
)
from sinergi.registry.models import Business, Scale
from sinergi.registry.selectors.pages import (
    history_rows,
    person_by_nik,
)
from sinergi.registry.views._base import (
    BUSINESS_TABS,
    HISTORY_PAGE_SIZE,
    HtmxHttpRequest,
    _allowed,
    _business_or_404,
    _percent_bars,
    _picker,
    _Rollback,
    _saved,
    _user,
    _with_picked_village,
)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.dashboard_counts(user=_user(request))
    scale_labels = dict(Scale.choices)
    context = {
        "counts": counts,
        "by_region": _percent_bars([(f"{code} {name}", n) for code, name, n in counts.by_region]),
        "by_cluster": _percent_bars([(str(name), n) for name, n in counts.by_cluster]),
        "by_scale": _percent_bars([(str(scale_labels.get(s, _("Not yet classified"))), n) for s, n in counts.by_scale]),
        "legality": _percent_bars(
            [
                (_("Formal (has NIB)"), counts.formal),
                (_("Halal certified"), counts.halal),
                (_("Documents expiring within 90 days"), counts.expiring),
            ]
        ),
    }
    return render(request, "registry/home.html", context)


@login_required
@require_GET
def business_list(request: HtmxHttpRequest) -> HttpResponse:
    user = _user(request)
    form = BusinessFilterForm(request.GET, user=user)
    form.is_valid()
    page = Paginator(selectors.business_list(user=user, filters=form.to_filter()), settings.SINERGI_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "can_create": can_edit_registry(user)}
    # htmx asks for the results only when a filter changes; a plain GET, or htmx restoring a page from history
    # after Back, gets the whole page. Vary keeps a cache from serving one in place of the other.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "registry/business/_results.html" if partial else "registry/business/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _export(request: HttpRequest, *, build: Callable[..., HttpResponseBase]) -> HttpResponseBase:
    user = _user(request)
    form = BusinessFilterForm(request.GET, user=user)
    back = reverse("business_list") + ("?" + request.GET.urlencode() if request.GET else "")
    if not form.is_valid():
        messages.error(request, _("Correct the filter before exporting."))
        return redirect(back)
    queryset = selectors.business_list(user=user, filters=form.to_filter())
    total = queryset.count()
    limit = settings.SINERGI_EXPORT_MAX_ROWS
    if total > limit:
        messages.error(
            request,
            _("The filter matches %(total)s businesses; an export holds at most %(limit)s. Narrow the filter.")
            % {"total": f"{total:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")},
        )
        return redirect(back)
    return build(queryset=queryset)


@login_required
@require_GET
def business_export_csv(request: HttpRequest) -> HttpResponseBase:
    return _export(request, build=exports.business_csv_response)


@login_required
@require_GET
def business_export_xlsx(request: HttpRequest) -> HttpResponseBase:
    return _export(request, build=exports.business_xlsx_response)


# --- business detail and forms ------------------------------------------------------------------------


@login_required
@require_GET
def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    business = _business_or_404(request, pk)
    tab = request.GET.get("tab", "data")
    tab = tab if tab in BUSINESS_TABS else "data"
    context: dict[str, Any] = {
        "business": business,
        "tab": tab,
        "tabs": [
            ("data", _("Data")),
            ("owner", _("Owner")),
            ("years", _("Yearly figures")),
            ("documents", _("Legal documents")),
            ("associations", _("Associations")),
            ("history", _("History")),
        ],
        "can_edit": _allowed(services.require_business_write, user, business),
    }
    if tab == "years":
        context["years"] = selectors.business_years(business=business)
    elif tab == "documents":
        context["documents"] = selectors.business_documents(business=business)
    elif tab == "associations":
        context["associations"] = selectors.associations_visible(user=user).filter(memberships__business=business)
    elif tab == "history":
        page = Paginator(selectors.business_history(business=business), HISTORY_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["history_page"] = page
        context["history"] = history_rows(entries=list(page))
    return render(request, "registry/business/detail.html", context)


def _business_form_context(request: HttpRequest, form: BusinessForm, **extra: Any) -> dict[str, Any]:
    desa = str(form["desa"].value() or "")
    source = request.POST if request.method == "POST" else None
    return {
        "form": form,
        "picker": _picker(request, desa_code=desa, errors=form["desa"].errors, source=source),
        **extra,
    }


def _save_new_business(request: HttpRequest, form: BusinessCreateForm) -> Business | None:
    """Owner and business in one transaction: any error from either step leaves nothing behind."""
    user = _user(request)
    d = form.cleaned_data
    # Read both payloads first: form.add_error drops a field from cleaned_data, so an owner error on the
    # shared village field would otherwise leave the business without one.
    owner_data = form.owner_data()
    business_data = form.business_data()
    business: Business | None = None
    try:
        with transaction.atomic():
            owner_id: int | None = None
            if d["owner_existing_nik"] and form.has_new_owner():
                form.add_error(
                    "owner_existing_nik", _("Give an existing owner's NIK or a new owner's details, not both.")
                )
            elif d["owner_existing_nik"]:
                person = person_by_nik(user=user, nik=d["owner_existing_nik"])
                if person is None:
                    form.add_error("owner_existing_nik", _("No person you may see has this NIK."))
                else:
                    owner_id = person.pk
            elif form.has_new_owner():
                try:
                    owner_id = services.person_create(actor=user, data=owner_data).pk
                except ValidationError as exc:
                    apply_service_errors(form, exc, field_map=form.OWNER_FIELD_MAP)
            # The business is validated even when the owner failed, so every error shows in one round trip.
            try:
                business = services.business_create(actor=user, data={**business_data, "owner_id": owner_id})
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map=form.FIELD_MAP)
            if form.errors:
                raise _Rollback
    except _Rollback:
        return None
    except PermissionDenied as exc:
        form.add_error("desa", str(exc))
        return None
    return business


@login_required
@require_http_methods(["GET", "POST"])
def business_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_registry(_user(request)):
        raise PermissionDenied
    if request.method == "POST":
        form = BusinessCreateForm(_with_picked_village(request.POST))
        if form.is_valid():
            business = _save_new_business(request, form)
            if business is not None:
                messages.success(request, _("Business “%(name)s” registered.") % {"name": business.name})
                return redirect("business_detail", pk=business.pk)
    else:
        form = BusinessCreateForm()
    return render(request, "registry/business/form.html", _business_form_context(request, form, creating=True))


@login_required
@require_http_methods(["GET", "POST"])
def business_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    business = _business_or_404(request, pk)
    services.require_business_write(user, business)
    if request.method == "POST":
        form = BusinessForm(_with_picked_village(request.POST))
        data = form.business_data() if form.is_valid() else None
        if data is not None and _saved(
            form, lambda: services.business_update(actor=user, business=business, data=data)
        ):
            messages.success(request, _("Changes saved."))
            return redirect("business_detail", pk=business.pk)
    else:
        form = BusinessForm(
            initial={
                "name": business.name,
                "desa": business.desa_id,
                "address": business.address,
                "kbli": business.kbli,
                "cluster": str(business.cluster_id or ""),
                "workforce": business.workforce,
                "founded_on": business.founded_on,
                "latitude": business.latitude,
                "longitude": business.longitude,
            }
        )
    return render(request, "registry/business/form.html", _business_form_context(request, form, business=business))


@login_required
@require_GET
def region_picker_view(request: HttpRequest) -> HttpResponse:
    """The cascading village selects, re-rendered by htmx when one of them changes."""
    context = _picker(request, desa_code=request.GET.get("desa", "").strip(), source=request.GET)
    return render(request, "registry/_region_picker.html", {"picker": context})
