"""Business list and its exports, business detail, create and edit, the region picker."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.accounts.access import can_edit_registry, can_see_personal, require_editor, require_registry_access
from sinergi.accounts.models import User
from sinergi.core.forms import apply_service_errors
from sinergi.core.personal import mask_personal_like
from sinergi.core.views import DetailPage, ListPage, Tab, allowed, history_tab
from sinergi.registry import selectors, services, tables
from sinergi.registry.forms import BusinessCreateForm, BusinessFilterForm, BusinessForm
from sinergi.registry.models import Business
from sinergi.registry.selectors.pages import person_by_nik
from sinergi.registry.views._base import (
    VillageFormPage,
    _picker,
    _Rollback,
)


class BusinessList(ListPage):
    """The business list; ``?format=csv`` / ``?format=xlsx`` (or the export routes) write what is filtered."""

    title = gettext_lazy("Businesses (UMKM)")
    access = require_registry_access
    count_label = gettext_lazy("businesses")
    filter_form = BusinessFilterForm
    empty = empty_filtered = gettext_lazy("No business matches this filter.")
    create_url = "business_create"
    create_label = gettext_lazy("New business")
    export_name = "usaha"
    export_formats = ("csv", "xlsx")
    list_url = "business_list"
    table = tables.BUSINESSES
    export_table = tables.BUSINESS_EXPORT
    template_name = "registry/business/list.html"  # the list, with the search by NIK beside it

    def make_filter_form(self, data: Any) -> BusinessFilterForm:
        return BusinessFilterForm(data, user=self.user)

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Business]:
        return selectors.business_list(user=self.user, filters=filters)


# --- business detail and forms ------------------------------------------------------------------------


class BusinessDetail(DetailPage):
    template_name = "registry/business/detail.html"
    object_name = "business"
    detail_url = "business_detail"
    not_found = gettext_lazy("No such business.")
    tabs = (
        Tab("data", gettext_lazy("Data"), "registry/business/_data.html"),
        Tab("owner", gettext_lazy("Owner"), "registry/business/_owner.html"),
        Tab("years", gettext_lazy("Yearly figures"), "registry/business/_years.html"),
        Tab("documents", gettext_lazy("Legal documents"), "registry/business/_documents.html"),
        Tab("associations", gettext_lazy("Associations"), "registry/business/_associations.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Business:
        return selectors.business_get(user=user, pk=pk)

    def header_context(self, obj: Business) -> dict[str, Any]:
        return {"can_edit": allowed(services.require_business_write, self.user, obj)}

    def data_context(self, obj: Business) -> dict[str, Any]:
        # NIKs and phone numbers an import kept among the other data are personal data too (UU 27/2022).
        return {"extra": obj.extra if self.history_full_personal(obj) else mask_personal_like(obj.extra)}

    def years_context(self, obj: Business) -> dict[str, Any]:
        return {"years": selectors.business_years(business=obj)}

    def documents_context(self, obj: Business) -> dict[str, Any]:
        return {"documents": selectors.business_documents(business=obj)}

    def associations_context(self, obj: Business) -> dict[str, Any]:
        return {"associations": selectors.associations_visible(user=self.user).filter(memberships__business=obj)}

    def history(self, obj: Business) -> Any:
        return selectors.business_history(business=obj)

    def history_full_personal(self, obj: Business) -> bool:
        return can_see_personal(self.user, region_code=obj.desa_id)


def _save_new_business(*, user: User, form: BusinessCreateForm) -> Business | None:
    """Owner and business in one transaction: any error from either step leaves nothing behind (the errors
    are put on the form, and None comes back)."""
    d = form.cleaned_data
    # Read both payloads first: form.add_error drops a field from cleaned_data, so an owner error on the
    # shared village field would otherwise leave the business without one.
    owner_data = form.owner_data()
    business_data = form.business_data()
    business: Business | None = None
    try:
        with transaction.atomic():
            owner_id: int | None = None
            if d["owner_existing_nik"] and form.has_new_owner():
                form.add_error(
                    "owner_existing_nik", _("Give an existing owner's NIK or a new owner's details, not both.")
                )
            elif d["owner_existing_nik"]:
                person = person_by_nik(user=user, nik=d["owner_existing_nik"])
                if person is None:
                    form.add_error("owner_existing_nik", _("No person you may see has this NIK."))
                else:
                    owner_id = person.pk
            elif form.has_new_owner():
                try:
                    owner_id = services.person_create(actor=user, data=owner_data).pk
                except ValidationError as exc:
                    apply_service_errors(form, exc, field_map=form.OWNER_FIELD_MAP)
            # The business is validated even when the owner failed, so every error shows in one round trip.
            try:
                business = services.business_create(actor=user, data={**business_data, "owner_id": owner_id})
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map=form.FIELD_MAP)
            if form.errors:
                raise _Rollback
    except _Rollback:
        return None
    return business


class BusinessFormPage(VillageFormPage):
    """Register a business with its owner, or edit one; the village comes from the cascading picker."""

    form_class = BusinessForm
    template_name = "registry/business/form.html"
    title_create = gettext_lazy("New business")
    title_edit = gettext_lazy("Edit business")
    list_url = "business_list"
    list_label = gettext_lazy("Businesses (UMKM)")
    field_map = BusinessForm.FIELD_MAP
    detail = BusinessDetail
    create_check = require_editor
    edit_check = services.require_business_write

    def form_for(self) -> type[BusinessForm]:
        return BusinessCreateForm if self.creating else BusinessForm

    def initial(self, obj: Business) -> dict[str, Any]:
        fields = ("name", "address", "kbli", "workforce", "founded_on", "latitude", "longitude")
        return {f: getattr(obj, f) for f in fields} | {"desa": obj.desa_id, "cluster": str(obj.cluster_id or "")}

    def save(self, form: Any, obj: Business | None) -> Business | None:
        if obj is None:
            return _save_new_business(user=self.user, form=form)
        services.business_update(actor=self.user, business=obj, data=form.business_data())
        return obj

    def saved_message(self, obj: Business) -> str:
        if self.creating:
            return _("Business “%(name)s” registered.") % {"name": obj.name}
        return _("Changes saved.")

    def success_url(self, obj: Business) -> str:
        return reverse("business_detail", args=[obj.pk])

    def extra_context(self, form: Any, obj: Business | None) -> dict[str, Any]:
        return {"business": obj, "picker": self.picker_context(form)}


@login_required
@require_GET
def region_picker_view(request: HttpRequest) -> HttpResponse:
    """The cascading village selects, re-rendered by htmx when one of them changes."""
    context = _picker(request, desa_code=request.GET.get("desa", "").strip(), source=request.GET)
    return render(request, "registry/_region_picker.html", {"picker": context})
