"""The generic list page: filters, a table, pagination and an XLSX export of what is filtered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.forms import localize_placeholders
from sinergi.core.tables import CHUNK, Table
from sinergi.core.templatetags.sinergi import dotted
from sinergi.core.views.base import Page, Text, allowed

# --- list ---------------------------------------------------------------------------------------------------


class ListPage(Page):
    """A filtered, paginated list drawn from ``table``; ``?format=xlsx`` exports what is filtered.

    Configure: ``title``, ``table``, ``selector`` (the app's scoped read) or ``queryset()``, optionally
    ``filter_form`` (a form with ``to_filter()``), ``count_label``, ``create_url`` with ``create_check`` (or
    ``can_create()``), ``export_name``.

    An export writes ``export_table`` (the file's own columns) or else ``table``, in one of ``export_formats``
    (``?format=xlsx``, ``?format=csv``); a route of its own may fix ``export_format`` and name the list's URL
    in ``list_url`` (where a refused export leads back). A filter with an error is not exported: the export
    would hold rows the officer did not ask for."""

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
    export_table: ClassVar[Table | None] = None
    export_formats: ClassVar[tuple[str, ...]] = ("xlsx",)
    export_format: str = ""  # set through as_view() on a route that always exports
    list_url: ClassVar[str] = ""
    template_name: ClassVar[str] = "core/list.html"
    results_template: ClassVar[str] = "core/_results.html"
    http_method_names: ClassVar[list[str]] = ["get", "head"]  # type: ignore[misc]

    # The app's scoped read, called as ``selector(user=..., filters=...)``; a page that reads otherwise overrides
    # ``queryset``.
    selector: ClassVar[Callable[..., QuerySet[Any]] | None] = None
    # The create page's own check (a ``require_*`` that raises PermissionDenied), asked before the "new" button
    # shows, so the button never leads to a 403.
    create_check: ClassVar[Callable[[Any], None] | None] = None

    def make_filter_form(self, data: Any) -> forms.Form | None:
        return self.filter_form(data) if self.filter_form else None

    def queryset(self, *, filters: Any) -> QuerySet[Any]:
        selector = type(self).selector
        if selector is None:
            raise NotImplementedError
        return selector(user=self.user, filters=filters)

    def can_create(self) -> bool:
        check = type(self).create_check
        return bool(self.create_url) and (check is None or allowed(check, self.user))

    def extra_context(self) -> dict[str, Any]:
        return {}

    def shown(self, objects: Any) -> None:
        """Called with the rows of the page about to be drawn (a list that shows personal data logs them here)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = self.make_filter_form(request.GET)
        localize_placeholders(form, request.user)
        filtered = False
        if form is not None:
            form.is_valid()
            filtered = any(v not in ("", None) for k, v in request.GET.items() if k in form.fields)
        filters = form.to_filter() if form is not None and hasattr(form, "to_filter") else None
        queryset = self.queryset(filters=filters)
        wanted = self.export_format or request.GET.get("format", "")
        if self.export_name and wanted in self.export_formats:
            if form is not None and form.errors:
                messages.error(request, _("Correct the filter before exporting."))
                return redirect(self._back())
            return self.export(queryset=queryset, kind=wanted)
        page = Paginator(queryset, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
        self.shown(page.object_list)
        context = {
            "view": self,
            "title": self.title,
            "form": form,
            "filtered": filtered,
            "page": page,
            "table": self.table,
            "rows": self.table.rows(page.object_list, start=page.start_index()),
            "can_create": self.can_create(),
            "export_links": [(FORMAT_LABELS.get(k, k), _export_query(request, k)) for k in self.export_formats],
            **self.extra_context(),
        }
        htmx = getattr(request, "htmx", None)
        partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
        response = render(request, self.results_template if partial else self.template_name, context)
        patch_vary_headers(response, ("HX-Request",))
        return response

    def export(self, *, queryset: QuerySet[Any], kind: str = "xlsx") -> HttpResponseBase:
        limit = settings.SINERGI_EXPORT_MAX_ROWS
        total = queryset.count()
        if total > limit:
            messages.error(
                self.request,
                _("The filter matches %(total)s rows; an export holds at most %(limit)s. Narrow the filter.")
                % {"total": dotted(total), "limit": dotted(limit)},
            )
            return redirect(self._back())
        table = self.export_table or self.table
        write = table.csv_response if kind == "csv" else table.xlsx_response
        return write(objects=queryset.iterator(chunk_size=CHUNK), filename=self.export_name)

    def _back(self) -> str:
        """The list with the same filter, where a refused export leads."""
        query = self.request.GET.copy()
        query.pop("format", None)
        path = reverse(self.list_url) if self.list_url else self.request.path
        return path + ("?" + query.urlencode() if query else "")


FORMAT_LABELS = {"xlsx": "Excel (XLSX)", "csv": "CSV"}


def _export_query(request: HttpRequest, kind: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = kind
    return query.urlencode()
