"""Every read of program data, scoped to what the user may see.

Office staff see the programs organised in their regions (a province officer also those of its
kabupaten/kota); a business owner or a cooperative officer sees the programs, past draft, whose organiser
region covers their business or cooperative, and only their own applications and enrollments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from sinergi.accounts.access import is_authenticated, region_q
from sinergi.accounts.models import STAFF_ROLES, Role, User
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.selectors import cooperatives_visible
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.programs.candidates import Checked, check_applications
from sinergi.programs.choices import EnrollmentStatus, ProgramStatus, Target
from sinergi.programs.eligibility import (
    Explanation,
    Preview,
    context_for,
    eligible_q,
    explain,
    preview,
    rule_specs,
    universe,
)
from sinergi.programs.models import (
    AidDisbursement,
    Application,
    Attendance,
    BudgetLine,
    EligibilityRule,
    Enrollment,
    MentoringVisit,
    Outcome,
    Program,
    Realisation,
    SelectionRun,
    Session,
)
from sinergi.registry.models import Business, BusinessYear, DocumentKind, LegalDocument, Person
from sinergi.registry.selectors import BusinessFilter, business_list, businesses_visible, persons_visible
from sinergi.registry.selectors.pages import person_by_nik

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=18, decimal_places=2))


def _staff(user: User) -> bool:
    return user.is_superuser or user.role in STAFF_ROLES


def _ancestors(codes: set[str]) -> set[str]:
    out: set[str] = set()
    for code in codes:
        parts = code.split(".")
        out.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return out


def programs_visible(*, user: User) -> QuerySet[Program]:
    qs = Program.objects.all()
    if not is_authenticated(user):
        return qs.none()
    if _staff(user):
        return qs.filter(region_q(user, "region__code"))
    codes: set[str] = set()
    if user.role == Role.OWNER and user.person_id:
        codes |= set(Business.objects.filter(owner_id=user.person_id).values_list("desa_id", flat=True))
        codes |= set(Person.objects.filter(pk=user.person_id).values_list("desa_id", flat=True))
    elif user.role == Role.COOPERATIVE and user.cooperative_id:
        codes |= set(Cooperative.objects.filter(pk=user.cooperative_id).values_list("region_id", flat=True))
    if not codes:
        return qs.none()
    return qs.filter(region_id__in=_ancestors(codes)).exclude(status=ProgramStatus.DRAFT)


def program_get(*, user: User, pk: int) -> Program:
    """One visible program; Program.DoesNotExist when it does not exist or the user may not see it."""
    return programs_visible(user=user).select_related("region").get(pk=pk)


@dataclass(frozen=True, slots=True)
class ProgramFilter:
    """The filters of the program list, shared by the page, the exports and the API."""

    q: str = ""
    kind: str = ""
    year: int | None = None
    status: str = ""
    target: str = ""
    region: str = ""


def program_list(*, user: User, filters: ProgramFilter = ProgramFilter()) -> QuerySet[Program]:
    qs = programs_visible(user=user).select_related("region")
    f = filters
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.year:
        qs = qs.filter(fiscal_year=f.year)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.target:
        qs = qs.filter(target=f.target)
    if f.region:
        qs = qs.filter(Q(region_id=f.region) | Q(region__code__startswith=f.region + "."))
    for word in f.q.split():
        qs = qs.filter(name__icontains=word)
    return qs.order_by("-fiscal_year", "name", "id")


def applications_visible(*, user: User) -> QuerySet[Application]:
    qs = Application.objects.all()
    if not is_authenticated(user):
        return qs.none()
    if _staff(user):
        return qs.filter(program__in=programs_visible(user=user))
    if user.role == Role.OWNER and user.person_id:
        return qs.filter(Q(business__owner_id=user.person_id) | Q(person_id=user.person_id))
    if user.role == Role.COOPERATIVE and user.cooperative_id:
        return qs.filter(cooperative_id=user.cooperative_id)
    return qs.none()


def program_applications(*, user: User, program: Program) -> QuerySet[Application]:
    return (
        applications_visible(user=user)
        .filter(program=program)
        .select_related("business__cluster", "person", "cooperative")
        .order_by("id")
    )


def application_checks(*, user: User, program: Program) -> list[Checked]:
    """Before selection, for staff: every application's rule results, need match and mismatch flag."""
    if not _staff(user) or not programs_visible(user=user).filter(pk=program.pk).exists():
        return []
    return check_applications(program)


