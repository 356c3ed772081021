"""A cooperative's officers (pengurus, pengawas, pengelola) and its member list: add and remove, configured on
the generic related-row pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.models import User
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.forms import MemberForm, OfficerForm
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.views.cooperatives import CooperativeDetail
from sinergi.core.views import RelatedAdd, RelatedRemove
from sinergi.registry.models import Person
from sinergi.registry.selectors import persons_visible
from sinergi.registry.selectors.pages import person_by_nik

# A person's page number is at most this many digits; a NIK has 16.
_MAX_ID_DIGITS = 12


def _person(*, user: User, text: str) -> Person:
    """A person the user may see, by NIK (16 digits) or by their number; a field error otherwise."""
    person: Person | None = None
    if len(text) == 16:
        person = person_by_nik(user=user, nik=text)
    elif text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        person = persons_visible(user=user).filter(pk=int(text)).first()
    if person is None:
        raise ValidationError({"person": _("No person you may see has this NIK or number.")})
    return person


def _row_data(form: Any, user: User) -> dict[str, Any]:
    person = _person(user=user, text=form.cleaned_data["person"])
    return {k: v for k, v in form.cleaned_data.items() if k != "person"} | {"person_id": person.pk}


class _CooperativeRowAdd(RelatedAdd):
    detail = CooperativeDetail
    refused_on = "person"

    def check(self, parent: Cooperative) -> None:
        services.require_cooperative_write(self.user, parent)


class OfficerAdd(_CooperativeRowAdd):
    form_class = OfficerForm
    form_name = "officer_form"
    tab = "officers"
    added = gettext_lazy("Officer added.")
    field_map = OfficerForm.FIELD_MAP

    def add(self, form: Any, parent: Cooperative) -> None:
        services.cooperative_officer_add(actor=self.user, cooperative=parent, data=_row_data(form, self.user))


class MemberAdd(_CooperativeRowAdd):
    form_class = MemberForm
    form_name = "member_form"
    tab = "members"
    added = gettext_lazy("Member added.")
    field_map = MemberForm.FIELD_MAP

    def add(self, form: Any, parent: Cooperative) -> None:
        services.cooperative_member_add(actor=self.user, cooperative=parent, data=_row_data(form, self.user))


class OfficerRemove(RelatedRemove):
    detail = CooperativeDetail
    tab = "officers"
    child_kwarg = "officer_pk"
    removed = gettext_lazy("Officer removed.")
    child_not_found = gettext_lazy("No such officer.")

    def children(self, parent: Cooperative) -> Any:
        return selectors.cooperative_officers(user=self.user, cooperative=parent)

    def remove(self, child: Any) -> None:
        services.cooperative_officer_remove(actor=self.user, officer=child)


class MemberRemove(RelatedRemove):
    detail = CooperativeDetail
    tab = "members"
    child_kwarg = "member_pk"
    removed = gettext_lazy("Member removed.")
    child_not_found = gettext_lazy("No such member.")

    def children(self, parent: Cooperative) -> Any:
        return selectors.cooperative_members(user=self.user, cooperative=parent)

    def remove(self, child: Any) -> None:
        services.cooperative_member_remove(actor=self.user, member=child)
