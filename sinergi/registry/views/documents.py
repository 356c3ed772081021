"""A business's legal documents and yearly figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sinergi.registry import services
from sinergi.registry.forms import (
    DocumentForm,
    YearForm,
    apply_service_errors,
)
from sinergi.registry.models import Business, LegalDocument
from sinergi.registry.views._base import (
    _business_or_404,
    _document_or_404,
    _user,
)


def _document_page(request: HttpRequest, *, business: Business, document: LegalDocument | None = None) -> HttpResponse:
    user = _user(request)
    services.require_business_write(user, business)
    if request.method == "POST":
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                if document is None:
                    services.legal_document_create(actor=user, business=business, data=form.cleaned_data)
                else:
                    services.legal_document_update(actor=user, document=document, data=form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Document saved."))
                return redirect(reverse("business_detail", args=[business.pk]) + "?tab=documents")
    elif document is not None:
        form = DocumentForm(initial={f: getattr(document, f) for f in services.DOCUMENT_FIELDS})
    else:
        form = DocumentForm()
    return render(request, "registry/document/form.html", {"form": form, "business": business, "document": document})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _document_page(request, business=_business_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    return _document_page(request, business=document.business, document=document)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    business = document.business
    services.require_business_write(_user(request), business)
    if request.method == "POST":
        services.legal_document_delete(actor=_user(request), document=document)
        messages.success(request, _("Document deleted."))
        return redirect(reverse("business_detail", args=[business.pk]) + "?tab=documents")
    return render(request, "registry/document/delete.html", {"document": document, "business": business})


@login_required
@require_http_methods(["GET", "POST"])
def year_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    business = _business_or_404(request, pk)
    services.require_business_write(user, business)
    if request.method == "POST":
        form = YearForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.business_year_set(
                    actor=user,
                    business=business,
                    year=d["year"],
                    modal_usaha=d["modal_usaha"],
                    annual_sales=d["annual_sales"],
                    workforce=d["workforce"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Yearly figures saved."))
                return redirect(reverse("business_detail", args=[business.pk]) + "?tab=years")
    else:
        form = YearForm()
    return render(request, "registry/business/year_form.html", {"form": form, "business": business})