def _candidates_for(user: User, target: str) -> QuerySet[Any]:
    if target == Target.BUSINESS:
        return businesses_visible(user=user)
    if target == Target.PERSON:
        return persons_visible(user=user)
    return cooperatives_visible(user=user)


def eligibility_preview(
    *, user: User, program: Program, per_rule: bool = False, as_of: dt.date | None = None
) -> Preview:
    """How many of the candidates the user may see pass the program's rules (SQL counts, no loops)."""
    ctx = context_for(program, as_of=as_of)
    return preview(universe(ctx, base=_candidates_for(user, ctx.target)), rule_specs(program), ctx, per_rule=per_rule)


def eligibility_page(
    *,
    user: User,
    program: Program,
    offset: int = 0,
    limit: int = 50,
    only: bool | None = None,
    as_of: dt.date | None = None,
) -> list[Explanation]:
    """A page of candidates with the rules each passed and failed; ``only`` True/False keeps the eligible
    or the ineligible ones. One query."""
    ctx = context_for(program, as_of=as_of)
    specs = rule_specs(program)
    qs = universe(ctx, base=_candidates_for(user, ctx.target))
    if only is not None and specs:
        # The rules in the WHERE (semi- and anti-joins), not their result columns (a subplan per row).
        qs = qs.filter(eligible_q(specs, ctx)) if only else qs.exclude(eligible_q(specs, ctx))
    return explain(qs.order_by("pk"), specs, ctx, offset=offset, limit=limit)


@dataclass(frozen=True, slots=True)
class BudgetRow:
    line: BudgetLine
    realised: Decimal
    remaining: Decimal


