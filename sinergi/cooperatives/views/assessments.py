"""The health assessment explained line by line, re-scoring a report under another rule set, and starting the
batch scoring of a region (from the office settings page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.health import RULE_SETS
from sinergi.cooperatives.models import HealthAssessment
from sinergi.cooperatives.services import batch
from sinergi.cooperatives.services.assessments import result_explained
from sinergi.cooperatives.views._base import _assessment_or_404, _user, band_text, number_id
from sinergi.core.views import allowed

EVIDENCE_LABELS = {
    "regulation-2009": gettext_lazy("Regulation (Permenkop 14/2009 text or table)"),
    "practice": gettext_lazy("Practice (published applications only)"),
}
UNIT_SUFFIX = {"percent": "%", "yes answers": gettext_lazy("× “ya”")}


def _component(line: dict[str, Any]) -> dict[str, Any]:
    unit = str(line.get("unit", ""))
    checklist = unit == "yes answers"
    # A questionnaire has no band (its formula says the points per "ya"); a linear rule scores by a line.
    no_band = "—" if checklist else _("by a line (no band)")
    band = band_text(line.get("band")) if line.get("band") else no_band
    return {
        **line,
        "value_text": number_id(line.get("value"), places=0 if checklist else 2),
        "unit_text": UNIT_SUFFIX.get(unit, unit),
        "band_text": band,
        "score_text": number_id(line.get("score")),
        "weight_text": number_id(line.get("weight")),
        "contribution_text": number_id(line.get("contribution")),
        "evidence_text": EVIDENCE_LABELS.get(str(line.get("evidence")), line.get("evidence", "")),
    }


def _predicate_label(version: str, code: str) -> str:
    rules = RULE_SETS.get(version)
    labels = {p.code: p.label for p in rules.predicates} if rules is not None else {}
    return labels.get(code, code)


def explained(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The stored result's aspects and components with their numbers written for reading."""
    return [
        {
            **aspect,
            # A rule set this code does not know has no labels: its codes stand in for them.
            "predicate_label": aspect.get("predicate_label") or aspect.get("predicate", ""),
            "weight_text": number_id(aspect.get("weight")),
            "subtotal_text": number_id(aspect.get("subtotal")),
            "percent_text": number_id(aspect.get("percent")),
            "components": [_component(c) for c in aspect.get("components", [])],
        }
        for aspect in result.get("aspects", [])
    ]


@login_required
@require_GET
def cooperative_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    assessment = _assessment_or_404(request, pk)
    cooperative = assessment.cooperative
    others = selectors.assessments_visible(user=user).filter(report=assessment.report).exclude(pk=assessment.pk)
    can_rescore = allowed(services.require_report_write, user, cooperative)
    result = result_explained(assessment_result=assessment.result or {})
    context = {
        "assessment": assessment,
        "cooperative": cooperative,
        "report": assessment.report,
        "result": result,
        "aspects": explained(result),
        "total_text": number_id(assessment.total) if assessment.total is not None else "",
        "predicate_label": result.get("predicate_label") or assessment.predicate,
        "problems": [services.problem_message(p) for p in assessment.problems or []],
        "others": [
            (o, number_id(o.total) if o.total is not None else "", _predicate_label(o.rule_set_version, o.predicate))
            for o in others
        ],
        "can_rescore": can_rescore,
        "rule_sets": [(r.version, r.title) for r in RULE_SETS.values()],
    }
    return render(request, "cooperatives/assessment.html", context)


@login_required
@require_POST
def cooperative_assessment_rescore(request: HttpRequest, pk: int) -> HttpResponse:
    """Score the assessment's report again under the rule set chosen (the office's if none)."""
    user = _user(request)
    assessment = _assessment_or_404(request, pk)
    version = request.POST.get("rule_set_version", "").strip() or None
    try:
        fresh: HealthAssessment = services.cooperative_assess(
            actor=user, report=assessment.report, rule_set_version=version
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cooperative_assessment", pk=assessment.pk)
    rules = RULE_SETS.get(fresh.rule_set_version)
    title = rules.title if rules is not None else fresh.rule_set_version
    messages.success(request, _("Scored again under %(version)s.") % {"version": title})
    return redirect("cooperative_assessment", pk=fresh.pk)


@login_required
@require_POST
def cooperative_assessments_start(request: HttpRequest) -> HttpResponse:
    """Queue the batch scoring of every report in the region posted, each under its office's rule set; back to
    ``next`` (the page that asked) with the job's number. Refused (403) outside the officer's regions."""
    user = _user(request)
    region_code = request.POST.get("region", "").strip()
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("cooperative_list")
    if not region_code:
        messages.error(request, _("Choose a region to score."))
        return redirect(back)
    try:
        job = batch.assessments_start(actor=user, region_code=region_code)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _(
            "Scoring job %(job)d queued: every annual report in region %(region)s is scored under its office's "
            "rule set. Scores under other rule sets are kept."
        )
        % {"job": job.pk, "region": region_code},
    )
    return redirect(back)
