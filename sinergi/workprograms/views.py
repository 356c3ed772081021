"""Work-program pages as configuration of the generic pages: the office's lists (programs, the associations'
100-day standing, scorecards), an association's programs, a program with its items, reports and history, the
forms of the draft, the office's review, progress reports with evidence, and each step of the flow."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.access import can_see_personal, is_office_staff, require_workprogram_access
from sinergi.accounts.models import User
from sinergi.core.forms import apply_service_errors
from sinergi.core.history import history_rows
from sinergi.core.views import DetailPage, FormPage, ListPage, RelatedAdd, RelatedRemove, Tab, allowed, opens_for
from sinergi.notifications.whatsapp import whatsapp_link
from sinergi.registry import selectors as registry_selectors
from sinergi.registry.models import Association
from sinergi.workprograms import selectors, services, tables
from sinergi.workprograms.forms import (
    ItemForm,
    ProgramFilterForm,
    ProgramForm,
    ProgressForm,
    ReviewForm,
    StandingFilterForm,
)
from sinergi.workprograms.models import EDITABLE, Evidence, ProgramKind, ProgramStatus, WorkItem, WorkProgram

HISTORY_PAGE_SIZE = 20


def _ask_whatsapp(user: Any, association: Association, text: str) -> list[tuple[str, str]]:
    """(board member, wa.me link) for each board member with a phone the user may see in full (an office editor of
    the member's region): offices chase their associations by WhatsApp."""
    links = []
    for seat in registry_selectors.association_board(association=association):
        person = seat.person
        if person.phone and can_see_personal(user, region_code=person.desa_id, person_id=person.pk):
            link = whatsapp_link(phone=person.phone, text=text)
            if link:
                links.append((f"{person.name} ({seat.role})", link))
    return links


# --- lists -----------------------------------------------------------------------------------------------------


class ProgramList(ListPage):
    access = require_workprogram_access
    title = gettext_lazy("Association work programs")
    table = tables.PROGRAMS
    filter_form = ProgramFilterForm
    empty = gettext_lazy("No work programs in your regions yet.")
    export_name = "program-kerja"
    template_name = "workprograms/list.html"

    def queryset(self, *, filters: Any) -> QuerySet[WorkProgram]:
        return selectors.program_list(user=self.user, filters=filters)


class ScorecardList(ListPage):
    access = require_workprogram_access
    title = gettext_lazy("Work program scorecards")
    table = tables.SCORECARDS
    filter_form = ProgramFilterForm
    empty = gettext_lazy("No work programs in your regions yet.")
    export_name = "skor-program-kerja"
    template_name = "workprograms/list.html"

    def queryset(self, *, filters: Any) -> QuerySet[WorkProgram]:
        return selectors.program_list(user=self.user, filters=filters).order_by(
            "association__name", "-period_start", "-id"
        )


class StandingList(ListPage):
    access = require_workprogram_access
    title = gettext_lazy("100-day programs of associations")
    filter_form = StandingFilterForm
    empty = gettext_lazy("No associations in your regions yet.")
    export_name = "program-100-hari"
    template_name = "workprograms/list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.table = tables.standing_table(selectors.Standings())  # type: ignore[misc]
        return super().get(request, *args, **kwargs)

    def queryset(self, *, filters: Any) -> QuerySet[Association]:
        return selectors.association_standing(user=self.user, filters=filters)


# --- an association's programs -------------------------------------------------------------------------------


class AssociationPrograms(DetailPage):
    """An association's work programs and where it stands with its 100-day program."""

    access = require_workprogram_access
    template_name = "workprograms/association.html"
    object_name = "association"
    detail_url = "workprogram_association"
    not_found = gettext_lazy("No such association.")

    def lookup(self, *, user: Any, pk: int) -> Association:
        return registry_selectors.association_get(user=user, pk=pk)

    def header_context(self, obj: Association) -> dict[str, Any]:
        standing = selectors.standing_of(association=obj)
        programs = list(selectors.program_list(user=self.user, filters=selectors.ProgramFilter(association=obj.pk)))
        text = ""
        if standing.overdue and standing.due_on:
            text = _(
                "Assalamualaikum. The office reminds %(name)s that its 100-day work program was due on %(due)s "
                "and is %(days)s days late. Please submit it in Sinergi."
            ) % {"name": obj.name, "due": standing.due_on.strftime("%d-%m-%Y"), "days": standing.days_late}
        return {
            "standing": standing,
            "standing_label": tables.STANDING_LABELS[standing.state],
            "standing_badge": tables.STANDING_BADGE.get(standing.state, ""),
            "programs": programs,
            "rows": tables.PROGRAMS.rows(programs),
            "table": tables.PROGRAMS,
            "can_create": allowed(services.require_association_side, self.user, obj),
            "has_hundred_day": any(p.kind == ProgramKind.HUNDRED_DAY for p in programs),
            "whatsapp": _ask_whatsapp(self.user, obj, text) if text and is_office_staff(self.user) else [],
        }


# --- one program -----------------------------------------------------------------------------------------------


class ProgramDetail(DetailPage):
    access = require_workprogram_access
    template_name = "workprograms/detail.html"
    object_name = "program"
    detail_url = "workprogram_detail"
    not_found = gettext_lazy("No such work program.")
    tabs = (
        Tab("items", gettext_lazy("Items"), "workprograms/_items.html"),
        Tab("scorecard", gettext_lazy("Scorecard"), "workprograms/_scorecard.html"),
        Tab("history", gettext_lazy("History"), "core/_history.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> WorkProgram:
        return selectors.program_get(user=user, pk=pk)

    def header_context(self, obj: WorkProgram) -> dict[str, Any]:
        side = allowed(services.require_association_side, self.user, obj.association)
        office = allowed(services.require_office_review, self.user, obj.association)
        status = obj.status
        steps = []
        if side and status in EDITABLE:
            steps.append(("submit", _("Submit to the office")))
        if side and status == ProgramStatus.APPROVED:
            steps.append(("start", _("Start the program")))
        if side and status == ProgramStatus.RUNNING:
            steps.append(("report", _("Hand in the final report")))
        if office and status == ProgramStatus.REPORTED:
            steps.append(("close", _("Close the program")))
        return {
            "can_edit": side and status in EDITABLE,
            "can_review": office and status == ProgramStatus.SUBMITTED,
            "can_report": side and status == ProgramStatus.RUNNING,
            "steps": steps,
            "status_badge": tables.STATUS_BADGE.get(status, ""),
        }

    def items_context(self, obj: WorkProgram) -> dict[str, Any]:
        today = selectors.program_today(obj)
        items = list(selectors.program_items(program=obj))
        board = list(selectors.board_choices(association=obj.association))
        return {
            "items": [(item, selectors.item_progress(item=item, today=today)) for item in items],
            "item_form": self.bound.get("item_form") or ItemForm(board=board),
        }

    def scorecard_context(self, obj: WorkProgram) -> dict[str, Any]:
        return {"card": selectors.program_scorecard(program=obj)}

    def history_context(self, obj: WorkProgram) -> dict[str, Any]:
        items = list(obj.items.prefetch_related("reports"))
        related: list[Model] = [*items, *(r for item in items for r in item.reports.all())]
        entries = registry_selectors.record_history(instance=obj, related=related)
        page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {"history_page": page, "history": history_rows(entries=list(page))}


class ProgramFormPage(FormPage):
    access = require_workprogram_access
    form_class = ProgramForm
    title_create = gettext_lazy("New work program")
    title_edit = gettext_lazy("Edit work program")
    list_url = "workprogram_list"
    list_label = gettext_lazy("Association work programs")

    def lookup(self, *, user: Any, pk: int) -> Any:
        if self.creates_under:
            return registry_selectors.association_get(user=user, pk=pk)
        return selectors.program_get(user=user, pk=pk)

    def check(self, obj: Any | None) -> None:
        association = self.parent if self.creates_under or obj is None else obj.association
        services.require_association_side(self.user, association)

    def initial(self, obj: WorkProgram) -> dict[str, Any]:
        return {"kind": obj.kind, "title": obj.title, "period_start": obj.period_start, "period_end": obj.period_end}

    def cancel_url(self, obj: Any | None) -> str:
        if self.creates_under:
            return reverse("workprogram_association", args=[self.parent.pk])
        return super().cancel_url(obj)

    def save(self, form: Any, obj: Any | None) -> WorkProgram:
        if self.creates_under:
            return services.program_create(actor=self.user, association=self.parent, data=form.cleaned_data)
        assert obj is not None
        return services.program_update(actor=self.user, program=obj, data=form.cleaned_data)


class ProgramCreate(ProgramFormPage):
    creates_under = True

    def initial(self, obj: Any) -> dict[str, Any]:
        return {"kind": self.request.GET.get("kind", ProgramKind.HUNDRED_DAY)}

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> Any:
        if data is not None:
            return self.form_class(data)
        return self.form_class(initial=self.initial(obj))


class ItemAdd(RelatedAdd):
    access = require_workprogram_access
    detail = ProgramDetail
    form_class = ItemForm
    form_name = "item_form"
    tab = "items"
    added = gettext_lazy("Item added.")

    def check(self, parent: WorkProgram) -> None:
        services.require_association_side(self.user, parent.association)

    def make_form(self, data: Any, parent: WorkProgram) -> ItemForm:
        return ItemForm(data, board=selectors.board_choices(association=parent.association))

    def add(self, form: Any, parent: WorkProgram) -> WorkItem:
        return services.item_add(actor=self.user, program=parent, data=form.cleaned_data)


class ItemRemove(RelatedRemove):
    access = require_workprogram_access
    detail = ProgramDetail
    tab = "items"
    child_kwarg = "item_pk"
    removed = gettext_lazy("Item removed.")
    child_not_found = gettext_lazy("No such item.")

    def child(self, parent: WorkProgram, pk: int) -> WorkItem | None:
        return parent.items.filter(pk=pk).first()

    def remove(self, child: WorkItem) -> None:
        services.item_remove(actor=self.user, item=child)


class ItemEdit(FormPage):
    access = require_workprogram_access
    form_class = ItemForm
    title_edit = gettext_lazy("Edit item")
    not_found = gettext_lazy("No such item.")

    def lookup(self, *, user: Any, pk: int) -> WorkItem:
        return selectors.item_get(user=user, pk=pk)

    def check(self, obj: Any | None) -> None:
        assert obj is not None
        services.require_association_side(self.user, obj.program.association)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> ItemForm:
        assert obj is not None
        board = selectors.board_choices(association=obj.program.association)
        if data is not None:
            return ItemForm(data, board=board)
        return ItemForm(initial=self.initial(obj), board=board)

    def initial(self, obj: WorkItem) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in services.ITEM_FIELDS}

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {"review_comment": obj.review_comment if obj else ""}

    def success_url(self, obj: WorkItem) -> str:
        return reverse("workprogram_detail", args=[obj.program_id]) + "?tab=items"

    def save(self, form: Any, obj: Any | None) -> WorkItem:
        assert obj is not None
        return services.item_update(actor=self.user, item=obj, data=form.cleaned_data)


class ProgressAdd(FormPage):
    access = require_workprogram_access
    form_class = ProgressForm
    creates_under = True
    title_create = gettext_lazy("Report progress")
    saved_create = gettext_lazy("Progress reported.")
    not_found = gettext_lazy("No such item.")
    template_name = "workprograms/progress_form.html"

    def lookup(self, *, user: Any, pk: int) -> WorkItem:
        return selectors.item_get(user=user, pk=pk)

    def check(self, obj: Any | None) -> None:
        services.require_association_side(self.user, self.parent.program.association)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> ProgressForm:
        if data is not None:
            return ProgressForm(data, self.request.FILES)
        return ProgressForm(initial={"reported_on": selectors.program_today(self.parent.program)})

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {"item": self.parent}

    def cancel_url(self, obj: Any | None) -> str:
        return reverse("workprogram_detail", args=[self.parent.program_id]) + "?tab=items"

    def success_url(self, obj: Any) -> str:
        return self.cancel_url(obj)

    def save(self, form: Any, obj: Any | None) -> Any:
        data = form.cleaned_data
        return services.progress_add(
            actor=self.user,
            item=self.parent,
            reported_on=data["reported_on"],
            achieved=data["achieved"],
            narrative=data["narrative"],
            uploads=data.get("evidence") or [],
        )


# --- the flow ----------------------------------------------------------------------------------------------------

STEPS = {
    "submit": (services.program_submit, gettext_lazy("Submitted to the office.")),
    "start": (services.program_start, gettext_lazy("The program is running.")),
    "report": (services.program_report, gettext_lazy("Final report handed in.")),
    "close": (services.program_close, gettext_lazy("The program is closed.")),
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _program(request: HttpRequest, pk: int) -> WorkProgram:
    try:
        return selectors.program_get(user=_user(request), pk=pk)
    except WorkProgram.DoesNotExist:
        raise Http404(_("No such work program.")) from None


@opens_for(require_workprogram_access)
@require_POST
def program_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the flow by the association or the office; a step out of order comes back as a message."""
    if step not in STEPS:
        raise Http404(_("No such step."))
    program = _program(request, pk)
    service, done = STEPS[step]
    try:
        service(actor=_user(request), program=program)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("workprogram_detail", pk=program.pk)


@opens_for(require_workprogram_access)
def program_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's review of a submitted program: approve, or return with a comment per item."""
    program = _program(request, pk)
    services.require_office_review(_user(request), program.association)
    items = list(selectors.program_items(program=program))
    if request.method == "POST":
        form = ReviewForm(request.POST, items=items)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.program_approve(actor=_user(request), program=program, note=form.cleaned_data["note"])
                    messages.success(request, _("The program is approved."))
                else:
                    services.program_return(
                        actor=_user(request),
                        program=program,
                        comments=form.comments(),
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, _("The program is returned to the association with your comments."))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("workprogram_detail", pk=program.pk)
    elif request.method == "GET":
        form = ReviewForm(items=items)
    else:
        return HttpResponse(status=405)
    if program.status != ProgramStatus.SUBMITTED and not form.errors:
        messages.info(request, _("Only a submitted program is reviewed."))
        return redirect("workprogram_detail", pk=program.pk)
    return render(
        request,
        "workprograms/review.html",
        {"program": program, "form": form, "items": items},
        status=400 if form.errors else 200,
    )


@opens_for(require_workprogram_access)
@require_GET
def evidence_file(request: HttpRequest, pk: int, thumb: bool = False) -> FileResponse:
    """An evidence file (or its thumbnail), for whoever may see its program; served as its sniffed type."""
    try:
        evidence = selectors.evidence_get(user=_user(request), pk=pk)
    except Evidence.DoesNotExist:
        raise Http404(_("No such file.")) from None
    stored = evidence.thumbnail if thumb and evidence.thumbnail else evidence.file
    if not stored:
        raise Http404(_("No such file."))
    content_type = "image/jpeg" if stored is evidence.thumbnail else evidence.content_type
    try:
        opened = stored.open("rb")
    except FileNotFoundError:  # the record outlived its file (a restore without the media folder): not a 500
        raise Http404(_("No such file.")) from None
    response = FileResponse(opened, content_type=content_type, filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
