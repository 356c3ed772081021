"""The empowerment pages' forms: list filters, a desa's potential, drafting, moving a household, a visit with
each household's income band and business started, converting a group and enrolling it in a program."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.empowerment import selectors as sel
from sinergi.empowerment.models import GroupBecame, GroupMember, GroupStatus, IncomeBand, PotentialSource, Sector
from sinergi.registry.forms import DateInput, RegionCodeField
from sinergi.registry.models import Business

ANY = [("", _("Any"))]


def _desa_field(**kwargs: Any) -> RegionCodeField:
    return RegionCodeField(
        label=_("Village (desa/kelurahan) code"),
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "17.08.01.2001", "inputmode": "decimal"}),
        **kwargs,
    )


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search group or desa"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ANY + list(Sector.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + list(GroupStatus.choices))
    region = RegionCodeField(
        label=_("Region code"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "17.08.01", "inputmode": "decimal"}),
    )

    def to_filter(self) -> sel.GroupFilter:
        data = getattr(self, "cleaned_data", {})
        return sel.GroupFilter(
            q=data.get("q") or "", sector=data.get("sector") or "", status=data.get("status") or "",
            region=data.get("region") or "",
        )  # fmt: skip


class PotentialFilterForm(forms.Form):
    q = forms.CharField(label=_("Search desa or note"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ANY + list(Sector.choices))
    region = RegionCodeField(
        label=_("Region code"),
        required=False,
        max_length=13,
        widget=forms.TextInput(attrs={"placeholder": "17.08.01", "inputmode": "decimal"}),
    )

    def to_filter(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {k: data.get(k) or "" for k in ("q", "sector", "region")}


class CandidateFilterForm(forms.Form):
    region = RegionCodeField(
        label=_("Region code"),
        required=False,
        max_length=13,
        help_text=_("A desa, kecamatan or kabupaten code, e.g. 17.08.01."),
        widget=forms.TextInput(attrs={"placeholder": "17.08.01", "inputmode": "decimal"}),
    )
    max_decile = forms.IntegerField(
        label=_("Decile at most"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=_("Empty: the office's setting."),
    )

    def to_filter(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {"region": data.get("region") or "", "max_decile": data.get("max_decile")}


class PotentialForm(forms.Form):
    desa = _desa_field()
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    rank = forms.IntegerField(
        label=_("Order"), min_value=1, max_value=20, initial=1, help_text=_("1 = the desa's main potential.")
    )
    source = forms.ChoiceField(label=_("Source"), choices=PotentialSource.choices, initial=PotentialSource.PROFILE)
    note = forms.CharField(label=_("Note"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    layout = ((None, (("desa", "sector"), ("rank", "source"), ("note",))),)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # a potential is one sector of one desa: those two stay, the rest is edited
            for name in ("desa", "sector"):
                self.fields[name].disabled = True
                self.fields[name].required = False


class DraftForm(forms.Form):
    desa = _desa_field()
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("Every sector of the desa's potential")), *list(Sector.choices)],
        help_text=_("Drafting again replaces the desa's earlier drafts (of this sector); active groups stay."),
    )
    layout = ((None, (("desa", "sector"),)),)


class MoveForm(forms.Form):
    to = forms.IntegerField(label=_("Move the household to"), min_value=1)


class VisitForm(forms.Form):
    """A visit, with one income band and one business-started choice per household of the group."""

    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        households: Sequence[tuple[str, list[GroupMember]]] = (),
        businesses: dict[str, list[Business]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.households: list[dict[str, Any]] = []
        self.drawn_elsewhere: list[str] = []  # the households' fields are drawn in the template's table
        owned = businesses or {}
        for n, (key, members) in enumerate(households):
            band, business = f"band_{n}", f"business_{n}"
            self.fields[band] = forms.ChoiceField(
                label=_("Income band"),
                required=False,
                choices=[("", _("not reported")), *list(IncomeBand.choices)],
                widget=forms.Select(attrs={"aria-label": _("Income band")}),
            )
            self.fields[business] = forms.TypedChoiceField(
                label=_("Business started"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—")] + [(b.pk, b.name) for b in owned.get(key, [])],
                widget=forms.Select(attrs={"aria-label": _("Business started")}),
            )
            self.households.append({"key": key, "members": members, "band": band, "business": business})
            self.drawn_elsewhere += [band, business]

    def rows(self) -> list[dict[str, Any]]:
        """Each household with its two bound fields, for the template."""
        return [{**h, "band_field": self[h["band"]], "business_field": self[h["business"]]} for h in self.households]

    def incomes(self) -> dict[str, str]:
        return {h["key"]: self.cleaned_data[h["band"]] for h in self.households if self.cleaned_data.get(h["band"])}

    def started(self, businesses: dict[str, list[Business]]) -> dict[str, Business]:
        chosen = {}
        for h in self.households:
            pk = self.cleaned_data.get(h["business"])
            found = next((b for b in businesses.get(h["key"], []) if b.pk == pk), None)
            if found is not None:
                chosen[h["key"]] = found
        return chosen


class ConvertForm(forms.Form):
    into = forms.ChoiceField(
        label=_("The group becomes"),
        choices=[c for c in GroupBecame.choices if c[0]],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=150, help_text=_("Empty: the group's name."))


class EnrollForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Program"), coerce=int)
    acknowledge_double_aid = forms.BooleanField(
        label=_("Enroll households already aided by a program of the same kind"), required=False
    )

    def __init__(self, *args: Any, programs: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(p.pk, f"{p.name} ({p.fiscal_year})") for p in programs]


class DissolveForm(forms.Form):
    reason = forms.CharField(label=_("Why the group is dissolved"), max_length=300)


class FiguresForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"))

    def __init__(self, *args: Any, offices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(offices)


class PotentialImportForm(forms.Form):
    office = RegionCodeField(label=_("Office region code"), max_length=13)
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
