"""Forms of a participant's page: capital aid from a budget line, a mentoring visit, an outcome (a registry
document obtained after certification help, or a follow-up survey's answers). They parse what was typed;
the services check the budget, the status and the beneficiary."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinergi.programs.choices import OutcomeKind
from sinergi.registry.forms import AmountField, DateInput

_ANSWER_LINE = re.compile(r"^\s*([^:=]+?)\s*[:=]\s*(.*?)\s*$")
MAX_ANSWERS = 50


class AidForm(forms.Form):
    FIELD_MAP = {"budget_line_id": "budget_line", "spent_on": "disbursed_on", "enrollment": "__all__"}

    budget_line = forms.ChoiceField(label=_("Budget line"))
    amount = AmountField(label=_("Amount (Rp)"), help_text=_("e.g. 5.000.000"))
    disbursed_on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"), max_length=255, required=False, help_text=_("e.g. cash, equipment")
    )

    def __init__(self, *args: Any, lines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["budget_line"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = lines

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "budget_line_id": int(d["budget_line"]),
            "amount": d["amount"],
            "disbursed_on": d["disbursed_on"],
            "description": d["description"],
        }


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    mentor = forms.CharField(label=_("Mentor"), max_length=150)
    topics = forms.CharField(label=_("Topics"), max_length=2000, required=False, help_text=_("Separated by commas."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["topics"] = [t.strip() for t in re.split(r"[,;\n]+", d["topics"]) if t.strip()]
        return d


def parse_answers(text: str) -> dict[str, str]:
    """ "Question: answer" per line into {question: answer}; a line without a colon is refused."""
    answers: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        found = _ANSWER_LINE.match(line)
        if found is None:
            raise ValidationError(_("Line %(n)d: write “question: answer”."), code="answer_line", params={"n": number})
        answers[found.group(1)] = found.group(2)
    if len(answers) > MAX_ANSWERS:
        raise ValidationError(_("At most %(n)d answers."), code="answers", params={"n": MAX_ANSWERS})
    return answers


class OutcomeForm(forms.Form):
    FIELD_MAP = {"document_id": "document"}

    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    document = forms.ChoiceField(label=_("Document obtained"), required=False)
    recorded_on = forms.DateField(label=_("Recorded on"), required=False, widget=DateInput())
    answers = forms.CharField(
        label=_("Survey answers"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: “question: answer”, e.g. “Omzet naik: ya”."),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, documents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *documents]

    def clean_answers(self) -> dict[str, str]:
        return parse_answers(self.cleaned_data.get("answers") or "")

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: dict[str, Any] = {"kind": d["kind"], "answers": d["answers"], "note": d["note"]}
        if d["document"]:
            data["document_id"] = int(d["document"])
        if d["recorded_on"]:
            data["recorded_on"] = d["recorded_on"]
        return data


class SelfApplyForm(forms.Form):
    """A business owner applying for one of their businesses (or themselves), with the needs survey: the
    program's topics to tick, and other topics in their own words."""

    FIELD_MAP = {"business_id": "business", "person_id": "__all__"}

    business = forms.ChoiceField(label=_("Your business"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("Topics you need (of those offered)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_needs = forms.CharField(
        label=_("Other topics you need"), required=False, max_length=2000, help_text=_("Separated by commas.")
    )

    def __init__(
        self, *args: Any, businesses: list[tuple[str, str]], topics: list[str], for_business: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        business = self.fields["business"]
        needs = self.fields["needs"]
        assert isinstance(business, forms.ChoiceField)
        assert isinstance(needs, forms.MultipleChoiceField)
        business.choices = businesses
        business.required = for_business
        needs.choices = [(t, t) for t in topics]

    def topics(self) -> list[str]:
        other = [t.strip() for t in re.split(r"[,;\n]+", self.cleaned_data.get("other_needs") or "") if t.strip()]
        return list(dict.fromkeys([*self.cleaned_data.get("needs", []), *other]))
