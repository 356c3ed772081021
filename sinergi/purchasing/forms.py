"""Forms of the purchasing pages. They parse what was typed; the purchasing services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.purchasing.selectors import PurchaseFilter


class PurchaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name, NIP or business"))
    month = forms.DateField(
        label=_("Month"), required=False, input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"})
    )

    def to_filter(self) -> PurchaseFilter:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return PurchaseFilter(q=data.get("q", "") or "", month=data.get("month"))


class PurchaseForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP of the civil servant"), max_length=30, required=False, help_text=_("18 digits, spaces allowed.")
    )
    product = forms.IntegerField(
        label=_("Catalogue product number"), required=False, min_value=1, help_text=_("As shown on the product page.")
    )
    business = forms.IntegerField(
        label=_("Business number"),
        required=False,
        min_value=1,
        help_text=_("For a purchase outside the catalogue: the seller's number in the registry."),
    )
    description = forms.CharField(label=_("What was bought"), max_length=200, required=False)
    amount = forms.CharField(label=_("Amount"), max_length=40, required=False, help_text=_("Rupiah, e.g. 75.000"))
    day = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    receipt = forms.FileField(
        label=_("Receipt photo"), required=False, help_text=_("A photo (JPEG, PNG, WebP) or a PDF of the receipt.")
    )

    FIELD_MAP = {"product_id": "product", "business_id": "business"}

    def __init__(self, *args: Any, with_nip: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_nip:
            del self.fields["nip"]
        rows: list[tuple[str, ...]] = [("nip",)] if with_nip else []
        rows += [("product", "business"), ("description",), ("amount", "day"), ("receipt",)]
        self.layout = ((None, tuple(rows)),)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "product_id": d.get("product"),
            "business_id": d.get("business"),
            "description": d.get("description", ""),
            "amount": d.get("amount", ""),
            "day": d.get("day"),
        }
