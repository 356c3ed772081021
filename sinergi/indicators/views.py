"""Peta Jalan pages (/peta-jalan/): the roadmaps of the user's regions (and of the regions above them), a roadmap's
progress (a table of every target with its actual figure and status, and a target-vs-actual chart per indicator
and region), its targets (add, remove), the import of the office's spreadsheet, and its history — configured on
sinergi.core.views. Office staff only; a roadmap outside the user's regions answers 404; editors of its region
change it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_edit_registry, is_office_staff, require_region_write
from sinergi.accounts.models import User
from sinergi.accounts.selectors import office_regions
from sinergi.core.views import (
    DetailPage,
    FormPage,
    ListPage,
    Page,
    RelatedAdd,
    RelatedRemove,
    Tab,
    allowed,
    found_or_404,
    history_tab,
    opens_for,
)
from sinergi.indicators import charts, services, tables
from sinergi.indicators import selectors as sel
from sinergi.indicators.charts import format_figure
from sinergi.indicators.forms import RoadmapForm, TargetForm, TargetImportForm
from sinergi.indicators.imports import targets_import
from sinergi.indicators.models import Roadmap, Target


def require_roadmap_access(user: User) -> None:
    """The Peta Jalan pages: the office's staff (viewers read them)."""
    if not is_office_staff(user):
        raise PermissionDenied(_("The Peta Jalan is for the office's staff."))


def _require_editor(user: User) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("You may only read the Peta Jalan."))


class StaffOnly(Page):
    access = require_roadmap_access


STATUS_LABELS = {
    sel.Status.ON_TRACK: gettext_lazy("On track"),
    sel.Status.AT_RISK: gettext_lazy("At risk"),
    sel.Status.OFF_TRACK: gettext_lazy("Off track"),
    sel.Status.NO_DATA: gettext_lazy("No figure yet"),
}
STATUS_BADGES = {sel.Status.ON_TRACK: "ok", sel.Status.AT_RISK: "warn", sel.Status.OFF_TRACK: "bad"}


class RoadmapList(StaffOnly, ListPage):
    title = gettext_lazy("Peta Jalan (roadmaps)")
    count_label = gettext_lazy("roadmaps")
    empty = gettext_lazy("No roadmap for your regions yet.")
    create_url = "roadmap_create"
    create_label = gettext_lazy("New roadmap")
    table = tables.ROADMAPS

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Roadmap]:
        return sel.roadmaps_visible(user=self.user).order_by("-start_year", "name", "id")


def progress_rows(user: User, roadmap: Roadmap) -> list[dict[str, Any]]:
    """One row per target: goal, indicator, region, year, baseline, target, the actual figure and its status."""
    targets = list(sel.roadmap_targets(user=user, roadmap=roadmap))
    rows = []
    for p in sel.target_progress(user_or_none=user, targets=targets):
        t, decimals = p.target, p.target.indicator.decimals
        rows.append(
            {
                "target": t,
                "baseline": format_figure(t.baseline, decimals),
                "goal_value": format_figure(t.target, decimals),
                "actual": format_figure(p.actual.value if p.actual else None, decimals),
                "actual_value": p.actual.value if p.actual else None,
                "status": p.status,
                "status_label": STATUS_LABELS[p.status],
                "badge": STATUS_BADGES.get(p.status, ""),
            }
        )
    return rows


