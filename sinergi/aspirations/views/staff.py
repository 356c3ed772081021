"""Staff pages of aspirations (/aspirasi/): the list, the officer's queue, an aspiration's page with its handling
(assign, plan, answer, close, refer, close without resolution, merge, reopen; a program application, a task, a
supervision request), the intake form for a phone at a forum (a draft kept in the browser, similar open ones
shown while typing), the forums, the office's figures and the spreadsheet import — configured on
sinergi.core.views. The public pages are in ``public.py`` beside it.

Only office staff reach them (403 for anyone else); records outside the user's regions answer 404; viewers read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import (
    can_edit_registry,
    region_prefixes,
    region_q,
    require_aspiration_staff,
    require_region_write,
)
from sinergi.accounts.models import STAFF_ROLES, User
from sinergi.aspirations import notify, services, tables
from sinergi.aspirations import selectors as sel
from sinergi.aspirations.forms import (
    AspirationForm,
    AssignForm,
    DeadlineRuleForm,
    FilterForm,
    ForumForm,
    MergeForm,
    ProgramForm,
    SupervisionForm,
    TaskFilterForm,
    TaskForm,
    TextForm,
)
from sinergi.aspirations.imports import aspirations_import
from sinergi.aspirations.models import Aspiration, DeadlineRule, Forum, Status, Task
from sinergi.cooperatives.views._base import _user
from sinergi.core.views import DetailPage, FormPage, ListPage, Page, RelatedAdd, Tab, allowed, opens_for
from sinergi.regions.models import Region

HISTORY_PAGE_SIZE = 25


class StaffOnly(Page):
    """The office's staff only: anyone else signed in gets 403 (with the reason) before anything is read."""

    access = require_aspiration_staff


staff_only = opens_for(require_aspiration_staff)


def _officers(aspiration_office: str) -> list[User]:
    users = User.objects.filter(is_active=True, role__in=STAFF_ROLES - {"viewer"}).exclude(username="sistem")
    return [u for u in users.order_by("username") if _works_in(u, aspiration_office)]


def _works_in(user: User, code: str) -> bool:
    prefixes = region_prefixes(user)
    return prefixes is None or any(code == p or code.startswith(p + ".") for p in prefixes)


def _default_office(user: User) -> str:
    prefixes = region_prefixes(user)
    return prefixes[0] if prefixes and len(prefixes) == 1 else ""


def _require_editor(user: User) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("You may only read aspirations."))


# --- lists --------------------------------------------------------------------------------------------------


class AspirationList(StaffOnly, ListPage):
    title = gettext_lazy("Aspirations")
    count_label = gettext_lazy("aspirations")
    empty = gettext_lazy("No aspirations in your regions yet.")
    create_url = "aspiration_create"
    create_label = gettext_lazy("Record an aspiration")
    table = tables.ASPIRATIONS
    export_table = tables.ASPIRATIONS_EXPORT
    export_name = "aspirasi"
    filter_form = FilterForm
    template_name = "aspirations/list.html"

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Aspiration]:
        return sel.aspiration_list(user=self.user, filters=filters or sel.AspirationFilter())


class QueueFilter(forms.Form):
    overdue = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[("", gettext_lazy("All pending")), ("1", gettext_lazy("Overdue"))],
    )

    def to_filter(self) -> bool | None:
        return True if self.is_valid() and self.cleaned_data.get("overdue") == "1" else None


class Queue(StaffOnly, ListPage):
    title = gettext_lazy("My queue")
    count_label = gettext_lazy("aspirations")
    empty = gettext_lazy("Nothing is waiting for you.")
    table = tables.QUEUE
    filter_form = QueueFilter
    template_name = "aspirations/list.html"

    def queryset(self, *, filters: Any) -> QuerySet[Aspiration]:
        return sel.queue(user=self.user, overdue=filters)


# --- one aspiration -----------------------------------------------------------------------------------------


