"""Forms of the program pages. They only parse what was typed (Indonesian amounts, dates, lists of words);
the services validate and decide, and their field errors go back on the form with ``apply_service_errors``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.programs.choices import (
    CertificationKind,
    EnrollmentStatus,
    FundingSource,
    ProgramKind,
    ProgramStatus,
    RuleKind,
    Target,
)
from sinergi.programs.rules import APPLICABLE, health_predicates
from sinergi.programs.selection import DEFAULT_WEIGHTS, FEATURES
from sinergi.programs.selectors import ProgramFilter
from sinergi.registry.forms import AmountField, DateInput, RegionCodeField
from sinergi.registry.models import DocumentKind, Scale, Sex
from sinergi.registry.selectors import clusters_active

ANY = [("", _("Any"))]


def _words(text: str) -> list[str]:
    """Codes typed with commas, semicolons or spaces between them."""
    return [w for w in re.split(r"[\s,;]+", text or "") if w]


class ProgramFilterForm(forms.Form):
    """The program list's filters, read from the query string."""

    q = forms.CharField(label=_("Search name"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[*ANY, *ProgramKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[*ANY, *ProgramStatus.choices])

    def to_filter(self) -> ProgramFilter:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return ProgramFilter(
            q=data.get("q", ""), year=data.get("year"), kind=data.get("kind", ""), status=data.get("status", "")
        )


class ProgramForm(forms.Form):
    FIELD_MAP = {"region_id": "region"}
    REGION_FIELD = "region"
    layout = (
        (_("Program"), (("name",), ("kind", "certification", "target"), ("fiscal_year", "region", "capacity"))),
        (_("Schedule and place"), (("applications_close_on", "starts_on", "ends_on"), ("location",))),
        (_("Content"), (("topics",), ("description",))),
    )

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices)
    certification = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", "—"), *CertificationKind.choices],
        help_text=_("For certification help only: what the beneficiaries obtain."),
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), required=False)
    region = RegionCodeField(
        label=_("Organiser region code"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "35.09", "list": "program-regions"}),
        help_text=_("The province or regency/city of the organising office, e.g. 35.09."),
    )
    target = forms.ChoiceField(label=_("Target"), choices=Target.choices)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, help_text=_("Places; blank for no limit."))
    applications_close_on = forms.DateField(label=_("Applications close on"), required=False, widget=DateInput())
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    topics = forms.CharField(
        label=_("Topics offered"),
        required=False,
        max_length=4000,
        help_text=_("Separated by commas, e.g. digital marketing, packaging."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def program_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["region_id"] = data.pop("region")
        return data


class BudgetLineForm(forms.Form):
    source = forms.ChoiceField(label=_("Source of funds"), choices=FundingSource.choices)
    amount = AmountField(label=_("Amount (Rp)"), help_text=_("e.g. 451.803.000,00"))
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class RealisationForm(forms.Form):
    budget_line = forms.ChoiceField(label=_("Budget line"))
    amount = AmountField(label=_("Amount (Rp)"))
    spent_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, lines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["budget_line"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = lines


def _multi(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, choices=choices, widget=forms.CheckboxSelectMultiple()
    )


class RuleForm(forms.Form):
    """One eligibility rule: its kind and, as form fields, the parameters of every kind (only the chosen
    kind's are read)."""

    kind = forms.ChoiceField(label=_("Rule kind"))
    label = forms.CharField(label=_("Label (optional)"), max_length=200, required=False)
    nib = forms.BooleanField(label=_("Legality: an NIB is required"), required=False)
    documents = _multi(_("Legality: valid documents required"), DocumentKind.choices)
    nik_koperasi = forms.BooleanField(label=_("Legality: a NIK koperasi is required"), required=False)
    legal_entity = forms.BooleanField(label=_("Legality: a legal entity number is required"), required=False)
    scales = _multi(_("Scale is one of"), Scale.choices)
    clusters = _multi(_("Cluster is one of"), [])
    prefixes = forms.CharField(
        label=_("Region codes"), required=False, max_length=500, help_text=_("e.g. 35.09.01, 35.09.02")
    )
    max_decile = forms.IntegerField(label=_("Poverty: P3KE decile at most"), required=False)
    sexes = _multi(_("Gender is one of"), Sex.choices)
    age_min = forms.IntegerField(label=_("Age at least"), required=False)
    age_max = forms.IntegerField(label=_("Age at most"), required=False)
    years = forms.IntegerField(label=_("Not aided within (years)"), required=False)
    kinds = _multi(_("…by programs of kind (blank: this program's kind)"), ProgramKind.choices)
    predicates = _multi(_("Cooperative health is one of"), [])

    def __init__(self, *args: Any, target: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k.value, k.label) for k in RuleKind if k in APPLICABLE[target]]
        clusters = self.fields["clusters"]
        assert isinstance(clusters, forms.MultipleChoiceField)
        clusters.choices = [(c.slug, c.name) for c in clusters_active()]
        predicates = self.fields["predicates"]
        assert isinstance(predicates, forms.MultipleChoiceField)
        predicates.choices = [(p, p) for p in health_predicates()]

    def rule_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        kind = d["kind"]
        params: dict[str, Any]
        if kind == RuleKind.LEGALITY:
            if self.target == Target.COOPERATIVE:
                params = {"nik_koperasi": d["nik_koperasi"], "legal_entity": d["legal_entity"]}
            else:
                params = {"nib": d["nib"], "documents": d["documents"]}
        elif kind in (RuleKind.SCALE, RuleKind.CLUSTER, RuleKind.GENDER, RuleKind.COOPERATIVE_HEALTH):
            source = {"scale": "scales", "cluster": "clusters", "gender": "sexes", "cooperative_health": "predicates"}
            params = {"in": d[source[kind]]}
        elif kind == RuleKind.REGION:
            params = {"prefixes": _words(d["prefixes"])}
        elif kind == RuleKind.POVERTY:
            params = {"max_decile": d["max_decile"]}
        elif kind == RuleKind.AGE:
            params = {k: v for k, v in (("min", d["age_min"]), ("max", d["age_max"])) if v is not None}
        else:
            params = {"years": d["years"]}
            if d["kinds"]:
                params["kinds"] = d["kinds"]
        return {"kind": kind, "params": params, "label": d["label"]}


class ApplicantForm(forms.Form):
    """An application entered by staff: the applicant found by name, NIK or NIB (``applicant``; the picker lists
    the records it names and the one chosen comes as ``pick``) and the needs survey."""

    FIELD_MAP = {"business_id": "applicant", "person_id": "applicant", "cooperative_id": "applicant"}

    applicant = forms.CharField(
        label=_("Applicant"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
        help_text=_("Type a name, a NIK or a NIB, then choose from the list."),
    )
    # Drawn by the picker (programs/_applicant_choices.html) as one radio button per record found.
    pick = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    needs = forms.CharField(
        label=_("Topics needed (needs survey)"),
        required=False,
        max_length=4000,
        help_text=_("Separated by commas."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class EnrollForm(forms.Form):
    """A beneficiary enrolled directly, without a selection run."""

    FIELD_MAP = {
        "business_id": "applicant",
        "person_id": "applicant",
        "cooperative_id": "applicant",
        "double_aid": "acknowledge_double_aid",
    }

    applicant = ApplicantForm.base_fields["applicant"]
    note = forms.CharField(label=_("Note"), required=False, max_length=255)
    acknowledge_double_aid = forms.BooleanField(
        label=_("Enroll anyway if already aided by a program of the same kind"), required=False
    )


class EnrollmentUpdateForm(forms.Form):
    """A participant's status and certificate, from their row of the participants' table."""

    status = forms.ChoiceField(label=_("Status"), choices=EnrollmentStatus.choices)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=80, required=False)


class WeightField(forms.CharField):
    """A weight ≥ 0, with a decimal comma or point."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Give a number, e.g. 2 or 1,5.")) from None
        if not number.is_finite() or number < 0:
            raise ValidationError(_("Give a number, 0 or more."))
        return number


class SelectionForm(forms.Form):
    """A selection run: the published seed, the places, quotas per cluster and kecamatan, the weights."""

    seed = forms.CharField(
        label=_("Published seed"),
        max_length=100,
        required=False,
        help_text=_("The text announced before the draw; blank draws a random one."),
    )
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=0, help_text=_("Blank: the capacity."))
    cluster_min = forms.IntegerField(label=_("Per cluster: at least"), required=False, min_value=0)
    cluster_max = forms.IntegerField(label=_("Per cluster: at most"), required=False, min_value=0)
    kecamatan_min = forms.IntegerField(label=_("Per kecamatan: at least"), required=False, min_value=0)
    kecamatan_max = forms.IntegerField(label=_("Per kecamatan: at most"), required=False, min_value=0)
    exclude_mismatch = forms.BooleanField(
        label=_("Leave out applicants whose needs match none of the topics"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "need_match": _("Weight: need match"),
            "poverty": _("Weight: poverty"),
            "never_aided": _("Weight: never aided before"),
            "female": _("Weight: woman-owned"),
            "formal": _("Weight: formal (NIB)"),
        }
        for name in FEATURES:
            self.fields[f"w_{name}"] = WeightField(
                label=labels.get(name, name),
                required=False,
                initial=str(DEFAULT_WEIGHTS.get(name, 0)),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "4", "maxlength": "12"}),
            )

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{name}"] for name in FEATURES]

    def config(self) -> dict[str, Any]:
        d = self.cleaned_data
        config: dict[str, Any] = {"exclude_mismatch": d["exclude_mismatch"]}
        if d["capacity"] is not None:
            config["capacity"] = d["capacity"]
        quotas = []
        for by in ("cluster", "kecamatan"):
            low, high = d[f"{by}_min"], d[f"{by}_max"]
            if low is not None or high is not None:
                quotas.append({"by": by, "min": low or 0, "max": high})
        config["quotas"] = quotas
        config["weights"] = {name: str(d.get(f"w_{name}") or 0) for name in FEATURES}
        return config


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    topic = forms.CharField(label=_("Topic"), max_length=120, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)


class ApplicantImportForm(forms.Form):
    """A spreadsheet of applicants; its size, type and rows are checked by the import."""

    file = forms.FileField(
        label=_("Spreadsheet of applicants (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("One row per applicant: NIB, the owner's NIK, or the business name with its village; needs."),
    )
