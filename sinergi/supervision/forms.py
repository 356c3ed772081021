"""Forms of the supervision pages. They only parse what was typed; the supervision services validate and
decide, and their field errors come back onto the form through ``apply_service_errors`` and FIELD_MAP."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.registry.forms import DateInput, RegionCodeField
from sinergi.supervision.models import FollowUpStatus, InspectionPlan, InspectionStatus, Severity


def _dict(form: forms.Form, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in names}


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    region = RegionCodeField(
        label=_("Office region code"),
        max_length=13,
        required=False,
        help_text=_("The region the plan covers, e.g. 17.08 for a kabupaten office."),
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    FIELD_MAP = {"region_id": "region"}
    layout = ((None, (("title",), ("region", "year"), ("starts_on", "ends_on"), ("notes",))),)

    def service_data(self) -> dict[str, Any]:
        data = _dict(self, ("title", "year", "starts_on", "ends_on", "notes"))
        data["region_id"] = self.cleaned_data.get("region") or None
        return data


class InspectionForm(forms.Form):
    """A new inspection (with the cooperative's number) or the edit of one (``with_cooperative=False``)."""

    cooperative = forms.IntegerField(
        label=_("Cooperative number"), required=False, min_value=1, help_text=_("As shown in the risk ranking.")
    )
    plan = forms.TypedChoiceField(label=_("Plan"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=InspectionStatus.choices, initial=InspectionStatus.PLANNED)
    planned_on = forms.DateField(label=_("Planned on"), required=False, widget=DateInput())
    visited_on = forms.DateField(label=_("Visited on"), required=False, widget=DateInput())
    inspectors = forms.CharField(label=_("Inspectors"), max_length=255, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    FIELD_MAP = {"plan_id": "plan"}
    layout = (
        (None, (("cooperative",), ("plan",), ("status", "planned_on", "visited_on"), ("inspectors",), ("summary",))),
    )

    def __init__(self, *args: Any, plans: list[InspectionPlan], with_cooperative: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan_field = self.fields["plan"]
        assert isinstance(plan_field, forms.TypedChoiceField)
        plan_field.choices = [("", _("No plan"))] + [(p.pk, f"{p.year} · {p.title}") for p in plans]
        if not with_cooperative:
            del self.fields["cooperative"]

    def service_data(self) -> dict[str, Any]:
        data = _dict(self, ("planned_on", "visited_on", "inspectors", "status", "summary"))
        data["plan_id"] = self.cleaned_data.get("plan")
        return data


class FindingForm(forms.Form):
    aspect = forms.CharField(
        label=_("Aspect"), max_length=80, required=False, help_text=_("e.g. Tata kelola, Profil risiko")
    )
    description = forms.CharField(label=_("Finding"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM)

    FIELD_MAP: dict[str, str] = {}

    def service_data(self) -> dict[str, Any]:
        return _dict(self, ("aspect", "description", "severity"))


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible"), max_length=120, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices, initial=FollowUpStatus.OPEN)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    FIELD_MAP: dict[str, str] = {}
    NAMES = ("action", "responsible", "due_on", "status", "done_on", "notes")

    def service_data(self) -> dict[str, Any]:
        return _dict(self, self.NAMES)


class FollowUpStatusForm(forms.Form):
    """The quick status change beside a follow-up: status, the date done and a note."""

    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False)

    FIELD_MAP: dict[str, str] = {}

    def service_data(self) -> dict[str, Any]:
        return _dict(self, ("status", "done_on", "notes"))
