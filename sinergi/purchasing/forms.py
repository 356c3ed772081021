"""Forms of the purchasing pages. They parse what was typed; the purchasing services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.core.dates import parse_date_id
from sinergi.purchasing.models import RankGroup
from sinergi.purchasing.selectors import PurchaseFilter
from sinergi.registry.forms import DateInput, RegionCodeField


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


class AgencyForm(forms.Form):
    region = RegionCodeField(
        label=_("Region code"), max_length=13, required=False, help_text=_("The kabupaten/kota or province, e.g. 17.08")
    )
    name = forms.CharField(label=_("Agency name"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False, help_text=_("e.g. Diskop UKM"))

    FIELD_MAP = {"region_id": "region"}
    layout = ((None, (("name",), ("short_name", "region"))),)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"region_id": d.get("region") or "", "name": d.get("name", ""), "short_name": d.get("short_name", "")}


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Program name"), max_length=150, required=False)
    region = RegionCodeField(
        label=_("Region code"), max_length=13, required=False, help_text=_("The kabupaten/kota or province, e.g. 17.08")
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=200,
        required=False,
        help_text=_("e.g. Instruksi Bupati Nomor 1 Tahun 2025"),
    )

    FIELD_MAP = {"region_id": "region"}
    layout = ((None, (("name",), ("region",), ("starts_on", "ends_on"), ("legal_basis",))),)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d.get("name", ""),
            "region_id": d.get("region") or "",
            "starts_on": d.get("starts_on"),
            "ends_on": d.get("ends_on"),
            "legal_basis": d.get("legal_basis", ""),
        }


class TargetRuleForm(forms.Form):
    rank_group = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=[("", _("Every golongan")), *RankGroup.choices]
    )
    nip = forms.CharField(
        label=_("or one civil servant's NIP"), max_length=30, required=False, help_text=_("18 digits, spaces allowed.")
    )
    min_amount = forms.CharField(
        label=_("Minimum spend a month"), max_length=40, required=False, help_text=_("Rupiah, e.g. 100.000")
    )
    min_purchases = forms.IntegerField(label=_("Minimum purchases a month"), required=False, min_value=1)

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "rank_group": d.get("rank_group", ""),
            "nip": d.get("nip", ""),
            "min_amount": d.get("min_amount", ""),
            "min_purchases": d.get("min_purchases"),
        }


class StaffUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("Columns NIP and Nama; Golongan and Jabatan when the list has them."),
    )


BULK_COLUMNS = ("nip", "business_id", "amount", "day", "description")


class BulkPurchaseForm(forms.Form):
    """Purchases an agency records at once, pasted from a spreadsheet: one purchase a line, its cells separated
    by tabs (as a spreadsheet copies them) or semicolons."""

    rows = forms.CharField(
        label=_("Purchases, one a line"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_(
            "NIP; business number; amount; date; what was bought — e.g. "
            "198507052010012003; 12; 75.000; 05-03-2025; Kopi bubuk. Copied spreadsheet rows work as they are."
        ),
    )
    layout = ((None, (("rows",),)),)

    MAX_LINES = 500

    def clean_rows(self) -> list[dict[str, Any]]:
        parsed: list[dict[str, Any]] = []
        errors: list[str] = []
        lines = [line for line in str(self.cleaned_data.get("rows") or "").splitlines() if line.strip()]
        if len(lines) > self.MAX_LINES:
            raise forms.ValidationError(_("At most %(n)d purchases at once.") % {"n": self.MAX_LINES})
        for number, line in enumerate(lines, start=1):
            cells = [c.strip() for c in (line.split("\t") if "\t" in line else line.split(";"))]
            cells += [""] * (len(BULK_COLUMNS) - len(cells))
            row: dict[str, Any] = dict(zip(BULK_COLUMNS, cells, strict=False))
            business = "".join(str(row["business_id"]).split())
            row["business_id"] = int(business) if business.isdigit() else None
            if not business.isdigit():
                errors.append(_("Line %(n)d: the business number is a whole number.") % {"n": number})
            try:
                row["day"] = parse_date_id(row["day"]) if row["day"] else None
            except ValidationError as exc:
                errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": exc.messages[0]})
            parsed.append(row)
        if errors:
            raise forms.ValidationError(errors)
        if not parsed:
            raise forms.ValidationError(_("Paste at least one purchase."))
        return parsed
