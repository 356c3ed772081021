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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import require_editor, require_purchasing_access, require_purchasing_staff
from sinergi.accounts.models import Role
from sinergi.core.history import history_rows
from sinergi.core.views import DetailPage, FormPage, ListPage, Tab
from sinergi.purchasing import selectors as sel
from sinergi.purchasing import services, tables
from sinergi.purchasing.forms import PurchaseFilterForm, PurchaseForm
from sinergi.purchasing.models import Agency, Purchase, PurchaseProgram

HISTORY_PAGE_SIZE = 20


class PurchaseList(ListPage):
    access = require_purchasing_access
    title = gettext_lazy("Civil servants' purchases")
    count_label = gettext_lazy("purchases")
    empty = gettext_lazy("No purchases recorded yet.")
    filter_form = PurchaseFilterForm
    create_url = "purchasing_purchase_create"
    create_label = gettext_lazy("Record a purchase")
    table = tables.PURCHASES

    def can_create(self) -> bool:
        if self.user.role == Role.ASN:
            return sel.own_civil_servant(user=self.user) is not None
        return self.user.role != Role.VIEWER

    def queryset(self, *, filters: Any) -> QuerySet[Purchase]:
        return sel.purchase_list(user=self.user, filters=filters)


class PurchaseDetail(DetailPage):
    access = require_purchasing_access
    template_name = "purchasing/purchase_detail.html"
    object_name = "purchase"
    detail_url = "purchasing_purchase_detail"
    tabs = (Tab("history", gettext_lazy("History"), "core/_history.html"),)

    def lookup(self, *, user: Any, pk: int) -> Purchase:
        return sel.purchase_get(user=user, pk=pk)

    def history_context(self, obj: Purchase) -> dict[str, Any]:
        page = Paginator(sel.purchase_history(purchase=obj), HISTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {"history": history_rows(entries=list(page)), "history_page": page}


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

    def check(self, obj: Any | None) -> None:
        if self.user.role != Role.ASN:
            require_editor(self.user)

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


class AgencyList(ListPage):
    access = require_purchasing_staff
    title = gettext_lazy("Agencies (OPD)")
    count_label = gettext_lazy("agencies")
    empty = gettext_lazy("No agencies recorded yet.")
    table = tables.AGENCIES

    def queryset(self, *, filters: Any) -> QuerySet[Agency]:
        return sel.agency_list(user=self.user, q=self.request.GET.get("q", "")[:100])


class AgencyDetail(DetailPage):
    access = require_purchasing_staff
    template_name = "purchasing/agency_detail.html"
    object_name = "agency"
    detail_url = "purchasing_agency_detail"
    tabs = (
        Tab("staff", gettext_lazy("Civil servants"), "purchasing/_staff.html"),
        Tab("procurement", gettext_lazy("Procurement"), "purchasing/_procurement.html"),
        Tab("history", gettext_lazy("History"), "core/_history.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> Agency:
        return sel.agency_get(user=user, pk=pk)

    def staff_context(self, obj: Agency) -> dict[str, Any]:
        page = Paginator(sel.agency_staff(agency=obj), 50).get_page(self.request.GET.get("page"))
        return {"staff": list(page), "staff_page": page}

    def procurement_context(self, obj: Agency) -> dict[str, Any]:
        return {"activities": sel.agency_activities(agency=obj)}

    def history_context(self, obj: Agency) -> dict[str, Any]:
        page = Paginator(sel.agency_history(agency=obj), HISTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {"history": history_rows(entries=list(page)), "history_page": page}


class ProgramList(ListPage):
    access = require_purchasing_staff
    title = gettext_lazy("Purchase programs (1 ASN 1 Produk)")
    count_label = gettext_lazy("programs")
    empty = gettext_lazy("No purchase programs yet.")
    table = tables.PROGRAMS

    def queryset(self, *, filters: Any) -> QuerySet[PurchaseProgram]:
        return sel.program_list(user=self.user)


class ProgramDetail(DetailPage):
    access = require_purchasing_staff
    template_name = "purchasing/program_detail.html"
    object_name = "program"
    detail_url = "purchasing_program_detail"
    tabs = (
        Tab("participation", gettext_lazy("Participation"), "purchasing/_participation.html"),
        Tab("under", gettext_lazy("Under target"), "purchasing/_under_target.html"),
        Tab("rules", gettext_lazy("Targets"), "purchasing/_rules.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> PurchaseProgram:
        return sel.program_get(user=user, pk=pk)

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
        return {"rules": list(sel.program_rules(program=obj))}
