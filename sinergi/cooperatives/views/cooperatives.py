"""Cooperative list, detail (tabs: data, officers, members, reports, history), create and edit — configured
on the generic pages of sinergi.core.views."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_edit_registry, require_cooperative_access, require_editor
from sinergi.accounts.selectors import office_rule_set
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.activity import last_due_fiscal_year, office_rule
from sinergi.cooperatives.forms import (
    CooperativeFilterForm,
    CooperativeForm,
    MemberForm,
    OfficerForm,
    YearPickForm,
    predicate_choices,
)
from sinergi.cooperatives.models import Cooperative, OfficerBody
from sinergi.cooperatives.views._base import number_id
from sinergi.core.tables import Column, Table
from sinergi.core.views import DetailPage, FormPage, ListPage, Tab, allowed, history_tab
from sinergi.registry.selectors import regions_for_user


def _detail_url(c: Cooperative) -> str:
    return reverse("cooperative_detail", args=[c.pk])


def _score(c: Cooperative) -> str:
    return number_id(c.health_total) if c.health_total is not None else ""


def _predicate_label(predicate: str | None) -> str:
    return str(dict(predicate_choices()).get(predicate or "", predicate or ""))


class CooperativeList(ListPage):
    title = gettext_lazy("Cooperatives (koperasi)")
    access = require_cooperative_access
    count_label = gettext_lazy("cooperatives")
    filter_form = CooperativeFilterForm
    empty = gettext_lazy("No cooperatives in your regions yet.")
    empty_filtered = gettext_lazy("No cooperative matches this filter.")
    create_url = "cooperative_create"
    create_label = gettext_lazy("New cooperative")
    export_name = "koperasi"
    template_name = "cooperatives/list.html"
    table = Table(
        css="table cards coop-list",
        row_attrs=lambda c: {"cooperative": c.pk},
        sheet_title=gettext_lazy("Cooperatives"),
        columns=[
            Column(
                gettext_lazy("Cooperative"),
                "name",
                link=_detail_url,
                css="name",
                note=lambda c: f"NIK {c.nik_koperasi}" if c.nik_koperasi else "",
            ),
            Column(gettext_lazy("Type"), "kind"),
            Column(gettext_lazy("Region"), "region.display_name", note=lambda c: c.region_id),
            Column(gettext_lazy("Latest health score"), _score, field="score", note=lambda c: c.health_year),
            Column(
                gettext_lazy("Health"),
                lambda c: _predicate_label(c.health_predicate) if c.health_predicate else "",
                field="predicate",
                badge=lambda c: f"predicate-{c.health_predicate.lower()}" if c.health_predicate else "",
            ),
            Column(
                gettext_lazy("Activity"),
                lambda c: _("active") if c.is_active else _("inactive"),
                field="active",
                badge=lambda c: "ok" if c.is_active else "bad",
                note=lambda c: c.get_status_display() if c.status != "operating" else "",
            ),
        ],
    )

    def make_filter_form(self, data: Any) -> CooperativeFilterForm:
        self.filters_form = CooperativeFilterForm(data, user=self.user)
        return self.filters_form

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Cooperative]:
        qs = selectors.with_activity(
            selectors.cooperative_list(user=self.user, filters=filters),
            as_of_year=last_due_fiscal_year(today=timezone.localdate()),
            rule=office_rule(),
        )
        active = self.filters_form.active_filter()
        if active is not None:
            qs = qs.filter(is_active=active)  # type: ignore[misc]  # an annotation of with_activity
        return qs

    def extra_context(self) -> dict[str, Any]:
        return {"results_note": _("Active means: %(rule)s.") % {"rule": office_rule().label()}}


def _officer_groups(officers: list[Any]) -> list[tuple[str, str, list[Any]]]:
    return [(body.value, str(body.label), [o for o in officers if o.body == body]) for body in OfficerBody]


def _report_rows(*, user: Any, cooperative: Cooperative) -> list[dict[str, Any]]:
    """One row per fiscal year with the report's assessment under the office's rule set."""
    assessments = {
        a.report_id: a
        for a in selectors.assessments_visible(user=user).filter(
            cooperative=cooperative, rule_set_version=office_rule_set(cooperative.region_id)
        )
    }
    rows = []
    for report in selectors.cooperative_reports(user=user, cooperative=cooperative):
        assessment = assessments.get(report.pk)
        rows.append(
            {
                "report": report,
                "assessment": assessment,
                "score": number_id(assessment.total) if assessment and assessment.total is not None else "",
                "predicate": _predicate_label(assessment.predicate) if assessment else "",
            }
        )
    return rows


class CooperativeDetail(DetailPage):
    template_name = "cooperatives/detail.html"
    object_name = "cooperative"
    detail_url = "cooperative_detail"
    not_found = gettext_lazy("No such cooperative.")
    tabs = (
        Tab("data", gettext_lazy("Data"), "cooperatives/_data.html"),
        Tab("officers", gettext_lazy("Officers"), "cooperatives/_officers.html"),
        Tab("members", gettext_lazy("Members"), "cooperatives/_members.html"),
        Tab("reports", gettext_lazy("Annual reports"), "cooperatives/_reports.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Cooperative:
        return selectors.cooperative_get(user=user, pk=pk)

    def header_context(self, obj: Cooperative) -> dict[str, Any]:
        return {
            "can_edit": allowed(services.require_cooperative_write, self.user, obj),
            "can_report": allowed(services.require_report_write, self.user, obj),
            "predicate": _predicate_label(obj.health_predicate),
            "score": _score(obj),
        }

    def data_context(self, obj: Cooperative) -> dict[str, Any]:
        return {"activity": selectors.cooperative_activity(cooperative=obj)}

    def officers_context(self, obj: Cooperative) -> dict[str, Any]:
        officers = list(selectors.cooperative_officers(user=self.user, cooperative=obj))
        return {"officer_groups": _officer_groups(officers), "officer_form": OfficerForm()}

    def members_context(self, obj: Cooperative) -> dict[str, Any]:
        return {
            "reports": selectors.cooperative_reports(user=self.user, cooperative=obj),
            "members": selectors.cooperative_members(user=self.user, cooperative=obj),
            "member_form": MemberForm(),
        }

    def reports_context(self, obj: Cooperative) -> dict[str, Any]:
        return {"report_rows": _report_rows(user=self.user, cooperative=obj), "year_form": YearPickForm()}

    def history(self, obj: Cooperative) -> Any:
        return selectors.cooperative_history(cooperative=obj)


class CooperativeFormPage(FormPage):
    form_class = CooperativeForm
    template_name = "cooperatives/form.html"
    title_create = gettext_lazy("New cooperative")
    title_edit = gettext_lazy("Edit cooperative")
    list_url = "cooperative_list"
    list_label = gettext_lazy("Cooperatives (koperasi)")
    field_map = CooperativeForm.FIELD_MAP
    refused_on = CooperativeForm.REGION_FIELD
    detail = CooperativeDetail
    create_check = require_editor
    edit_check = services.require_cooperative_write

    def initial(self, obj: Cooperative) -> dict[str, Any]:
        initial = {f: getattr(obj, f) for f in CooperativeForm.base_fields if f != "region"}
        initial["region"] = obj.region_id
        initial["nik_koperasi"] = obj.nik_koperasi or ""
        return initial

    create_service = services.cooperative_create
    update_service = services.cooperative_update
    record_arg = "cooperative"
    form_data = "cooperative_data"

    def saved_message(self, obj: Cooperative) -> str:
        if self.creating:
            return _("Cooperative “%(name)s” registered.") % {"name": obj.name}
        return _("Changes saved.")

    def success_url(self, obj: Cooperative) -> str:
        return _detail_url(obj)

    def extra_context(self, form: Any, obj: Cooperative | None) -> dict[str, Any]:
        return {
            "cooperative": obj,
            "regions": [r for r in regions_for_user(user=self.user) if r.level >= 2],
        }
