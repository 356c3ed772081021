"""The purchasing pages (/belanja-asn/), on the generic pages of sinergi.core.views: purchases (a civil servant
records their own; the office's editors anyone's in their regions), the agencies with their staff and
procurement, and the programs with their monthly participation and who is under target.

Staff see the records of their regions, a civil servant only their own purchases; anything else answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sinergi.accounts.access import (
    require_editor,
    require_purchasing_access,
    require_purchasing_staff,
    require_region_write,
)
from sinergi.accounts.models import Role
from sinergi.core.models import ChangeSource
from sinergi.core.views import (
    DetailPage,
    FormPage,
    ListPage,
    RelatedAdd,
    RelatedRemove,
    Tab,
    allowed,
    found_or_404,
    history_tab,
    opens_for,
)
from sinergi.ingest.services import max_upload_bytes, too_large_message
from sinergi.purchasing import selectors as sel
from sinergi.purchasing import services, tables
from sinergi.purchasing.forms import (
    AgencyForm,
    BulkPurchaseForm,
    ProgramForm,
    PurchaseFilterForm,
    PurchaseForm,
    StaffUploadForm,
    TargetRuleForm,
)
from sinergi.purchasing.imports import civil_servants_import
from sinergi.purchasing.models import Agency, Purchase, PurchaseProgram, TargetRule


class PurchaseList(ListPage):
    access = require_purchasing_access
    title = gettext_lazy("Civil servants' purchases")
    count_label = gettext_lazy("purchases")
    empty = gettext_lazy("No purchases recorded yet.")
    filter_form = PurchaseFilterForm
    create_url = "purchasing_purchase_create"
    create_label = gettext_lazy("Record a purchase")
    create_check = services.require_purchase_create
    table = tables.PURCHASES
    selector = sel.purchase_list


class PurchaseDetail(DetailPage):
    access = require_purchasing_access
    template_name = "purchasing/purchase_detail.html"
    object_name = "purchase"
    detail_url = "purchasing_purchase_detail"
    tabs = (history_tab(),)

    def lookup(self, *, user: Any, pk: int) -> Purchase:
        return sel.purchase_get(user=user, pk=pk)

    def history(self, obj: Purchase) -> Any:
        return sel.purchase_history(purchase=obj)


class PurchaseFormPage(FormPage):
    access = require_purchasing_access
    form_class = PurchaseForm
    template_name = "purchasing/purchase_form.html"
    title_create = gettext_lazy("Record a purchase")
    saved_create = gettext_lazy("Purchase recorded.")
    list_url = "purchasing_purchase_list"
    list_label = gettext_lazy("Civil servants' purchases")
    field_map = PurchaseForm.FIELD_MAP
    refused_on = "nip"
    create_check = services.require_purchase_create

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> PurchaseForm:
        with_nip = self.user.role != Role.ASN
        if data is not None:
            return PurchaseForm(data, self.request.FILES, with_nip=with_nip)
        product = self.request.GET.get("product", "")
        return PurchaseForm(
            initial={"day": timezone.localdate(), **({"product": product} if product.isdigit() else {})},
            with_nip=with_nip,
        )

    def save(self, form: Any, obj: Any | None) -> Purchase:
        if self.user.role == Role.ASN:
            servant = sel.own_civil_servant(user=self.user)
        else:
            nip = "".join(str(form.cleaned_data.get("nip") or "").split())
            servant = sel.civil_servants_visible(user=self.user).filter(nip=nip).first() if nip else None
        if servant is None:
            raise ValidationError({"nip": _("No civil servant you may record for has this NIP.")})
        return services.purchase_record(
            actor=self.user, civil_servant=servant, data=form.service_data(), receipt=form.cleaned_data.get("receipt")
        )

    def success_url(self, obj: Purchase) -> str:
        return reverse("purchasing_purchase_detail", args=[obj.pk])


# --- agencies (OPD) -----------------------------------------------------------------------------------------


class AgencyList(ListPage):
    access = require_purchasing_staff
    title = gettext_lazy("Agencies (OPD)")
    count_label = gettext_lazy("agencies")
    empty = gettext_lazy("No agencies recorded yet.")
    create_url = "purchasing_agency_create"
    create_label = gettext_lazy("New agency")
    create_check = require_editor
    table = tables.AGENCIES

    def queryset(self, *, filters: Any) -> QuerySet[Agency]:
        return sel.agency_list(user=self.user, q=self.request.GET.get("q", "")[:100])


def require_record_write(user: Any, record: Agency | PurchaseProgram) -> None:
    """An agency or a program is changed by an editor of its region."""
    require_region_write(user, record.region_id)


def _may_change(user: Any, record: Agency | PurchaseProgram) -> bool:
    return allowed(require_record_write, user, record)


class AgencyDetail(DetailPage):
    access = require_purchasing_staff
    template_name = "purchasing/agency_detail.html"
    object_name = "agency"
    detail_url = "purchasing_agency_detail"
    not_found = gettext_lazy("No such agency.")
    tabs = (
        Tab("staff", gettext_lazy("Civil servants"), "purchasing/_staff.html"),
        Tab("procurement", gettext_lazy("Procurement"), "purchasing/_procurement.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Agency:
        return sel.agency_get(user=user, pk=pk)

    def header_context(self, obj: Agency) -> dict[str, Any]:
        return {"can_edit": _may_change(self.user, obj)}

    def staff_context(self, obj: Agency) -> dict[str, Any]:
        page = Paginator(sel.agency_staff(agency=obj), 50).get_page(self.request.GET.get("page"))
        return {"staff": list(page), "staff_page": page}

    def procurement_context(self, obj: Agency) -> dict[str, Any]:
        return {"activities": sel.agency_activities(agency=obj)}

    def history(self, obj: Agency) -> Any:
        return sel.agency_history(agency=obj)


class AgencyFormPage(FormPage):
    access = require_purchasing_staff
    detail = AgencyDetail
    form_class = AgencyForm
    title_create = gettext_lazy("New agency")
    title_edit = gettext_lazy("Edit agency")
    saved_create = saved_edit = gettext_lazy("Agency saved.")
    list_url = "purchasing_agency_list"
    list_label = gettext_lazy("Agencies (OPD)")
    field_map = AgencyForm.FIELD_MAP
    create_check = require_editor
    edit_check = require_record_write

    def initial(self, obj: Agency) -> dict[str, Any]:
        return {"region": obj.region_id, "name": obj.name, "short_name": obj.short_name}

    create_service = services.agency_create
    update_service = services.agency_update
    record_arg = "agency"

    def success_url(self, obj: Agency) -> str:
        return reverse("purchasing_agency_detail", args=[obj.pk])


class BulkPurchasePage(FormPage):
    """An agency's purchases entered at once (pasted rows); all or nothing, every line's errors named."""

    access = require_purchasing_staff
    detail = AgencyDetail
    creates_under = True
    form_class = BulkPurchaseForm
    title_create = gettext_lazy("Record the agency's purchases")
    list_url = "purchasing_agency_list"
    list_label = gettext_lazy("Agencies (OPD)")
    refused_on = None

    LABELS = {
        "nip": gettext_lazy("NIP"),
        "business_id": gettext_lazy("business number"),
        "product_id": gettext_lazy("product"),
        "amount": gettext_lazy("amount"),
        "day": gettext_lazy("date"),
        "description": gettext_lazy("what was bought"),
    }

    def check(self, obj: Any | None) -> None:
        require_region_write(self.user, self.parent.region_id)

    def save(self, form: Any, obj: Any | None) -> list[Purchase]:
        try:
            return services.purchases_record_bulk(
                actor=self.user, agency=self.parent, rows=form.cleaned_data["rows"], source=ChangeSource.WEB
            )
        except ValidationError as exc:
            lines = []
            for key, messages in exc.message_dict.items():
                line, _dot, field = key.partition(".")
                label = self.LABELS.get(field, field)
                lines += [
                    _("Line %(n)s, %(field)s: %(error)s") % {"n": line, "field": label, "error": m} for m in messages
                ]
            raise ValidationError({"rows": lines}) from None

    def saved_message(self, obj: list[Purchase]) -> str:
        return _("%(n)d purchases recorded.") % {"n": len(obj)}

    def success_url(self, obj: list[Purchase]) -> str:
        return reverse("purchasing_agency_detail", args=[self.parent.pk])

    def cancel_url(self, obj: Any | None) -> str:
        return reverse("purchasing_agency_detail", args=[self.parent.pk])

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {"object": self.parent}


@opens_for(require_purchasing_staff)
@require_http_methods(["GET", "POST"])
def agency_staff_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an agency's staff list into its civil servants (the ``purchasing.civil_servant`` import target);
    the page answers every row: created, updated, unchanged or rejected with its reasons."""
    user: Any = request.user
    agency = found_or_404(lambda: sel.agency_get(user=user, pk=pk), AgencyDetail.not_found)
    require_region_write(user, agency.region_id)
    limit = max_upload_bytes()
    context: dict[str, Any] = {"agency": agency, "limit_mb": limit // 1048576, "form": StaffUploadForm()}
    if request.method != "POST":
        return render(request, "purchasing/staff_import.html", context)
    # Refuse an oversized upload from its declared length, before Django spools it to disk (as ingest does).
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit + 8 * 1024:
        context["refused"] = too_large_message(size=declared)
        return render(request, "purchasing/staff_import.html", context, status=413)
    form = StaffUploadForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = civil_servants_import(
                actor=user, agency=agency, stream=upload, name=upload.name, size=upload.size
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
    status = 400 if form.errors else 200
    return render(request, "purchasing/staff_import.html", context, status=status)


# --- programs and their targets -----------------------------------------------------------------------------


class ProgramList(ListPage):
    access = require_purchasing_staff
    title = gettext_lazy("Purchase programs (1 ASN 1 Produk)")
    count_label = gettext_lazy("programs")
    empty = gettext_lazy("No purchase programs yet.")
    create_url = "purchasing_program_create"
    create_label = gettext_lazy("New program")
    create_check = require_editor
    table = tables.PROGRAMS

    def queryset(self, *, filters: Any) -> QuerySet[PurchaseProgram]:
        return sel.program_list(user=self.user)


class ProgramDetail(DetailPage):
    access = require_purchasing_staff
    template_name = "purchasing/program_detail.html"
    object_name = "program"
    detail_url = "purchasing_program_detail"
    not_found = gettext_lazy("No such program.")
    tabs = (
        Tab("participation", gettext_lazy("Participation"), "purchasing/_participation.html"),
        Tab("under", gettext_lazy("Under target"), "purchasing/_under_target.html"),
        Tab("rules", gettext_lazy("Targets"), "purchasing/_rules.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> PurchaseProgram:
        return sel.program_get(user=user, pk=pk)

    def header_context(self, obj: PurchaseProgram) -> dict[str, Any]:
        return {"can_edit": _may_change(self.user, obj)}

    def _month(self, obj: PurchaseProgram) -> tuple[dt.date, list[dt.date]]:
        months = sel.program_months(program=obj) or [obj.starts_on.replace(day=1)]
        asked = self.request.GET.get("month", "")
        chosen = next((m for m in months if m.strftime("%Y-%m") == asked), months[0])
        return chosen, months

    def _figures(self, obj: PurchaseProgram) -> dict[str, Any]:
        month, months = self._month(obj)
        figures = sel.participation(user=self.user, program=obj, month=month)
        return {"figures": figures, "month": month, "months": months}

    def participation_context(self, obj: PurchaseProgram) -> dict[str, Any]:
        return self._figures(obj)

    def under_context(self, obj: PurchaseProgram) -> dict[str, Any]:
        return self._figures(obj)

    def rules_context(self, obj: PurchaseProgram) -> dict[str, Any]:
        can_edit = _may_change(self.user, obj)
        return {
            "rules": list(sel.program_rules(program=obj)),
            "rule_form": self.bound.get("rule_form") or (TargetRuleForm() if can_edit else None),
        }


class ProgramFormPage(FormPage):
    access = require_purchasing_staff
    detail = ProgramDetail
    form_class = ProgramForm
    title_create = gettext_lazy("New purchase program")
    title_edit = gettext_lazy("Edit purchase program")
    saved_create = saved_edit = gettext_lazy("Program saved.")
    list_url = "purchasing_program_list"
    list_label = gettext_lazy("Purchase programs (1 ASN 1 Produk)")
    field_map = ProgramForm.FIELD_MAP
    create_check = require_editor
    edit_check = require_record_write

    def initial(self, obj: PurchaseProgram) -> dict[str, Any]:
        fields = ("name", "starts_on", "ends_on", "legal_basis")
        return {f: getattr(obj, f) for f in fields} | {"region": obj.region_id}

    create_service = services.program_create
    update_service = services.program_update
    record_arg = "program"

    def success_url(self, obj: PurchaseProgram) -> str:
        return reverse("purchasing_program_detail", args=[obj.pk])


class TargetRuleAdd(RelatedAdd):
    access = require_purchasing_staff
    detail = ProgramDetail
    form_class = TargetRuleForm
    form_name = "rule_form"
    tab = "rules"
    added = gettext_lazy("Target added.")

    write_region = "region_id"

    def add(self, form: Any, parent: PurchaseProgram) -> TargetRule:
        return services.target_rule_add(actor=self.user, program=parent, data=form.service_data())


class TargetRuleRemove(RelatedRemove):
    access = require_purchasing_staff
    detail = ProgramDetail
    tab = "rules"
    child_kwarg = "asn_rule_pk"
    removed = gettext_lazy("Target removed.")

    write_region = "region_id"

    def children(self, parent: PurchaseProgram) -> QuerySet[TargetRule]:
        return sel.program_rules(program=parent)

    def remove(self, child: TargetRule) -> None:
        services.target_rule_remove(actor=self.user, rule=child)
