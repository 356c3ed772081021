"""Generic pages that every app configures with class attributes: a list (filters, table, pagination, XLSX
of what is filtered), a detail page with tabs, a create/edit form, a delete with confirmation, and the add and
remove of a related row (a member, an officer).

The views never query models themselves: each subclass names the selector that reads (scoped to the user's
regions) and the service that writes. A record outside the user's regions answers 404, as a missing one does.
A service's ``ValidationError`` lands on the form beside its field; a ``PermissionDenied`` on the field named by
``refused_on`` (for a region refusal) or, with none named, as a 403 page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sinergi.core.forms import apply_service_errors, form_fieldsets
from sinergi.core.tables import Table

Text = str | Promise


def allowed(check: Callable[..., None], *args: Any) -> bool:
    """Whether a permission check (a ``require_*`` function that raises PermissionDenied) lets this pass."""
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def service_saved(
    form: forms.BaseForm,
    save: Callable[[], object],
    *,
    field_map: dict[str, str] | None = None,
    refused_on: str | None = "",
) -> bool:
    """Run a service write for a valid form; its field errors land on the form, a refusal on the field
    ``refused_on`` (on top of the form for None; as a 403 page for ""). True when the write went through."""
    try:
        save()
    except ValidationError as exc:
        apply_service_errors(cast(forms.Form, form), exc, field_map=field_map)
    except PermissionDenied as exc:
        if refused_on == "":
            raise
        form.add_error(refused_on, str(exc))
    else:
        return True
    return False


class Page(LoginRequiredMixin, View):
    """A signed-in page; ``user`` is the request's user."""

    request: HttpRequest

    @property
    def user(self) -> Any:
        return self.request.user


class RecordPage(Page):
    """A page about one record found through a scoped selector (``lookup``); out of scope answers 404."""

    not_found: ClassVar[Text] = gettext_lazy("No such record.")
    pk_kwarg: ClassVar[str] = "pk"

    def lookup(self, *, user: Any, pk: int) -> Model:
        raise NotImplementedError

    def get_object(self) -> Any:
        try:
            return self.lookup(user=self.user, pk=int(self.kwargs[self.pk_kwarg]))
        except ObjectDoesNotExist:
            # 404, not 403: a record outside the user's regions must not reveal that it exists.
            raise Http404(str(self.not_found)) from None


# --- list ---------------------------------------------------------------------------------------------------


class ListPage(Page):
    """A filtered, paginated list drawn from ``table``; ``?format=xlsx`` exports what is filtered.

    Configure: ``title``, ``table``, ``queryset()`` (call the app's selector), optionally ``filter_form`` (a form
    with ``to_filter()``), ``count_label``, ``create_url`` and ``can_create()``, ``export_name``."""

    title: ClassVar[Text] = ""
    table: ClassVar[Table]
    filter_form: ClassVar[type[forms.Form] | None] = None
    search_field: ClassVar[str] = "q"
    count_label: ClassVar[Text] = ""
    empty: ClassVar[Text] = gettext_lazy("Nothing recorded yet.")
    empty_filtered: ClassVar[Text] = gettext_lazy("Nothing matches this filter.")
    create_url: ClassVar[str] = ""
    create_label: ClassVar[Text] = ""
    export_name: ClassVar[str] = ""
    template_name: ClassVar[str] = "core/list.html"
    results_template: ClassVar[str] = "core/_results.html"
    http_method_names: ClassVar[list[str]] = ["get", "head"]  # type: ignore[misc]

    def make_filter_form(self, data: Any) -> forms.Form | None:
        return self.filter_form(data) if self.filter_form else None

    def queryset(self, *, filters: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def can_create(self) -> bool:
        return bool(self.create_url)

    def extra_context(self) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = self.make_filter_form(request.GET)
        filtered = False
        if form is not None:
            form.is_valid()
            filtered = any(v not in ("", None) for k, v in request.GET.items() if k in form.fields)
        filters = form.to_filter() if form is not None and hasattr(form, "to_filter") else None
        queryset = self.queryset(filters=filters)
        if self.export_name and request.GET.get("format") == "xlsx":
            return self.export(queryset=queryset)
        page = Paginator(queryset, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "view": self,
            "title": self.title,
            "form": form,
            "filtered": filtered,
            "page": page,
            "table": self.table,
            "rows": self.table.rows(page.object_list),
            "can_create": self.can_create(),
            "export_query": _export_query(request),
            **self.extra_context(),
        }
        htmx = getattr(request, "htmx", None)
        partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
        response = render(request, self.results_template if partial else self.template_name, context)
        patch_vary_headers(response, ("HX-Request",))
        return response

    def export(self, *, queryset: QuerySet[Any]) -> HttpResponseBase:
        limit = settings.SINERGI_EXPORT_MAX_ROWS
        total = queryset.count()
        if total > limit:
            messages.error(
                self.request,
                _("The filter matches %(total)s rows; an export holds at most %(limit)s. Narrow the filter.")
                % {"total": f"{total:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")},
            )
            query = self.request.GET.copy()
            query.pop("format", None)
            return redirect(self.request.path + ("?" + query.urlencode() if query else ""))
        return self.table.xlsx_response(objects=queryset.iterator(chunk_size=2000), filename=self.export_name)


