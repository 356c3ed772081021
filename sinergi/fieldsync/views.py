"""The field-sync pages (/lapangan/), on the generic pages of sinergi.core.views.

On the office server: the operation log of each sync (what a device sent and what became of each operation), the
conflict queue where the region's officer picks or merges, the operations waiting for earlier ones, and the
refused (quarantined) ones with their reasons. On a laptop: its checkout and sync, started as jobs with their
progress, its own sync log and its outbox. Everything is read through the region-scoped selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_see_personal, require_editor, require_field_staff, require_region_write
from sinergi.core.history import actor_name
from sinergi.core.personal import PERSONAL_FIELDS, announce_shown
from sinergi.core.views import DetailPage, ListPage, Page, RelatedAdd, Tab, allowed, service_saved
from sinergi.fieldsync import selectors as sel
from sinergi.fieldsync import services, tables
from sinergi.fieldsync.forms import CheckoutForm, ConflictDecisionForm, ConflictFilter, OutboxFilter
from sinergi.fieldsync.models import Conflict, ConflictStatus, Operation, OutboxOp, SyncBatch, SyncRun

OPERATIONS_PAGE = 50


class FieldList(ListPage):
    access = require_field_staff
    template_name = "fieldsync/list.html"


# --- the server's operation log ------------------------------------------------------------------------------


class BatchList(FieldList):
    title = gettext_lazy("Field syncs")
    count_label = gettext_lazy("syncs")
    empty = gettext_lazy("No device has synced in your regions yet.")
    table = tables.BATCHES

    def queryset(self, *, filters: Any) -> QuerySet[SyncBatch]:
        return sel.batches_for(user=self.user)


class BatchDetail(DetailPage):
    access = require_field_staff
    template_name = "fieldsync/batch_detail.html"
    object_name = "batch"
    detail_url = "field_batch_detail"
    not_found = gettext_lazy("No such sync.")
    tabs = (Tab("operations", gettext_lazy("Operations"), "fieldsync/_operations.html"),)

    def lookup(self, *, user: Any, pk: int) -> SyncBatch:
        return sel.batch_get(user=user, pk=pk)

    def operations_context(self, obj: SyncBatch) -> dict[str, Any]:
        page = Paginator(sel.batch_operations(batch=obj), OPERATIONS_PAGE).get_page(self.request.GET.get("page"))
        return {"page": page, "table": tables.OPERATIONS, "rows": tables.OPERATIONS.rows(page.object_list)}


# --- conflicts -----------------------------------------------------------------------------------------------


class ConflictList(FieldList):
    title = gettext_lazy("Sync conflicts")
    count_label = gettext_lazy("conflicts")
    empty = gettext_lazy("No conflict to decide.")
    filter_form = ConflictFilter
    table = tables.CONFLICTS

    def queryset(self, *, filters: Any) -> QuerySet[Conflict]:
        return sel.conflicts_for(user=self.user, status=filters)


class ConflictDetail(DetailPage):
    access = require_field_staff
    template_name = "fieldsync/conflict_detail.html"
    object_name = "conflict"
    detail_url = "field_conflict_detail"
    not_found = gettext_lazy("No such conflict.")
    tabs = (Tab("decide", gettext_lazy("Decision"), "fieldsync/_decide.html"),)

    def lookup(self, *, user: Any, pk: int) -> Conflict:
        return sel.conflict_get(user=user, pk=pk)

    def _rows(self, obj: Conflict) -> list[dict[str, Any]]:
        if not hasattr(self, "_conflict_rows"):
            self._conflict_rows = sel.conflict_rows(conflict=obj, user=self.user)
            personal = tuple(n for n in obj.fields if n in PERSONAL_FIELDS)
            if obj.model == "person" and personal and can_see_personal(self.user, region_code=obj.region_code):
                person = int(obj.object_id) if obj.object_id.isdigit() else 0
                announce_shown(
                    actor=self.user, shown=[(person, obj.region_code, personal)], purpose="view", request=self.request
                )
        return self._conflict_rows

    def header_context(self, obj: Conflict) -> dict[str, Any]:
        return {
            "rows": self._rows(obj),
            "record_type": tables.record_type(obj),
            "device_name": actor_name(obj.device_actor),
            "server_name": actor_name(obj.server_actor),
            "resolved_name": actor_name(obj.resolved_by),
        }

    def decide_context(self, obj: Conflict) -> dict[str, Any]:
        form = self.bound.get("decision_form") or ConflictDecisionForm(conflict=obj, rows=self._rows(obj))
        return {
            "decision_form": form,
            "can_decide": obj.status == ConflictStatus.OPEN
            and allowed(require_region_write, self.user, obj.region_code),
        }


class ConflictResolve(RelatedAdd):
    """The officer's decision on a conflict, through ``services.conflict_resolve`` (logged there)."""

    access = require_field_staff
    detail = ConflictDetail
    form_class = ConflictDecisionForm
    form_name = "decision_form"
    tab = "decide"
    added = gettext_lazy("Decision saved.")
    refused_on = None

    write_region = "region_code"

    def make_form(self, data: Any, parent: Conflict) -> ConflictDecisionForm:
        return ConflictDecisionForm(data, conflict=parent, rows=sel.conflict_rows(conflict=parent, user=self.user))

    def add(self, form: Any, parent: Conflict) -> Conflict:
        try:
            return services.conflict_resolve(
                actor=self.user, conflict=parent, choices=form.choices(), values=form.values()
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            mapping = form.field_map()
            raise ValidationError({mapping.get(k, k): v for k, v in exc.error_dict.items()}) from exc


# --- waiting and refused operations --------------------------------------------------------------------------


class WaitingList(FieldList):
    title = gettext_lazy("Operations waiting for earlier ones")
    count_label = gettext_lazy("operations")
    empty = gettext_lazy("No operation is waiting.")
    table = tables.WAITING

    def queryset(self, *, filters: Any) -> QuerySet[Operation]:
        return sel.waiting_for(user=self.user)


class RefusedList(FieldList):
    title = gettext_lazy("Refused operations")
    count_label = gettext_lazy("operations")
    empty = gettext_lazy("No operation was refused.")
    table = tables.REFUSED

    def queryset(self, *, filters: Any) -> QuerySet[Operation]:
        return sel.refused_for(user=self.user)


# --- the laptop ----------------------------------------------------------------------------------------------


class LaptopPage(FieldList):
    """This laptop: its checkout (or the form for one), the sync button, the job under way and its sync log."""

    title = gettext_lazy("This laptop")
    count_label = gettext_lazy("syncs")
    empty = gettext_lazy("This laptop has not synced yet.")
    table = tables.RUNS
    template_name = "fieldsync/laptop.html"
    checkout_form: CheckoutForm | None = None

    def queryset(self, *, filters: Any) -> QuerySet[SyncRun]:
        return sel.sync_runs()

    def extra_context(self) -> dict[str, Any]:
        checkout = sel.laptop_checkout()
        job = sel.laptop_job()
        initial = {"server": checkout.server, "region": checkout.region_code} if checkout else None
        return {
            "checkout": checkout,
            "job": job,
            "job_lines": (job.checkpoint or {}).get("lines", []) if job else [],
            "counts": sel.outbox_counts(),
            "checkout_form": self.checkout_form or CheckoutForm(initial=initial),
            "may_edit": allowed(require_editor, self.user),
            "progress_url": reverse("field_laptop_progress"),
        }


def _laptop_page(request: HttpRequest, form: CheckoutForm) -> HttpResponseBase:
    page = LaptopPage()
    page.setup(request)
    page.checkout_form = form
    response = page.get(request)
    response.status_code = 400
    return response


class LaptopCheckout(Page):
    access = require_field_staff
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_editor(self.user)
        form = CheckoutForm(request.POST)
        if form.is_valid() and service_saved(
            form,
            lambda: services.laptop_checkout_start(
                actor=self.user,
                server_url=form.cleaned_data["server"],
                token=form.cleaned_data["token"],
                region=form.cleaned_data["region"].strip(),
            ),
        ):
            messages.success(request, str(gettext_lazy("Checkout started.")))
            return redirect("field_laptop")
        return _laptop_page(request, form)


class LaptopSync(Page):
    access = require_field_staff
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_editor(self.user)
        try:
            services.laptop_sync_start(actor=self.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(gettext_lazy("Sync started.")))
        return redirect("field_laptop")


class LaptopProgress(Page):
    """The job's progress, polled by the laptop page every 2 s; once it has finished the whole page reloads."""

    access = require_field_staff
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = sel.laptop_job()
        if job is None or job.is_finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        context = {
            "job": job,
            "job_lines": (job.checkpoint or {}).get("lines", []),
            "progress_url": reverse("field_laptop_progress"),
        }
        return render(request, "fieldsync/_job.html", context)


class OutboxList(FieldList):
    title = gettext_lazy("Outbox of this laptop")
    count_label = gettext_lazy("operations")
    empty = gettext_lazy("Nothing was changed on this laptop.")
    filter_form = OutboxFilter
    table = tables.OUTBOX

    def queryset(self, *, filters: Any) -> QuerySet[OutboxOp]:
        return sel.outbox(status=filters)
