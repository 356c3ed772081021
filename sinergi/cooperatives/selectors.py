"""Every read of cooperative data, scoped to what the user may see: staff their regions, a cooperative's
own officer that cooperative only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from sinergi.accounts.access import is_authenticated, is_office_staff, region_q
from sinergi.accounts.models import STAFF_ROLES, Role, User
from sinergi.cooperatives.activity import (
    EACH,
    Activity,
    ActivityRule,
    activity_status,
    last_due_fiscal_year,
    office_rule,
)
from sinergi.cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeMember,
    CooperativeOfficer,
    HealthAssessment,
)
from sinergi.core.models import ChangeAction, ChangeLog


def cooperatives_visible(*, user: User) -> QuerySet[Cooperative]:
    qs = Cooperative.objects.all()
    if not is_authenticated(user):
        return qs.none()
    if user.is_superuser or user.role in STAFF_ROLES:
        return qs.filter(region_q(user, "region__code"))
    if user.role == Role.COOPERATIVE and user.cooperative_id:
        return qs.filter(pk=user.cooperative_id)
    return qs.none()


def cooperatives_for_staff(*, user: User) -> QuerySet[Cooperative]:
    """The cooperatives the office's staff see in their regions (for indicators and supervision); none for
    anyone else, a cooperative's own officer included."""
    if not is_office_staff(user):
        return Cooperative.objects.none()
    return cooperatives_visible(user=user)


def cooperative_get(*, user: User, pk: int) -> Cooperative:
    """One visible cooperative; Cooperative.DoesNotExist when it does not exist or the user may not see it."""
    return cooperatives_visible(user=user).select_related("region").get(pk=pk)


def reports_visible(*, user: User) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(cooperative__in=cooperatives_visible(user=user))


def report_get(*, user: User, pk: int) -> AnnualReport:
    return reports_visible(user=user).select_related("cooperative").get(pk=pk)


def cooperative_reports(*, user: User, cooperative: Cooperative) -> QuerySet[AnnualReport]:
    return reports_visible(user=user).filter(cooperative=cooperative).order_by("-fiscal_year")


def assessments_visible(*, user: User) -> QuerySet[HealthAssessment]:
    return HealthAssessment.objects.filter(cooperative__in=cooperatives_visible(user=user))


def assessment_get(*, user: User, pk: int) -> HealthAssessment:
    return assessments_visible(user=user).select_related("cooperative", "report", "assessed_by").get(pk=pk)


def cooperative_officers(*, user: User, cooperative: Cooperative) -> QuerySet[CooperativeOfficer]:
    return CooperativeOfficer.objects.filter(
        cooperative__in=cooperatives_visible(user=user), cooperative=cooperative
    ).select_related("person")


def cooperative_members(*, user: User, cooperative: Cooperative) -> QuerySet[CooperativeMember]:
    return CooperativeMember.objects.filter(
        cooperative__in=cooperatives_visible(user=user), cooperative=cooperative
    ).select_related("person")


def cooperative_history(*, cooperative: Cooperative) -> QuerySet[ChangeLog]:
    """The cooperative's changes and those of its officers, members, reports and assessments, removed ones
    included (a removed row is found by the cooperative its last snapshot names)."""
    q = Q(content_type=ContentType.objects.get_for_model(Cooperative), object_id=str(cooperative.pk))
    for model in (CooperativeOfficer, CooperativeMember, AnnualReport, HealthAssessment):
        ctype = ContentType.objects.get_for_model(model)
        ids = [str(pk) for pk in model._default_manager.filter(cooperative=cooperative).values_list("pk", flat=True)]
        removed = ChangeLog.objects.filter(
            content_type=ctype, action=ChangeAction.DELETE, before__cooperative_id=cooperative.pk
        ).values_list("object_id", flat=True)
        q |= Q(content_type=ctype, object_id__in=[*ids, *removed])
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")


def cooperative_activity(
    *, cooperative: Cooperative, as_of_year: int | None = None, rule: ActivityRule | None = None
) -> Activity:
    """Whether the cooperative is active under the office's rule, as of the newest fiscal year due."""
    rule = rule or office_rule()
    year = as_of_year if as_of_year is not None else last_due_fiscal_year(today=timezone.localdate())
    window = rule.window(as_of_year=year)
    held = AnnualReport.objects.filter(cooperative=cooperative, rat_held=True, fiscal_year__in=window).values_list(
        "fiscal_year", flat=True
    )
    return activity_status(rat_years=held, as_of_year=year, rule=rule)


