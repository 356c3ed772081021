"""Person pages: the detail page and the edit form (with the village picker)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.views import allowed
from sinergi.registry import selectors, services
from sinergi.registry.forms import PersonForm
from sinergi.registry.models import Person
from sinergi.registry.selectors.pages import history_rows
from sinergi.registry.views._base import VillageFormPage, _person_or_404, _user


def _may_edit_person(user: User, person: Person) -> bool:
    if user.role == Role.OWNER and user.person_id == person.pk:
        return True
    return allowed(require_region_write, user, person.desa_id)


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


class PersonEdit(VillageFormPage):
    form_class = PersonForm
    template_name = "registry/person/form.html"
    title_edit = gettext_lazy("Edit person")
    field_map = PersonForm.FIELD_MAP
    not_found = gettext_lazy("No such person.")

    def lookup(self, *, user: Any, pk: int) -> Person:
        return selectors.person_get(user=user, pk=pk)

    def check(self, obj: Person | None) -> None:
        if obj is None or not _may_edit_person(self.user, obj):
            raise PermissionDenied

    def initial(self, obj: Person) -> dict[str, Any]:
        fields = ("name", "sex", "birth_date", "phone", "address")
        return {f: getattr(obj, f) for f in fields} | {"nik": obj.nik or "", "desa": obj.desa_id}

    def save(self, form: Any, obj: Any | None) -> Person:
        assert obj is not None  # an edit page always has its record
        services.person_update(actor=self.user, person=obj, data=form.person_data())
        return obj

    def success_url(self, obj: Person) -> str:
        return reverse("person_detail", args=[obj.pk])

    def extra_context(self, form: Any, obj: Person | None) -> dict[str, Any]:
        return {"person": obj, "picker": self.picker_context(form)}