def progress_charts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A target-vs-actual chart per indicator and region, over the target years (no bar for a future year)."""
    this_year = timezone.localdate().year
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        t = row["target"]
        groups[(t.indicator_id, t.region_id)].append(row)
    out = []
    for group in groups.values():
        group.sort(key=lambda r: r["target"].year)
        first = group[0]["target"]
        title = f"{first.indicator.name_id} · {first.region.display_name}"
        points = [
            (
                str(r["target"].year),
                float(r["target"].target),
                float(r["actual_value"]) if r["actual_value"] is not None and r["target"].year <= this_year else None,
            )
            for r in group
        ]
        svg = charts.target_actual_chart(
            title=_("Target vs actual: %(name)s") % {"name": title},
            rows=points,
            target_label=_("Target"),
            actual_label=_("Actual"),
        )
        out.append({"title": title, "svg": svg, "rows": group})
    return out


class RoadmapDetail(StaffOnly, DetailPage):
    template_name = "indicators/roadmap_detail.html"
    object_name = "roadmap"
    detail_url = "roadmap_detail"
    not_found = gettext_lazy("No such roadmap.")
    tabs = (
        Tab("progress", gettext_lazy("Progress"), "indicators/_progress.html"),
        Tab("targets", gettext_lazy("Targets"), "indicators/_targets.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Roadmap:
        return sel.roadmap_get(user=user, pk=pk)

    def history(self, obj: Roadmap) -> Any:
        return sel.roadmap_history(roadmap=obj)

    def header_context(self, obj: Roadmap) -> dict[str, Any]:
        return {
            "can_edit": allowed(require_region_write, self.user, obj.region_id),
            "goals": list(sel.roadmap_goals(roadmap=obj)),
        }

    def progress_context(self, obj: Roadmap) -> dict[str, Any]:
        rows = progress_rows(self.user, obj)
        counts = {key: sum(1 for r in rows if r["status"] == key) for key in STATUS_LABELS}
        return {
            "rows": rows,
            "charts": progress_charts(rows),
            "status_counts": [(STATUS_LABELS[k], STATUS_BADGES.get(k, ""), n) for k, n in counts.items() if n],
        }

    def targets_context(self, obj: Roadmap) -> dict[str, Any]:
        indicators = list(sel.indicators_visible(user_or_none=self.user))
        form = self.bound.get("target_form") or TargetForm(
            indicators=indicators,
            initial={"region": obj.region_id, "year": obj.start_year, "baseline_year": obj.start_year - 1},
        )
        return {"targets": list(sel.roadmap_targets(user=self.user, roadmap=obj)), "target_form": form}


class RoadmapFormPage(StaffOnly, FormPage):
    form_class = RoadmapForm
    title_create = gettext_lazy("New roadmap")
    title_edit = gettext_lazy("Edit roadmap")
    saved_create = saved_edit = gettext_lazy("Roadmap saved.")
    list_url = "roadmap_list"
    list_label = gettext_lazy("Peta Jalan (roadmaps)")
    field_map = RoadmapForm.FIELD_MAP
    refused_on = None
    detail = RoadmapDetail

    def check(self, obj: Roadmap | None) -> None:
        _require_editor(self.user)
        if obj is not None:
            require_region_write(self.user, obj.region_id)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> RoadmapForm:
        offices = office_regions(self.user)
        kwargs: dict[str, Any] = {"offices": offices, "with_region": obj is None}
        if data is not None:
            return RoadmapForm(data, **kwargs)
        if obj is None:
            year = timezone.localdate().year
            first = offices[0][0] if len(offices) == 1 else ""
            return RoadmapForm(initial={"region": first, "start_year": year, "end_year": year + 4}, **kwargs)
        return RoadmapForm(initial=self.initial(obj), **kwargs)

    def initial(self, obj: Roadmap) -> dict[str, Any]:
        return {n: getattr(obj, n) for n in ("name", "start_year", "end_year", "description")}

    create_service = services.roadmap_create
    update_service = services.roadmap_update
    record_arg = "roadmap"

    def success_url(self, obj: Roadmap) -> str:
        return reverse("roadmap_detail", args=[obj.pk])


class TargetAdd(StaffOnly, RelatedAdd):
    detail = RoadmapDetail
    form_class = TargetForm
    form_name = "target_form"
    tab = "targets"
    added = gettext_lazy("Target saved.")
    refused_on = "region"

    write_region = "region_id"

    def make_form(self, data: Any, parent: Roadmap) -> TargetForm:
        return TargetForm(data, indicators=list(sel.indicators_visible(user_or_none=self.user)))

    def add(self, form: Any, parent: Roadmap) -> Target:
        data = form.cleaned_data
        indicator = sel.indicator_get(user_or_none=self.user, code=data["indicator"])
        goal = services.goal_get_or_create(actor=self.user, roadmap=parent, title=data["goal"])
        return services.target_set(
            actor=self.user,
            goal=goal,
            indicator=indicator,
            region_code=data["region"].strip(),
            year=data["year"],
            baseline_year=data["baseline_year"],
            baseline=data["baseline"],
            target=data["target"],
        )


class TargetRemove(StaffOnly, RelatedRemove):
    detail = RoadmapDetail
    tab = "targets"
    child_kwarg = "target_pk"
    removed = gettext_lazy("Target removed.")
    child_not_found = gettext_lazy("No such target in this roadmap.")

    write_region = "region_id"

    def children(self, parent: Roadmap) -> QuerySet[Target]:
        return sel.roadmap_targets(user=self.user, roadmap=parent)

    def remove(self, child: Target) -> None:
        services.target_delete(actor=self.user, target=child)


@opens_for(require_roadmap_access)
def target_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the office's Peta Jalan spreadsheet into a roadmap (the import engine's ``indicators.target``)."""
    user: Any = request.user
    roadmap = found_or_404(lambda: sel.roadmap_get(user=user, pk=pk), _("No such roadmap."))
    result = None
    if request.method == "POST":
        _require_editor(user)
        form = TargetImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = targets_import(
                    actor=user, roadmap=roadmap, stream=upload, name=upload.name or "", size=upload.size or 0
                )
            except ValidationError as exc:
                for key, msgs in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, msgs)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(created)d added, %(updated)d changed, %(unchanged)d already in, %(rejected)d rejected.")
                    % {s: result.count(s) for s in ("created", "updated", "unchanged", "rejected")},
                )
    else:
        form = TargetImportForm()
    status = 400 if form.errors else 200
    context = {"roadmap": roadmap, "form": form, "result": result}
    return render(request, "indicators/target_import.html", context, status=status)
