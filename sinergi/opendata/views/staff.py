"""The office's open-data workspace: producers make and submit datasets, the custodian returns or publishes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.access import can_custody_data, can_produce_data, require_opendata_access
from sinergi.accounts.selectors import office_regions
from sinergi.core.views.base import opens_for, service_saved
from sinergi.opendata import services
from sinergi.opendata.forms import DatasetForm, ReturnForm
from sinergi.opendata.models import Dataset
from sinergi.opendata.published import build_table
from sinergi.opendata.selectors import dataset_get, datasets_visible


def _dataset(request: HttpRequest, pk: int) -> Dataset:
    try:
        return dataset_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    except ObjectDoesNotExist:
        raise Http404(_("No such dataset.")) from None


@opens_for(require_opendata_access)
def dataset_list(request: HttpRequest) -> HttpResponse:
    datasets = datasets_visible(user=request.user).order_by("-modified_at")[:200]  # type: ignore[arg-type]
    return render(request, "opendata/list.html", {"datasets": datasets})


@opens_for(require_opendata_access)
def dataset_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    dataset = _dataset(request, pk) if pk else None
    user: Any = request.user
    offices = office_regions(user)
    form = DatasetForm(request.POST or None, instance=dataset, offices=offices)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {k: v for k, v in form.cleaned_data.items() if k != "producer_office"}

        def save() -> None:
            nonlocal dataset
            if dataset is None:
                dataset = services.dataset_create(
                    actor=user,
                    producer_office=form.cleaned_data["producer_office"],
                    data=data,
                )
            else:
                services.dataset_update(actor=user, dataset=dataset, data=data)

        if service_saved(form, save, refused_on=None) and dataset is not None:
            return redirect("opendata_detail", pk=dataset.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "opendata/form.html", {"form": form, "dataset": dataset}, status=status)


@opens_for(require_opendata_access)
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset(request, pk)
    preview = dataset.table
    if preview is None:
        preview = _preview(dataset)
    user: Any = request.user
    return render(
        request,
        "opendata/detail.html",
        {
            "dataset": dataset,
            "table": preview,
            "may_produce": can_produce_data(user, dataset.producer_office_id),
            "may_custody": can_custody_data(user, dataset.producer_office_id),
            "return_form": ReturnForm(),
        },
    )


def _preview(dataset: Dataset) -> dict[str, Any] | None:
    """The table as it would be published; None when its source or measure is no longer there."""
    try:
        return build_table(
            source_code=dataset.source,
            measure=dataset.measure,
            breakdown=dataset.breakdown,
            region_code=dataset.producer_office_id,
            year=dataset.year,
        )
    except ValidationError:
        return None


def _step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    dataset = _dataset(request, pk)
    actor: Any = request.user
    form: forms.Form = ReturnForm(request.POST) if step == "return" else forms.Form(request.POST)
    if step == "return":
        if not form.is_valid():
            return HttpResponse(_("Say why the dataset goes back to its producer."), status=400)
        call = lambda: services.dataset_return(actor=actor, dataset=dataset, reason=form.cleaned_data["reason"])  # noqa: E731
    else:
        call = {
            "submit": lambda: services.dataset_submit(actor=actor, dataset=dataset),
            "publish": lambda: services.dataset_publish(actor=actor, dataset=dataset),
            "withdraw": lambda: services.dataset_withdraw(actor=actor, dataset=dataset),
        }[step]
    if not service_saved(form, call):
        return HttpResponse("; ".join(str(e) for e in form.non_field_errors() or form.errors.values()), status=400)
    return redirect("opendata_detail", pk=dataset.pk)


def _step_view(step: str) -> Any:
    @opens_for(require_opendata_access)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _step(request, pk, step)

    view.__name__ = f"dataset_{step}"
    return view


dataset_submit = _step_view("submit")
dataset_return = _step_view("return")
dataset_publish = _step_view("publish")
dataset_withdraw = _step_view("withdraw")
