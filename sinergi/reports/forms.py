from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.reports.models import PeriodKind


class ReportRequestForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"))
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Month or quarter"), min_value=0, max_value=12, required=False)

    def __init__(self, *args: Any, offices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["office"]).choices = offices
        self.fields["year"].initial = timezone.localdate().year


class MappingUploadForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"))
    file = forms.FileField(label=_("Mapping file (JSON)"))

    def __init__(self, *args: Any, offices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["office"]).choices = offices


class ExportForm(forms.Form):
    mapping = forms.ChoiceField(label=_("Mapping"))
    region = forms.CharField(label=_("Region code"), required=False)
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, mappings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mapping"]).choices = mappings
        self.fields["year"].initial = timezone.localdate().year - 1