def program_budget(*, program: Program) -> list[BudgetRow]:
    """The program's budget lines with what is realised and what remains of each, and their realisations
    (``line.realisations.all()``): two queries."""
    spent = (
        Realisation.objects.filter(budget_line=OuterRef("pk"))
        .values("budget_line")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    lines = (
        program.budget_lines.annotate(spent=Coalesce(Subquery(spent), ZERO))
        .prefetch_related("realisations")
        .order_by("source", "id")
    )
    return [BudgetRow(line=x, realised=x.spent, remaining=x.amount - x.spent) for x in lines]


def budget_totals(rows: list[BudgetRow]) -> tuple[Decimal, Decimal, Decimal]:
    """(allotted, realised, remaining) over the rows."""
    allotted = sum((r.line.amount for r in rows), Decimal("0.00"))
    spent = sum((r.realised for r in rows), Decimal("0.00"))
    return allotted, spent, allotted - spent


def selection_runs(*, user: User, program: Program) -> QuerySet[SelectionRun]:
    if not _staff(user):
        return SelectionRun.objects.none()
    return SelectionRun.objects.filter(program__in=programs_visible(user=user), program=program).order_by("-number")


def selection_run_get(*, user: User, pk: int) -> SelectionRun:
    """A run for staff of the organiser's region; SelectionRun.DoesNotExist otherwise."""
    if not _staff(user):
        raise SelectionRun.DoesNotExist
    return SelectionRun.objects.select_related("program__region", "created_by").get(
        pk=pk, program__in=programs_visible(user=user)
    )


def published_run_get(*, pk: int) -> SelectionRun:
    """A run whose report the office has published: readable by anyone, signed in or not."""
    return SelectionRun.objects.select_related("program__region").get(pk=pk, published_at__isnull=False)


def program_enrollments(*, user: User, program: Program) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.filter(program=program).select_related("business", "person", "cooperative")
    if _staff(user):
        return qs.filter(program__in=programs_visible(user=user)).order_by("id")
    if user.role == Role.OWNER and user.person_id:
        return qs.filter(Q(business__owner_id=user.person_id) | Q(person_id=user.person_id)).order_by("id")
    if user.role == Role.COOPERATIVE and user.cooperative_id:
        return qs.filter(cooperative_id=user.cooperative_id).order_by("id")
    return qs.none()


def program_sessions(*, program: Program) -> QuerySet[Session]:
    return program.sessions.order_by("held_on", "id")


def session_attendance(*, session: Session) -> dict[int, Attendance]:
    """The session's attendance by enrollment id (enrollments without a row have not been recorded)."""
    return {a.enrollment_id: a for a in Attendance.objects.filter(session=session)}


def prior_aid(
    *,
    program: Program,
    years: int,
    business: Business | None = None,
    person: Person | None = None,
    cooperative: Cooperative | None = None,
) -> QuerySet[Enrollment]:
    """Enrollments (not dropped) of the same beneficiary in other programs of the same kind whose fiscal
    year is within ``years`` before this program's: the double-aid warning. A business's owner counts."""
    who = Q(pk__in=[])
    if business is not None:
        who |= Q(business=business)
    if person is not None:
        who |= Q(person=person)
    if cooperative is not None:
        who |= Q(cooperative=cooperative)
    return (
        Enrollment.objects.filter(
            who, program__kind=program.kind, program__fiscal_year__gte=program.fiscal_year - years
        )
        .exclude(program=program)
        .exclude(status=EnrollmentStatus.DROPPED)
        .select_related("program")
        .order_by("-program__fiscal_year", "-id")
    )


def beneficiary_history(
    *,
    user: User,
    business: Business | None = None,
    person: Person | None = None,
    cooperative: Cooperative | None = None,
) -> QuerySet[Enrollment]:
    """Every enrollment of the beneficiary across programs and years, newest first, with the aid received.
    For a business this includes its owner's (through other businesses or as a person). Empty when the user
    may not see the beneficiary."""
    who = Q(pk__in=[])
    if business is not None and businesses_visible(user=user).filter(pk=business.pk).exists():
        who |= Q(business=business)
        if business.owner_id:
            who |= Q(person_id=business.owner_id)
    if person is not None and persons_visible(user=user).filter(pk=person.pk).exists():
        who |= Q(person=person)
    if cooperative is not None and cooperatives_visible(user=user).filter(pk=cooperative.pk).exists():
        who |= Q(cooperative=cooperative)
    aid = (
        Realisation.objects.filter(disbursement__enrollment=OuterRef("pk"))
        .values("disbursement__enrollment")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return (
        Enrollment.objects.filter(who)
        .select_related("program__region", "business")
        .annotate(
            aid_total=Coalesce(Subquery(aid), ZERO),
            has_outcome=Exists(Outcome.objects.filter(enrollment=OuterRef("pk"))),
        )
        .order_by("-program__fiscal_year", "-id")
    )


@dataclass(frozen=True, slots=True)
class OutcomeFigures:
    """A business's yearly figures before its program's fiscal year and after it (revenue, workforce)."""

    before: BusinessYear | None
    after: BusinessYear | None


def outcome_figures(*, enrollment: Enrollment) -> OutcomeFigures:
    """Read from the registry's yearly figures, never copied: the latest year before the program's fiscal
    year and the latest year after it."""
    if enrollment.business_id is None:
        return OutcomeFigures(before=None, after=None)
    year = enrollment.program.fiscal_year
    years = BusinessYear.objects.filter(business_id=enrollment.business_id)
    return OutcomeFigures(
        before=years.filter(year__lt=year).order_by("-year").first(),
        after=years.filter(year__gt=year).order_by("-year").first(),
    )


@dataclass(frozen=True)
class ParticipantRecords:
    """What was given to and came of one participant: aid, mentoring visits, outcomes, and the registry
    documents of their business an outcome may name."""

    disbursements: list[AidDisbursement]
    visits: list[MentoringVisit]
    outcomes: list[Outcome]
    documents: list[LegalDocument]


def participant_records(*, enrollment: Enrollment) -> ParticipantRecords:
    """For an enrollment the caller has already read through ``program_enrollments``."""
    documents = (
        list(LegalDocument.objects.filter(business_id=enrollment.business_id).order_by("kind", "id"))
        if enrollment.business_id
        else []
    )
    return ParticipantRecords(
        disbursements=list(enrollment.disbursements.select_related("budget_line")),
        visits=list(enrollment.visits.all()),
        outcomes=list(enrollment.outcomes.select_related("document")),
        documents=documents,
    )


def program_history(*, program: Program) -> QuerySet[ChangeLog]:
    """The program's changes and those of its rules, budget, applications, runs, enrollments, sessions and
    attendance, removed rows included (a removed row is found by the program its last snapshot names).
    The program itself has been checked against the user's regions by the caller (``program_get``)."""
    q = Q(content_type=ContentType.objects.get_for_model(Program), object_id=str(program.pk))
    owned: tuple[type[EligibilityRule | BudgetLine | Application | SelectionRun | Enrollment | Session], ...] = (
        EligibilityRule,
        BudgetLine,
        Application,
        SelectionRun,
        Enrollment,
        Session,
    )
    for model in owned:
        ctype = ContentType.objects.get_for_model(model)
        ids = [str(pk) for pk in model._default_manager.filter(program=program).values_list("pk", flat=True)]
        removed = ChangeLog.objects.filter(
            content_type=ctype, action=ChangeAction.DELETE, before__program_id=program.pk
        ).values_list("object_id", flat=True)
        q |= Q(content_type=ctype, object_id__in=[*ids, *removed])
    lines = list(program.budget_lines.values_list("pk", flat=True))
    spent = [str(pk) for pk in Realisation.objects.filter(budget_line_id__in=lines).values_list("pk", flat=True)]
    removed_spent = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Realisation),
        action=ChangeAction.DELETE,
        before__budget_line_id__in=lines,
    ).values_list("object_id", flat=True)
    q |= Q(content_type=ContentType.objects.get_for_model(Realisation), object_id__in=[*spent, *removed_spent])
    marks = [str(pk) for pk in Attendance.objects.filter(session__program=program).values_list("pk", flat=True)]
    q |= Q(content_type=ContentType.objects.get_for_model(Attendance), object_id__in=marks)
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")