def with_activity(qs: QuerySet[Cooperative], *, as_of_year: int, rule: ActivityRule) -> QuerySet[Cooperative]:
    """``qs`` annotated with ``rat_years`` (RATs held in the rule's window) and ``is_active`` (bool), in SQL,
    so a region's counts need no loop over its cooperatives."""
    window = rule.window(as_of_year=as_of_year)
    qs = qs.annotate(
        rat_years=Count("reports", filter=Q(reports__rat_held=True, reports__fiscal_year__in=window), distinct=True)
    )
    needed = len(window) if rule.mode == EACH else 1
    return qs.annotate(
        is_active=Case(When(rat_years__gte=needed, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


# The predicate filter's value for the cooperatives not scored yet (no predicate code is spelt so).
UNSCORED = "unscored"


@dataclass(frozen=True, slots=True)
class CooperativeFilter:
    """The filters of the cooperative list, shared by the page, the exports and the API."""

    q: str = ""
    region: str = ""
    kind: str = ""
    predicate: str = ""
    status: str = ""


def cooperative_list(*, user: User, filters: CooperativeFilter = CooperativeFilter()) -> QuerySet[Cooperative]:
    qs = cooperatives_visible(user=user).select_related("region")
    f = filters
    if f.region:
        qs = qs.filter(Q(region__code=f.region) | Q(region__code__startswith=f.region + "."))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.predicate:  # UNSCORED: no health score yet (the stored predicate is empty)
        qs = qs.filter(health_predicate="" if f.predicate == UNSCORED else f.predicate)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q.strip():
        words = f.q.split()
        for word in words:
            qs = qs.filter(Q(name__icontains=word) | Q(nik_koperasi__startswith=word))
    return qs.order_by("name", "id")


@dataclass(frozen=True, slots=True, kw_only=True)
class CooperativeHome:
    """What a cooperative's own officer sees first: the cooperative, whether it is active, its last RAT, its
    health and the annual reports still due."""

    cooperative: Cooperative
    activity: Activity
    last_rat: AnnualReport | None
    assessment: HealthAssessment | None
    reports_due: tuple[int, ...]  # fiscal years of the activity window with no report yet


def cooperative_home(*, user: User) -> CooperativeHome | None:
    """The home page of a cooperative's officer (None for anyone else, or an officer bound to none)."""
    if not (is_authenticated(user) and user.role == Role.COOPERATIVE and user.cooperative_id):
        return None
    cooperative = cooperatives_visible(user=user).filter(pk=user.cooperative_id).first()
    if cooperative is None:
        return None
    rule = office_rule()
    year = last_due_fiscal_year(today=timezone.localdate())
    reported = set(AnnualReport.objects.filter(cooperative=cooperative).values_list("fiscal_year", flat=True))
    last_rat = (
        AnnualReport.objects.filter(cooperative=cooperative, rat_held=True).order_by("-fiscal_year", "-id").first()
    )
    assessment = (
        HealthAssessment.objects.filter(cooperative=cooperative, total__isnull=False)
        .order_by("-fiscal_year", "-id")
        .first()
    )
    return CooperativeHome(
        cooperative=cooperative,
        activity=cooperative_activity(cooperative=cooperative, as_of_year=year, rule=rule),
        last_rat=last_rat,
        assessment=assessment,
        reports_due=tuple(y for y in rule.window(as_of_year=year) if y not in reported),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CooperativeCounts:
    """The office's cooperative counters for its regions."""

    total: int
    active: int
    without_last_report: int  # no annual report for the newest fiscal year due
    fiscal_year: int


def cooperative_counts(*, user: User) -> CooperativeCounts:
    year = last_due_fiscal_year(today=timezone.localdate())
    visible = cooperatives_for_staff(user=user)
    annotated = with_activity(visible, as_of_year=year, rule=office_rule())
    active = annotated.filter(**{"is_active": True}).count()  # an annotation: a keyword the stubs cannot see
    reported = AnnualReport.objects.filter(fiscal_year=year).values("cooperative_id")
    return CooperativeCounts(
        total=visible.count(),
        active=active,
        without_last_report=visible.exclude(pk__in=reported).count(),
        fiscal_year=year,
    )
