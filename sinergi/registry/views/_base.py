"""Shared by the registry pages: tab names, request helpers, record look-ups that answer 404."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.views import FormPage, found_or_404
from sinergi.registry import selectors
from sinergi.registry.models import Association, Business, LegalDocument, Person
from sinergi.registry.selectors.pages import (
    picks_for_code,
    region_picker,
)


class _Rollback(Exception):
    """Raised inside a transaction to undo a half-done multi-step save when any step reported errors."""


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _business_or_404(request: HttpRequest, pk: int) -> Business:
    return found_or_404(lambda: selectors.business_get(user=_user(request), pk=pk), _("No such business."))


def _person_or_404(request: HttpRequest, pk: int) -> Person:
    return found_or_404(lambda: selectors.person_get(user=_user(request), pk=pk), _("No such person."))


def _association_or_404(request: HttpRequest, pk: int) -> Association:
    return found_or_404(lambda: selectors.association_get(user=_user(request), pk=pk), _("No such association."))


def _document_or_404(request: HttpRequest, pk: int) -> LegalDocument:
    return found_or_404(lambda: selectors.document_get(user=_user(request), pk=pk), _("No such document."))


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


class VillageFormPage(FormPage):
    """A form page with the cascading village picker: the picked village stands in for an empty code, and a
    refusal for the region lands on the village field."""

    refused_on = "desa"

    def form_for(self) -> type[forms.Form]:
        return self.form_class

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> forms.Form:
        form_class = self.form_for()
        if data is not None:
            return form_class(_with_picked_village(data))
        return form_class(initial=self.initial(obj) if obj is not None else None)

    def picker_context(self, form: forms.Form) -> dict[str, Any]:
        source = self.request.POST if self.request.method == "POST" else None
        desa = str(form["desa"].value() or "")
        return _picker(self.request, desa_code=desa, errors=form["desa"].errors, source=source)
