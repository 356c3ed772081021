"""Import pages: upload, confirm the column mapping, follow the job, download the rejected rows."""

from __future__ import annotations

import tempfile
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts.access import can_edit_registry, require_import_access
from sinergi.accounts.models import User
from sinergi.core.views import found_or_404, opens_for
from sinergi.ingest import selectors, services
from sinergi.ingest.cells import cell_text
from sinergi.ingest.columns import EXTRA, FIELDS, write_template
from sinergi.ingest.forms import UploadForm
from sinergi.ingest.models import ImportBatch, ImportStatus, RejectedRow

PAGE_SIZE = 50
_MATCHED = {
    "nib": gettext_lazy("by NIB"),
    "source_id": gettext_lazy("by the source's ID"),
    "owner_name_desa": gettext_lazy("by owner, name and village"),
    "new": gettext_lazy("new"),
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    return found_or_404(lambda: selectors.import_get(user=_user(request), pk=pk), _("No such import."))


def _labels() -> dict[str, str]:
    return selectors.field_labels()


@opens_for(require_import_access)
def import_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.imports_visible(user=_user(request)), 25).get_page(request.GET.get("page"))
    return render(request, "ingest/list.html", {"page": page, "can_import": can_edit_registry(_user(request))})


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_edit_registry(user):
        raise PermissionDenied(_("You may not change the registry."))
    regions = selectors.import_regions(user=user)
    limit = services.max_upload_bytes()
    if request.method == "POST":
        # Refuse an oversized upload from its declared length, before Django spools it to disk.
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > limit + 8 * 1024:  # the other form fields add well under 8 KB
            refused = services.too_large_message(size=declared)
            context = {"form": UploadForm(regions=regions), "limit_mb": limit // 1048576, "refused": refused}
            return render(request, "ingest/new.html", context, status=413)
        form = UploadForm(request.POST, request.FILES, regions=regions)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.import_upload(
                    actor=user,
                    stream=upload,
                    name=upload.name,
                    size=upload.size,
                    region_code=form.cleaned_data["region"],
                    source=form.cleaned_data["source"],
                    default_year=form.cleaned_data["year"],
                )
            except ValidationError as exc:
                for field, messages in (
                    exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                ).items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("import_detail", pk=batch.pk)
    else:
        form = UploadForm(regions=regions)
    return render(request, "ingest/new.html", {"form": form, "limit_mb": limit // 1048576})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    context: dict[str, object] = {"batch": batch, "labels": _labels()}
    if getattr(request, "htmx", False) and request.GET.get("part") == "progress":
        return render(request, "ingest/_progress.html", context)
    if batch.status == ImportStatus.MAPPING:
        context.update(_mapping_context(batch, errors={}))
    else:
        page = Paginator(selectors.rejections(batch=batch), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            rows=[_rejection_view(r, _labels()) for r in page],
            notes=selectors.notes_summary(batch=batch),
            left_out=services.left_out(batch),
            matched=[(_MATCHED[m], n) for m, n in batch.matched.items() if n and m in _MATCHED],
        )
    return render(request, "ingest/detail.html", context)


def _rejection_view(row: RejectedRow, labels: dict[str, str]) -> dict[str, object]:
    return {
        "source_row": row.source_row,
        "values": [cell_text(v) for v in row.values],
        "errors": [(labels.get(e["field"], e["field"]), e["message"]) for e in row.errors],
    }


def _mapping_context(batch: ImportBatch, *, errors: dict[str, list[str]]) -> dict[str, object]:
    layout = services.layout_of(batch)
    samples = selectors.sample_rows(batch=batch)
    mapping = services.mapping_of(batch)
    columns = []
    for index, header in enumerate(layout.columns):
        columns.append(
            {
                "index": index,
                "header": header,
                "field": mapping.get(index, ""),
                "samples": [cell_text(cells[index]) if index < len(cells) else "" for _n, cells in samples],
                "errors": errors.get(f"col_{index}", []),
            }
        )
    return {
        "columns": columns,
        "extra_choice": EXTRA,
        "title_year": layout.title_year,
        "fields": [(key, spec.label) for key, spec in FIELDS.items()],
        "sheets": [item.get("sheet") or "" for item in batch.layouts],
        "mapping_errors": errors.get("mapping", []) + errors.get("__all__", []),
    }


@login_required
@require_POST
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    user = _user(request)
    if request.POST.get("sheet", batch.sheet) != batch.sheet:
        # A different sheet has different columns: show them before anything is saved.
        batch.sheet = request.POST["sheet"]
        batch.mapping = {}
        context = {"batch": batch, "labels": _labels(), **_mapping_context(batch, errors={})}
        return render(request, "ingest/detail.html", context)
    mapping: dict[int, str | None] = {}
    for key in request.POST:
        if key.startswith("col_") and key[4:].isdigit():
            mapping[int(key[4:])] = request.POST.get(key) or None
    year_text = request.POST.get("default_year", "").strip()
    try:
        services.import_set_mapping(
            actor=user,
            batch=batch,
            sheet=batch.sheet,
            mapping=mapping,
            default_year=int(year_text) if year_text.isdigit() else None,
            save_as=request.POST.get("save_as", ""),
        )
        services.import_start(actor=user, batch=batch)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"mapping": exc.messages}
        batch.mapping = {str(i): f for i, f in mapping.items()}
        context = {"batch": batch, "labels": _labels(), **_mapping_context(batch, errors=errors)}
        return render(request, "ingest/detail.html", context, status=422)
    return redirect("import_detail", pk=batch.pk)


@login_required
def import_rejections_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    batch = _batch_or_404(request, pk)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    selectors.rejections_xlsx(batch=batch, stream=spool, labels=_labels())
    spool.seek(0)
    name = f"ditolak-{batch.source}-{batch.pk}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name)


@login_required
def import_template(request: HttpRequest) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_template(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename="templat-impor-umkm.xlsx")
