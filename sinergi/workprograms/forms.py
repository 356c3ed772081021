"""Forms of the work-program pages: they parse what was typed; the services validate and decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.registry.models import BoardMember
from sinergi.workprograms.models import BudgetSource, ProgramKind, ProgramStatus, WorkItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the kind and the association's name."),
    )
    period_start = forms.DateField(
        label=_("Period start"), required=False, widget=DATE, help_text=_("A 100-day program: the inauguration day.")
    )
    period_end = forms.DateField(label=_("Period end"), required=False, widget=DATE)
    layout = ((None, (("kind", "title"), ("period_start", "period_end"))),)


class ItemForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=300)
    activity = forms.CharField(label=_("Activity"), max_length=300)
    target_number = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, min_value=0)
    target_unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("e.g. members trained, products listed"))
    responsible_id = forms.TypedChoiceField(
        label=_("Responsible board member"), coerce=int, required=False, empty_value=None
    )
    budget = forms.DecimalField(label=_("Budget (Rp)"), max_digits=16, decimal_places=2, min_value=0, required=False)
    budget_source = forms.ChoiceField(label=_("Budget source"), choices=BudgetSource.choices, initial=BudgetSource.NONE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    partners = forms.CharField(
        label=_("Partners involved"), max_length=300, required=False, help_text=_("e.g. a bank, a university, an NGO")
    )
    layout = (
        (
            None,
            (
                ("goal", "activity"),
                ("target_number", "target_unit"),
                ("responsible_id", "deadline"),
                ("budget", "budget_source"),
                ("partners",),
            ),
        ),
    )

    def __init__(self, *args: Any, board: Iterable[BoardMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *((seat.pk, f"{seat.person.name} ({seat.role})") for seat in board)]


class ReviewForm(forms.Form):
    """The office's review: approve, or return with a comment on each item that needs a change."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("return", _("Return for changes")), ("approve", _("Approve"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note on the whole program"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, items: Iterable[WorkItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment on “%(activity)s”") % {"activity": item.activity},
                required=False,
                initial=item.review_comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"comment_{item.pk}", "") for item in self.items}

    def item_fields(self) -> list[tuple[WorkItem, forms.BoundField]]:
        return [(item, self[f"comment_{item.pk}"]) for item in self.items]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the evidence of one report); the service checks each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)
    achieved = forms.DecimalField(
        label=_("Achieved so far"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text=_("In the item's unit, counted from the start."),
    )
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(
        label=_("Evidence (photos or PDF)"), required=False, help_text=_("Up to 5 files, each at most 5 MB.")
    )
    layout = ((None, (("reported_on", "achieved"), ("narrative",), ("evidence",))),)


class ProgramFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all")), *ProgramKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *ProgramStatus.choices])

    def to_filter(self) -> Any:
        from sinergi.workprograms.selectors import ProgramFilter

        data = self.cleaned_data if self.is_valid() else {}
        return ProgramFilter(q=data.get("q", ""), kind=data.get("kind", ""), status=data.get("status", ""))


class StandingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    overdue = forms.BooleanField(label=_("Late only"), required=False)

    def to_filter(self) -> Any:
        from sinergi.workprograms.selectors import StandingFilter

        data = self.cleaned_data if self.is_valid() else {}
        return StandingFilter(q=data.get("q", ""), overdue=bool(data.get("overdue")))
