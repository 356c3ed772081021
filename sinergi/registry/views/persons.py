"""Person pages: the detail page and the edit form (with the village picker)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.history import history_rows
from sinergi.core.personal import nik_digits
from sinergi.core.views import allowed
from sinergi.registry import selectors, services
from sinergi.registry.forms import PersonForm
from sinergi.registry.models import Person
from sinergi.registry.personal import personal_view_of
from sinergi.registry.selectors.pages import person_by_nik
from sinergi.registry.views._base import VillageFormPage, _person_or_404, _user


class NikSearchForm(forms.Form):
    nik = forms.CharField(
        label=gettext_lazy("NIK"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=gettext_lazy(
            "16 digits; dots and spaces are ignored. The number is sent in the form, never in the address."
        ),
    )

    def clean_nik(self) -> str:
        digits = nik_digits(self.cleaned_data["nik"])
        if not (len(digits) == 16 and digits.isdigit()):
            raise forms.ValidationError(gettext_lazy("A NIK has 16 digits."))
        return digits


@login_required
@require_http_methods(["GET", "POST"])
def person_nik_search(request: HttpRequest) -> HttpResponse:
    """Search by NIK with the number in a POST body, so it never lands in a URL or an access log. The answer is the
    results page itself (no redirect: a redirect would need the NIK, or a token for it, in its address)."""
    form = NikSearchForm(request.POST if request.method == "POST" else None)
    results: list[tuple[Person, Any]] | None = None
    if form.is_valid():
        view = personal_view_of(request)
        found = person_by_nik(user=_user(request), nik=form.cleaned_data["nik"])
        results = [(found, view.facts(found))] if found is not None else []
        view.announce(purpose="search", request=request)
    response = render(request, "registry/person/nik_search.html", {"form": form, "results": results})
    response["Cache-Control"] = "no-store"
    return response


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
    view = personal_view_of(request)
    facts = view.facts(person)
    context = {
        "person": person,
        "personal": facts,
        "businesses": businesses,
        "can_edit": _may_edit_person(user, person),
        "history": history_rows(entries=list(selectors.record_history(instance=person)[:50]), full_personal=facts.full),
    }
    response = render(request, "registry/person/detail.html", context)
    view.announce(purpose="view", request=request)
    response["Cache-Control"] = "no-store"
    return response


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
