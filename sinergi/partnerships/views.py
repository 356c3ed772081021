"""The partnerships pages (/kemitraan/), on the generic pages of sinergi.core.views: partners with their needs and
offers, the businesses that fit a need (ranked, with the reasons and what each lacks), the partners that fit a
business, and the partnership agreements with their businesses, status, outcomes and documents.

The office's staff only (403 for anyone else); a record outside the user's regions answers 404; viewers read,
editors of the office's region write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.accounts.access import (
    can_edit_registry,
    require_editor,
    require_partnership_access,
    require_region_write,
)
from sinergi.core.history import history_rows
from sinergi.core.views import (
    DetailPage,
    FormPage,
    ListPage,
    RelatedAdd,
    RelatedRemove,
    Tab,
    allowed,
    found_or_404,
    opens_for,
)
from sinergi.partnerships import selectors as sel
from sinergi.partnerships import services, tables
from sinergi.partnerships.forms import (
    DocumentForm,
    NeedForm,
    OutcomeForm,
    PartnerFilterForm,
    PartnerForm,
    PartnershipFilterForm,
    PartnershipForm,
    PartyForm,
    StatusForm,
)
from sinergi.partnerships.models import Partner, PartnerNeed, Partnership, PartnershipBusiness, PartnershipDocument
from sinergi.partnerships.services import NEXT_STATUS
from sinergi.regions.models import Region
from sinergi.registry.models import Business
from sinergi.registry.selectors import associations_visible, business_get, businesses_visible, regions_for_user

HISTORY_PAGE_SIZE = 20


def _history(page: DetailPage, rows: Any) -> dict[str, Any]:
    found = Paginator(rows, HISTORY_PAGE_SIZE).get_page(page.request.GET.get("page"))
    return {"history": history_rows(entries=list(found)), "history_page": found}


# --- partners -----------------------------------------------------------------------------------------------


class PartnerList(ListPage):
    access = require_partnership_access
    title = gettext_lazy("Partners")
    count_label = gettext_lazy("partners")
    empty = gettext_lazy("No partners recorded yet.")
    filter_form = PartnerFilterForm
    create_url = "partnership_partner_create"
    create_label = gettext_lazy("New partner")
    table = tables.PARTNERS
    template_name = "partnerships/list.html"

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Partner]:
        return sel.partner_list(user=self.user, filters=filters)


class PartnerDetail(DetailPage):
    access = require_partnership_access
    template_name = "partnerships/partner_detail.html"
    object_name = "partner"
    detail_url = "partnership_partner_detail"
    not_found = gettext_lazy("No such partner.")
    tabs = (
        Tab("needs", gettext_lazy("Needs and offers"), "partnerships/_needs.html"),
        Tab("agreements", gettext_lazy("Partnerships"), "partnerships/_partner_agreements.html"),
        Tab("history", gettext_lazy("History"), "core/_history.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> Partner:
        return sel.partner_get(user=user, pk=pk)

    def header_context(self, obj: Partner) -> dict[str, Any]:
        return {"can_edit": allowed(require_region_write, self.user, obj.office_id)}

    def needs_context(self, obj: Partner) -> dict[str, Any]:
        can_edit = allowed(require_region_write, self.user, obj.office_id)
        return {
            "needs": list(sel.partner_needs(partner=obj)),
            "need_form": self.bound.get("need_form") or (NeedForm() if can_edit else None),
        }

    def agreements_context(self, obj: Partner) -> dict[str, Any]:
        rows = sel.partnership_list(user=self.user, filters=sel.PartnershipFilter(partner=obj.pk))
        return {"table": tables.PARTNERSHIPS, "rows": tables.PARTNERSHIPS.rows(rows)}

    def history_context(self, obj: Partner) -> dict[str, Any]:
        return _history(self, sel.partner_history(partner=obj))


def _offices(user: Any) -> list[Region]:
    return list(regions_for_user(user=user))


class PartnerFormPage(FormPage):
    access = require_partnership_access
    form_class = PartnerForm
    title_create = gettext_lazy("New partner")
    title_edit = gettext_lazy("Edit partner")
    saved_create = saved_edit = gettext_lazy("Partner saved.")
    list_url = "partnership_partner_list"
    list_label = gettext_lazy("Partners")
    field_map = PartnerForm.FIELD_MAP
    detail = PartnerDetail

    @property
    def refused_on(self) -> str | None:  # type: ignore[override]
        return "office" if self.creating else ""

    def check(self, obj: Partner | None) -> None:
        if obj is None:
            require_editor(self.user)
        else:
            require_region_write(self.user, obj.office_id)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> PartnerForm:
        kwargs: dict[str, Any] = {
            "offices": _offices(self.user),
            "associations": list(associations_visible(user=self.user).order_by("name")[:500]),
            "with_office": obj is None,
        }
        if data is not None:
            return PartnerForm(data, **kwargs)
        return PartnerForm(initial=self.initial(obj) if obj is not None else None, **kwargs)

    def initial(self, obj: Partner) -> dict[str, Any]:
        names = ("kind", "name", "contact", "website", "description")
        return {n: getattr(obj, n) for n in names} | {"association": obj.association_id}

    create_service = services.partner_create
    update_service = services.partner_update
    record_arg = "partner"

    def success_url(self, obj: Partner) -> str:
        return reverse("partnership_partner_detail", args=[obj.pk])


class NeedAdd(RelatedAdd):
    access = require_partnership_access
    detail = PartnerDetail
    form_class = NeedForm
    form_name = "need_form"
    tab = "needs"
    added = gettext_lazy("Need or offer recorded.")
    field_map = NeedForm.FIELD_MAP
    refused_on = None

    write_region = "office_id"

    def add(self, form: Any, parent: Partner) -> PartnerNeed:
        return services.need_add(actor=self.user, partner=parent, data=form.service_data())


class NeedRemove(RelatedRemove):
    access = require_partnership_access
    detail = PartnerDetail
    tab = "needs"
    child_kwarg = "need_pk"
    removed = gettext_lazy("Need or offer removed.")

    write_region = "office_id"

    def children(self, parent: Partner) -> QuerySet[PartnerNeed]:
        return sel.partner_needs(partner=parent)

    def remove(self, child: PartnerNeed) -> None:
        services.need_remove(actor=self.user, need=child)


class NeedMatches(DetailPage):
    """A need or offer and the businesses that fit it, ranked, each component of the score in words."""

    access = require_partnership_access
    template_name = "partnerships/need_detail.html"
    object_name = "need"
    detail_url = "partnership_need_detail"
    not_found = gettext_lazy("No such need or offer.")

    def lookup(self, *, user: Any, pk: int) -> PartnerNeed:
        return sel.need_get(user=user, pk=pk)

    def header_context(self, obj: PartnerNeed) -> dict[str, Any]:
        return {"matches": sel.need_matches(user=self.user, need=obj), "limit": sel.MATCH_LIMIT}


class BusinessPartners(DetailPage):
    """The open needs and offers of partners that fit one business, ranked, with the reasons and what it lacks."""

    access = require_partnership_access
    template_name = "partnerships/business_partners.html"
    object_name = "business"
    detail_url = "partnership_business_partners"
    not_found = gettext_lazy("No such business.")

    def lookup(self, *, user: Any, pk: int) -> Business:
        return business_get(user=user, pk=pk)

    def header_context(self, obj: Business) -> dict[str, Any]:
        return {"matches": sel.business_partner_matches(user=self.user, business=obj)}


# --- partnerships -------------------------------------------------------------------------------------------


class PartnershipList(ListPage):
    access = require_partnership_access
    title = gettext_lazy("Partnership agreements")
    count_label = gettext_lazy("partnerships")
    empty = gettext_lazy("No partnerships recorded yet.")
    filter_form = PartnershipFilterForm
    create_url = "partnership_create"
    create_label = gettext_lazy("New partnership")
    table = tables.PARTNERSHIPS
    export_name = "kemitraan"
    template_name = "partnerships/list.html"

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Partnership]:
        return sel.partnership_list(user=self.user, filters=filters)


class PartnershipDetail(DetailPage):
    access = require_partnership_access
    template_name = "partnerships/partnership_detail.html"
    object_name = "partnership"
    detail_url = "partnership_detail"
    not_found = gettext_lazy("No such partnership.")
    tabs = (
        Tab("parties", gettext_lazy("Businesses"), "partnerships/_parties.html"),
        Tab("outcomes", gettext_lazy("Outcomes"), "partnerships/_outcomes.html"),
        Tab("documents", gettext_lazy("Documents"), "partnerships/_documents.html"),
        Tab("history", gettext_lazy("History"), "core/_history.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> Partnership:
        return sel.partnership_get(user=user, pk=pk)

    def _can_edit(self, obj: Partnership) -> bool:
        return allowed(require_region_write, self.user, obj.office_id)

    def header_context(self, obj: Partnership) -> dict[str, Any]:
        can_edit = self._can_edit(obj)
        following = NEXT_STATUS.get(obj.status)  # type: ignore[call-overload]
        return {
            "can_edit": can_edit and obj.status != "ended",
            "next_status": following if can_edit else None,
            "status_form": self.bound.get("status_form"),
        }

    def parties_context(self, obj: Partnership) -> dict[str, Any]:
        editable = self._can_edit(obj) and obj.status != "ended"
        return {
            "parties": list(sel.partnership_parties(partnership=obj)),
            "party_form": self.bound.get("party_form") or (PartyForm() if editable else None),
        }

    def outcomes_context(self, obj: Partnership) -> dict[str, Any]:
        form = None
        if self._can_edit(obj) and obj.status in ("running", "ended"):
            form = self.bound.get("outcome_form") or OutcomeForm(
                initial={
                    "volume_supplied": "" if obj.volume_supplied is None else f"{obj.volume_supplied.normalize():f}",
                    "volume_unit": obj.volume_unit,
                    "outcome_notes": obj.outcome_notes,
                }
            )
        return {"outcome_form": form, "n_parties": obj.parties.count()}

    def documents_context(self, obj: Partnership) -> dict[str, Any]:
        return {
            "documents": list(sel.partnership_documents(partnership=obj)),
            "document_form": self.bound.get("document_form") or (DocumentForm() if self._can_edit(obj) else None),
        }

    def history_context(self, obj: Partnership) -> dict[str, Any]:
        return _history(self, sel.partnership_history(partnership=obj))


class PartnershipFormPage(FormPage):
    access = require_partnership_access
    form_class = PartnershipForm
    title_create = gettext_lazy("New partnership")
    title_edit = gettext_lazy("Edit partnership")
    saved_create = saved_edit = gettext_lazy("Partnership saved.")
    list_url = "partnership_list"
    list_label = gettext_lazy("Partnership agreements")
    field_map = PartnershipForm.FIELD_MAP
    detail = PartnershipDetail
    refused_on = None

    def check(self, obj: Partnership | None) -> None:
        if obj is None:
            require_editor(self.user)
        else:
            require_region_write(self.user, obj.office_id)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> PartnershipForm:
        if obj is None:
            partners = list(sel.partners_visible(user=self.user).order_by("name")[:500])
            needs = list(sel.needs_visible(user=self.user).select_related("partner").order_by("partner__name", "id"))
        else:
            partners, needs = [], list(sel.partner_needs(partner=obj.partner).select_related("partner"))
        kwargs: dict[str, Any] = {"partners": partners, "needs": needs, "with_partner": obj is None}
        if data is not None:
            return PartnershipForm(data, **kwargs)
        if obj is None:
            asked = self.request.GET.get("partner", "")
            return PartnershipForm(initial={"partner": asked} if asked.isdigit() else None, **kwargs)
        return PartnershipForm(initial=self.initial(obj), **kwargs)

    def initial(self, obj: Partnership) -> dict[str, Any]:
        names = ("kind", "title", "number", "starts_on", "ends_on", "description")
        value = "" if obj.value is None else f"{obj.value:.0f}"
        return {n: getattr(obj, n) for n in names} | {"need": obj.need_id, "value": value}

    def save(self, form: Any, obj: Partnership | None) -> Partnership:
        if obj is not None:
            return services.partnership_update(actor=self.user, partnership=obj, data=form.service_data())
        pk = form.cleaned_data.get("partner")
        partner = sel.partners_visible(user=self.user).filter(pk=pk).first() if pk else None
        if partner is None:
            raise ValidationError({"partner_id": _("Choose the partner.")})
        return services.partnership_create(actor=self.user, partner=partner, data=form.service_data())

    def success_url(self, obj: Partnership) -> str:
        return reverse("partnership_detail", args=[obj.pk])


class _PartnershipAction(RelatedAdd):
    access = require_partnership_access
    detail = PartnershipDetail
    refused_on = None

    write_region = "office_id"


class StatusChange(_PartnershipAction):
    """POST: move the partnership one step (proposed → agreed → running → ended)."""

    form_class = StatusForm
    form_name = "status_form"
    tab = "parties"
    added = gettext_lazy("Status changed.")
    field_map = {"to": "to"}

    def add(self, form: Any, parent: Partnership) -> Partnership:
        return services.partnership_advance(actor=self.user, partnership=parent, to=form.cleaned_data["to"])


class PartyAdd(_PartnershipAction):
    form_class = PartyForm
    form_name = "party_form"
    tab = "parties"
    added = gettext_lazy("Business added to the partnership.")

    def add(self, form: Any, parent: Partnership) -> PartnershipBusiness:
        business = businesses_visible(user=self.user).filter(pk=form.cleaned_data["business"]).first()
        if business is None:
            raise ValidationError({"business": _("No business you may see has this number.")})
        return services.partnership_business_add(
            actor=self.user, partnership=parent, business=business, role=form.cleaned_data.get("role", "")
        )


class PartyRemove(RelatedRemove):
    access = require_partnership_access
    detail = PartnershipDetail
    tab = "parties"
    child_kwarg = "party_pk"
    removed = gettext_lazy("Business removed from the partnership.")

    write_region = "office_id"

    def children(self, parent: Partnership) -> QuerySet[PartnershipBusiness]:
        return sel.partnership_parties(partnership=parent)

    def remove(self, child: PartnershipBusiness) -> None:
        services.partnership_business_remove(actor=self.user, party=child)


class OutcomeSet(_PartnershipAction):
    form_class = OutcomeForm
    form_name = "outcome_form"
    tab = "outcomes"
    added = gettext_lazy("Outcomes saved.")

    def add(self, form: Any, parent: Partnership) -> Partnership:
        return services.partnership_outcome_set(actor=self.user, partnership=parent, data=form.cleaned_data)


class DocumentAdd(_PartnershipAction):
    form_class = DocumentForm
    form_name = "document_form"
    tab = "documents"
    added = gettext_lazy("Document attached.")

    def make_form(self, data: Any, parent: Partnership) -> DocumentForm:
        return DocumentForm(data, self.request.FILES)

    def add(self, form: Any, parent: Partnership) -> PartnershipDocument:
        return services.partnership_document_add(
            actor=self.user, partnership=parent, upload=form.cleaned_data.get("file")
        )


class DocumentRemove(RelatedRemove):
    access = require_partnership_access
    detail = PartnershipDetail
    tab = "documents"
    child_kwarg = "document_pk"
    removed = gettext_lazy("Document removed.")

    write_region = "office_id"

    def children(self, parent: Partnership) -> QuerySet[PartnershipDocument]:
        return sel.partnership_documents(partnership=parent)

    def remove(self, child: PartnershipDocument) -> None:
        services.partnership_document_remove(actor=self.user, document=child)


@opens_for(require_partnership_access)
@require_GET
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """A partnership's document, for whoever may see the partnership; served as its sniffed type."""
    document = found_or_404(lambda: sel.document_get(user=request.user, pk=pk), _("No such file."))  # type: ignore[arg-type]
    try:
        opened = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    response = FileResponse(opened, content_type=document.content_type, filename=document.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
