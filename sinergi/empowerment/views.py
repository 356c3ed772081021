"""The empowerment pages (/pemberdayaan/), on the generic pages of sinergi.core.views: the desa potentials, the
candidate households of a region, drafting a desa's groups and editing the draft (households moved whole), a
group's page (members, visits, programs, history) with its visit, conversion and enrollment, a household's
record and the office's figures.

Only the office's staff open them, and only for their regions (another region's record answers 404). Every
page that shows a household's decile writes who saw it to the personal-data access log (``_log_shown``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_edit_registry, require_editor, require_empowerment_staff
from sinergi.accounts.models import User
from sinergi.core.forms import localize_placeholders
from sinergi.core.personal import announce_shown
from sinergi.core.views import (
    DetailPage,
    FormPage,
    ListPage,
    Page,
    RecordPage,
    RelatedAdd,
    Tab,
    found_or_404,
    history_tab,
)
from sinergi.empowerment import selectors as sel
from sinergi.empowerment import services, tables
from sinergi.empowerment.forms import (
    CandidateFilterForm,
    ConvertForm,
    DissolveForm,
    DraftForm,
    EnrollForm,
    FiguresForm,
    GroupFilterForm,
    MoveForm,
    PotentialFilterForm,
    PotentialForm,
    PotentialImportForm,
    VisitForm,
)
from sinergi.empowerment.models import DesaPotential, Group, GroupMember, GroupStatus, Sector
from sinergi.privacy.models import Purpose
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.models import Business
from sinergi.registry.selectors import businesses_visible


def _log_shown(request: HttpRequest, persons: Iterable[Any], fields: tuple[str, ...]) -> None:
    """Write to the access log that the user was shown these persons' P3KE household and decile (one row per
    person), as a page that shows a NIK in full does."""
    seen: dict[int, tuple[int, str, tuple[str, ...]]] = {}
    for person in persons:
        seen.setdefault(person.pk, (person.pk, person.desa_id, fields))
    announce_shown(actor=request.user, shown=list(seen.values()), purpose=Purpose.VIEW, request=request)


def _default_region(user: User) -> str:
    codes = sorted(user.regions.values_list("code", flat=True)) if user.pk else []
    return codes[0] if codes else ""


# --- potentials --------------------------------------------------------------------------------------------


class PotentialList(ListPage):
    access = require_empowerment_staff
    title = gettext_lazy("Desa potentials")
    count_label = gettext_lazy("potentials")
    empty = gettext_lazy("No desa potential recorded yet.")
    filter_form = PotentialFilterForm
    create_url = "empowerment_potential_create"
    create_label = gettext_lazy("Record a desa potential")
    table = tables.POTENTIALS
    template_name = "empowerment/list.html"

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[DesaPotential]:
        return sel.potential_list(user=self.user, **(filters or {}))


class PotentialFormPage(FormPage):
    access = require_empowerment_staff
    form_class = PotentialForm
    title_create = gettext_lazy("Record a desa potential")
    title_edit = gettext_lazy("Edit the desa potential")
    saved_create = gettext_lazy("Potential recorded.")
    list_url = "empowerment_potential_list"
    list_label = gettext_lazy("Desa potentials")
    not_found = gettext_lazy("No such potential.")
    refused_on = "desa"

    def check(self, obj: Any | None) -> None:
        require_editor(self.user)

    def lookup(self, *, user: Any, pk: int) -> DesaPotential:
        return sel.potential_get(user=user, pk=pk)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> PotentialForm:
        initial = self.initial(obj) if obj is not None else None
        if data is not None:
            return PotentialForm(data, initial=initial, editing=obj is not None)
        return PotentialForm(initial=initial, editing=obj is not None)

    def initial(self, obj: DesaPotential) -> dict[str, Any]:
        return {"desa": obj.desa_id, "sector": obj.sector, "rank": obj.rank, "source": obj.source, "note": obj.note}

    def save(self, form: Any, obj: DesaPotential | None) -> DesaPotential:
        data = form.cleaned_data
        if obj is not None:
            desa, sector = obj.desa, obj.sector
        else:
            found = Region.objects.filter(code=data["desa"], level=RegionLevel.DESA_KELURAHAN).first()
            if found is None:
                raise ValidationError({"desa": _("No village (desa/kelurahan) has this code.")})
            desa = found
            sector = data["sector"]
        return services.potential_save(actor=self.user, desa=desa, data={**data, "sector": sector})

    def success_url(self, obj: DesaPotential) -> str:
        return reverse("empowerment_potential_list") + f"?region={obj.desa_id}"


class PotentialImportPage(Page):
    """Upload a spreadsheet of desa potentials (the import engine's ``empowerment.potential``)."""

    access = require_empowerment_staff
    http_method_names: ClassVar[list[str]] = ["get", "post", "head"]  # type: ignore[misc]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PotentialImportForm(initial={"office": _default_region(self.user)[:5]})
        return self._render(form, None)

    def post(self, request: HttpRequest) -> HttpResponse:
        from sinergi.empowerment.imports import potentials_import

        require_editor(self.user)
        form = PotentialImportForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            office = Region.objects.filter(pk=form.cleaned_data["office"]).first()
            upload = form.cleaned_data["file"]
            try:
                if office is None:
                    raise ValidationError({"office": _("Unknown region code.")})
                result = potentials_import(
                    actor=self.user, office=office, stream=upload, name=upload.name, size=upload.size
                )
            except ValidationError as exc:
                for key, msgs in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, msgs)
            else:
                messages.success(
                    request,
                    _("%(created)d recorded, %(updated)d updated, %(unchanged)d already in, %(rejected)d rejected.")
                    % {k: result.count(k) for k in ("created", "updated", "unchanged", "rejected")},
                )
        return self._render(form, result)

    def _render(self, form: PotentialImportForm, result: Any) -> HttpResponse:
        localize_placeholders(form, self.user)
        status = 400 if form.errors else 200
        return render(self.request, "empowerment/import.html", {"form": form, "result": result}, status=status)


