"""Forms of the registry pages. They only parse what was typed; the services validate and decide, and their
field errors are put back on the form with ``core.forms.apply_service_errors``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import User
from sinergi.core.numbers import parse_amount
from sinergi.regions import codes
from sinergi.registry.models import DocumentKind, Scale, Sex
from sinergi.registry.selectors import BusinessFilter, clusters_active, regions_for_user

YES_NO_ANY = [("", _("Any")), ("1", _("Yes")), ("0", _("No"))]


def offer_user_regions(form: forms.Form, *, user: User, field: str = "region") -> None:
    """A filter's region choice: all the user's regions (empty), or one of them by code and name."""
    region_field = form.fields[field]
    assert isinstance(region_field, forms.ChoiceField)
    region_field.choices = [("", _("All my regions"))] + [
        (r.code, f"{r.code} {r.display_name}") for r in regions_for_user(user=user)
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # ISO is what <input type="date"> sends and expects, whatever the page language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AmountField(forms.CharField):
    """Rupiah typed the Indonesian way ("1.250.000,00", "Rp 5.000.000"); see sinergi.core.numbers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        return parse_amount(text)


class RegionCodeField(forms.CharField):
    """A Kemendagri code, accepted with or without dots ("1708" or "17.08")."""

    def to_python(self, value: Any) -> str:
        text = codes.normalize_code(super().to_python(value) or "")
        if text and not codes.is_valid_code(text):
            raise ValidationError(
                _("“%(code)s” is not a region code (NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN)."),
                code="region_code",
                params={"code": text},
            )
        return text


# --- list filters -------------------------------------------------------------------------------------


