"""The change log as an officer reads it: each row a headline (who did what to which record, and when, in the
office's time zone) and one sentence per field it touched, the values written as the form shows them.

Values are read from the field the change-log key belongs to: a reference by the name of what it points at
(looked up in bulk, one query per model for a whole page of rows; a deleted target reads "(already deleted)"),
a choice by its label, money in rupiah, dates as "7 Des 2026", times with WIB/WITA/WIT, yes/no, "empty" for
nothing, lists joined, a structure summarised (never shown raw). A person's NIK, phone, address and birth date
are masked (``core.personal``) unless the caller has checked ``accounts.access.can_see_personal``.

A model may add a ``history_value(field_name, value)`` classmethod for a field whose stored code has a label
outside the field's choices (a health predicate named by its rule set); returning None falls back to the
default.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sinergi.core.formatting import format_date, format_datetime, format_decimal, format_rupiah_amount
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.core.personal import PERSONAL_FIELDS, mask_personal_like, mask_value

# Columns that are not what a person changed, even where a snapshot holds them.
HIDDEN_FIELDS = frozenset({"id", "search_text", "created_at", "updated_at"})
# References to these models are internal bookkeeping (the background job that wrote a row): left out.
HIDDEN_TARGETS = frozenset({("core", "job")})
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a change: its label, the values before and after as the form shows them, and the
    sentence that says it."""

    key: str
    label: str
    before: str
    after: str
    sentence: str


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One change-log row as the history tab shows it."""

    entry: ChangeLog
    record: str
    actor: str
    when: str
    headline: str
    changes: list[FieldChange]


def actor_name(user: Any) -> str:
    """The name of who made a change; a change without a user was made by the system (a command, a job)."""
    if user is None:
        return _("System")
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    return full or str(getattr(user, "username", "")) or _("System")


def humanize_code(code: str) -> str:
    """'CUKUP_SEHAT' → 'Cukup sehat': a stored code without a label, at least not shouted at the reader."""
    return code.replace("_", " ").capitalize()


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _fields_by_attname(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


def _is_money(field: models.Field[Any, Any]) -> bool:
    """Rupiah amounts are Decimal with 2 places and room for billions (every money field in Sinergi is
    max_digits=18, decimal_places=2); scores (5, 2) and coordinates (9, 6) are not money."""
    return isinstance(field, models.DecimalField) and field.decimal_places == 2 and (field.max_digits or 0) >= 15


def _hidden_target(model: Any) -> bool:
    return model is not None and (model._meta.app_label, model._meta.model_name) in HIDDEN_TARGETS


class _Names:
    """The names of everything a page of change rows points at, one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[str, str]] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        if not _empty(value):
            self.wanted[model].add(value)

    def load(self) -> None:
        for model, keys in self.wanted.items():
            related = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.ForeignKey) and not _hidden_target(f.related_model)
            ]
            objects = model._default_manager.filter(pk__in=list(keys))
            if related:
                objects = objects.select_related(*related)
            self.found[model] = {str(obj.pk): _object_name(obj) for obj in objects}

    def name(self, model: type[models.Model], value: Any) -> str:
        return self.found.get(model, {}).get(str(value), _("(already deleted)"))

    def current(self, model: type[models.Model], value: Any) -> str | None:
        return self.found.get(model, {}).get(str(value))


def _object_name(obj: models.Model) -> str:
    if hasattr(obj, "get_full_name") and hasattr(obj, "username"):
        return actor_name(obj)
    return str(obj)


def _json_text(value: Any) -> str:
    """A list or a structure stored in a JSON field, in words."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        if all(isinstance(v, str | int | float | Decimal) and not isinstance(v, bool) for v in value):
            return ", ".join(str(v) for v in value)
        if all(isinstance(v, Mapping) for v in value):
            texts = [str(v.get("message") or v.get("label") or v.get("name") or "") for v in value]
            if all(texts):
                return "; ".join(texts)
        return _("%(n)d items") % {"n": len(value)}
    if isinstance(value, Mapping):
        flags = [v for group in value.values() if isinstance(group, list) for v in group]
        if flags and all(isinstance(v, bool) for v in flags) and all(isinstance(g, list) for g in value.values()):
            return _("%(yes)d of %(n)d answered yes") % {"yes": sum(flags), "n": len(flags)}
        scalars = all(isinstance(v, str | int | float | Decimal) and not isinstance(v, bool) for v in value.values())
        if value and scalars:
            # other data an import kept (column → value): read as it was in the file
            return "; ".join(f"{key}: {item}" for key, item in value.items())
        return _("%(n)d entries") % {"n": len(value)}
    return str(value)


def _plain_text(value: Any) -> str:
    """A value whose field is unknown (a key no longer on the model): by its type."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | dict):
        return _json_text(value)
    if isinstance(value, str) and _CODE.match(value):
        return humanize_code(value)
    return str(value)


