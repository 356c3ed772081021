"""The public pages of aspirations (/aspirasi-publik/), no account needed: the web form, the status by code (and
the person's reopen), a forum's aggregates. They read only what ``sinergi.aspirations.public`` builds."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sinergi.aspirations import public
from sinergi.aspirations.forms import PublicForm, TextForm
from sinergi.core.forms import apply_service_errors
from sinergi.core.middleware import client_ip


def _offices() -> list[tuple[str, str]]:
    return [(r.code, r.display_name) for r in public.offices()]


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    refused, throttled = "", False
    if request.method == "POST":
        form = PublicForm(request.POST, request.FILES, offices=_offices())
        if form.is_valid():
            upload = form.cleaned_data.get("attachment")
            files = [(upload, upload.size, upload.name)] if upload else []
            try:
                aspiration = public.public_submit(data=form.service_data(), ip=client_ip(request), files=files)
            except public.Refused as exc:
                refused, throttled = str(exc), exc.throttled
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map={"desa_id": "desa", "files": "attachment"})
            else:
                return render(request, "aspirations/public_thanks.html", {"code": aspiration.code})
    else:
        form = PublicForm(offices=_offices())
    status = 429 if throttled else (400 if refused or form.errors else 200)
    return render(request, "aspirations/public_form.html", {"form": form, "refused": refused}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    raw = (request.POST.get("kode") or request.GET.get("kode") or "").strip()
    context: dict[str, object] = {"kode": raw, "reopen_form": TextForm()}
    code = 200
    if request.method == "POST":
        form = TextForm(request.POST)
        context["reopen_form"] = form
        try:
            if not form.is_valid():
                raise ValidationError({"reason": form.errors.get("text", [""])[0]})
            public.reopen_by_code(raw=raw, reason=form.cleaned_data["text"], ip=client_ip(request))
            context["reopened"] = True
        except public.Refused as exc:
            context["refused"], code = str(exc), 429
        except ValidationError as exc:
            context["reopen_error"], code = " ".join(exc.messages), 400
    if raw and "refused" not in context:
        try:
            public.lookup_allowed(ip=client_ip(request))
        except public.Refused as exc:
            context["refused"], code = str(exc), 429
        else:
            found = public.status_by_code(raw)
            context["found"] = found
            if found is None:
                code = 404
    return render(request, "aspirations/public_status.html", context, status=code)


def forum(request: HttpRequest, pk: int) -> HttpResponse:
    found = public.forum_for_public(pk)
    if found is None:
        raise Http404
    return render(request, "aspirations/public_forum.html", {"page": public.forum_page(found)})


def forums(request: HttpRequest) -> HttpResponse:
    return render(request, "aspirations/public_forums.html", {"forums": list(public.public_forums()[:50])})
