"""The beneficiaries report's form, read from the query string (a report can be bookmarked and shared)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.programs.choices import FundingSource, ProgramKind, Target
from sinergi.programs.reports import ReportFilter
from sinergi.registry.forms import RegionCodeField
from sinergi.registry.models import Scale
from sinergi.registry.selectors import clusters_active

DIMENSION_CHOICES = [
    ("program", _("Program")),
    ("year", _("Year")),
    ("kind", _("Kind of program")),
    ("source", _("Source of funds")),
    ("region", _("Region (kabupaten/kota)")),
    ("cluster", _("Cluster")),
    ("gender", _("Gender")),
    ("scale", _("Scale")),
    ("target", _("Target")),
]
DEFAULT_GROUPS = ["year", "source"]
ANY = [("", _("Any"))]


class BeneficiaryReportForm(forms.Form):
    group_by = forms.MultipleChoiceField(
        label=_("Group by"), choices=DIMENSION_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=2000, max_value=2100)
    kind = forms.MultipleChoiceField(
        label=_("Kind of program"), choices=ProgramKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    source = forms.MultipleChoiceField(
        label=_("Source of funds"), choices=FundingSource.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    region = RegionCodeField(label=_("Beneficiary's region code"), required=False, max_length=20)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    scale = forms.ChoiceField(label=_("Scale"), required=False, choices=[*ANY, *Scale.choices])
    target = forms.ChoiceField(label=_("Target"), required=False, choices=[*ANY, *Target.choices])
    include_dropped = forms.BooleanField(label=_("Count participants who dropped out"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cluster"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*ANY, *((c.slug, c.name) for c in clusters_active())]

    def groups(self) -> list[str]:
        chosen = self.cleaned_data.get("group_by") or []
        return list(dict.fromkeys(chosen)) if chosen else list(DEFAULT_GROUPS)

    def to_filter(self) -> ReportFilter:
        d = self.cleaned_data
        return ReportFilter(
            year_from=d.get("year_from"),
            year_to=d.get("year_to"),
            kinds=tuple(d.get("kind") or ()),
            sources=tuple(d.get("source") or ()),
            region=d.get("region") or "",
            cluster=d.get("cluster") or "",
            scale=d.get("scale") or "",
            target=d.get("target") or "",
            include_dropped=bool(d.get("include_dropped")),
        )
