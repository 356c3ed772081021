"""Forms of the account pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import RULE_SET_HELP, rule_set_choices


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “import script, laptop kantor”."),
    )


class OfficeRegionForm(forms.Form):
    """Which office's settings to show: the regions the user may manage (every office, for an administrator)."""

    region = forms.ChoiceField(label=_("Office"))

    def __init__(self, *args: Any, regions: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(regions)


class OfficeSettingsForm(forms.Form):
    """An office's settings as its officers change them; each field is an ``OfficeSettings`` field."""

    health_rule_set = forms.ChoiceField(
        label=_("Health-assessment rule set"), choices=rule_set_choices, widget=forms.RadioSelect
    )

    def variants(self) -> list[tuple[BoundWidget, Any]]:
        """Each rule set's radio button with its one-line explanation."""
        return [(radio, RULE_SET_HELP.get(str(radio.data["value"]), "")) for radio in self["health_rule_set"]]
