"""Association pages — list, detail (board, members, history), add and remove a board member or a member
business — as configuration of the generic pages in sinergi.core.views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import require_association_access
from sinergi.core.views import DetailPage, ListPage, RelatedAdd, RelatedRemove, Tab, allowed, history_tab
from sinergi.registry import selectors, services, tables
from sinergi.registry.forms import BoardMemberForm, MemberForm
from sinergi.registry.models import Association, Business
from sinergi.registry.selectors.pages import association_history, person_by_nik


class AssociationList(ListPage):
    title = gettext_lazy("Associations")
    access = require_association_access
    count_label = gettext_lazy("associations")
    empty = gettext_lazy("No associations in your regions yet.")
    table = tables.ASSOCIATIONS

    def queryset(self, *, filters: Any) -> QuerySet[Association]:
        return selectors.associations_visible(user=self.user).order_by("name", "pk")


class AssociationDetail(DetailPage):
    template_name = "registry/association/detail.html"
    object_name = "association"
    detail_url = "association_detail"
    not_found = gettext_lazy("No such association.")
    tabs = (
        Tab("board", gettext_lazy("Board"), "registry/association/_board.html"),
        Tab("members", gettext_lazy("Members"), "registry/association/_members.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Association:
        return selectors.association_get(user=user, pk=pk)

    def header_context(self, obj: Association) -> dict[str, Any]:
        return {"can_edit": allowed(services.require_association_write, self.user, obj)}

    def board_context(self, obj: Association) -> dict[str, Any]:
        return {"board": selectors.association_board(association=obj), "board_form": BoardMemberForm()}

    def members_context(self, obj: Association) -> dict[str, Any]:
        return {
            "members": selectors.association_members(user=self.user, association=obj),
            "member_form": MemberForm(),
        }

    def history(self, obj: Association) -> Any:
        return association_history(association=obj)


class BoardAdd(RelatedAdd):
    detail = AssociationDetail
    form_class = BoardMemberForm
    form_name = "board_form"
    tab = "board"
    added = gettext_lazy("Board member added.")

    def check(self, parent: Association) -> None:
        services.require_association_write(self.user, parent)

    def add(self, form: Any, parent: Association) -> None:
        person = person_by_nik(user=self.user, nik=form.cleaned_data["person_nik"])
        if person is None:
            raise ValidationError({"person_nik": _("No person you may see has this NIK.")})
        services.association_board_add(
            actor=self.user,
            association=parent,
            person=person,
            role=form.cleaned_data["role"],
            term_start=form.cleaned_data["term_start"],
            term_end=form.cleaned_data["term_end"],
        )


class BoardRemove(RelatedRemove):
    detail = AssociationDetail
    tab = "board"
    child_kwarg = "seat_pk"
    removed = gettext_lazy("Board member removed.")
    child_not_found = gettext_lazy("No such board member.")

    def children(self, parent: Association) -> Any:
        return selectors.association_board(association=parent)

    def remove(self, child: Any) -> None:
        services.association_board_remove(actor=self.user, seat=child)


class MemberAdd(RelatedAdd):
    detail = AssociationDetail
    form_class = MemberForm
    form_name = "member_form"
    tab = "members"
    added = gettext_lazy("Member added.")
    refused_on = "business"

    def check(self, parent: Association) -> None:
        services.require_association_write(self.user, parent)

    def add(self, form: Any, parent: Association) -> None:
        try:
            business = selectors.business_get(user=self.user, pk=form.cleaned_data["business"])
        except Business.DoesNotExist:
            raise ValidationError({"business": _("No business you may see has this number.")}) from None
        services.association_member_add(
            actor=self.user, association=parent, business=business, joined_on=form.cleaned_data["joined_on"]
        )


class MemberRemove(RelatedRemove):
    detail = AssociationDetail
    tab = "members"
    child_kwarg = "membership_pk"
    removed = gettext_lazy("Member removed.")
    child_not_found = gettext_lazy("No such member.")

    def children(self, parent: Association) -> Any:
        return selectors.association_members(user=self.user, association=parent)

    def remove(self, child: Any) -> None:
        services.association_member_remove(actor=self.user, membership=child)