# --- candidates -----------------------------------------------------------------------------------------------


class CandidateList(ListPage):
    """The candidate households of a region (poorest first), each household once with its working-age persons."""

    access = require_empowerment_staff
    title = gettext_lazy("Candidate households (P3KE)")
    count_label = gettext_lazy("households")
    empty = gettext_lazy("No candidate household: no P3KE list for this region, or every poor household is in a group.")
    filter_form = CandidateFilterForm
    table = tables.CANDIDATES
    template_name = "empowerment/candidates.html"

    def _region(self, filters: Any) -> str:
        return (filters or {}).get("region") or _default_region(self.user)

    def queryset(self, *, filters: Any) -> Any:
        self._filters = filters or {}
        self._homes = sel.candidates(
            user=self.user, region_code=self._region(filters), max_decile=self._filters.get("max_decile")
        )
        return self._homes

    def shown(self, objects: Iterable[Any]) -> None:
        _log_shown(self.request, (e.person for h in objects for e in h.persons), ("household", "decile"))

    def extra_context(self) -> dict[str, Any]:
        region = self._region(self._filters)
        homes = self._homes
        found = Region.objects.filter(code=region).first() if region else None
        return {
            "region": found,
            "households": len(homes),
            "persons": sum(len(h.persons) for h in homes),
        }


# --- drafting and the draft -------------------------------------------------------------------------------------


class DraftPage(FormPage):
    """Draft the groups of one desa (and one sector, or all its potential's sectors)."""

    access = require_empowerment_staff
    form_class = DraftForm
    title_create = gettext_lazy("Draft groups for a desa")
    list_url = "empowerment_group_list"
    list_label = gettext_lazy("Empowerment groups")
    refused_on = "desa"
    template_name = "empowerment/draft_form.html"

    def check(self, obj: Any | None) -> None:
        require_editor(self.user)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> DraftForm:
        if data is not None:
            return DraftForm(data)
        return DraftForm(initial={"desa": self.request.GET.get("desa", "")[:13]})

    def save(self, form: Any, obj: Any | None) -> Region:
        desa = Region.objects.filter(code=form.cleaned_data["desa"], level=RegionLevel.DESA_KELURAHAN).first()
        if desa is None:
            raise ValidationError({"desa": _("No village (desa/kelurahan) has this code.")})
        result = services.group_draft(actor=self.user, desa=desa, sector=form.cleaned_data.get("sector") or "")
        if result.groups:
            messages.info(
                self.request,
                _("%(groups)d groups drafted with %(placed)d households; %(left)d households left out.")
                % {"groups": len(result.groups), "placed": result.placed, "left": result.left_out},
            )
        else:
            messages.warning(
                self.request,
                _("Too few candidate households (%(n)d) for one group of the office's smallest size.")
                % {"n": result.left_out},
            )
        return desa

    def saved_message(self, obj: Any) -> str:
        return _("Draft ready: check each household and its reason, move households, then confirm each group.")

    def success_url(self, obj: Region) -> str:
        return reverse("empowerment_drafts", args=[obj.code])