def _value_text(
    model: type[models.Model] | None, field: models.Field[Any, Any] | None, value: Any, names: _Names
) -> str:
    if _empty(value):
        return _("empty")
    if field is None or model is None:
        return _plain_text(value)
    hook = getattr(model, "history_value", None)
    if hook is not None:
        special = hook(field.name, value)
        if special is not None:
            return str(special)
    if field.is_relation and field.related_model is not None:
        return names.name(field.related_model, value)  # type: ignore[arg-type]
    if field.choices:
        label = dict(field.flatchoices).get(value)
        if label is not None:
            return str(label)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return format_datetime(moment) if moment is not None else str(value)
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return format_date(day) if day is not None else str(value)
    if isinstance(field, models.DecimalField):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return format_rupiah_amount(amount) if _is_money(field) else format_decimal(amount)
    if isinstance(field, models.IntegerField) and isinstance(value, int):
        if "year" in field.name:
            return str(value)
        return format_decimal(Decimal(value))
    if isinstance(field, models.JSONField):
        return _json_text(value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, str) and _CODE.match(value):
        return humanize_code(value)
    return str(value)


def _sentence(action: str, label: str, before: str, after: str) -> str:
    if action == ChangeAction.CREATE:
        text = _("%(field)s: %(after)s.") % {"field": label, "after": after}
    elif action == ChangeAction.DELETE:
        text = _("%(field)s was %(before)s.") % {"field": label, "before": before}
    else:
        text = _("%(field)s changed from %(before)s to %(after)s.") % {"field": label, "before": before, "after": after}
    return text[:-1] if text.endswith("..") else text  # a value that ends a sentence of its own


def _headline(entry: ChangeLog, *, actor: str, record: str, when: str) -> str:
    params = {"actor": actor, "record": record, "when": when}
    if entry.action == ChangeAction.CREATE:
        return _("%(actor)s added %(record)s on %(when)s.") % params
    if entry.action == ChangeAction.DELETE:
        return _("%(actor)s removed %(record)s on %(when)s.") % params
    return _("%(actor)s changed %(record)s on %(when)s.") % params


def _label(field: models.Field[Any, Any] | None, key: str) -> str:
    if field is None:
        return humanize_code(key.removesuffix("_id").upper()) if key else key
    text = str(field.verbose_name)
    if field.is_relation and field.related_model is not None and text == field.name.replace("_", " "):
        # A reference declared without a label of its own ("cooperative", "report") reads as what it points at.
        text = str(field.related_model._meta.verbose_name)  # type: ignore[union-attr]
    return text[:1].upper() + text[1:]


def _shown(
    entry: ChangeLog, fields: Mapping[str, models.Field[Any, Any]]
) -> Iterable[tuple[str, models.Field[Any, Any] | None, Any, Any]]:
    for key, before, after in entry.changed_fields():
        field = fields.get(key)
        if key in HIDDEN_FIELDS or (field is not None and (field.primary_key or not field.editable)):
            continue
        if field is not None and field.is_relation and _hidden_target(field.related_model):
            continue
        # A new record's empty fields (or a deleted one's) say nothing; an update shows every field it touched.
        if entry.action != ChangeAction.UPDATE and _empty(before) and _empty(after):
            continue
        yield key, field, before, after


def history_rows(
    *,
    entries: list[ChangeLog],
    full_personal: bool = False,
    masks: Mapping[str, Callable[[Any], Any]] | None = None,
) -> list[HistoryRow]:
    """Change-log rows as sentences. ``entries`` should come with ``actor`` and ``content_type`` selected.

    A person's NIK, phone, address and birth date are masked unless ``full_personal``: the caller has checked
    ``can_see_personal`` for that person (and logs the view). ``masks`` names further fields (by key, of any
    record) masked the same way, with the function that masks each (an aspiration's phone and email)."""
    names = _Names()
    prepared = []
    for entry in entries:
        model = entry.content_type.model_class()
        fields = _fields_by_attname(model)
        shown = list(_shown(entry, fields))
        for _key, field, before, after in shown:
            if field is not None and field.is_relation and field.related_model is not None:
                names.want(field.related_model, before)  # type: ignore[arg-type]
                names.want(field.related_model, after)  # type: ignore[arg-type]
        if model is not None and entry.action != ChangeAction.DELETE:
            names.want(model, entry.object_id)  # the record by its name today (object_repr is as it was then)
        prepared.append((entry, model, shown))
    names.load()
    masked = not full_personal
    rows = []
    for entry, model, shown in prepared:
        personal = masked and model is not None and model._meta.label_lower == "registry.person"
        changes = []
        for key, field, before, after in shown:
            if personal and key in PERSONAL_FIELDS:
                before_text = _("empty") if _empty(before) else str(mask_value(key, before))
                after_text = _("empty") if _empty(after) else str(mask_value(key, after))
            elif masked and masks and key in masks:
                before_text = _("empty") if _empty(before) else str(masks[key](before))
                after_text = _("empty") if _empty(after) else str(masks[key](after))
            else:
                if masked:  # another record's text (an import's other data) may hold an owner's NIK or phone
                    before, after = mask_personal_like(before), mask_personal_like(after)
                before_text = _value_text(model, field, before, names)
                after_text = _value_text(model, field, after, names)
            label = _label(field, key)
            changes.append(
                FieldChange(
                    key=key,
                    label=label,
                    before=before_text,
                    after=after_text,
                    sentence=_sentence(entry.action, label, before_text, after_text),
                )
            )
        kind = str(model._meta.verbose_name) if model is not None else _("record")
        name = names.current(model, entry.object_id) if model is not None else None
        record = f"{kind} “{name or entry.object_repr}”"
        actor = actor_name(entry.actor)
        when = format_datetime(entry.time)
        rows.append(
            HistoryRow(
                entry=entry,
                record=record,
                actor=actor,
                when=when,
                headline=_headline(entry, actor=actor, record=record, when=when),
                changes=changes,
            )
        )
    return rows
