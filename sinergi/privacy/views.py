"""Personal-data pages: the access log (office administrators), a person's data on request (export, correction
requests, erasure) and the office's retention exceptions."""

from __future__ import annotations

import json
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.access import managed_office_codes, require_region_write
from sinergi.accounts.models import User
from sinergi.core.views import found_or_404
from sinergi.privacy import selectors, services
from sinergi.privacy.forms import AccessFilterForm, CorrectionForm, CorrectionStatusForm, ErasureForm, RetentionForm
from sinergi.registry import selectors as registry_selectors
from sinergi.registry.models import Person


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _person(request: HttpRequest, pk: int) -> Person:
    """A person the user may see (404 otherwise) and whose data the user handles: an editor of its region."""
    person = found_or_404(lambda: registry_selectors.person_get(user=_user(request), pk=pk), _("No such person."))
    require_region_write(_user(request), person.desa_id)
    return person


def _errors_into(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    services.require_access_log_reader(user)
    form = AccessFilterForm(request.GET or None)
    qs = selectors.access_records(user=user, filters=form.to_filter())
    page = Paginator(qs, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


def _person_page(request: HttpRequest, person: Person, *, status: int = 200, **forms: Any) -> HttpResponse:
    corrections = list(selectors.person_corrections(person=person))
    context = {
        "person": person,
        "relations": selectors.relation_counts(person=person),
        "corrections": corrections,
        "correction_form": forms.get("correction_form") or CorrectionForm(),
        "status_form": forms.get("status_form"),
        "status_for": forms.get("status_for"),
        "erasure_form": forms.get("erasure_form") or ErasureForm(),
        "erasure": selectors.person_erasure(person=person),
        "accesses": selectors.access_records(user=_user(request), filters=selectors.AccessFilter(person=person.pk))[:20]
        if selectors.access_log_codes(user=_user(request)) != []
        else None,
    }
    response = render(request, "privacy/person.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def person_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, _person(request, pk))


@login_required
@require_GET
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the person as one JSON file (the export is recorded in the access log)."""
    person = _person(request, pk)
    data = services.person_export(actor=_user(request), person=person, request=request)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def correction_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correction_create(
                actor=_user(request),
                person=person,
                details=form.cleaned_data["details"],
                received_on=form.cleaned_data["received_on"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Correction request recorded."))
            return redirect(reverse("privacy_person", args=[person.pk]))
    return _person_page(request, person, status=400, correction_form=form)


@login_required
@require_POST
def correction_status(request: HttpRequest, pk: int) -> HttpResponse:
    correction = found_or_404(lambda: selectors.correction_get(pk=pk), _("No such correction request."))
    person = _person(request, correction.person_id)
    form = CorrectionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.correction_advance(
                actor=_user(request),
                correction=correction,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Correction request updated."))
            return redirect(reverse("privacy_person", args=[person.pk]))
    return _person_page(request, person, status=400, status_form=form, status_for=correction.pk)


@login_required
@require_POST
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            services.person_erase(actor=_user(request), person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("The person's data has been erased; kept records now show a pseudonym."))
            return redirect(reverse("privacy_person", args=[person.pk]))
    return _person_page(request, person, status=400, erasure_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    """The office's retention exceptions: which records stay (with the pseudonym) when a person's data is erased."""
    user = _user(request)
    codes = managed_office_codes(user)
    if codes == []:
        raise PermissionDenied(_("Only an office's administrator sets its retention exceptions."))
    status = 200
    if request.method == "POST":
        form = RetentionForm(request.POST)
        if form.is_valid():
            try:
                services.retention_set(
                    actor=user, region_code=form.cleaned_data["region"].strip(), kept=form.cleaned_data["kept"]
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            except PermissionDenied as exc:
                form.add_error("region", str(exc))
            else:
                messages.success(request, _("Retention exceptions saved."))
                return redirect(reverse("privacy_retention") + "?region=" + form.cleaned_data["region"].strip())
        status = 400
    else:
        region = request.GET.get("region") or (codes[0] if codes else "")
        kept = selectors.kept_labels_for(region_code=region) if region else list(selectors.default_kept())
        form = RetentionForm(initial={"region": region, "kept": kept})
    return render(request, "privacy/retention.html", {"form": form, "codes": codes}, status=status)
