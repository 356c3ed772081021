"""A cooperative's officers (pengurus, pengawas, pengelola) and its member list: add and remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.models import User
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.forms import MemberForm, OfficerForm
from sinergi.cooperatives.views._base import _cooperative_or_404, _saved, _user
from sinergi.cooperatives.views.cooperatives import cooperative_page
from sinergi.registry.models import Person
from sinergi.registry.page_selectors import person_by_nik
from sinergi.registry.selectors import persons_visible

# A person's page number is at most this many digits; a NIK has 16.
_MAX_ID_DIGITS = 12


def _person(*, user: User, text: str) -> Person | None:
    """A person the user may see, by NIK (16 digits) or by their number."""
    if len(text) == 16:
        return person_by_nik(user=user, nik=text)
    if text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return persons_visible(user=user).filter(pk=int(text)).first()
    return None


def _tab_url(pk: int, tab: str) -> str:
    return reverse("cooperative_detail", args=[pk]) + f"?tab={tab}"


@login_required
@require_POST
def cooperative_officer_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cooperative = _cooperative_or_404(request, pk)
    services.require_cooperative_write(user, cooperative)
    form = OfficerForm(request.POST)
    if form.is_valid():
        person = _person(user=user, text=form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("No person you may see has this NIK or number."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "person"} | {"person_id": person.pk}
            if _saved(
                form,
                lambda: services.cooperative_officer_add(actor=user, cooperative=cooperative, data=data),
                field_map=form.FIELD_MAP,
                refused_on="person",
            ):
                messages.success(request, _("Officer added."))
                return redirect(_tab_url(cooperative.pk, "officers"))
    return cooperative_page(request, cooperative, tab="officers", officer_form=form)


@login_required
@require_POST
def cooperative_officer_remove(request: HttpRequest, pk: int, officer_pk: int) -> HttpResponse:
    user = _user(request)
    cooperative = _cooperative_or_404(request, pk)
    officer = selectors.cooperative_officers(user=user, cooperative=cooperative).filter(pk=officer_pk).first()
    if officer is None:
        raise Http404(_("No such officer."))
    services.cooperative_officer_remove(actor=user, officer=officer)
    messages.success(request, _("Officer removed."))
    return redirect(_tab_url(cooperative.pk, "officers"))


@login_required
@require_POST
def cooperative_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cooperative = _cooperative_or_404(request, pk)
    services.require_cooperative_write(user, cooperative)
    form = MemberForm(request.POST)
    if form.is_valid():
        person = _person(user=user, text=form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("No person you may see has this NIK or number."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "person"} | {"person_id": person.pk}
            if _saved(
                form,
                lambda: services.cooperative_member_add(actor=user, cooperative=cooperative, data=data),
                field_map=form.FIELD_MAP,
                refused_on="person",
            ):
                messages.success(request, _("Member added."))
                return redirect(_tab_url(cooperative.pk, "members"))
    return cooperative_page(request, cooperative, tab="members", member_form=form)


@login_required
@require_POST
def cooperative_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user = _user(request)
    cooperative = _cooperative_or_404(request, pk)
    member = selectors.cooperative_members(user=user, cooperative=cooperative).filter(pk=member_pk).first()
    if member is None:
        raise Http404(_("No such member."))
    services.cooperative_member_remove(actor=user, member=member)
    messages.success(request, _("Member removed."))
    return redirect(_tab_url(cooperative.pk, "members"))
