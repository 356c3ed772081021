"""Forms of the aspiration pages. They parse what was typed; the services validate and decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.aspirations.models import Category, Channel, Confidentiality, ForumKind, Status, Who
from sinergi.aspirations.public import HONEYPOT
from sinergi.aspirations.services import NAME_MAX, NOTE_MAX, TEXT_MAX
from sinergi.registry.forms import DateInput, RegionCodeField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _choices(form: forms.Form, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _data(form: forms.Form, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in names}


class ForumForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ForumKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput())
    office = RegionCodeField(label=_("Office region code"), max_length=13, required=False)
    place = RegionCodeField(
        label=_("Kecamatan or village code"), max_length=13, required=False, help_text=_("e.g. 35.09.11 (Wuluhan)")
    )
    location = forms.CharField(label=_("Venue"), max_length=200, required=False)
    officials = forms.CharField(label=_("Officials present"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    FIELD_MAP = {"office_id": "office", "place_id": "place"}
    layout = (
        (None, (("kind", "held_on"), ("title",), ("office", "place"), ("location",), ("officials",), ("notes",))),
    )

    def service_data(self) -> dict[str, Any]:
        data = _data(self, ("kind", "title", "held_on", "location", "officials", "notes"))
        data["office_id"] = self.cleaned_data.get("office") or None
        data["place_id"] = self.cleaned_data.get("place") or None
        return data


class AspirationForm(forms.Form):
    """Staff intake: short, one column on a phone; the page keeps a draft in the browser while typing."""

    office = RegionCodeField(label=_("Office region code"), max_length=13, required=False)
    forum = forms.TypedChoiceField(label=_("Forum"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(
        label=_("Aspiration"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX})
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.OTHER)
    desa = RegionCodeField(label=_("Village code"), max_length=13, required=False)
    who = forms.ChoiceField(label=_("Who raised it"), choices=Who.choices, initial=Who.CONTACT)
    business = forms.IntegerField(label=_("Business number"), required=False, min_value=1)
    person = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX, required=False)
    phone = forms.CharField(label=_("Phone / WhatsApp"), max_length=20, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    channel = forms.ChoiceField(label=_("Heard through"), choices=Channel.choices, initial=Channel.FORUM)
    heard_at = forms.DateTimeField(
        label=_("Heard at"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("When it was said; empty is now."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.SECRET,
        widget=forms.RadioSelect,
    )

    FIELD_MAP = {
        "office_id": "office",
        "forum_id": "forum",
        "desa_id": "desa",
        "business_id": "business",
        "person_id": "person",
    }
    layout = (
        (
            None,
            (
                ("office",),
                ("forum",),
                ("text",),
                ("category",),
                ("desa",),
                ("who",),
                ("business",),
                ("person",),
                ("name",),
                ("phone",),
                ("email",),
                ("channel",),
                ("heard_at",),
                ("confidentiality",),
            ),
        ),
    )

    def __init__(self, *args: Any, forums: list[Any] = (), with_office: bool = True, **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        _choices(self, "forum", [("", "—")] + [(f.pk, f"{f.title} ({f.held_on:%d-%m-%Y})") for f in forums])
        if not with_office:
            del self.fields["office"]

    def service_data(self) -> dict[str, Any]:
        data = _data(self, ("text", "category", "who", "name", "phone", "email", "channel", "heard_at"))
        data["confidentiality"] = self.cleaned_data.get("confidentiality")
        for name in ("forum", "desa", "business", "person"):
            data[f"{name}_id"] = self.cleaned_data.get(name) or None
        return data


class PublicForm(forms.Form):
    """The public web form (no account): length limits here and in the service, HTML stripped by the service."""

    office = forms.ChoiceField(label=_("Regency or city"))
    text = forms.CharField(
        label=_("Your aspiration"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        error_messages={
            "required": _("Write your aspiration."),
            "max_length": _("At most %(limit_value)d characters (%(show_value)d given)."),
        },
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.OTHER)
    desa = RegionCodeField(label=_("Village code (if known)"), max_length=13, required=False)
    name = forms.CharField(label=_("Your name (optional)"), max_length=NAME_MAX, required=False)
    phone = forms.CharField(label=_("Phone / WhatsApp (optional)"), max_length=20, required=False)
    email = forms.CharField(label=_("Email (optional)"), max_length=254, required=False)
    confidentiality = forms.ChoiceField(
        label=_("May we publish it?"),
        choices=Confidentiality.choices,
        initial=Confidentiality.SECRET,
        widget=forms.RadioSelect,
    )
    attachment = forms.FileField(label=_("Photo or PDF (optional)"), required=False)
    website = forms.CharField(label=_("Leave this field empty"), required=False)  # the honeypot

    def __init__(self, *args: Any, offices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "office", [("", "—"), *list(offices)])
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def service_data(self) -> dict[str, Any]:
        data = _data(self, ("office", "text", "category", "name", "phone", "email", "confidentiality", HONEYPOT))
        data["desa_id"] = self.cleaned_data.get("desa") or None
        return data


class AssignForm(forms.Form):
    officer = forms.TypedChoiceField(label=_("Officer"), coerce=int)
    unit = forms.CharField(label=_("Unit"), max_length=120, required=False)

    def __init__(self, *args: Any, officers: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "officer", [(u.pk, u.get_full_name() or u.username) for u in officers])


class TextForm(forms.Form):
    """One text (a plan, an answer, where it was referred, why it closed, why it is reopened)."""

    text = forms.CharField(label=_("Text"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Code of the aspiration it duplicates"), max_length=32)


class ProgramForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Open program"), coerce=int)

    def __init__(self, *args: Any, programs: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "program", [(p.pk, p.name) for p in programs])


class TaskForm(forms.Form):
    description = forms.CharField(label=_("Task"), max_length=255)
    officer = forms.TypedChoiceField(label=_("Officer"), coerce=int)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, officers: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "officer", [(u.pk, u.get_full_name() or u.username) for u in officers])


class SupervisionForm(forms.Form):
    cooperative = forms.IntegerField(label=_("Cooperative number"), min_value=1)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *Status.choices])
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", "—"), *Category.choices])
    overdue = forms.ChoiceField(
        label=_("Deadline"), required=False, choices=[("", "—"), ("1", _("Overdue")), ("0", _("Not overdue"))]
    )

    def to_filter(self) -> Any:
        from sinergi.aspirations.selectors import AspirationFilter

        data = self.cleaned_data if self.is_valid() else {}
        overdue = {"1": True, "0": False}.get(data.get("overdue") or "")
        return AspirationFilter(
            q=data.get("q") or "", status=data.get("status") or "", category=data.get("category") or "", overdue=overdue
        )


class DeadlineRuleForm(forms.Form):
    """An office's own working days for one category (the service checks the numbers and the region)."""

    office = RegionCodeField(label=_("Office region code"), max_length=13)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    verify_days = forms.IntegerField(label=_("Verify and forward within (working days)"), min_value=1, max_value=60)
    plan_days = forms.IntegerField(label=_("Follow-up plan within (working days)"), min_value=1, max_value=60)
    close_days = forms.IntegerField(
        label=_("Close after an answer without reply (working days)"), min_value=1, max_value=60
    )
    reopen_days = forms.IntegerField(label=_("May be reopened within (working days)"), min_value=1, max_value=60)

    FIELD_MAP = {"office_id": "office"}
    NUMBERS = ("verify_days", "plan_days", "close_days", "reopen_days")
    layout = ((None, (("office", "category"), ("verify_days", "plan_days"), ("close_days", "reopen_days"))),)

    def __init__(self, *args: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed:  # an existing rule keeps its office and category: only the days change
            for name in ("office", "category"):
                self.fields[name].disabled = True

    def service_data(self) -> dict[str, Any]:
        return _data(self, self.NUMBERS)


class TaskFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("My open tasks")),
            ("open", _("All open tasks")),
            ("late", _("Late tasks")),
            ("done", _("Done tasks")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def to_filter(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"show": data.get("show") or "", "q": (data.get("q") or "").strip()}
