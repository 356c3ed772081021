"""The public catalogue (/pasar/): no sign-in, public fields only (never the owner's name, NIK or phone; the
business's WhatsApp only when its owner published one on its storefront), plain HTML that works without
JavaScript on a phone. Only products their office's listing rule lets through are reachable; any other answers
404 as a missing one does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.core.numbers import parse_amount_text
from sinergi.market import selectors as sel
from sinergi.market import services
from sinergi.market.models import Product
from sinergi.market.whatsapp import order_message
from sinergi.notifications.whatsapp import whatsapp_link
from sinergi.registry.selectors import clusters_active

# A second click on the same product from the same browser within this many seconds is not counted again.
ENQUIRY_THROTTLE_SECONDS = 600


class AmountInput(forms.CharField):
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 20:
            raise ValidationError(_("Write the amount in at most 20 characters."))
        try:
            return parse_amount_text(text)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None


class CatalogueForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    kecamatan = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    halal = forms.BooleanField(label=gettext_lazy("Halal certified"), required=False)
    price_min = AmountInput(
        label=gettext_lazy("Lowest price"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "numeric"}),
    )
    price_max = AmountInput(
        label=gettext_lazy("Highest price"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category, kecamatan = self.fields["category"], self.fields["kecamatan"]
        assert isinstance(category, forms.ChoiceField)
        assert isinstance(kecamatan, forms.ChoiceField)
        category.choices = [("", _("All"))] + [(c.slug, c.name) for c in clusters_active()]
        kecamatan.choices = [("", _("All"))] + [
            (r.code, f"{r.name}, {r.parent.name}" if r.parent else r.name) for r in sel.catalogue_kecamatan()
        ]

    def to_filter(self) -> sel.CatalogueFilter:
        d = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return sel.CatalogueFilter(
            q=d.get("q") or "",
            category=d.get("category") or "",
            kecamatan=d.get("kecamatan") or "",
            halal=bool(d.get("halal")),
            price_min=d.get("price_min") if "price_min" not in self.errors else None,
            price_max=d.get("price_max") if "price_max" not in self.errors else None,
        )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.GET)
    form.is_valid()
    products = sel.catalogue(filters=form.to_filter())
    page = Paginator(products, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)}
    return render(request, "market/public_catalogue.html", context, status=400 if form.errors else 200)


def _product(pk: int) -> Product:
    try:
        return sel.public_product_get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404(_("This product is not in the catalogue.")) from None


@require_GET
def product_page(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(pk)
    storefront = sel.storefront_of(business=product.business)
    context = {
        "product": product,
        "badges": sel.public_product_badges(product=product),
        "can_order": bool(storefront and storefront.whatsapp),
        "share_url": request.build_absolute_uri(reverse("market_public_product", args=[product.pk])),
    }
    return render(request, "market/public_product.html", context)


@require_GET
def storefront_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        business = sel.public_business_get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404(_("This business has no products in the catalogue.")) from None
    products = sel.catalogue().filter(business=business)
    page = Paginator(products, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    storefront = sel.storefront_of(business=business)
    context = {"business": business, "page": page, "storefront": storefront, "query": ""}
    return render(request, "market/public_storefront.html", context)


def _client_key(request: HttpRequest, product: Product) -> str:
    """A throttle key that lives only in the cache, for minutes: a hash, never stored with the enquiry."""
    import hashlib

    raw = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}|{product.pk}"
    return "market-enquiry:" + hashlib.sha256((settings.SECRET_KEY + raw).encode()).hexdigest()


@require_GET
def order_whatsapp(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an enquiry (product and time) and send the visitor on to WhatsApp with the message written."""
    product = _product(pk)
    storefront = sel.storefront_of(business=product.business)
    if storefront is None or not storefront.whatsapp:
        raise Http404(_("This business has not published a WhatsApp number."))
    if cache.add(_client_key(request, product), 1, timeout=ENQUIRY_THROTTLE_SECONDS):
        services.enquiry_record(product=product)
    url = request.build_absolute_uri(reverse("market_public_product", args=[product.pk]))
    message = order_message(product_name=product.name, price=product.price, unit=product.unit, url=url)
    link = whatsapp_link(phone=storefront.whatsapp, text=message)
    if not link:  # saved before the number was checked, and not an Indonesian one
        raise Http404(_("This business has not published a WhatsApp number."))
    response = HttpResponseRedirect(link)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
