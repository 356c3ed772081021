"""Association pages: board and members."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.registry import selectors, services
from sinergi.registry.forms import (
    BoardMemberForm,
    MemberForm,
    apply_service_errors,
)
from sinergi.registry.models import Association, Business
from sinergi.registry.page_selectors import (
    association_history,
    history_rows,
    person_by_nik,
)
from sinergi.registry.views._base import (
    ASSOCIATION_TABS,
    HISTORY_PAGE_SIZE,
    _allowed,
    _association_or_404,
    _user,
)


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
