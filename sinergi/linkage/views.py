"""Duplicate review pages: the queue of likely duplicate pairs, decisions, merges and their undo, and the
button on an import's page that looks for duplicates of what it brought in."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.accounts.access import can_edit_registry, require_duplicate_review
from sinergi.accounts.models import User
from sinergi.core.views import ListPage, found_or_404, opens_for
from sinergi.ingest.selectors import import_get, import_regions
from sinergi.linkage import selectors, services, tables
from sinergi.linkage.models import MatchCandidate
from sinergi.registry.models import Merge, MergeKind
from sinergi.registry.personal import personal_view_of

PAGE_SIZE = 10


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("jenis", MergeKind.PERSON)
    return kind if kind in MergeKind.values else MergeKind.PERSON


@opens_for(require_duplicate_review)
def review_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kind = _kind(request)
    page = Paginator(selectors.candidates_visible(user=user, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = {i for c in page for i in (c.left_id, c.right_id)}
    cards = selectors.record_cards(kind=kind, ids=ids, personal=personal_view_of(request))
    pairs = [
        {
            "candidate": c,
            "left": cards[c.left_id],
            "right": cards[c.right_id],
            "evidence": selectors.evidence_rows(c.evidence),
            "percent": round(c.probability * 100, 1),
        }
        for c in page
    ]
    context = {
        "kind": kind,
        "kinds": MergeKind.choices,
        "page": page,
        "pairs": pairs,
        "can_decide": can_edit_registry(user),
        "regions": import_regions(user=user) if can_edit_registry(user) else [],
        "runs": selectors.runs_visible(user=user).filter(kind=kind)[:5],
    }
    return render(request, "linkage/review.html", context)


def _candidate_or_404(request: HttpRequest, pk: int) -> MatchCandidate:
    return found_or_404(lambda: selectors.candidate_get(user=_user(request), pk=pk), _("No such pair."))


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate_or_404(request, pk)
    decision = request.POST.get("decision", "")
    try:
        if decision == "distinct":
            services.candidate_distinct(actor=_user(request), candidate=candidate)
            messages.success(request, _("Marked as different; this pair will not be asked again."))
        elif decision in ("keep_left", "keep_right"):
            keep = candidate.left_id if decision == "keep_left" else candidate.right_id
            services.candidate_merge(actor=_user(request), candidate=candidate, survivor_id=keep)
            messages.success(request, _("Merged. You can undo it from the list of merges."))
        else:
            messages.error(request, _("Choose merge or different."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    page = request.POST.get("page", "1")
    return redirect(f"{reverse('review_queue')}?jenis={candidate.kind}&page={page if page.isdigit() else 1}")


@login_required
@require_POST
def review_run(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", MergeKind.PERSON)
    try:
        run = services.linkage_start(actor=_user(request), kind=kind, region_code=request.POST.get("region", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Looking for duplicates in %(region)s; new pairs appear here when the job ends.")
            % {"region": run.region.display_name},
        )
    return redirect(f"{reverse('review_queue')}?jenis={kind}")


class MergeList(ListPage):
    """Every merge in the user's regions, newest first, each with its undo."""

    title = gettext_lazy("Merges")
    access = require_duplicate_review
    count_label = gettext_lazy("merges")
    empty = gettext_lazy("No merges yet.")
    template_name = "linkage/merges.html"
    table = tables.MERGES

    @property
    def can_decide(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Merge]:
        return selectors.merges_visible(user=self.user)


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = found_or_404(lambda: selectors.merge_get(user=_user(request), pk=pk), _("No such merge."))
    try:
        services.review_merge_undo(actor=_user(request), merge=merge)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge was undone; both records are back and the pair is in the queue again."))
    return redirect("merge_list")


@login_required
@require_POST
def import_find_duplicates(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the import's region again, persons and businesses, marking the records this import added."""
    batch = found_or_404(lambda: import_get(user=_user(request), pk=pk), _("No such import."))
    try:
        for kind in (MergeKind.PERSON, MergeKind.BUSINESS):
            services.linkage_start(actor=_user(request), kind=kind, region_code=batch.region_id, batch=batch)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect("import_detail", pk=batch.pk)
    messages.success(request, _("Looking for duplicates; the pairs to review appear on the duplicates page."))
    return redirect("review_queue")