class DraftReview(Page):
    """The draft groups of a desa with their households and the reason each was chosen; a household is moved to
    another draft of the desa or taken out, a leader named, a group confirmed."""

    access = require_empowerment_staff
    http_method_names: ClassVar[list[str]] = ["get", "head"]  # type: ignore[misc]

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        region = found_or_404(
            lambda: Region.objects.filter(code=code).first() if sel.region_visible(user=self.user, code=code) else None,
            gettext_lazy("No such region."),
        )
        drafts = sel.drafts_in(user=self.user, region_code=code)
        groups = []
        for group in drafts:
            members = list(group.members.all())
            homes = sel.households_of(members)
            siblings = [g for g in drafts if g.desa_id == group.desa_id and g.pk != group.pk]
            groups.append({"group": group, "households": list(homes.items()), "siblings": siblings})
        _log_shown(request, (m.person for g in drafts for m in g.members.all()), ("household", "decile"))
        return render(
            request,
            "empowerment/drafts.html",
            {"region": region, "groups": groups, "can_edit": can_edit_registry(self.user)},
        )


class MemberAction(RecordPage):
    """A POST on one household of a group (its member ``pk``): the service's refusal becomes the page's message,
    and the officer goes back to where the household is shown."""

    access = require_empowerment_staff
    not_found = gettext_lazy("No such member.")
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]
    done: ClassVar[Any] = gettext_lazy("Saved.")

    def lookup(self, *, user: Any, pk: int) -> GroupMember:
        return sel.member_get(user=user, pk=pk)

    def act(self, member: GroupMember) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = self.get_object()
        require_editor(self.user)
        group = member.group
        try:
            self.act(member)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(self.done))
        if group.status == GroupStatus.DRAFT:
            return redirect(reverse("empowerment_drafts", args=[group.desa_id]) + f"#group-{group.pk}")
        return redirect(reverse("empowerment_group_detail", args=[group.pk]) + "?tab=members")


class MemberMove(MemberAction):
    done = gettext_lazy("Household moved.")

    def act(self, member: GroupMember) -> None:
        form = MoveForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose the group to move the household to."))
        target = sel.groups_visible(user=self.user).filter(pk=form.cleaned_data["to"]).first()
        if target is None:
            raise ValidationError(_("Choose the group to move the household to."))
        services.member_move(actor=self.user, member=member, to=target)


class MemberRemove(MemberAction):
    done = gettext_lazy("Household taken out of the group; it is a candidate again.")

    def act(self, member: GroupMember) -> None:
        services.member_remove(actor=self.user, member=member)


class MemberLeader(MemberAction):
    done = gettext_lazy("Leader changed.")

    def act(self, member: GroupMember) -> None:
        services.leader_set(actor=self.user, member=member, leader=not member.is_leader)


# --- groups -----------------------------------------------------------------------------------------------------


class GroupList(ListPage):
    access = require_empowerment_staff
    title = gettext_lazy("Empowerment groups")
    count_label = gettext_lazy("groups")
    empty = gettext_lazy("No empowerment group yet: record the desa potentials, then draft the groups of a desa.")
    filter_form = GroupFilterForm
    create_url = "empowerment_draft"
    create_label = gettext_lazy("Draft groups for a desa")
    table = tables.GROUPS
    template_name = "empowerment/list.html"

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Group]:
        return sel.group_list(user=self.user, filters=filters)


