from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.opendata.models import Dataset
from sinergi.reports.sources import source_choices


class DatasetForm(forms.ModelForm[Dataset]):
    producer_office = forms.ChoiceField(label=_("Producer's office"))

    class Meta:
        model = Dataset
        fields = [
            "title", "slug", "producer_office", "producer_unit", "source", "measure", "breakdown", "year",
            "definition", "interpretation", "formula", "unit", "disaggregation", "estimation_level", "frequency",
            "licence", "tags",
        ]  # fmt: skip

    def __init__(self, *args: Any, offices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["producer_office"]).choices = offices
        self.fields["source"] = forms.ChoiceField(label=_("Data source"), choices=source_choices())
        if self.instance.pk:
            del self.fields["producer_office"]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}))
