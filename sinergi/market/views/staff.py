"""The office's and the owner's market pages (/pasar/kelola/): products with their permits, on the generic
pages of sinergi.core.views. The public catalogue is in public.py beside it.

Staff see the products of businesses in their regions, an owner those of their own businesses; a product
outside them answers 404. Editors of the region and the owner write; viewers only read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import require_registry_access
from sinergi.core.views import (
    DeletePage,
    DetailPage,
    FormPage,
    ListPage,
    RelatedAdd,
    RelatedRemove,
    Tab,
    allowed,
    history_tab,
)
from sinergi.market import selectors as sel
from sinergi.market import services, tables
from sinergi.market.forms import PermitForm, ProductFilterForm, ProductForm
from sinergi.market.models import Product, ProductPermit
from sinergi.registry.models import Business
from sinergi.registry.selectors import business_get
from sinergi.registry.services import require_business_write


class ProductList(ListPage):
    access = require_registry_access
    title = gettext_lazy("Products")
    count_label = gettext_lazy("products")
    empty = gettext_lazy("No products recorded yet.")
    filter_form = ProductFilterForm
    create_url = "market_product_create"
    create_label = gettext_lazy("New product")
    create_check = services.require_product_create
    table = tables.PRODUCTS
    selector = sel.product_list


class ProductDetail(DetailPage):
    access = require_registry_access
    template_name = "market/product_detail.html"
    object_name = "product"
    detail_url = "market_product_detail"
    tabs = (
        Tab("permits", gettext_lazy("Permits"), "market/_permits.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Product:
        return sel.product_get(user=user, pk=pk)

    def header_context(self, obj: Product) -> dict[str, Any]:
        listed, reasons = sel.product_listing(product=obj)
        return {
            "can_edit": allowed(require_business_write, self.user, obj.business),
            "listed": listed,
            "reasons": reasons,
        }

    def permits_context(self, obj: Product) -> dict[str, Any]:
        can_edit = allowed(require_business_write, self.user, obj.business)
        return {
            "permits": list(sel.product_permits(product=obj)),
            "permit_form": self.bound.get("permit_form")
            or (PermitForm(documents=sel.product_documents_to_link(product=obj)) if can_edit else None),
            "can_verify": services.can_verify(self.user, obj),
        }

    def history(self, obj: Product) -> Any:
        return sel.product_history(product=obj)


class ProductFormPage(FormPage):
    access = require_registry_access
    form_class = ProductForm
    title_create = gettext_lazy("New product")
    title_edit = gettext_lazy("Edit product")
    saved_create = saved_edit = gettext_lazy("Product saved.")
    list_url = "market_product_list"
    list_label = gettext_lazy("Products")
    field_map = ProductForm.FIELD_MAP
    refused_on = None

    def lookup(self, *, user: Any, pk: int) -> Product:
        return sel.product_get(user=user, pk=pk)

    create_check = services.require_product_create

    def check(self, obj: Product | None) -> None:
        if obj is not None:
            require_business_write(self.user, obj.business)
        else:
            super().check(obj)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> ProductForm:
        if data is not None:
            return ProductForm(data, with_business=obj is None)
        if obj is None:
            business = self.request.GET.get("business", "")
            return ProductForm(initial={"business": business} if business.isdigit() else None)
        return ProductForm(initial=self.initial(obj), with_business=False)

    def initial(self, obj: Product) -> dict[str, Any]:
        fields = ("name", "description", "unit", "minimum_order", "stock_status", "is_active")
        return {f: getattr(obj, f) for f in fields} | {"category": obj.category_id, "price": f"{obj.price:.0f}"}

    def save(self, form: Any, obj: Product | None) -> Product:
        data = form.service_data()
        if obj is None:
            # The business is read through the user's scope: another region's business is "unknown", not refused.
            try:
                business_get(user=self.user, pk=data["business_id"] or 0)
            except Exception:
                data["business_id"] = None
            return services.product_create(actor=self.user, data=data)
        return services.product_update(actor=self.user, product=obj, data=data)

    def success_url(self, obj: Product) -> str:
        return reverse("market_product_detail", args=[obj.pk])


class ProductDelete(DeletePage):
    access = require_registry_access
    question = gettext_lazy("Delete this product and its permit links?")
    deleted = gettext_lazy("Product deleted.")

    def lookup(self, *, user: Any, pk: int) -> Product:
        return sel.product_get(user=user, pk=pk)

    def check(self, obj: Product) -> None:
        require_business_write(self.user, obj.business)

    def delete(self, obj: Product) -> None:
        services.product_delete(actor=self.user, product=obj)

    def success_url(self, obj: Product) -> str:
        return reverse("market_product_list")

    def cancel_url(self, obj: Product) -> str:
        return reverse("market_product_detail", args=[obj.pk])


class PermitAdd(RelatedAdd):
    access = require_registry_access
    detail = ProductDetail
    form_class = PermitForm
    form_name = "permit_form"
    tab = "permits"
    added = gettext_lazy("Permit linked; an officer still has to verify it.")
    refused_on = None

    def check(self, parent: Product) -> None:
        require_business_write(self.user, parent.business)

    def make_form(self, data: Any, parent: Product) -> PermitForm:
        return PermitForm(data, documents=sel.product_documents_to_link(product=parent))

    def add(self, form: Any, parent: Product) -> ProductPermit:
        return services.product_permit_add(actor=self.user, product=parent, document_id=form.cleaned_data["document"])


class PermitRemove(RelatedRemove):
    access = require_registry_access
    detail = ProductDetail
    tab = "permits"
    removed = gettext_lazy("Permit unlinked.")

    def check(self, parent: Product) -> None:
        require_business_write(self.user, parent.business)

    def child(self, parent: Product, pk: int) -> ProductPermit | None:
        return sel.product_permits(product=parent).filter(pk=pk).first()

    def remove(self, child: ProductPermit) -> None:
        services.product_permit_remove(actor=self.user, permit=child)


class PermitVerify(RelatedRemove):
    access = require_registry_access
    """POST: an officer of the business's region records that they checked a permit's number and expiry."""

    detail = ProductDetail
    tab = "permits"
    removed = gettext_lazy("Permit verified.")

    def child(self, parent: Product, pk: int) -> ProductPermit | None:
        return sel.product_permits(product=parent).filter(pk=pk).first()

    def remove(self, child: ProductPermit) -> None:
        services.product_permit_verify(actor=self.user, permit=child)


class StorefrontForm(forms.Form):
    whatsapp = forms.CharField(
        label=gettext_lazy("Public WhatsApp number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Buyers see it and order through it; leave empty for no order button."),
    )
    about = forms.CharField(
        label=gettext_lazy("About the business"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    layout = ((None, (("whatsapp",), ("about",))),)


class StorefrontFormPage(FormPage):
    access = require_registry_access
    """The business's public storefront: the WhatsApp number it publishes and its text (owner or editor)."""

    form_class = StorefrontForm
    title_edit = gettext_lazy("Public storefront")
    saved_edit = gettext_lazy("Storefront saved.")
    list_url = "market_product_list"
    list_label = gettext_lazy("Products")

    def lookup(self, *, user: Any, pk: int) -> Business:
        return business_get(user=user, pk=pk)

    def check(self, obj: Business | None) -> None:
        if obj is not None:
            require_business_write(self.user, obj)

    def initial(self, obj: Business) -> dict[str, Any]:
        storefront = sel.storefront_of(business=obj)
        return {"whatsapp": storefront.whatsapp, "about": storefront.about} if storefront else {}

    def save(self, form: Any, obj: Business | None) -> Business:
        assert obj is not None  # the page only edits
        d = form.cleaned_data
        services.storefront_set(actor=self.user, business=obj, whatsapp=d["whatsapp"], about=d["about"])
        return obj

    def success_url(self, obj: Business) -> str:
        return reverse("business_detail", args=[obj.pk])