class GroupDetail(DetailPage):
    access = require_empowerment_staff
    template_name = "empowerment/group_detail.html"
    object_name = "group"
    detail_url = "empowerment_group_detail"
    not_found = gettext_lazy("No such group.")
    tabs = (
        Tab("members", gettext_lazy("Members"), "empowerment/_members.html"),
        Tab("visits", gettext_lazy("Visits"), "empowerment/_visits.html"),
        Tab("programs", gettext_lazy("Programs"), "empowerment/_programs.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Group:
        return sel.group_get(user=user, pk=pk)

    def header_context(self, obj: Group) -> dict[str, Any]:
        editor = can_edit_registry(self.user)
        return {
            "can_edit": editor,
            "households_count": obj.members.values("household").distinct().count(),
            "is_draft": obj.status == GroupStatus.DRAFT,
            "is_active": obj.status == GroupStatus.ACTIVE,
        }

    def members_context(self, obj: Group) -> dict[str, Any]:
        members = list(sel.group_members(group=obj))
        _log_shown(self.request, (m.person for m in members), ("household", "decile"))
        return {"households": list(sel.households_of(members).items())}

    def visits_context(self, obj: Group) -> dict[str, Any]:
        return {"visits": list(sel.group_visits(group=obj))}

    def programs_context(self, obj: Group) -> dict[str, Any]:
        form = self.bound.get("enroll_form") or EnrollForm(
            programs=list(sel.programs_to_enroll(user=self.user, group=obj))
        )
        return {"enrollments": list(sel.group_enrollments(group=obj)), "enroll_form": form}

    def history(self, obj: Group) -> Any:
        return sel.group_history(group=obj)


class GroupConfirm(RecordPage):
    """Confirm a draft group (POST): its size within the office's limits and a leader named."""

    access = require_empowerment_staff
    detail = GroupDetail
    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = self.get_object()
        try:
            services.group_confirm(actor=self.user, group=group)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse("empowerment_drafts", args=[group.desa_id]) + f"#group-{group.pk}")
        messages.success(request, _("Group “%(name)s” confirmed.") % {"name": group.name})
        return redirect(reverse("empowerment_group_detail", args=[group.pk]))


class GroupEnroll(RelatedAdd):
    """Enroll an active group in a program for persons: one person per household, the double-aid rule per
    household (skipped households are named with the reason)."""

    access = require_empowerment_staff
    detail = GroupDetail
    form_class = EnrollForm
    form_name = "enroll_form"
    tab = "programs"
    refused_on = None

    def check(self, parent: Group) -> None:
        require_editor(self.user)

    def make_form(self, data: Any, parent: Group) -> EnrollForm:
        return EnrollForm(data, programs=list(sel.programs_to_enroll(user=self.user, group=parent)))

    def add(self, form: Any, parent: Group) -> Any:
        program = sel.programs_to_enroll(user=self.user, group=parent).filter(pk=form.cleaned_data["program"]).first()
        if program is None:
            raise ValidationError({"program": _("Choose a program.")})
        results = services.group_enroll(
            actor=self.user,
            group=parent,
            program=program,
            acknowledge_double_aid=form.cleaned_data.get("acknowledge_double_aid", False),
        )
        enrolled = [r for r in results if r.status == "enrolled"]
        skipped = [r for r in results if r.status != "enrolled"]
        messages.info(
            self.request,
            _("%(enrolled)d households enrolled in %(program)s, %(skipped)d skipped.")
            % {"enrolled": len(enrolled), "program": program.name, "skipped": len(skipped)},
        )
        for r in skipped:
            messages.warning(self.request, f"{r.person}: {r.reason}")
        return results

    added = gettext_lazy("Enrollment done.")


class GroupSubPage(FormPage):
    """A form under a group (a visit, its conversion, its dissolution): the group is the parent."""

    access = require_empowerment_staff
    detail = GroupDetail
    creates_under = True
    template_name = "empowerment/group_form.html"

    def check(self, obj: Any | None) -> None:
        _group = self.parent  # another region's group answers 404 before the editor check
        require_editor(self.user)

    def success_url(self, obj: Any) -> str:
        return reverse("empowerment_group_detail", args=[self.parent.pk])

    def cancel_url(self, obj: Any | None) -> str:
        return reverse("empowerment_group_detail", args=[self.parent.pk])

    def extra_context(self, form: Any, obj: Any | None) -> dict[str, Any]:
        return {"group": self.parent}


class VisitCreate(GroupSubPage):
    """Record a visit: the day, a note, and per household the income band reported and a business started (one of
    the registry's businesses owned by a person of the household)."""

    form_class = VisitForm
    title_create = gettext_lazy("Record a mentoring visit")
    saved_create = gettext_lazy("Visit recorded.")
    template_name = "empowerment/visit_form.html"

    def _households(self) -> list[tuple[str, list[GroupMember]]]:
        return list(sel.households_of(sel.group_members(group=self.parent)).items())

    def _businesses(self, households: list[tuple[str, list[GroupMember]]]) -> dict[str, list[Business]]:
        owners = {m.person_id: key for key, members in households for m in members}
        owned: dict[str, list[Business]] = {}
        for business in businesses_visible(user=self.user).filter(owner_id__in=list(owners)).order_by("name", "id"):
            if business.owner_id is not None:
                owned.setdefault(owners[business.owner_id], []).append(business)
        return owned

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> VisitForm:
        households = self._households()
        self._owned = self._businesses(households)
        if data is not None:
            return VisitForm(data, households=households, businesses=self._owned)
        return VisitForm(initial={"visited_on": timezone.localdate()}, households=households, businesses=self._owned)

    def save(self, form: Any, obj: Any | None) -> Any:
        return services.visit_record(
            actor=self.user,
            group=self.parent,
            visited_on=form.cleaned_data["visited_on"],
            note=form.cleaned_data.get("note") or "",
            incomes=form.incomes(),
            started=form.started(self._owned),
        )

    def success_url(self, obj: Any) -> str:
        return reverse("empowerment_group_detail", args=[self.parent.pk]) + "?tab=visits"


class GroupConvertPage(GroupSubPage):
    form_class = ConvertForm
    title_create = gettext_lazy("Make the group an association or a pre-cooperative")
    saved_create = gettext_lazy("The group has become what was chosen; its households and history stay.")

    def save(self, form: Any, obj: Any | None) -> Group:
        return services.group_convert(
            actor=self.user, group=self.parent, into=form.cleaned_data["into"], name=form.cleaned_data.get("name", "")
        )


class GroupDissolvePage(GroupSubPage):
    form_class = DissolveForm
    title_create = gettext_lazy("Dissolve the group")
    saved_create = gettext_lazy("Group dissolved; its households are candidates again.")

    def save(self, form: Any, obj: Any | None) -> Group:
        return services.group_dissolve(actor=self.user, group=self.parent, reason=form.cleaned_data["reason"])


# --- a household's record ------------------------------------------------------------------------------------


class HouseholdPage(RecordPage):
    """A household of a group: its persons, its decile on each P3KE list, its income at each visit and the
    businesses it started. Each view is written to the access log."""

    access = require_empowerment_staff
    not_found = gettext_lazy("No such household.")
    http_method_names: ClassVar[list[str]] = ["get", "head"]  # type: ignore[misc]

    def lookup(self, *, user: Any, pk: int) -> Any:
        return sel.household_record(user=user, member_pk=pk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.get_object()
        _log_shown(request, (m.person for m in record.members), ("household", "decile"))
        return render(request, "empowerment/household.html", {"record": record, "group": record.group})


# --- figures ---------------------------------------------------------------------------------------------------


class FiguresPage(Page):
    """The office's figures: households reached by sector and desa, the share of decile-1 households in a group,
    and the deciles of grouped households one and two years after their group was confirmed."""

    access = require_empowerment_staff
    http_method_names: ClassVar[list[str]] = ["get", "head"]  # type: ignore[misc]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        offices = sel.offices_of(user=self.user)
        form = FiguresForm(request.GET or None, offices=offices)
        code = offices[0][0] if offices else ""
        if form.is_bound and form.is_valid():
            code = form.cleaned_data["office"]
        elif form.is_bound:
            return render(request, "empowerment/figures.html", {"form": form, "figures": None}, status=400)
        figures = sel.figures(user=self.user, office=code) if code else None
        sectors = dict(Sector.choices)
        context = {
            "form": form if len(offices) > 1 else None,
            "office": dict(offices).get(code, ""),
            "figures": figures,
            "by_sector": [(sectors.get(k, k), n) for k, n in sorted((figures.by_sector if figures else {}).items())],
            "by_desa": sorted((figures.by_desa if figures else {}).items()),
            "figures_movement": [
                (_("One year after"), figures.after_one_year if figures else None),
                (_("Two years after"), figures.after_two_years if figures else None),
            ],
            "share": round(figures.decile_one_share * 100, 1)
            if figures and figures.decile_one_share is not None
            else None,
        }
        return render(request, "empowerment/figures.html", context)