class BusinessFilterForm(forms.Form):
    """The business list's filters, read from the query string (so a filtered list can be bookmarked)."""

    q = forms.CharField(label=_("Search name, owner or address"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    region_code = RegionCodeField(
        label=_("or region code"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "17.08.01", "inputmode": "decimal"}),
    )
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    scale = forms.ChoiceField(label=_("Scale"), required=False, choices=[("", _("Any")), *Scale.choices])
    has_nib = forms.ChoiceField(label=_("Formal (has NIB)"), required=False, choices=YES_NO_ANY)
    has_halal = forms.ChoiceField(label=_("Halal certified"), required=False, choices=YES_NO_ANY)
    expiring = forms.ChoiceField(label=_("Documents expiring soon"), required=False, choices=YES_NO_ANY)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_user_regions(self, user=user)
        cluster_field = self.fields["cluster"]
        assert isinstance(cluster_field, forms.ChoiceField)
        cluster_field.choices = [("", _("Any"))] + [(c.slug, c.name) for c in clusters_active()]

    def to_filter(self) -> BusinessFilter:
        """The filter for the valid fields; a field with an error is left out (its message is shown)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def flag(name: str) -> bool | None:
            value = data.get(name, "")
            return None if value == "" else value == "1"

        return BusinessFilter(
            q=data.get("q", ""),
            region=data.get("region_code") or data.get("region", ""),
            cluster=data.get("cluster", ""),
            scale=data.get("scale", ""),
            has_nib=flag("has_nib"),
            has_halal=flag("has_halal"),
            expiring=flag("expiring"),
        )


# --- businesses and persons ---------------------------------------------------------------------------


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=200, required=False)
    desa = RegionCodeField(
        label=_("Village code (desa/kelurahan)"),
        max_length=13,
        required=False,
        help_text=_("Choose above, or type the code, e.g. 17.08.01.2001."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    kbli = forms.CharField(label=_("KBLI code"), max_length=10, required=False, help_text=_("KBLI 2020, 5 digits."))
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    workforce = forms.IntegerField(label=_("Workforce"), required=False, min_value=0)
    founded_on = forms.DateField(
        label=_("Founding date"),
        required=False,
        widget=DateInput(),
        help_text=_("When only the year is known: 1 January of that year."),
    )
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)

    # Service field name → form field name.
    FIELD_MAP = {"desa_id": "desa", "cluster_id": "cluster", "owner_id": "owner_existing_nik"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cluster_field = self.fields["cluster"]
        assert isinstance(cluster_field, forms.ChoiceField)
        cluster_field.choices = [("", "—")] + [(str(c.pk), c.name) for c in clusters_active()]

    def business_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "desa_id": d["desa"],
            "address": d["address"],
            "kbli": d["kbli"],
            "cluster_id": int(d["cluster"]) if d["cluster"] else None,
            "workforce": d["workforce"],
            "founded_on": d["founded_on"],
            "latitude": d["latitude"],
            "longitude": d["longitude"],
        }


class BusinessCreateForm(BusinessForm):
    """A business with its owner: an existing person by NIK, or a new person typed in here."""

    owner_existing_nik = forms.CharField(
        label=_("Existing owner's NIK"),
        max_length=20,
        required=False,
        help_text=_("If the owner is already registered, give their NIK and leave the fields below empty."),
    )
    owner_name = forms.CharField(label=_("Owner's name"), max_length=150, required=False)
    owner_nik = forms.CharField(
        label=_("Owner's NIK"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    owner_sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    owner_birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    owner_phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )

    OWNER_FIELD_MAP = {
        "name": "owner_name",
        "nik": "owner_nik",
        "sex": "owner_sex",
        "birth_date": "owner_birth_date",
        "phone": "owner_phone",
        "desa_id": "desa",
    }

    def has_new_owner(self) -> bool:
        d = self.cleaned_data
        return any(d.get(f) for f in ("owner_name", "owner_nik", "owner_phone", "owner_birth_date"))

    def owner_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["owner_name"],
            "nik": d["owner_nik"],
            "sex": d["owner_sex"],
            "birth_date": d["owner_birth_date"],
            "phone": d["owner_phone"],
            "desa_id": d["desa"],
        }


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    nik = forms.CharField(
        label=_("NIK"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    desa = RegionCodeField(label=_("Village code (desa/kelurahan)"), max_length=13, required=False)

    FIELD_MAP = {"desa_id": "desa"}
    layout = ((None, (("name",), ("nik",), ("sex", "birth_date", "phone"), ("address",))),)
    drawn_elsewhere = ("desa",)  # by the village picker

    def person_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "nik": d["nik"],
            "sex": d["sex"],
            "birth_date": d["birth_date"],
            "phone": d["phone"],
            "address": d["address"],
            "desa_id": d["desa"],
        }


# --- documents, yearly figures ------------------------------------------------------------------------


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), max_length=80, required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    issuer = forms.CharField(label=_("Issuer"), max_length=120, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=255, required=False)

    layout = ((None, (("kind", "number"), ("issued_on", "expires_on"), ("issuer",), ("notes",))),)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    modal_usaha = AmountField(
        label=_("Business capital (modal usaha), Rp"), help_text=_("Excluding land and buildings, e.g. 250.000.000")
    )
    annual_sales = AmountField(label=_("Annual sales, Rp"), help_text=_("e.g. 1.250.000.000,00"))
    workforce = forms.IntegerField(label=_("Workforce"), required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


# --- associations -------------------------------------------------------------------------------------


class BoardMemberForm(forms.Form):
    person_nik = forms.CharField(
        label=_("Person's NIK"), max_length=20, help_text=_("The person must already be registered.")
    )
    role = forms.CharField(label=_("Role"), max_length=80, required=False, help_text=_("e.g. Ketua, Sekretaris"))
    term_start = forms.DateField(label=_("Term start"), required=False, widget=DateInput())
    term_end = forms.DateField(label=_("Term end"), required=False, widget=DateInput())

    layout = ((None, (("person_nik", "role"), ("term_start", "term_end"))),)


class MemberForm(forms.Form):
    business = forms.IntegerField(
        label=_("Business number"), min_value=1, help_text=_("The number shown in the business list.")
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput())

    layout = ((None, (("business", "joined_on"),)),)
