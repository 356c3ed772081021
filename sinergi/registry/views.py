"""Registry pages. Views stay thin: they read through the region-scoped selectors, write through the
services, and translate "not visible" into 404 and "not allowed" into 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from sinergi.accounts.access import can_edit_registry, require_region_write
from sinergi.accounts.models import Role, User
from sinergi.registry import exports, selectors, services
from sinergi.registry.forms import (
    BoardMemberForm,
    BusinessCreateForm,
    BusinessFilterForm,
    BusinessForm,
    DocumentForm,
    MemberForm,
    PersonForm,
    YearForm,
    apply_service_errors,
)
from sinergi.registry.models import Association, Business, LegalDocument, Person, Scale
from sinergi.registry.page_selectors import (
    association_history,
    history_rows,
    person_by_nik,
    picks_for_code,
    region_picker,
)

BUSINESS_TABS = ("data", "owner", "years", "documents", "associations", "history")
ASSOCIATION_TABS = ("board", "members", "history")
HISTORY_PAGE_SIZE = 25


class HtmxHttpRequest(HttpRequest):
    """A request after django-htmx's middleware, which adds ``htmx``."""

    htmx: HtmxDetails


class _Rollback(Exception):
    """Raised inside a transaction to undo a half-done multi-step save when any step reported errors."""


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def _business_or_404(request: HttpRequest, pk: int) -> Business:
    try:
        return selectors.business_get(user=_user(request), pk=pk)
    except Business.DoesNotExist:
        # 404, not 403: a record outside the user's regions must not reveal that it exists.
        raise Http404(_("No such business.")) from None


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    try:
        return selectors.person_get(user=_user(request), pk=pk)
    except Person.DoesNotExist:
        raise Http404(_("No such person.")) from None


def _association_or_404(request: HttpRequest, pk: int) -> Association:
    try:
        return selectors.association_get(user=_user(request), pk=pk)
    except Association.DoesNotExist:
        raise Http404(_("No such association.")) from None


def _document_or_404(request: HttpRequest, pk: int) -> LegalDocument:
    try:
        return selectors.document_get(user=_user(request), pk=pk)
    except LegalDocument.DoesNotExist:
        raise Http404(_("No such document.")) from None


def _with_picked_village(data: QueryDict) -> QueryDict:
    """Without JavaScript the village select is submitted as it is; use it when the code box is empty."""
    if data.get("desa") or not data.get("pick_4"):
        return data
    data = data.copy()
    data["desa"] = data.get("pick_4", "")
    return data


def _picker(
    request: HttpRequest, *, desa_code: str, errors: Any = None, source: QueryDict | None = None
) -> dict[str, Any]:
    picks = {level: source.get(f"pick_{level}", "") for level in (1, 2, 3, 4)} if source else {}
    if not any(picks.values()):
        picks = picks_for_code(desa_code)
    levels, code = region_picker(user=_user(request), picks=picks, desa_code=desa_code)
    return {"levels": levels, "desa_code": code, "desa_errors": errors or []}


def _percent_bars(rows: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    top = max((n for _label, n in rows), default=0) or 1
    return [(label, n, round(100 * n / top)) for label, n in rows]


# --- dashboard and list -------------------------------------------------------------------------------


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
        if form.is_valid():
            try:
                services.business_update(actor=user, business=business, data=form.business_data())
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map=form.FIELD_MAP)
            except PermissionDenied as exc:
                form.add_error("desa", str(exc))
            else:
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


# --- documents and yearly figures ---------------------------------------------------------------------


