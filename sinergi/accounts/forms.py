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


class ProfileForm(forms.Form):
    """What a user changes about themselves on the profile page."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("For the office to reach you, e.g. 0812 3456 7890."),
    )
    language = forms.ChoiceField(
        label=_("Language of the pages"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        help_text=_("Pages open in this language after you sign in; the ID/EN switch at the top changes it too."),
    )
    layout = ((None, (("first_name", "last_name"), ("email", "phone"), ("language",))),)


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

    hundred_day_days = forms.IntegerField(
        label=_("Days to submit the 100-day program"),
        min_value=1,
        max_value=365,
        required=False,  # left empty: the office keeps what it has
        help_text=_("Counted from the association's inauguration; after that day it is shown as late."),
    )
    field_wait_days = forms.IntegerField(
        label=_("Days to hold field operations that arrive out of order"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_(
            "An operation from a field device that arrives before an earlier one waits this many days for it; then "
            "it is applied without it."
        ),
    )

    # Empowerment groups (sinergi.empowerment): who is a candidate and how many households a group holds.
    empowerment_max_decile = forms.IntegerField(
        label=_("Candidates: P3KE decile at most"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_("Households of the P3KE list up to this decile are candidates for an empowerment group."),
    )
    empowerment_group_min = forms.IntegerField(
        label=_("Fewest households in a group"), min_value=1, max_value=500, required=False
    )
    empowerment_group_max = forms.IntegerField(
        label=_("Most households in a group"), min_value=1, max_value=500, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("empowerment_group_min"), data.get("empowerment_group_max")
        if low is not None and high is not None and low > high:
            self.add_error("empowerment_group_max", _("The most households in a group is at least the fewest."))
        return data

    def variants(self) -> list[tuple[BoundWidget, Any]]:
        """Each rule set's radio button with its one-line explanation."""
        return [(radio, RULE_SET_HELP.get(str(radio.data["value"]), "")) for radio in self["health_rule_set"]]
