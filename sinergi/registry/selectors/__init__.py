"""Every read of registry data, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from sinergi.accounts.access import is_authenticated, region_q
from sinergi.accounts.models import STAFF_ROLES, Role, User
from sinergi.core.models import ChangeLog
from sinergi.regions.models import Region
from sinergi.registry.derived import document_state, expiry_window, search_words
from sinergi.registry.models import (
    Association,
    AssociationMembership,
    BoardMember,
    Business,
    BusinessYear,
    Cluster,
    LegalDocument,
    Person,
    Scale,
)
from sinergi.registry.search import search_terms


def _staff(user: User) -> bool:
    return user.is_superuser or user.role in STAFF_ROLES


def businesses_visible(*, user: User) -> QuerySet[Business]:
    qs = Business.objects.all()
    if not is_authenticated(user):
        return qs.none()
    if _staff(user):
        return qs.filter(region_q(user, "desa__code"))
    if user.role == Role.OWNER and user.person_id:
        return qs.filter(owner_id=user.person_id)
    if user.role == Role.ASSOCIATION and user.association_id:
        return qs.filter(memberships__association_id=user.association_id)
    return qs.none()


def persons_visible(*, user: User) -> QuerySet[Person]:
    qs = Person.objects.all()
    if not is_authenticated(user):
        return qs.none()
    if _staff(user):
        return qs.filter(region_q(user, "desa__code"))
    if user.role == Role.OWNER and user.person_id:
        return qs.filter(pk=user.person_id)
    if user.role == Role.ASSOCIATION and user.association_id:
        member_owners = Business.objects.filter(memberships__association_id=user.association_id).values("owner_id")
        board = BoardMember.objects.filter(association_id=user.association_id).values("person_id")
        return qs.filter(Q(pk__in=member_owners) | Q(pk__in=board))
    return qs.none()


def associations_visible(*, user: User) -> QuerySet[Association]:
    qs = Association.objects.select_related("region")
    if not is_authenticated(user):
        return qs.none()
    if _staff(user):
        return qs.filter(region_q(user, "region__code"))
    if user.role == Role.ASSOCIATION and user.association_id:
        return qs.filter(pk=user.association_id)
    if user.role == Role.OWNER and user.person_id:
        return qs.filter(memberships__business__owner_id=user.person_id).distinct()
    return qs.none()


def documents_visible(*, user: User) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(business__in=businesses_visible(user=user))


@dataclass(frozen=True, slots=True)
class BusinessFilter:
    """The filters of the business list, shared by the page, the exports and the API."""

    q: str = ""
    region: str = ""
    cluster: str = ""
    scale: str = ""
    has_nib: bool | None = None
    has_halal: bool | None = None
    expiring: bool | None = None


def business_list(*, user: User, filters: BusinessFilter = BusinessFilter()) -> QuerySet[Business]:
    """Visible businesses matching the filters, with owner, village and cluster joined."""
    qs = businesses_visible(user=user).select_related("owner", "desa", "cluster")
    f = filters
    if f.region:
        # Whole code segments only: "17.0" must not match Kepahiang (17.08) and its neighbours.
        qs = qs.filter(Q(desa__code=f.region) | Q(desa__code__startswith=f.region + "."))
    if f.cluster:
        # By id, not through a join on the slug, so the (cluster, name, id) index serves the ordered page.
        cluster_id = Cluster.objects.filter(slug=f.cluster).values_list("id", flat=True).first()
        qs = qs.filter(cluster_id=cluster_id) if cluster_id is not None else qs.none()
    if f.scale:
        qs = qs.filter(scale=f.scale)
    if f.has_nib is not None:
        qs = qs.filter(has_nib=f.has_nib)
    if f.has_halal is not None:
        qs = qs.filter(has_halal=f.has_halal)
    if f.expiring is not None:
        start, end = expiry_window(today=timezone.localdate())
        soon = LegalDocument.objects.filter(business=OuterRef("pk"), expires_on__gte=start, expires_on__lte=end)
        qs = qs.filter(Exists(soon)) if f.expiring else qs.exclude(Exists(soon))
    if search_words(f.q):
        # Search results come newest first. In name order the first page of a common word ("kopi") meant
        # walking hundreds of thousands of names before it (docs/performance.md); ids are not tied to words.
        return qs.filter(search_text__words=search_terms(f.q)).order_by("-id")
    return qs.order_by("name", "id")


def business_get(*, user: User, pk: int) -> Business:
    """One visible business; Business.DoesNotExist when it does not exist or the user may not see it."""
    return businesses_visible(user=user).select_related("owner", "desa__parent__parent", "cluster").get(pk=pk)


def person_get(*, user: User, pk: int) -> Person:
    return persons_visible(user=user).select_related("desa").get(pk=pk)


def association_get(*, user: User, pk: int) -> Association:
    return associations_visible(user=user).get(pk=pk)


def document_get(*, user: User, pk: int) -> LegalDocument:
    return documents_visible(user=user).select_related("business").get(pk=pk)


def business_years(*, business: Business) -> QuerySet[BusinessYear]:
    return business.years.order_by("-year")


def business_documents(*, business: Business) -> list[tuple[LegalDocument, str]]:
    """The business's documents, each with its state: "expired", "expiring" (within the warning window), "valid"."""
    today = timezone.localdate()
    return [
        (doc, document_state(expires_on=doc.expires_on, today=today))
        for doc in business.documents.order_by("kind", "-issued_on")
    ]


