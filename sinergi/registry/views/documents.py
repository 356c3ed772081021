"""A business's legal documents (add, edit, delete) and yearly figures (add), on the generic form pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.views import DeletePage, FormPage
from sinergi.registry import selectors, services
from sinergi.registry.forms import DocumentForm, YearForm
from sinergi.registry.models import Business, LegalDocument


def _business_tab(business: Business, tab: str) -> str:
    return reverse("business_detail", args=[business.pk]) + f"?tab={tab}"


class _OfBusiness(FormPage):
    """A form about one business: its page is where Cancel and Save lead."""

    tab = "documents"

    def business(self, obj: Any | None) -> Business:
        return obj.business if obj is not None else self.parent

    def check(self, obj: Any | None) -> None:
        services.require_business_write(self.user, self.business(obj))

    def success_url(self, obj: Any) -> str:
        return _business_tab(self.business(obj if not self.creates_under else None), self.tab)

    def cancel_url(self, obj: Any | None) -> str:
        return _business_tab(self.business(obj), self.tab)

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {"business": self.business(obj)}


class DocumentAdd(_OfBusiness):
    form_class = DocumentForm
    template_name = "registry/business/subform.html"
    title_create = gettext_lazy("Add a document")
    saved_create = gettext_lazy("Document saved.")
    not_found = gettext_lazy("No such business.")
    creates_under = True

    def lookup(self, *, user: Any, pk: int) -> Business:
        return selectors.business_get(user=user, pk=pk)

    def save(self, form: Any, obj: Any | None) -> LegalDocument:
        return services.legal_document_create(actor=self.user, business=self.parent, data=form.cleaned_data)


class DocumentEdit(_OfBusiness):
    form_class = DocumentForm
    template_name = "registry/business/subform.html"
    title_edit = gettext_lazy("Edit document")
    saved_edit = gettext_lazy("Document saved.")
    not_found = gettext_lazy("No such document.")

    def lookup(self, *, user: Any, pk: int) -> LegalDocument:
        return selectors.document_get(user=user, pk=pk)

    def initial(self, obj: LegalDocument) -> dict[str, Any]:
        return {f: getattr(obj, f) for f in services.DOCUMENT_FIELDS}

    def save(self, form: Any, obj: Any | None) -> LegalDocument:
        assert obj is not None  # an edit page always has its record
        services.legal_document_update(actor=self.user, document=obj, data=form.cleaned_data)
        return obj


class DocumentDelete(DeletePage):
    template_name = "registry/document/delete.html"
    deleted = gettext_lazy("Document deleted.")
    not_found = gettext_lazy("No such document.")

    def lookup(self, *, user: Any, pk: int) -> LegalDocument:
        return selectors.document_get(user=user, pk=pk)

    def check(self, obj: LegalDocument) -> None:
        services.require_business_write(self.user, obj.business)

    def delete(self, obj: LegalDocument) -> None:
        services.legal_document_delete(actor=self.user, document=obj)

    def success_url(self, obj: LegalDocument) -> str:
        return _business_tab(obj.business, "documents")

    def cancel_url(self, obj: LegalDocument) -> str:
        return self.success_url(obj)


class YearAdd(_OfBusiness):
    form_class = YearForm
    template_name = "registry/business/subform.html"
    title_create = gettext_lazy("Yearly figures")
    saved_create = gettext_lazy("Yearly figures saved.")
    not_found = gettext_lazy("No such business.")
    creates_under = True
    tab = "years"

    def lookup(self, *, user: Any, pk: int) -> Business:
        return selectors.business_get(user=user, pk=pk)

    def save(self, form: Any, obj: Any | None) -> Any:
        d = form.cleaned_data
        return services.business_year_set(
            actor=self.user,
            business=self.parent,
            year=d["year"],
            modal_usaha=d["modal_usaha"],
            annual_sales=d["annual_sales"],
            workforce=d["workforce"],
        )

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {
            **super().extra_context(form, obj),
            "hint": gettext_lazy(
                "Write amounts the Indonesian way: dots for thousands, a comma for decimals (Rp 1.250.000,00)."
            ),
        }
