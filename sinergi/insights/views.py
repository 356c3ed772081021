"""The home page: what the signed-in user's role has. Office staff the counters of their regions; a
cooperative's officer their cooperative; a business owner their businesses and applications; an association's
officer their association; a civil servant their month of local purchases against its target. Every figure
comes from the owning app's selectors."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.accounts.access import is_office_staff
from sinergi.accounts.models import Role, User
from sinergi.cooperatives import selectors as cooperatives
from sinergi.cooperatives.forms import predicate_choices
from sinergi.cooperatives.views._base import number_id
from sinergi.insights.alerts import budget_by_source, staff_alerts, under_realised
from sinergi.insights.dashboard import key_figures
from sinergi.programs import selectors as programs
from sinergi.programs.choices import ProgramStatus
from sinergi.purchasing import selectors as purchasing
from sinergi.registry import selectors as registry
from sinergi.registry.models import Scale
from sinergi.supervision import selectors as supervision


def _bars(rows: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    top = max((n for _label, n in rows), default=0) or 1
    return [(label, n, round(100 * n / top)) for label, n in rows]


def _predicate(value: str) -> str:
    return str(dict(predicate_choices()).get(value, value)) if value else ""


def _staff_context(user: User) -> dict[str, Any]:
    counts = registry.dashboard_counts(user=user)
    scales = dict(Scale.choices)
    order = {value: i for i, value in enumerate(Scale.values)}  # micro → small → medium → large, then unclassified
    by_scale = sorted(counts.by_scale, key=lambda row: order.get(row[0], len(order)))
    program_counts = programs.program_counts(user=user)
    today = timezone.localdate()
    return {
        "key_figures": key_figures(user),
        "alerts": staff_alerts(user, expiring=counts.expiring, today=today),
        "under_realised": under_realised(user, today=today)[:10],
        "budget": budget_by_source(user, today=today),
        "counts": counts,
        "coops": cooperatives.cooperative_counts(user=user),
        "programs_open": program_counts.get(ProgramStatus.OPEN, 0),
        "programs_running": program_counts.get(ProgramStatus.SELECTION, 0)
        + program_counts.get(ProgramStatus.RUNNING, 0),
        "overdue": supervision.overdue_follow_ups(user=user).count(),
        "by_region": _bars([(f"{code} {name}", n) for code, name, n in counts.by_region]),
        "by_cluster": _bars([(str(name), n) for name, n in counts.by_cluster]),
        "by_scale": _bars([(str(scales.get(s, _("Not yet classified"))), n) for s, n in by_scale]),
        "legality": _bars(
            [
                (_("Formal (has NIB)"), counts.formal),
                (_("Halal certified"), counts.halal),
                (_("Documents expiring within 90 days"), counts.expiring),
            ]
        ),
    }


def _cooperative_context(user: User) -> dict[str, Any]:
    home = cooperatives.cooperative_home(user=user)
    context: dict[str, Any] = {"coop": home, "applications": list(programs.own_applications(user=user)[:10])}
    if home is not None and home.assessment is not None:
        context["score"] = number_id(home.assessment.total)
        context["predicate"] = _predicate(home.assessment.predicate)
    return context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if is_office_staff(user):
        return render(request, "insights/home_staff.html", _staff_context(user))
    if user.role == Role.COOPERATIVE:
        return render(request, "insights/home_cooperative.html", _cooperative_context(user))
    if user.role == Role.ASSOCIATION:
        return render(request, "insights/home_association.html", {"home": registry.association_home(user=user)})
    if user.role == Role.ASN:
        return render(request, "purchasing/home_asn.html", {"home": purchasing.asn_home(user=user)})
    context = {
        "businesses": list(registry.owner_businesses(user=user)),
        "applications": list(programs.own_applications(user=user)[:10]),
    }
    return render(request, "insights/home_owner.html", context)
