"""Forms of the import pages; they only shape input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.regions.models import Region


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    region = forms.ChoiceField(
        label=_("Region of the data"),
        help_text=_("Village and district names in the file are looked up inside this region."),
    )
    source = forms.CharField(
        label=_("Source name"),
        max_length=60,
        required=False,
        help_text=_(
            "A short name for where the data comes from, e.g. “pendataan-umkm-2024”. Import a corrected file "
            "under the same name and its rows update the earlier ones instead of being added twice."
        ),
    )
    year = forms.IntegerField(
        label=_("Year of the figures"),
        required=False,
        min_value=1945,
        max_value=2100,
        help_text=_("For turnover and capital when the file has no year column."),
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.display_name} ({r.code})") for r in regions]  # type: ignore[attr-defined]
