"""The generic pages of one record: its detail page with tabs, its create/edit form, its delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.forms import form_fieldsets, localize_placeholders
from sinergi.core.history import history_rows
from sinergi.core.views.base import RecordPage, Text, service_saved

# --- detail with tabs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    """One tab of a detail page: its key in ``?tab=``, its label, the template drawn in it, and the name of the
    view's method that gives the tab's context (``<key>_context`` when not named)."""

    key: str
    label: Text
    template: str
    context: str = ""


HISTORY_PAGE_SIZE = 25


def history_tab() -> Tab:
    """The record's change log, a page at a time: the last tab of a detail page whose view has ``history``."""
    return Tab("history", gettext_lazy("History"), "core/_history.html")


class DetailPage(RecordPage):
    """A record's page with tabs. Configure ``tabs``, ``template_name`` (extends core/detail.html),
    ``object_name`` (the context name of the record) and one ``<tab>_context(obj)`` method per tab."""

    tabs: ClassVar[Sequence[Tab]] = ()
    template_name: ClassVar[str] = "core/detail.html"
    object_name: ClassVar[str] = "object"
    detail_url: ClassVar[str] = ""
    http_method_names: ClassVar[list[str]] = ["get", "head"]  # type: ignore[misc]

    def header_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def history(self, obj: Any) -> Any:
        """The record's change-log rows, newest first (a selector), for ``history_tab``."""
        raise NotImplementedError

    def history_full_personal(self, obj: Any) -> bool:
        """Whether the history shows personal data unmasked (the user's role needs it for this record)."""
        return False

    def history_context(self, obj: Any) -> dict[str, Any]:
        page = Paginator(self.history(obj), HISTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = history_rows(entries=list(page), full_personal=self.history_full_personal(obj))
        return {"history_page": page, "history": rows}

    @property
    def bound(self) -> dict[str, Any]:
        """The forms that came back with errors, by context name (empty on a plain GET)."""
        return getattr(self, "_bound", {})

    @bound.setter
    def bound(self, value: dict[str, Any]) -> None:
        self._bound = value

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(self.get_object())

    def render_page(self, obj: Any, *, tab: str = "", forms: dict[str, Any] | None = None) -> HttpResponse:
        """The page on one tab; a related-row form that failed comes back here bound, with its errors."""
        keys = [t.key for t in self.tabs]
        failed = {name: form for name, form in (forms or {}).items() if form is not None}
        self.bound = failed
        tab = tab or self.request.GET.get("tab", "")
        current = next((t for t in self.tabs if t.key == tab), self.tabs[0] if self.tabs else None)
        context: dict[str, Any] = {
            "view": self,
            "object": obj,
            self.object_name: obj,
            "tabs": [(t.key, t.label) for t in self.tabs],
            "tab": current.key if current else "",
            "tab_template": current.template if current else "",
            "tab_url": reverse(self.detail_url, args=[obj.pk]) if self.detail_url else self.request.path,
            **self.header_context(obj),
        }
        if current is not None and current.key in keys:
            method = getattr(self, current.context or f"{current.key}_context", None)
            if method is not None:
                context.update(method(obj))
        context.update(failed)
        status = 400 if any(f.errors for f in failed.values()) else 200
        return render(self.request, self.template_name, context, status=status)


# --- create and edit ----------------------------------------------------------------------------------------


class FormPage(RecordPage):
    """Create (no ``pk`` in the URL) or edit a record through a form and a service.

    Configure ``form_class``, ``create_service``/``update_service``/``record_arg`` or ``save(form, obj)`` (call the
    service; return the record, or put errors on the form and return None), ``check(obj)`` (raise PermissionDenied),
    ``initial_fields`` or ``initial(obj)`` for an edit, ``create_initial()`` for a new record,
    ``success_url(obj)``, the titles and the cancel link."""

    form_class: ClassVar[type[forms.Form]]
    template_name: ClassVar[str] = "core/form.html"
    title_create: ClassVar[Text] = ""
    title_edit: ClassVar[Text] = ""
    saved_create: ClassVar[Text] = gettext_lazy("Saved.")
    saved_edit: ClassVar[Text] = gettext_lazy("Changes saved.")
    field_map: ClassVar[dict[str, str]] = {}
    refused_on: ClassVar[str | None] = ""
    list_url: ClassVar[str] = ""
    list_label: ClassVar[Text] = ""
    http_method_names: ClassVar[list[str]] = ["get", "post", "head"]  # type: ignore[misc]

    # Asked before the form is shown or saved: ``create_check(user)`` for a new record, ``edit_check(user, obj)``
    # for an existing one (``require_*`` functions that raise PermissionDenied); or override ``check``.
    create_check: ClassVar[Callable[[Any], None] | None] = None
    edit_check: ClassVar[Callable[[Any, Any], None] | None] = None

    # True for a page that creates a record under the record its URL names (a document of a business): the
    # looked-up record is then ``parent``; None infers it from the URL (no pk: create).
    creates_under: ClassVar[bool] = False

    @property
    def creating(self) -> bool:
        return self.creates_under or self.pk_kwarg not in self.kwargs

    @property
    def parent(self) -> Any:
        if not hasattr(self, "_parent"):
            self._parent = self.get_object()
        return self._parent

    def check(self, obj: Any | None) -> None:
        """Raise PermissionDenied when the user may not create (obj None) or edit this record."""
        create_check, edit_check = type(self).create_check, type(self).edit_check
        if obj is None and create_check is not None:
            create_check(self.user)
        elif obj is not None and edit_check is not None:
            edit_check(self.user, obj)

    # The record's fields an edit form starts from, read with ``model_to_dict`` (a reference by its key, as a
    # form's code or id field takes it); a form whose fields read otherwise overrides ``initial``.
    initial_fields: ClassVar[Sequence[str]] = ()

    def initial(self, obj: Any) -> dict[str, Any]:
        return model_to_dict(obj, fields=self.initial_fields) if self.initial_fields else {}

    def create_initial(self) -> dict[str, Any]:
        """What an empty create form starts from (the user's own office, today)."""
        return {}

    def form_kwargs(self, obj: Any | None) -> dict[str, Any]:
        """More arguments for the form, bound or not (an edit that fixes some fields passes them here, with the
        ``initial`` a disabled field is read from)."""
        return {}

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> forms.Form:
        kwargs = self.form_kwargs(obj)
        if data is not None:
            return self.form_class(data, **kwargs)
        initial = self.initial(obj) if obj is not None else self.create_initial()
        return self.form_class(**{"initial": initial or None, **kwargs})

    # The services ``save`` calls by default: ``create_service(actor=, data=)`` for a new record and
    # ``update_service(actor=, <record_arg>=obj, data=)`` for an edit, with ``data`` from the form's ``form_data``
    # method. A page whose save does more (a second service, a choice of service) overrides ``save``.
    create_service: ClassVar[Callable[..., Any] | None] = None
    update_service: ClassVar[Callable[..., Any] | None] = None
    record_arg: ClassVar[str] = ""
    form_data: ClassVar[str] = "service_data"

    def save(self, form: forms.Form, obj: Any | None) -> Any:
        create, update = type(self).create_service, type(self).update_service
        if create is None or update is None or not self.record_arg:
            raise NotImplementedError(f"{type(self).__name__}: set create_service, update_service and record_arg")
        data = getattr(form, self.form_data)()
        if obj is None:
            return create(actor=self.user, data=data)
        updated = update(actor=self.user, data=data, **{self.record_arg: obj})
        return obj if updated is None else updated

    def success_url(self, obj: Any) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse(self.list_url)

    def saved_message(self, obj: Any) -> str:
        return str(self.saved_create if self.creating else self.saved_edit)

    def cancel_url(self, obj: Any | None) -> str:
        if obj is not None:
            return self.success_url(obj)
        return reverse(self.list_url) if self.list_url else "/"

    def extra_context(self, form: forms.Form, obj: Any | None) -> dict[str, Any]:
        return {}

    def _object(self) -> Any | None:
        return None if self.creating else self.get_object()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self._object()
        self.check(obj)
        return self.render_form(self.make_form(obj=obj), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self._object()
        self.check(obj)
        form = self.make_form(request.POST, obj=obj)
        saved: list[Any] = []
        # A save of several steps (an owner, then the business) may put its errors on the form itself.
        if (
            form.is_valid()
            and service_saved(
                form, lambda: saved.append(self.save(form, obj)), field_map=self.field_map, refused_on=self.refused_on
            )
            and not form.errors
        ):
            messages.success(request, self.saved_message(saved[0]))
            return redirect(self.success_url(saved[0]))
        return self.render_form(form, obj)

    def render_form(self, form: forms.Form, obj: Any | None) -> HttpResponse:
        localize_placeholders(form, self.request.user)
        context = {
            "view": self,
            "form": form,
            "fieldsets": form_fieldsets(form),
            "object": obj,
            "creating": self.creating,
            "title": self.title_create if self.creating else self.title_edit,
            "cancel_url": self.cancel_url(obj),
            "list_url": reverse(self.list_url) if self.list_url else "",
            "list_label": self.list_label,
            **self.extra_context(form, obj),
        }
        return render(self.request, self.template_name, context, status=400 if form.errors else 200)


# --- delete -------------------------------------------------------------------------------------------------


class DeletePage(RecordPage):
    """Ask, then delete through a service. Configure ``delete(obj)``, ``check(obj)``, ``success_url(obj)``."""

    template_name: ClassVar[str] = "core/confirm_delete.html"
    question: ClassVar[Text] = gettext_lazy("Delete this record?")
    deleted: ClassVar[Text] = gettext_lazy("Deleted.")
    http_method_names: ClassVar[list[str]] = ["get", "post", "head"]  # type: ignore[misc]

    def check(self, obj: Any) -> None:
        """Raise PermissionDenied when the user may not delete this record."""

    def delete(self, obj: Any) -> None:
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        raise NotImplementedError

    def cancel_url(self, obj: Any) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        self.check(obj)
        return render(
            request,
            self.template_name,
            {"object": obj, "question": self.question, "view": self, "cancel_url": self.cancel_url(obj)},
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        self.check(obj)
        target = self.success_url(obj)
        try:
            self.delete(obj)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.cancel_url(obj))
        messages.success(request, str(self.deleted))
        return redirect(target)