def own_applications(*, user: User) -> QuerySet[Application]:
    """The applications a business owner or a cooperative's officer made (or were made for them), newest first,
    for their home page; none for the office's staff, who see every program's applicants on its page."""
    if _staff(user):
        return Application.objects.none()
    return applications_visible(user=user).select_related("program", "business").order_by("-created_at", "-id")


def program_counts(*, user: User) -> dict[str, int]:
    """How many programs in the user's regions are in each status (status value → count)."""
    rows = programs_visible(user=user).values("status").annotate(n=Count("id")).order_by()
    return {r["status"]: r["n"] for r in rows}


@dataclass(frozen=True, slots=True)
class ApplicantChoice:
    """A record that may apply to a program, as the applicant picker lists it (never its NIK)."""

    pk: int
    label: str


def applicant_candidates(*, user: User, program: Program, text: str, limit: int = 8) -> list[ApplicantChoice]:
    """Records of the program's target the user may see that ``text`` names: a business by its name words (the
    registry search, misspellings included), its NIB (13 digits) or its owner's NIK (16 digits); a person by name
    words or NIK; a cooperative by name words. The text comes in a POST body, never a URL (a NIK)."""
    digits = "".join(c for c in text if c.isdigit())
    words = text.split()
    if not words:
        return []
    if program.target == Target.BUSINESS:
        qs = businesses_visible(user=user).select_related("owner", "desa")
        if len(digits) == 16 and digits == text.strip():
            owner = person_by_nik(user=user, nik=digits)
            qs = qs.filter(owner=owner) if owner else qs.none()
        elif len(digits) == 13 and digits == text.strip():
            nib = LegalDocument.objects.filter(kind=DocumentKind.NIB, number=digits)
            qs = qs.filter(pk__in=nib.values("business_id"))
        else:
            qs = business_list(user=user, filters=BusinessFilter(q=text))
        return [
            ApplicantChoice(b.pk, " · ".join(x for x in (b.name, b.owner.name if b.owner else "", b.desa.name) if x))
            for b in qs[:limit]
        ]
    if program.target == Target.PERSON:
        if len(digits) == 16 and digits == text.strip():
            person = person_by_nik(user=user, nik=digits)
            people = [person] if person else []
        else:
            found = persons_visible(user=user).select_related("desa")
            for word in words:
                found = found.filter(name__icontains=word)
            people = list(found.order_by("name", "id")[:limit])
        return [ApplicantChoice(p.pk, f"{p.name} · {p.desa.name}" if p.desa_id else p.name) for p in people]
    coops = cooperatives_visible(user=user).select_related("region")
    for word in words:
        coops = coops.filter(name__icontains=word)
    return [ApplicantChoice(c.pk, f"{c.name} · {c.region.name}") for c in coops.order_by("name", "id")[:limit]]
