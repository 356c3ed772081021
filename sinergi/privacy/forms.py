"""Forms of the personal-data pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.privacy.models import CorrectionStatus, Purpose
from sinergi.privacy.selectors import AccessFilter, person_relations


class AccessFilterForm(forms.Form):
    person = forms.IntegerField(label=_("Person number"), required=False, min_value=1, max_value=2**63 - 1)
    actor = forms.CharField(label=_("User name"), required=False, max_length=150)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False, choices=[("", _("all")), *Purpose.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def to_filter(self) -> AccessFilter:
        d: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return AccessFilter(
            person=d.get("person"),
            actor=d.get("actor") or "",
            purpose=d.get("purpose") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )


class CorrectionForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.CharField(label=_("Received through"), required=False, max_length=40)
    details = forms.CharField(
        label=_("What is to be corrected"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s.value, s.label) for s in (CorrectionStatus.IN_PROGRESS, CorrectionStatus.DONE, CorrectionStatus.REFUSED)
        ],
    )
    outcome = forms.CharField(label=_("Outcome or reason"), required=False, max_length=2000)


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Basis of the request"),
        max_length=2000,
        help_text=_("The letter or form of the request (number, date). Do not write the person's data here."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)


def relation_choices() -> list[tuple[str, str]]:
    return [(r.label, f"{r.verbose_name} ({r.label})") for r in person_relations() if not r.always_kept]


class RetentionForm(forms.Form):
    region = forms.CharField(
        label=_("Office region code"),
        max_length=13,
        help_text=_("A province (e.g. 35) or a kabupaten/kota (e.g. 35.09)."),
    )
    kept = forms.MultipleChoiceField(
        label=_("Records kept when a person's data is erased"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=relation_choices,
    )
