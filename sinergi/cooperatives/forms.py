"""Forms of the cooperative pages. They only parse what was typed (Indonesian amounts, counts, dates); the
services validate and decide, and their field errors go back on the form with ``apply_service_errors``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sinergi.accounts.models import User
from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.models import (
    AnnualReport,
    CooperativeKind,
    CooperativeStatus,
    CooperativeTier,
    OfficerBody,
)
from sinergi.cooperatives.selectors import UNSCORED, CooperativeFilter
from sinergi.cooperatives.services.reports import (
    BALANCE_FIELDS,
    FIRST_FISCAL_YEAR,
    INCOME_FIELDS,
    LOAN_FIELDS,
    QUESTIONNAIRES,
    SAVINGS_FIELDS,
)
from sinergi.core.numbers import format_rupiah, parse_count
from sinergi.registry.forms import AmountField, DateInput, RegionCodeField, offer_user_regions

INDICATOR_YEARS_BACK = 10
YES_NO_ANY = [("", _("Any")), ("1", _("Yes")), ("0", _("No"))]


class CountField(forms.CharField):
    """A whole number typed the Indonesian way ("1.200", "12 orang")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        return parse_count(text) if text else None


def predicate_choices() -> list[tuple[str, str]]:
    """The office rule set's predicates, weakest first, by their official names."""
    return [(p.code, p.label) for p in services.rule_set().predicates]


# --- list filters -------------------------------------------------------------------------------------


