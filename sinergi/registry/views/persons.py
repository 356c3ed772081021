"""Person pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.registry import selectors, services
from sinergi.registry.forms import (
    PersonForm,
)
from sinergi.registry.models import Person
from sinergi.registry.page_selectors import history_rows
from sinergi.registry.views._base import (
    _allowed,
    _person_or_404,
    _picker,
    _saved,
    _user,
    _with_picked_village,
)


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
        data = form.person_data() if form.is_valid() else None
        if data is not None and _saved(form, lambda: services.person_update(actor=user, person=person, data=data)):
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