def _document_page(request: HttpRequest, *, business: Business, document: LegalDocument | None = None) -> HttpResponse:
    user = _user(request)
    services.require_business_write(user, business)
    if request.method == "POST":
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                if document is None:
                    services.legal_document_create(actor=user, business=business, data=form.cleaned_data)
                else:
                    services.legal_document_update(actor=user, document=document, data=form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Document saved."))
                return redirect(reverse("business_detail", args=[business.pk]) + "?tab=documents")
    elif document is not None:
        form = DocumentForm(initial={f: getattr(document, f) for f in services.DOCUMENT_FIELDS})
    else:
        form = DocumentForm()
    return render(request, "registry/document/form.html", {"form": form, "business": business, "document": document})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _document_page(request, business=_business_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    return _document_page(request, business=document.business, document=document)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    business = document.business
    services.require_business_write(_user(request), business)
    if request.method == "POST":
        services.legal_document_delete(actor=_user(request), document=document)
        messages.success(request, _("Document deleted."))
        return redirect(reverse("business_detail", args=[business.pk]) + "?tab=documents")
    return render(request, "registry/document/delete.html", {"document": document, "business": business})


@login_required
@require_http_methods(["GET", "POST"])
def year_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    business = _business_or_404(request, pk)
    services.require_business_write(user, business)
    if request.method == "POST":
        form = YearForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.business_year_set(
                    actor=user,
                    business=business,
                    year=d["year"],
                    modal_usaha=d["modal_usaha"],
                    annual_sales=d["annual_sales"],
                    workforce=d["workforce"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Yearly figures saved."))
                return redirect(reverse("business_detail", args=[business.pk]) + "?tab=years")
    else:
        form = YearForm()
    return render(request, "registry/business/year_form.html", {"form": form, "business": business})


# --- persons ------------------------------------------------------------------------------------------


def _may_edit_person(user: User, person: Person) -> bool:
    if user.role == Role.OWNER and user.person_id == person.pk:
        return True
    return _allowed(require_region_write, user, person.desa_id)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person_or_404(request, pk)
    businesses = selectors.businesses_visible(user=user).filter(owner=person).select_related("desa", "cluster")
    context = {
        "person": person,
        "businesses": businesses,
        "can_edit": _may_edit_person(user, person),
        "history": history_rows(entries=list(selectors.record_history(instance=person)[:50])),
    }
    return render(request, "registry/person/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person_or_404(request, pk)
    if not _may_edit_person(user, person):
        raise PermissionDenied
    if request.method == "POST":
        form = PersonForm(_with_picked_village(request.POST))
        if form.is_valid():
            try:
                services.person_update(actor=user, person=person, data=form.person_data())
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map=form.FIELD_MAP)
            except PermissionDenied as exc:
                form.add_error("desa", str(exc))
            else:
                messages.success(request, _("Changes saved."))
                return redirect("person_detail", pk=person.pk)
    else:
        form = PersonForm(
            initial={
                "name": person.name,
                "nik": person.nik or "",
                "sex": person.sex,
                "birth_date": person.birth_date,
                "phone": person.phone,
                "address": person.address,
                "desa": person.desa_id,
            }
        )
    desa = str(form["desa"].value() or "")
    picker = _picker(
        request, desa_code=desa, errors=form["desa"].errors, source=request.POST if request.method == "POST" else None
    )
    return render(request, "registry/person/form.html", {"form": form, "person": person, "picker": picker})


# --- associations -------------------------------------------------------------------------------------


@login_required
@require_GET
def association_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.associations_visible(user=_user(request)), settings.SINERGI_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "registry/association/list.html", {"page": page})


def _association_page(
    request: HttpRequest,
    association: Association,
    *,
    tab: str | None = None,
    board_form: BoardMemberForm | None = None,
    member_form: MemberForm | None = None,
) -> HttpResponse:
    user = _user(request)
    tab = tab or request.GET.get("tab", "board")
    tab = tab if tab in ASSOCIATION_TABS else "board"
    context: dict[str, Any] = {
        "association": association,
        "tab": tab,
        "tabs": [("board", _("Board")), ("members", _("Members")), ("history", _("History"))],
        "can_edit": _allowed(services.require_association_write, user, association),
    }
    if tab == "board":
        context["board"] = selectors.association_board(association=association)
        context["board_form"] = board_form or BoardMemberForm()
    elif tab == "members":
        context["members"] = selectors.association_members(user=user, association=association)
        context["member_form"] = member_form or MemberForm()
    else:
        page = Paginator(association_history(association=association), HISTORY_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["history_page"] = page
        context["history"] = history_rows(entries=list(page))
    status = 400 if (board_form and board_form.errors) or (member_form and member_form.errors) else 200
    return render(request, "registry/association/detail.html", context, status=status)


@login_required
@require_GET
def association_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _association_page(request, _association_or_404(request, pk))


@login_required
@require_POST
def board_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    association = _association_or_404(request, pk)
    services.require_association_write(user, association)
    form = BoardMemberForm(request.POST)
    if form.is_valid():
        person = person_by_nik(user=user, nik=form.cleaned_data["person_nik"])
        if person is None:
            form.add_error("person_nik", _("No person you may see has this NIK."))
        else:
            try:
                services.association_board_add(
                    actor=user,
                    association=association,
                    person=person,
                    role=form.cleaned_data["role"],
                    term_start=form.cleaned_data["term_start"],
                    term_end=form.cleaned_data["term_end"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Board member added."))
                return redirect("association_detail", pk=association.pk)
    return _association_page(request, association, tab="board", board_form=form)


@login_required
@require_POST
def board_remove(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    user = _user(request)
    association = _association_or_404(request, pk)
    seat = selectors.association_board(association=association).filter(pk=seat_pk).first()
    if seat is None:
        raise Http404(_("No such board member."))
    services.association_board_remove(actor=user, seat=seat)
    messages.success(request, _("Board member removed."))
    return redirect("association_detail", pk=association.pk)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    association = _association_or_404(request, pk)
    services.require_association_write(user, association)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            business = selectors.business_get(user=user, pk=form.cleaned_data["business"])
        except Business.DoesNotExist:
            form.add_error("business", _("No business you may see has this number."))
        else:
            try:
                services.association_member_add(
                    actor=user, association=association, business=business, joined_on=form.cleaned_data["joined_on"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("business", str(exc))
            else:
                messages.success(request, _("Member added."))
                return redirect(reverse("association_detail", args=[association.pk]) + "?tab=members")
    return _association_page(request, association, tab="members", member_form=form)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    user = _user(request)
    association = _association_or_404(request, pk)
    membership = selectors.association_members(user=user, association=association).filter(pk=membership_pk).first()
    if membership is None:
        raise Http404(_("No such member."))
    services.association_member_remove(actor=user, membership=membership)
    messages.success(request, _("Member removed."))
    return redirect(reverse("association_detail", args=[association.pk]) + "?tab=members")