def _export_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "xlsx"
    return query.urlencode()


# --- detail with tabs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    """One tab of a detail page: its key in ``?tab=``, its label, the template drawn in it, and the name of the
    view's method that gives the tab's context (``<key>_context`` when not named)."""

    key: str
    label: Text
    template: str
    context: str = ""


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

    Configure ``form_class``, ``save(form, obj)`` (call the service; return the record), ``check(obj)`` (raise
    PermissionDenied), ``initial(obj)``, ``success_url(obj)``, the titles and the cancel link."""

    form_class: ClassVar[type[forms.Form]]
    template_name: ClassVar[str] = "core/form.html"
    title_create: ClassVar[Text] = ""
    title_edit: ClassVar[Text] = ""
    saved_create: ClassVar[Text] = gettext_lazy("Saved.")
    saved_edit: ClassVar[Text] = gettext_lazy("Changes saved.")
    field_map: ClassVar[dict[str, str]] = {}
    refused_on: ClassVar[str] = ""
    list_url: ClassVar[str] = ""
    list_label: ClassVar[Text] = ""
    http_method_names: ClassVar[list[str]] = ["get", "post", "head"]  # type: ignore[misc]

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

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> forms.Form:
        if data is not None:
            return self.form_class(data)
        return self.form_class(initial=self.initial(obj) if obj is not None else None)

    def save(self, form: forms.Form, obj: Any | None) -> Any:
        raise NotImplementedError

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
        if form.is_valid() and service_saved(
            form, lambda: saved.append(self.save(form, obj)), field_map=self.field_map, refused_on=self.refused_on
        ):
            messages.success(request, self.saved_message(saved[0]))
            return redirect(self.success_url(saved[0]))
        return self.render_form(form, obj)

    def render_form(self, form: forms.Form, obj: Any | None) -> HttpResponse:
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


# --- add and remove a related row ---------------------------------------------------------------------------


class RelatedAdd(RecordPage):
    """POST a form that adds a row under a parent record (a member to a cooperative). On errors the parent's
    detail page comes back on ``tab`` with the bound form as ``form_name``.

    Configure ``detail`` (the parent's DetailPage class), ``form_class``, ``form_name``, ``tab``, ``check(parent)``,
    ``add(form, parent)`` (call the service), ``added``."""

    detail: ClassVar[type[DetailPage]]
    form_class: ClassVar[type[forms.Form]]
    form_name: ClassVar[str] = "form"
    tab: ClassVar[str] = ""
    added: ClassVar[Text] = gettext_lazy("Added.")
    field_map: ClassVar[dict[str, str]] = {}
    refused_on: ClassVar[str | None] = ""
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]

    def lookup(self, *, user: Any, pk: int) -> Model:
        return self.detail().lookup(user=user, pk=pk)

    @property
    def not_found(self) -> Text:  # type: ignore[override]
        return self.detail.not_found

    def check(self, parent: Any) -> None:
        """Raise PermissionDenied when the user may not change the parent."""

    def make_form(self, data: Any, parent: Any) -> forms.Form:
        return self.form_class(data)

    def add(self, form: forms.Form, parent: Any) -> Any:
        """Call the service; a ValidationError lands on the form."""
        raise NotImplementedError

    def added_url(self, parent: Any, result: Any) -> str:
        return _tab_url(self.detail, parent, self.tab)

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
        return page.render_page(parent, tab=self.tab, forms={self.form_name: form})


class RelatedRemove(RecordPage):
    """POST that removes a row under a parent; the row is looked up among the parent's rows the user may see.

    Configure ``detail``, ``tab``, ``child_kwarg``, ``child(parent, pk)`` (a scoped read, None when not found),
    ``remove(child)`` (call the service), ``removed``, ``child_not_found``."""

    detail: ClassVar[type[DetailPage]]
    tab: ClassVar[str] = ""
    child_kwarg: ClassVar[str] = "child_pk"
    removed: ClassVar[Text] = gettext_lazy("Removed.")
    child_not_found: ClassVar[Text] = gettext_lazy("No such row.")
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]

    def lookup(self, *, user: Any, pk: int) -> Model:
        return self.detail().lookup(user=user, pk=pk)

    @property
    def not_found(self) -> Text:  # type: ignore[override]
        return self.detail.not_found

    def check(self, parent: Any) -> None:
        """Raise PermissionDenied when the user may not change the parent (the service checks again)."""

    def child(self, parent: Any, pk: int) -> Any | None:
        raise NotImplementedError

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
        return redirect(_tab_url(self.detail, parent, self.tab))


def _tab_url(detail: type[DetailPage], parent: Any, tab: str) -> str:
    url = reverse(detail.detail_url, args=[parent.pk])
    return url + (f"?tab={tab}" if tab else "")
