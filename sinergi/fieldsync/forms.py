"""The field-sync forms: the list filters, an officer's decision on a conflict, a laptop's checkout."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from sinergi.fieldsync.models import Conflict, ConflictKind, ConflictStatus, OpStatus
from sinergi.fieldsync.services import DEVICE, SERVER, TYPED


class ConflictFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("To decide")), *ConflictStatus.choices[1:], ("all", gettext_lazy("All"))],
    )

    def to_filter(self) -> str | None:
        data = getattr(self, "cleaned_data", {}) or {}
        status = data.get("status") or ConflictStatus.OPEN
        return None if status == "all" else str(status)


class OutboxFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", gettext_lazy("All")), *OpStatus.choices]
    )

    def to_filter(self) -> str | None:
        data = getattr(self, "cleaned_data", {}) or {}
        return str(data.get("status") or "") or None


# What becomes of a record deleted on one side and changed on the other (the service's "server" / "device").
RECORD_CHOICES = {
    ConflictKind.DELETE_EDIT: [
        (SERVER, gettext_lazy("Keep the record, with the server's changes")),
        (DEVICE, gettext_lazy("Delete it, as on the device")),
    ],
    ConflictKind.EDIT_DELETE: [
        (SERVER, gettext_lazy("Restore the record, with the device's changes")),
        (DEVICE, gettext_lazy("Leave it deleted, as on the server")),
    ],
}


class ConflictDecisionForm(forms.Form):
    """Per field: the server's value, the device's, or one typed in (a merge of both); for a delete against an
    edit, what becomes of the record. ``rows`` are the selector's ``conflict_rows``."""

    def __init__(self, *args: Any, conflict: Conflict, rows: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict = conflict
        self.rows = rows
        if conflict.kind == ConflictKind.FIELDS:
            for row in rows:
                choices: list[tuple[str, Any]] = [
                    (SERVER, gettext_lazy("Server: %(value)s") % {"value": row["server"]}),
                    (DEVICE, gettext_lazy("Device: %(value)s") % {"value": row["device"]}),
                ]
                if not row["is_ref"]:
                    choices.append((TYPED, gettext_lazy("Another value (typed below)")))
                self.fields[f"pick_{row['name']}"] = forms.ChoiceField(
                    label=row["label"], choices=choices, widget=forms.RadioSelect, initial=SERVER
                )
                if not row["is_ref"]:
                    self.fields[f"value_{row['name']}"] = forms.CharField(
                        label=gettext_lazy("%(field)s: another value") % {"field": row["label"]},
                        required=False,
                        max_length=2000,
                    )
        else:
            self.fields["record"] = forms.ChoiceField(
                label=gettext_lazy("The record"),
                choices=RECORD_CHOICES[ConflictKind(conflict.kind)],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        data = self.cleaned_data
        if self.conflict.kind != ConflictKind.FIELDS:
            return {"record": data["record"]}
        return {row["name"]: data[f"pick_{row['name']}"] for row in self.rows}

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            row["name"]: data.get(f"value_{row['name']}", "")
            for row in self.rows
            if data.get(f"pick_{row['name']}") == TYPED
        }

    def field_map(self) -> dict[str, str]:
        """A service error on a field lands beside the value typed for it, else beside its pick."""
        return {
            row["name"]: f"value_{row['name']}" if f"value_{row['name']}" in self.fields else f"pick_{row['name']}"
            for row in self.rows
        }


class CheckoutForm(forms.Form):
    server = forms.URLField(
        assume_scheme="https",
        label=gettext_lazy("Office server"),
        help_text=gettext_lazy("Its address, e.g. https://sinergi.kab.go.id"),
        max_length=200,
    )
    token = forms.CharField(
        label=gettext_lazy("API token"),
        help_text=gettext_lazy("Made on the server's API token page, under your own account."),
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
    )
    region = forms.CharField(
        label=gettext_lazy("Region code"), help_text=gettext_lazy("e.g. 81.02 (Maluku Tenggara)"), max_length=13
    )
