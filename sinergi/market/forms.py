"""Forms of the market pages. They parse what was typed; the market services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.market.models import StockStatus
from sinergi.registry.selectors import clusters_active


def _category_choices(empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [(str(c.pk), c.name) for c in clusters_active()]


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any"))] + [(c.slug, c.name) for c in clusters_active()]

    def to_filter(self) -> Any:
        from sinergi.market.selectors import ProductFilter

        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return ProductFilter(q=data.get("q", "") or "", category=data.get("category", "") or "")


class ProductForm(forms.Form):
    business = forms.IntegerField(
        label=_("Business number"), required=False, min_value=1, help_text=_("As shown on the business's page.")
    )
    name = forms.CharField(label=_("Product name"), max_length=150, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ChoiceField(label=_("Category"), required=False)
    price = forms.CharField(
        label=_("Price"), max_length=60, required=False, help_text=_("Rupiah, e.g. Rp 25.000/pak or 25.000.")
    )
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False, help_text=_("e.g. pak, kg, botol"))
    minimum_order = forms.IntegerField(label=_("Minimum order"), required=False, min_value=1, initial=1)
    stock_status = forms.ChoiceField(label=_("Stock"), choices=StockStatus.choices, initial=StockStatus.AVAILABLE)
    is_active = forms.BooleanField(label=_("Offered in the catalogue"), required=False, initial=True)

    FIELD_MAP = {"business_id": "business", "category_id": "category"}
    layout = (
        (
            None,
            (
                ("business",),
                ("name", "category"),
                ("description",),
                ("price", "unit"),
                ("minimum_order", "stock_status"),
                ("is_active",),
            ),
        ),
    )

    def __init__(self, *args: Any, with_business: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _category_choices("—")
        if not with_business:
            del self.fields["business"]

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {
            "name": d.get("name"),
            "description": d.get("description"),
            "category_id": int(d["category"]) if d.get("category") else None,
            "price": d.get("price"),
            "unit": d.get("unit"),
            "minimum_order": d.get("minimum_order"),
            "stock_status": d.get("stock_status"),
            "is_active": bool(d.get("is_active")),
        }
        if "business" in self.fields:
            data["business_id"] = d.get("business")
        return data


class PermitForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Legal document"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, documents: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(d.pk, str(d)) for d in documents]
