"""Forms of the partnerships pages. They parse what was typed; the services validate and decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.partnerships.models import (
    LEGALITY_KINDS,
    Direction,
    Partner,
    PartnerKind,
    PartnerNeed,
    PartnershipKind,
    PartnershipStatus,
    Topic,
)
from sinergi.registry.models import Association, DocumentKind
from sinergi.registry.selectors import clusters_active

DATE = forms.DateInput(attrs={"type": "date"})


def _choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind of partner"), required=False, choices=[("", _("Any")), *PartnerKind.choices])

    def to_filter(self) -> Any:
        from sinergi.partnerships.selectors import PartnerFilter

        d = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return PartnerFilter(q=d.get("q", "") or "", kind=d.get("kind", "") or "")


class PartnerForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"))
    kind = forms.ChoiceField(label=_("Kind of partner"), choices=PartnerKind.choices)
    name = forms.CharField(label=_("Partner name"), max_length=200, required=False)
    association = forms.TypedChoiceField(
        label=_("Association in the registry"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("For a business association that is in the registry."),
    )
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    FIELD_MAP = {"office_id": "office", "association_id": "association"}
    layout = ((None, (("office", "kind"), ("name",), ("association",), ("contact", "website"), ("description",))),)

    def __init__(
        self,
        *args: Any,
        offices: Sequence[Any] = (),
        associations: Sequence[Association] = (),
        with_office: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["office"], [(r.code, r.name) for r in offices])
        _choices(self.fields["association"], [("", "—")] + [(a.pk, a.name) for a in associations])
        if not with_office:
            del self.fields["office"]

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("kind", "name", "contact", "website", "description")}
        data["association_id"] = d.get("association")
        if "office" in self.fields:
            data["office_id"] = d.get("office")
        return data


class NeedForm(forms.Form):
    direction = forms.ChoiceField(label=_("Seeks or offers"), choices=Direction.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    title = forms.CharField(label=_("What"), max_length=200, required=False)
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cluster = forms.TypedChoiceField(
        label=_("Cluster / product category"), required=False, coerce=int, empty_value=None
    )
    volume = forms.CharField(label=_("Volume a month"), max_length=30, required=False)
    volume_unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    region = forms.CharField(
        label=_("From region (code)"),
        max_length=13,
        required=False,
        help_text=_("A kecamatan or village code inside the office's region; empty for all of it."),
    )
    required_documents = forms.MultipleChoiceField(
        label=_("Documents required"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, DocumentKind(k).label) for k in LEGALITY_KINDS],
    )
    min_workforce = forms.IntegerField(label=_("Minimum workforce"), required=False, min_value=1)

    FIELD_MAP = {"cluster_id": "cluster", "region_id": "region"}
    layout = (
        (
            None,
            (
                ("direction", "topic"),
                ("title",),
                ("description",),
                ("cluster", "region"),
                ("volume", "volume_unit"),
                ("required_documents",),
                ("min_workforce",),
            ),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["cluster"], [("", "—")] + [(c.pk, c.name) for c in clusters_active()])

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "direction": d.get("direction"),
            "topic": d.get("topic"),
            "title": d.get("title"),
            "description": d.get("description"),
            "cluster_id": d.get("cluster"),
            "volume": d.get("volume"),
            "volume_unit": d.get("volume_unit"),
            "region_id": d.get("region"),
            "required_documents": list(d.get("required_documents") or []),
            "min_workforce": d.get("min_workforce"),
        }


class PartnershipFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *PartnershipStatus.choices])

    def to_filter(self) -> Any:
        from sinergi.partnerships.selectors import PartnershipFilter

        d = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return PartnershipFilter(q=d.get("q", "") or "", status=d.get("status", "") or "")


class PartnershipForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int, empty_value=None, required=False)
    need = forms.TypedChoiceField(label=_("Answers the need or offer"), coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    value = forms.CharField(label=_("Value"), max_length=40, required=False, help_text=_("Rupiah, e.g. 75.000.000"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    FIELD_MAP = {"need_id": "need", "partner_id": "partner"}
    layout = (
        (
            None,
            (
                ("partner",),
                ("need",),
                ("kind", "number"),
                ("title",),
                ("starts_on", "ends_on"),
                ("value",),
                ("description",),
            ),
        ),
    )

    def __init__(
        self,
        *args: Any,
        partners: Sequence[Partner] = (),
        needs: Sequence[PartnerNeed] = (),
        with_partner: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["partner"], [("", "—")] + [(p.pk, p.name) for p in partners])
        _choices(self.fields["need"], [("", "—")] + [(n.pk, f"{n.partner.name}: {n.title}") for n in needs])
        if not with_partner:
            del self.fields["partner"]

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields = ("kind", "title", "number", "starts_on", "ends_on", "value", "description")
        return {k: d.get(k) for k in fields} | {"need_id": d.get("need")}


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=PartnershipStatus.choices)


class PartyForm(forms.Form):
    business = forms.IntegerField(
        label=_("Business number"), min_value=1, help_text=_("As shown on the business's page.")
    )
    role = forms.CharField(label=_("Role"), max_length=120, required=False, help_text=_("e.g. supplier, trainee"))


class OutcomeForm(forms.Form):
    volume_supplied = forms.CharField(label=_("Volume supplied"), max_length=30, required=False)
    volume_unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    outcome_notes = forms.CharField(label=_("Outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"), required=False, help_text=_("A scan or photo (JPEG, PNG, WebP) or a PDF.")
    )