def association_board(*, association: Association) -> QuerySet[BoardMember]:
    return association.board.select_related("person").order_by("id")


def association_members(*, user: User, association: Association) -> QuerySet[AssociationMembership]:
    """Memberships of the association; for staff limited to businesses in their regions."""
    qs = association.memberships.select_related("business__desa", "business__cluster", "business__owner")
    if user.role == Role.ASSOCIATION and user.association_id == association.pk:
        return qs.order_by("business__name")
    return qs.filter(business__in=businesses_visible(user=user)).order_by("business__name")


def record_history(*, instance: Model, related: list[Model] | None = None) -> QuerySet[ChangeLog]:
    """Change-log rows of a record and of records that belong to it (documents, yearly figures …)."""
    q = Q()
    for obj in [instance, *(related or [])]:
        q |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")


def business_history(*, business: Business) -> QuerySet[ChangeLog]:
    """The business's own changes and those of its documents and yearly figures, deleted ones included."""
    doc_ids = [str(i) for i in LegalDocument.objects.filter(business=business).values_list("pk", flat=True)]
    year_ids = [str(i) for i in BusinessYear.objects.filter(business=business).values_list("pk", flat=True)]
    doc_type = ContentType.objects.get_for_model(LegalDocument)
    year_type = ContentType.objects.get_for_model(BusinessYear)
    deleted_docs = ChangeLog.objects.filter(
        content_type=doc_type, action="delete", before__business_id=business.pk
    ).values_list("object_id", flat=True)
    q = (
        Q(content_type=ContentType.objects.get_for_model(Business), object_id=str(business.pk))
        | Q(content_type=doc_type, object_id__in=[*doc_ids, *deleted_docs])
        | Q(content_type=year_type, object_id__in=year_ids)
    )
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")


def clusters_active() -> QuerySet[Cluster]:
    return Cluster.objects.filter(is_active=True).order_by("name")


def regions_for_user(*, user: User) -> QuerySet[Region]:
    """Provinces and kabupaten/kota the user works in, for filter menus."""
    return Region.objects.filter(region_q(user, "code"), level__lte=2).order_by("code")


@dataclass(frozen=True, slots=True)
class DashboardCounts:
    total: int
    formal: int
    halal: int
    expiring: int
    by_region: list[tuple[str, str, int]]  # (kabupaten code, name, count)
    by_cluster: list[tuple[str, int]]
    by_scale: list[tuple[str, int]]


def dashboard_counts(*, user: User) -> DashboardCounts:
    qs = businesses_visible(user=user)
    totals = qs.aggregate(
        total=Count("id"), formal=Count("id", filter=Q(has_nib=True)), halal=Count("id", filter=Q(has_halal=True))
    )
    start, end = expiry_window(today=timezone.localdate())
    expiring = (
        documents_visible(user=user)
        .filter(expires_on__gte=start, expires_on__lte=end)
        .values("business_id")
        .distinct()
        .count()
    )
    per_kab = qs.annotate(kab=Substr("desa_id", 1, 5)).values("kab").annotate(n=Count("id")).order_by("kab")
    names = dict(Region.objects.filter(code__in=[r["kab"] for r in per_kab]).values_list("code", "name"))
    by_region = [(r["kab"], names.get(r["kab"], r["kab"]), r["n"]) for r in per_kab]
    by_cluster = [
        (r["cluster__name"] or "—", r["n"]) for r in qs.values("cluster__name").annotate(n=Count("id")).order_by("-n")
    ]
    # Micro → small → medium → large (the regulation's order), then those without a scale; never alphabetical.
    order = {value: i for i, value in enumerate(Scale.values)}
    by_scale = sorted(
        ((r["scale"] or "", r["n"]) for r in qs.values("scale").annotate(n=Count("id"))),
        key=lambda pair: order.get(pair[0], len(order)),
    )
    return DashboardCounts(
        total=totals["total"],
        formal=totals["formal"],
        halal=totals["halal"],
        expiring=expiring,
        by_region=by_region,
        by_cluster=by_cluster,
        by_scale=by_scale,
    )


@dataclass(frozen=True, slots=True)
class AssociationHome:
    """What an association's own officer sees first: the association, its board and how many members."""

    association: Association
    board: list[BoardMember]
    members: int


def association_home(*, user: User) -> AssociationHome | None:
    """The home page of an association's officer (None for anyone else, or an officer bound to none)."""
    if not (is_authenticated(user) and user.role == Role.ASSOCIATION and user.association_id):
        return None
    association = associations_visible(user=user).filter(pk=user.association_id).first()
    if association is None:
        return None
    return AssociationHome(
        association=association,
        board=list(association_board(association=association)),
        members=association.memberships.count(),
    )


def owner_businesses(*, user: User) -> QuerySet[Business]:
    """A business owner's own businesses, for their home page (none for anyone else)."""
    if not (is_authenticated(user) and user.role == Role.OWNER and user.person_id):
        return Business.objects.none()
    return businesses_visible(user=user).select_related("desa", "cluster").order_by("name", "id")