class CooperativeFilterForm(forms.Form):
    """The cooperative list's filters, read from the query string (so a filtered list can be bookmarked)."""

    q = forms.CharField(label=_("Search name or NIK koperasi"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    region_code = RegionCodeField(
        label=_("or region code"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "17.08.01", "inputmode": "decimal"}),
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any")), *CooperativeKind.choices])
    predicate = forms.ChoiceField(label=_("Health predicate"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *CooperativeStatus.choices])
    active = forms.ChoiceField(label=_("Active (RAT held)"), required=False, choices=YES_NO_ANY)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_user_regions(self, user=user)
        predicate_field = self.fields["predicate"]
        assert isinstance(predicate_field, forms.ChoiceField)
        predicate_field.choices = [("", _("Any")), *predicate_choices(), (UNSCORED, _("Not yet scored"))]

    def _data(self) -> dict[str, Any]:
        return self.cleaned_data if hasattr(self, "cleaned_data") else {}

    def to_filter(self) -> CooperativeFilter:
        """The filter for the valid fields; a field with an error is left out (its message is shown)."""
        data = self._data()
        return CooperativeFilter(
            q=data.get("q", ""),
            region=data.get("region_code") or data.get("region", ""),
            kind=data.get("kind", ""),
            predicate=data.get("predicate", ""),
            status=data.get("status", ""),
        )

    def active_filter(self) -> bool | None:
        value = self._data().get("active", "")
        return None if value == "" else value == "1"


# --- the register entry, officers, members ------------------------------------------------------------


class CooperativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    nik_koperasi = forms.CharField(
        label=_("NIK koperasi"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("From the ministry's Online Data System (ODS), usually 16 digits."),
    )
    kind = forms.ChoiceField(label=_("Type (jenis)"), required=False, choices=[("", "—"), *CooperativeKind.choices])
    tier = forms.ChoiceField(label=_("Tier (bentuk)"), required=False, choices=CooperativeTier.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=CooperativeStatus.choices)
    region = RegionCodeField(
        label=_("Region code"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "17.08", "list": "coop-regions"}),
        help_text=_("The regency/city (kabupaten/kota) code, or the district or village code, e.g. 17.08.01."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    business_lines = forms.CharField(label=_("Business lines"), max_length=255, required=False)
    legal_entity_number = forms.CharField(label=_("Legal entity number (badan hukum)"), max_length=100, required=False)
    legal_entity_date = forms.DateField(label=_("Legal entity date"), required=False, widget=DateInput())
    amendment_number = forms.CharField(label=_("Latest amendment"), max_length=100, required=False)
    amendment_date = forms.DateField(label=_("Latest amendment date"), required=False, widget=DateInput())
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.CharField(
        label=_("Email"), max_length=254, required=False, widget=forms.TextInput(attrs={"inputmode": "email"})
    )
    npwp = forms.CharField(label=_("NPWP"), max_length=30, required=False)

    # Service field name → form field name.
    FIELD_MAP = {"region_id": "region"}
    REGION_FIELD = "region"
    layout = (
        (_("Cooperative"), (("name",), ("kind", "tier", "status"), ("nik_koperasi",), ("business_lines",))),
        (_("Location and contact"), (("region",), ("address",), ("phone", "email", "npwp"))),
        (
            _("Legal entity (badan hukum)"),
            (("legal_entity_number", "legal_entity_date"), ("amendment_number", "amendment_date")),
        ),
    )

    def cooperative_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {f: d[f] for f in self.fields if f != "region"}
        data["region_id"] = d["region"]
        return data


class PersonPickField(forms.CharField):
    """A registered person by NIK (16 digits) or by the number of their page."""

    def to_python(self, value: Any) -> str:
        text = "".join((super().to_python(value) or "").split())
        if text and not text.isdigit():
            raise ValidationError(_("Give the person's NIK (16 digits) or their number."), code="person_pick")
        return text


class OfficerForm(forms.Form):
    person = PersonPickField(
        label=_("Person's NIK or number"), max_length=20, help_text=_("The person must already be registered.")
    )
    body = forms.ChoiceField(label=_("Body"), choices=OfficerBody.choices)
    role = forms.CharField(label=_("Role"), max_length=80, required=False, help_text=_("e.g. Ketua, Sekretaris"))
    term_start = forms.DateField(label=_("Term start"), required=False, widget=DateInput())
    term_end = forms.DateField(label=_("Term end"), required=False, widget=DateInput())

    FIELD_MAP = {"person_id": "person"}
    layout = ((None, (("person", "body", "role"), ("term_start", "term_end"))),)


class MemberForm(forms.Form):
    person = PersonPickField(
        label=_("Person's NIK or number"), max_length=20, help_text=_("The person must already be registered.")
    )
    member_number = forms.CharField(label=_("Member number"), max_length=40, required=False)
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput())
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DateInput())

    FIELD_MAP = {"person_id": "person"}
    layout = ((None, (("person", "member_number"), ("joined_on", "left_on"))),)


# --- annual report ------------------------------------------------------------------------------------

# The management questionnaires (docs/health-assessment.md 3.2): name → component code and title. The
# annex's wording is not available, so the questions are numbered.
QUESTIONNAIRE_TITLES: dict[str, tuple[str, StrOrPromise]] = {
    "general": ("3a", _("General management (manajemen umum)")),
    "institutional": ("3b", _("Institutional (kelembagaan)")),
    "capital": ("3c", _("Capital management (manajemen permodalan)")),
    "assets": ("3d", _("Asset management (manajemen aktiva)")),
    "liquidity": ("3e", _("Liquidity management (manajemen likuiditas)")),
}

REPORT_FIELDSETS: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = (
    (_("Annual members' meeting (RAT)"), ("rat_held", "rat_date", "rat_attendance")),
    (_("Members and staff"), ("members_end", "members_male", "members_female", "staff")),
    (_("Balance sheet (neraca)"), BALANCE_FIELDS),
    (_("Savings (simpanan)"), (*SAVINGS_FIELDS, "members_with_voluntary_savings")),
    (_("Loan book by collectibility"), LOAN_FIELDS),
    (_("Income statement (perhitungan hasil usaha)"), INCOME_FIELDS),
)


def _model_label(name: str) -> StrOrPromise:
    field = AnnualReport._meta.get_field(name)
    assert isinstance(field, models.Field)
    return capfirst(field.verbose_name)


def answer_field(name: str, number: int) -> str:
    return f"{name}_{number}"


def answered_field(name: str) -> str:
    return f"{name}_answered"


class AnnualReportForm(forms.Form):
    """Every field of an annual report; amounts in Indonesian notation, the questionnaires as checkboxes.

    A questionnaire counts as answered when any question is ticked "ya" or its "filled in" box is ticked (a
    checklist answered "tidak" throughout); otherwise it is left out, and the assessment names it missing.
    """

    rat_held = forms.BooleanField(label=_("RAT held"), required=False)
    rat_date = forms.DateField(label=_("RAT date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in services.COUNT_FIELDS:
            self.fields[field] = CountField(label=_model_label(field))
        for field in services.MONEY_FIELDS:
            self.fields[field] = AmountField(label=_model_label(field))
        for name, size in QUESTIONNAIRES.items():
            self.fields[answered_field(name)] = forms.BooleanField(
                label=_("This checklist has been filled in (also when every answer is “tidak”)"), required=False
            )
            for number in range(1, size + 1):
                self.fields[answer_field(name, number)] = forms.BooleanField(
                    label=_("Question %(n)d") % {"n": number}, required=False
                )

    def fieldsets(self) -> Iterator[tuple[StrOrPromise, list[forms.BoundField]]]:
        for legend, names in REPORT_FIELDSETS:
            yield legend, [self[name] for name in names]

    def questionnaires(self) -> Iterator[dict[str, Any]]:
        for name, size in QUESTIONNAIRES.items():
            code, title = QUESTIONNAIRE_TITLES.get(name, ("", name))
            yield {
                "name": name,
                "code": code,
                "title": title,
                "answered": self[answered_field(name)],
                "questions": [self[answer_field(name, n)] for n in range(1, size + 1)],
            }

    def report_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: dict[str, Any] = {"rat_held": d["rat_held"], "rat_date": d["rat_date"]}
        for field in (*services.COUNT_FIELDS, *services.MONEY_FIELDS):
            data[field] = d[field]
        answers: dict[str, list[bool]] = {}
        for name, size in QUESTIONNAIRES.items():
            given = [bool(d[answer_field(name, n)]) for n in range(1, size + 1)]
            if d[answered_field(name)] or any(given):
                answers[name] = given
        data["management_answers"] = answers
        return data

    @staticmethod
    def initial_for(report: AnnualReport) -> dict[str, Any]:
        """The form's initial values from a stored report (amounts as Indonesians write them)."""
        initial: dict[str, Any] = {"rat_held": report.rat_held, "rat_date": report.rat_date}
        for field in services.COUNT_FIELDS:
            initial[field] = getattr(report, field)
        for field in services.MONEY_FIELDS:
            amount = getattr(report, field)
            initial[field] = format_rupiah(amount, decimals=2).replace("Rp ", "") if amount is not None else ""
        for name, answers in (report.management_answers or {}).items():
            initial[answered_field(name)] = True
            for number, answer in enumerate(answers, start=1):
                initial[answer_field(name, number)] = bool(answer)
        return initial


class YearPickForm(forms.Form):
    """The fiscal year of a report to enter (``tahun`` in the query string)."""

    tahun = forms.IntegerField(label=_("Fiscal year"), min_value=FIRST_FISCAL_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["tahun"]
        assert isinstance(year, forms.IntegerField)
        year.max_value = timezone.localdate().year
        year.validators.append(MaxValueValidator(year.max_value))
        year.widget.attrs["max"] = year.max_value
        year.initial = timezone.localdate().year - 1


class IndicatorFilterForm(forms.Form):
    """The indicator table's year and region, read from the query string."""

    year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("Region"), required=False)
    region_code = RegionCodeField(
        label=_("or region code"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "17.08.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        due = last_due_fiscal_year(today=today)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [("", _("Newest year due (%(year)d)") % {"year": due})] + [
            (y, str(y)) for y in range(today.year, today.year - INDICATOR_YEARS_BACK - 1, -1)
        ]
        offer_user_regions(self, user=user)

    def year_value(self) -> int | None:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        value = data.get("year")
        return value if isinstance(value, int) else None

    def region_value(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return str(data.get("region_code") or data.get("region") or "")
