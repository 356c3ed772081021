"""Form helpers every app's pages share: service errors put back on a form, and a form's layout as data.

Forms only parse what was typed; services validate and decide. A form may declare ``layout``: a sequence of
fieldsets ``(legend or None, rows)``, each row a tuple of field names shown side by side, so the generic
form template draws it without a template of its own; ``drawn_elsewhere`` names fields the page draws itself."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

Layout = Sequence[tuple[str | Promise | None, Sequence[Sequence[str]]]]


def apply_service_errors(form: forms.Form, exc: ValidationError, *, field_map: Mapping[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: each field's message beside the field, the rest on top."""
    mapping = dict(field_map or {})
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        field = mapping.get(key, key)
        target = field if field in form.fields else None
        already: list[Any] = list(form.errors.get(target or "__all__", []))
        for message in messages:
            # Two steps of one save (an owner and its business) may both object to the same field.
            if message not in already:
                form.add_error(target, message)


def form_fieldsets(form: forms.BaseForm) -> list[dict[str, Any]]:
    """The form's layout as fieldsets of rows of bound fields; every field not placed comes last, one a row."""
    layout: Layout = getattr(form, "layout", ()) or ()
    placed: set[str] = set()
    fieldsets: list[dict[str, Any]] = []
    for legend, rows in layout:
        bound_rows = []
        for row in rows:
            names = [n for n in row if n in form.fields]
            placed.update(names)
            if names:
                bound_rows.append([form[n] for n in names])
        fieldsets.append({"legend": legend, "rows": bound_rows})
    placed.update(getattr(form, "drawn_elsewhere", ()))  # fields the page draws itself (the village picker)
    rest = [[form[name]] for name in form.fields if name not in placed and not form[name].is_hidden]
    if rest:
        fieldsets.append({"legend": None, "rows": rest})
    return fieldsets


# --- placeholders from the reader's own region ------------------------------------------------------------------

_REGION_CODE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
# The parts a region code is made of after the province: kabupaten, kecamatan, desa (DOMAIN.md "Region codes").
_EXAMPLE_PARTS = ("01", "01", "2001")


def user_region_codes(user: Any) -> list[str]:
    """The codes of the regions a user works in, looked up once per request (kept on the user object)."""
    cached = getattr(user, "_sinergi_region_codes", None)
    if cached is None:
        regions = getattr(user, "regions", None)
        cached = sorted(regions.values_list("code", flat=True)) if regions is not None and user.pk else []
        user._sinergi_region_codes = cached
    return list(cached)


def region_example(user: Any, *, like: str) -> str:
    """A region code of the same level as ``like`` ("17.08.01.2001") inside the user's first region, so a Jember
    officer reads "35.09.01.2001"; ``like`` itself for a user of every region or one whose region lies deeper."""
    codes = user_region_codes(user)
    if not codes:
        return like
    base = codes[0].split(".")
    depth = len(like.split("."))
    if len(base) > depth:
        return like
    return ".".join(base + list(_EXAMPLE_PARTS[len(base) - 1 : depth - 1]))


_CODE_IN_TEXT = re.compile(r"\b\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?\b")


def localize_placeholders(form: forms.Form | None, user: Any) -> None:
    """Replace the example region codes in a form's placeholders and help texts by codes of the user's own region."""
    if form is None:
        return
    for field in form.fields.values():
        placeholder = str(field.widget.attrs.get("placeholder", ""))
        if _REGION_CODE.match(placeholder):
            field.widget.attrs["placeholder"] = region_example(user, like=placeholder)
        if field.help_text and _CODE_IN_TEXT.search(str(field.help_text)):
            field.help_text = _CODE_IN_TEXT.sub(lambda m: region_example(user, like=m.group(0)), str(field.help_text))