class AspirationDetail(StaffOnly, DetailPage):
    template_name = "aspirations/detail.html"
    object_name = "aspiration"
    detail_url = "aspiration_detail"
    not_found = gettext_lazy("No such aspiration.")
    tabs = (
        Tab("handling", gettext_lazy("Handling"), "aspirations/_handling.html"),
        Tab("history", gettext_lazy("History"), "core/_history.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> Aspiration:
        return sel.aspiration_get(user=user, pk=pk)

    def header_context(self, obj: Aspiration) -> dict[str, Any]:
        days, working = sel.entry_delay(obj)
        return {
            "contact": sel.contact(user=self.user, aspiration=obj),
            "can_edit": allowed(require_region_write, self.user, obj.office_id),
            "overdue": sel.is_overdue(obj),
            "entry_days": days,
            "entry_working_days": working,
            "attachments": list(obj.attachments.all()),
            "tasks": list(obj.tasks.select_related("officer")),
            "duplicates": list(obj.merged.all()),
            "whatsapp": notify.whatsapp_link(obj) if obj.answered_at else "",
            "public_url": notify.public_status_url(obj),
        }

    def handling_context(self, obj: Aspiration) -> dict[str, Any]:
        officers = _officers(obj.office_id)
        from sinergi.programs.choices import ProgramStatus
        from sinergi.programs.models import Program

        programs = list(
            Program.objects.filter(region_q(self.user, "region__code"), status=ProgramStatus.OPEN).order_by("name")
        )
        bound = self.bound
        return {
            "assign_form": bound.get("assign_form") or AssignForm(officers=officers),
            "plan_form": bound.get("plan_form") or TextForm(initial={"text": obj.plan}, auto_id="plan_%s"),
            "answer_form": bound.get("answer_form") or TextForm(initial={"text": obj.answer}, auto_id="answer_%s"),
            "refer_form": bound.get("refer_form") or TextForm(auto_id="refer_%s"),
            "unresolved_form": bound.get("unresolved_form") or TextForm(auto_id="unresolved_%s"),
            "reopen_form": bound.get("reopen_form") or TextForm(auto_id="reopen_%s"),
            "merge_form": bound.get("merge_form") or MergeForm(),
            "program_form": bound.get("program_form") or ProgramForm(programs=programs),
            "task_form": bound.get("task_form") or TaskForm(officers=officers),
            "supervision_form": bound.get("supervision_form") or SupervisionForm(),
            "similar": sel.similar_open(
                user=self.user,
                office_id=obj.office_id,
                text=obj.text,
                desa_id=obj.desa_id or "",
                category=obj.category,
                exclude=obj.pk,
            )
            if obj.is_open
            else [],
            "statuses": Status,
        }

    def history_context(self, obj: Aspiration) -> dict[str, Any]:
        history = sel.history(aspiration=obj)
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        full = bool(sel.contact(user=self.user, aspiration=obj)["full"])
        return {"history_page": page, "history": sel.history_rows(entries=list(page), full=full)}


class _Action(StaffOnly, RelatedAdd):
    """A form posted from the aspiration's page that calls one service."""

    detail = AspirationDetail
    tab = "handling"
    refused_on = None
    call: ClassVar[Callable[..., Any]]

    write_region = "office_id"

    def make_form(self, data: Any, parent: Any) -> forms.Form:
        return self.form_class(data, **self.form_kwargs(parent))

    def form_kwargs(self, parent: Aspiration) -> dict[str, Any]:
        return {}

    def add(self, form: Any, parent: Aspiration) -> Any:
        return type(self).call(self, form, parent)


class Assign(_Action):
    form_class = AssignForm
    form_name = "assign_form"
    added = gettext_lazy("Assigned.")
    field_map = {"officer": "officer"}

    def form_kwargs(self, parent: Aspiration) -> dict[str, Any]:
        return {"officers": _officers(parent.office_id)}

    def call(self, form: Any, parent: Aspiration) -> Any:
        officer = User.objects.get(pk=form.cleaned_data["officer"])
        return services.aspiration_assign(
            actor=self.user, aspiration=parent, officer=officer, unit=form.cleaned_data.get("unit", "")
        )


def _text_action(name: str, service: Callable[..., Any], arg: str, message: Any, field: str) -> type[_Action]:
    def call(self: _Action, form: Any, parent: Aspiration) -> Any:
        return service(actor=self.user, aspiration=parent, **{arg: form.cleaned_data["text"]})

    def make_form(self: _Action, data: Any, parent: Any) -> forms.Form:
        return TextForm(data, auto_id=f"{name}_%s")

    attrs = {
        "form_class": TextForm,
        "form_name": f"{name}_form",
        "added": message,
        "field_map": {field: "text"},
        "call": call,
        "make_form": make_form,
    }
    return type(f"{name.title()}Action", (_Action,), attrs)


Plan = _text_action("plan", services.aspiration_plan, "plan", gettext_lazy("Follow-up plan saved."), "plan")
Answer = _text_action("answer", services.aspiration_answer, "answer", gettext_lazy("Answer published."), "answer")
Refer = _text_action("refer", services.aspiration_refer, "where", gettext_lazy("Closed as referred."), "where")
Unresolved = _text_action(
    "unresolved", services.aspiration_close_unresolved, "why", gettext_lazy("Closed without resolution."), "why"
)
Reopen = _text_action("reopen", services.aspiration_reopen, "reason", gettext_lazy("Reopened."), "reason")


class Close(_Action):
    form_class = forms.Form
    form_name = "close_form"
    added = gettext_lazy("Closed.")

    def call(self, form: Any, parent: Aspiration) -> Any:
        return services.aspiration_close(actor=self.user, aspiration=parent)


class Merge(_Action):
    form_class = MergeForm
    form_name = "merge_form"
    added = gettext_lazy("Merged into the other aspiration.")

    def call(self, form: Any, parent: Aspiration) -> Any:
        from sinergi.aspirations.codes import normalise_code

        code = normalise_code(form.cleaned_data["into"])
        into = sel.aspirations_visible(user=self.user).filter(code=code).first() if code else None
        if into is None:
            raise ValidationError({"into": _("No aspiration you may see has this code.")})
        return services.aspiration_merge(actor=self.user, aspiration=parent, into=into)


class ApplyToProgram(_Action):
    form_class = ProgramForm
    form_name = "program_form"
    added = gettext_lazy("The application to the program is in.")

    def form_kwargs(self, parent: Aspiration) -> dict[str, Any]:
        from sinergi.programs.models import Program

        return {"programs": list(Program.objects.filter(region_q(self.user, "region__code")))}

    def call(self, form: Any, parent: Aspiration) -> Any:
        from sinergi.programs.models import Program

        program = Program.objects.get(pk=form.cleaned_data["program"])
        return services.aspiration_apply_to_program(actor=self.user, aspiration=parent, program=program)


class AddTask(_Action):
    form_class = TaskForm
    form_name = "task_form"
    added = gettext_lazy("Task added.")

    def form_kwargs(self, parent: Aspiration) -> dict[str, Any]:
        return {"officers": _officers(parent.office_id)}

    def call(self, form: Any, parent: Aspiration) -> Any:
        data = dict(form.cleaned_data)
        data["officer"] = User.objects.get(pk=data["officer"])
        return services.task_add(actor=self.user, aspiration=parent, data=data)


class RequestSupervision(_Action):
    form_class = SupervisionForm
    form_name = "supervision_form"
    added = gettext_lazy("Supervision requested.")

    def call(self, form: Any, parent: Aspiration) -> Any:
        from sinergi.supervision.selectors import supervised_cooperatives

        cooperative = supervised_cooperatives(user=self.user).filter(pk=form.cleaned_data["cooperative"]).first()
        if cooperative is None:
            raise ValidationError({"cooperative": _("No cooperative you may see has this number.")})
        return services.aspiration_request_supervision(actor=self.user, aspiration=parent, cooperative=cooperative)


# --- forms of an office's records ----------------------------------------------------------------------


class _OfficeRecordForm(StaffOnly, FormPage):
    """The form of a record an office keeps (an aspiration, a forum, a deadline rule): editors only, a refusal on
    the office field, and a new record starting on the user's own office."""

    refused_on = "office"

    def check(self, obj: Any | None) -> None:
        _require_editor(self.user)

    def create_initial(self) -> dict[str, Any]:
        return {"office": _default_office(self.user)}


# --- intake -------------------------------------------------------------------------------------------------


class AspirationFormPage(_OfficeRecordForm):
    """Record (or correct) an aspiration; built for a phone at a forum."""

    form_class = AspirationForm
    template_name = "aspirations/form.html"
    title_create = gettext_lazy("Record an aspiration")
    title_edit = gettext_lazy("Correct the aspiration")
    list_url = "aspiration_list"
    list_label = gettext_lazy("Aspirations")
    field_map = AspirationForm.FIELD_MAP
    detail = AspirationDetail

    @property
    def refused_on(self) -> str | None:  # type: ignore[override]
        return "office" if self.creating else None  # a correction has no office field

    def create_initial(self) -> dict[str, Any]:
        return super().create_initial() | {"forum": self.request.GET.get("forum") or None}

    def form_kwargs(self, obj: Aspiration | None) -> dict[str, Any]:
        return {"forums": list(sel.forum_list(user=self.user)[:30]), "with_office": obj is None}

    def initial(self, obj: Aspiration) -> dict[str, Any]:
        names = ("text", "category", "who", "name", "phone", "email", "channel", "confidentiality")
        return {n: getattr(obj, n) for n in names} | {
            "forum": obj.forum_id,
            "desa": obj.desa_id,
            "business": obj.business_id,
            "person": obj.person_id,
            "heard_at": timezone.localtime(obj.heard_at),
        }

    def save(self, form: Any, obj: Aspiration | None) -> Aspiration:
        if obj is not None:
            return services.aspiration_update(actor=self.user, aspiration=obj, data=form.service_data())
        office = Region.objects.filter(pk=form.cleaned_data.get("office") or "").first()
        if office is None:
            raise ValidationError({"office_id": _("Choose the office (a province or a regency/city).")})
        files: list[tuple[Any, int, str]] = [
            (f, f.size or 0, f.name or "") for f in self.request.FILES.getlist("files")
        ]
        return services.aspiration_record(actor=self.user, office=office, data=form.service_data(), files=files)

    def saved_message(self, obj: Aspiration) -> str:
        if self.creating:
            return _("Recorded. Give the person the code %(code)s to follow it.") % {"code": obj.code}
        return str(self.saved_edit)

    def success_url(self, obj: Aspiration) -> str:
        # ?saved=1 tells the page's script to forget the draft it kept while typing.
        if self.creating and self.request.POST.get("next") == "another":
            return reverse("aspiration_create") + "?saved=1" + (f"&forum={obj.forum_id}" if obj.forum_id else "")
        return reverse("aspiration_detail", args=[obj.pk]) + ("?saved=1" if self.creating else "")


@staff_only
def similar(request: HttpRequest) -> HttpResponse:
    """The htmx panel beside the intake form: open aspirations like the one being typed."""
    user = _user(request)
    office = request.GET.get("office", "") or _default_office(user)
    found = sel.similar_open(
        user=user,
        office_id=office.strip(),
        text=request.GET.get("text", "")[:2000],
        desa_id=request.GET.get("desa", "").strip(),
        category=request.GET.get("category", ""),
    )
    return render(request, "aspirations/_similar.html", {"similar": found})


# --- forums -------------------------------------------------------------------------------------------------


class ForumList(StaffOnly, ListPage):
    title = gettext_lazy("Forums")
    count_label = gettext_lazy("forums")
    empty = gettext_lazy("No forums recorded yet.")
    create_url = "forum_create"
    create_label = gettext_lazy("New forum")
    table = tables.FORUMS

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Forum]:
        return sel.forum_list(user=self.user)


class ForumDetail(StaffOnly, DetailPage):
    template_name = "aspirations/forum_detail.html"
    object_name = "forum"
    detail_url = "forum_detail"
    not_found = gettext_lazy("No such forum.")

    def lookup(self, *, user: Any, pk: int) -> Forum:
        return sel.forum_get(user=user, pk=pk)

    def header_context(self, obj: Forum) -> dict[str, Any]:
        rows = sel.aspiration_list(user=self.user, filters=sel.AspirationFilter(forum=obj.pk))
        return {
            "table": tables.ASPIRATIONS,
            "rows": tables.ASPIRATIONS.rows(rows),
            "can_edit": allowed(require_region_write, self.user, obj.office_id),
        }


class ForumFormPage(_OfficeRecordForm):
    form_class = ForumForm
    detail = ForumDetail
    title_create = gettext_lazy("New forum")
    title_edit = gettext_lazy("Edit forum")
    saved_create = saved_edit = gettext_lazy("Forum saved.")
    list_url = "forum_list"
    list_label = gettext_lazy("Forums")
    field_map = ForumForm.FIELD_MAP
    initial_fields = ("kind", "title", "held_on", "office", "place", "location", "officials", "notes")

    def create_initial(self) -> dict[str, Any]:
        return super().create_initial() | {"held_on": timezone.localdate()}

    create_service = services.forum_create
    update_service = services.forum_update
    record_arg = "forum"

    def success_url(self, obj: Forum) -> str:
        return reverse("forum_detail", args=[obj.pk])


# --- figures and import -------------------------------------------------------------------------------------


@staff_only
def figures(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    result = sel.figures(user=user, office=request.GET.get("office", "").strip())
    return render(request, "aspirations/figures.html", {"figures": result})


class ImportForm(forms.Form):
    office = forms.CharField(label=gettext_lazy("Office region code"), max_length=13)
    forum = forms.TypedChoiceField(label=gettext_lazy("Forum"), required=False, coerce=int, empty_value=None)
    file = forms.FileField(label=gettext_lazy("Spreadsheet (XLSX or CSV)"))

    def __init__(self, *args: Any, forums: Sequence[Forum] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["forum"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(f.pk, f.title) for f in forums]


@staff_only
def import_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    forums = list(sel.forum_list(user=user)[:50])
    result = None
    if request.method == "POST":
        _require_editor(user)
        form = ImportForm(request.POST, request.FILES, forums=forums)
        if form.is_valid():
            office = Region.objects.filter(pk=form.cleaned_data["office"].strip()).first()
            forum = next((f for f in forums if f.pk == form.cleaned_data.get("forum")), None)
            upload = form.cleaned_data["file"]
            try:
                if office is None:
                    raise ValidationError({"office": _("Unknown region code.")})
                result = aspirations_import(
                    actor=user, office=office, forum=forum, stream=upload, name=upload.name, size=upload.size
                )
            except ValidationError as exc:
                for key, msgs in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, msgs)
            except PermissionDenied as exc:
                form.add_error("office", str(exc))
            else:
                messages.success(
                    request,
                    _("%(created)d recorded, %(unchanged)d already in, %(rejected)d rejected.")
                    % {
                        "created": result.count("created"),
                        "unchanged": result.count("unchanged"),
                        "rejected": result.count("rejected"),
                    },
                )
    else:
        form = ImportForm(initial={"office": _default_office(user)}, forums=forums)
    status = 400 if form.errors else 200
    return render(request, "aspirations/import.html", {"form": form, "result": result}, status=status)


# --- deadline rules per category ----------------------------------------------------------------------------


class DeadlineRuleList(StaffOnly, ListPage):
    """The offices' own working days per category; a category without a rule follows SP4N-LAPOR!'s defaults."""

    title = gettext_lazy("Deadlines per category")
    count_label = gettext_lazy("rules")
    empty = gettext_lazy("No office has set its own deadlines: every category follows the defaults.")
    create_url = "aspiration_deadline_create"
    create_label = gettext_lazy("Set the deadlines of a category")
    table = tables.DEADLINE_RULES
    template_name = "aspirations/deadline_list.html"

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[DeadlineRule]:
        return sel.deadline_rules(user=self.user)

    def extra_context(self) -> dict[str, Any]:
        return {"defaults": dict(settings.SINERGI_ASPIRATION_DEADLINES)}


class DeadlineRuleFormPage(_OfficeRecordForm):
    """Set (no pk) or change an office's working days for one category, through ``services.deadline_rule_set``."""

    form_class = DeadlineRuleForm
    title_create = gettext_lazy("Set the deadlines of a category")
    title_edit = gettext_lazy("Change the deadlines of a category")
    saved_create = saved_edit = gettext_lazy("Deadlines saved. They apply to aspirations recorded from now on.")
    list_url = "aspiration_deadline_list"
    list_label = gettext_lazy("Deadlines per category")
    field_map = DeadlineRuleForm.FIELD_MAP
    not_found = gettext_lazy("No such deadline rule.")
    initial_fields = ("office", "category", *DeadlineRuleForm.NUMBERS)

    def lookup(self, *, user: Any, pk: int) -> DeadlineRule:
        return sel.deadline_rule_get(user=user, pk=pk)

    def check(self, obj: DeadlineRule | None) -> None:
        super().check(obj)
        if obj is not None:
            require_region_write(self.user, obj.office_id)

    def create_initial(self) -> dict[str, Any]:
        return super().create_initial() | dict(settings.SINERGI_ASPIRATION_DEADLINES)

    def form_kwargs(self, obj: DeadlineRule | None) -> dict[str, Any]:
        # An existing rule keeps its office and category: the form shows them fixed, read from the rule.
        return {"fixed": True, "initial": self.initial(obj)} if obj is not None else {}

    def save(self, form: Any, obj: DeadlineRule | None) -> DeadlineRule:
        office = obj.office if obj is not None else Region.objects.filter(pk=form.cleaned_data["office"]).first()
        if office is None:
            raise ValidationError({"office_id": _("Choose the office (a province or a regency/city).")})
        category = obj.category if obj is not None else form.cleaned_data["category"]
        return services.deadline_rule_set(actor=self.user, office=office, category=category, data=form.service_data())

    def success_url(self, obj: DeadlineRule) -> str:
        return reverse("aspiration_deadline_list")


# --- tasks that came of aspirations -------------------------------------------------------------------------


class TaskList(StaffOnly, ListPage):
    """The officer's open tasks first (the default); every open, late or done task of the user's regions too."""

    title = gettext_lazy("Tasks")
    count_label = gettext_lazy("tasks")
    empty = gettext_lazy("No open task is yours.")
    table = tables.TASKS
    filter_form = TaskFilterForm
    template_name = "aspirations/list.html"

    def queryset(self, *, filters: Any) -> QuerySet[Task]:
        filters = filters or {}
        return sel.task_list(user=self.user, show=filters.get("show", ""), q=filters.get("q", ""))


class TaskDetail(StaffOnly, DetailPage):
    template_name = "aspirations/task_detail.html"
    object_name = "task"
    detail_url = "aspiration_task_detail"
    not_found = gettext_lazy("No such task.")

    def lookup(self, *, user: Any, pk: int) -> Task:
        return sel.task_get(user=user, pk=pk)

    def header_context(self, obj: Task) -> dict[str, Any]:
        mine = obj.officer_id == self.user.pk
        return {
            "late": sel.task_is_late(obj),
            "can_finish": obj.done_on is None
            and (mine or allowed(require_region_write, self.user, obj.aspiration.office_id)),
        }


class TaskDone(StaffOnly, RelatedAdd):
    """Mark a task done: its officer, or an editor of the aspiration's office."""

    detail = TaskDetail
    form_class = forms.Form
    form_name = "done_form"
    added = gettext_lazy("The task is done.")

    def check(self, parent: Task) -> None:
        if parent.officer_id != self.user.pk:
            require_region_write(self.user, parent.aspiration.office_id)

    def add(self, form: Any, parent: Task) -> Task:
        return services.task_done(actor=self.user, task=parent)
