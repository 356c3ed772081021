"""Adding and removing a row under a record (a member of a cooperative) from the record's detail page."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import require_region_write
from sinergi.core.views.base import RecordPage, Text, service_saved
from sinergi.core.views.records import DetailPage

# --- add and remove a related row ---------------------------------------------------------------------------


class _ParentWrite(RecordPage):
    """The write check on the parent record. ``write_region`` names the parent's region attribute (``office_id``,
    ``desa_id``); the default check then refuses a user who may not write in that region. A page whose rule is
    another (the association's own officers, the business owner) overrides ``check``."""

    write_region: ClassVar[str] = ""

    def check(self, parent: Any) -> None:
        """Raise PermissionDenied when the user may not change the parent (the service checks again)."""
        if self.write_region:
            require_region_write(self.user, getattr(parent, self.write_region))


class RelatedAdd(_ParentWrite):
    """POST a form that adds a row under a parent record (a member to a cooperative). On errors the parent's
    detail page comes back on ``tab`` with the bound form as ``form_name``.

    Configure ``detail`` (the parent's DetailPage class), ``form_class``, ``form_name``, ``tab``, ``write_region`` or
    ``check(parent)``, ``add(form, parent)`` (call the service), ``added``."""

    detail: ClassVar[type[DetailPage]]
    form_class: ClassVar[type[forms.Form]]
    form_name: ClassVar[str] = "form"
    tab: ClassVar[str] = ""
    added: ClassVar[Text] = gettext_lazy("Added.")
    field_map: ClassVar[dict[str, str]] = {}
    refused_on: ClassVar[str | None] = ""
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]

    def make_form(self, data: Any, parent: Any) -> forms.Form:
        return self.form_class(data)

    def add(self, form: forms.Form, parent: Any) -> Any:
        """Call the service; a ValidationError lands on the form."""
        raise NotImplementedError

    def detail_object(self, parent: Any) -> Any:
        """The record whose detail page shows the form: the parent itself, unless the row sits deeper (a
        follow-up under a finding, shown on the inspection's page)."""
        return parent

    def added_url(self, parent: Any, result: Any) -> str:
        return _tab_url(self.detail, self.detail_object(parent), self.tab)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        parent = self.get_object()
        self.check(parent)
        form = self.make_form(request.POST, parent)
        result: list[Any] = []
        if form.is_valid() and service_saved(
            form, lambda: result.append(self.add(form, parent)), field_map=self.field_map, refused_on=self.refused_on
        ):
            messages.success(request, str(self.added))
            return redirect(self.added_url(parent, result[0]))
        page = self.detail()
        page.setup(request, *args, **kwargs)
        return page.render_page(self.detail_object(parent), tab=self.tab, forms={self.form_name: form})


class RelatedRemove(_ParentWrite):
    """POST that removes a row under a parent; the row is looked up among the parent's rows the user may see.

    Configure ``detail``, ``tab``, ``write_region`` or ``check(parent)``, ``child_kwarg``, ``children(parent)``
    (a scoped read; or ``child(parent, pk)``, None when not found), ``remove(child)`` (call the service),
    ``removed``, ``child_not_found``."""

    detail: ClassVar[type[DetailPage]]
    tab: ClassVar[str] = ""
    child_kwarg: ClassVar[str] = "child_pk"
    removed: ClassVar[Text] = gettext_lazy("Removed.")
    child_not_found: ClassVar[Text] = gettext_lazy("No such row.")
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]

    def children(self, parent: Any) -> QuerySet[Any]:
        """The parent's rows the user may see (a scoped selector); the removed row is looked up among them."""
        raise NotImplementedError

    def child(self, parent: Any, pk: int) -> Any | None:
        return self.children(parent).filter(pk=pk).first()

    def detail_object(self, parent: Any) -> Any:
        """The record whose detail page the remove leads back to (the parent itself by default)."""
        return parent

    def remove(self, child: Any) -> None:
        """Call the service; a ValidationError (the row is still needed) becomes the page's message."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        parent = self.get_object()
        self.check(parent)
        child = self.child(parent, int(self.kwargs[self.child_kwarg]))
        if child is None:
            raise Http404(str(self.child_not_found))
        try:
            self.remove(child)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(self.removed))
        return redirect(_tab_url(self.detail, self.detail_object(parent), self.tab))


def _tab_url(detail: type[DetailPage], parent: Any, tab: str) -> str:
    url = reverse(detail.detail_url, args=[parent.pk])
    return url + (f"?tab={tab}" if tab else "")
