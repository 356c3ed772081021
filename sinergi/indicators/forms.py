"""Forms of the Peta Jalan pages: a roadmap, a target under it, and the upload of the office's spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.indicators.models import Indicator


class RoadmapForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.ChoiceField(label=_("Office (region)"))
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    layout = ((None, (("name",), ("region",), ("start_year", "end_year"), ("description",))),)
    FIELD_MAP = {"region_id": "region"}

    def __init__(self, *args: Any, offices: Sequence[tuple[str, str]] = (), with_region: bool = True, **kw: Any):
        super().__init__(*args, **kw)
        if with_region:
            cast(forms.ChoiceField, self.fields["region"]).choices = list(offices)
        else:
            del self.fields["region"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "region" in data:
            data["region_id"] = data.pop("region")
        return data


class TargetForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=200, help_text=_("A goal of the roadmap; a new name adds it."))
    indicator = forms.ChoiceField(label=_("Indicator"))
    region = forms.CharField(
        label=_("Region code"), max_length=13, help_text=_("The roadmap's region or one below it.")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=2000, max_value=2100)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=16, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=2)

    FIELD_MAP = {"goal": "goal", "region": "region", "year": "year", "baseline_year": "baseline_year"}

    def __init__(self, *args: Any, indicators: Sequence[Indicator] = (), **kw: Any):
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [(i.code, i.name_id) for i in indicators]


class TargetImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
