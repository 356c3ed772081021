"""Reads the registry pages need beyond selectors.py: the region picker, owner look-up by NIK, and the
change log shaped for reading (field labels, deleted board seats and memberships included)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_prefixes
from sinergi.accounts.models import User
from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.core.personal import mask_personal_like, mask_value
from sinergi.regions.models import Region
from sinergi.registry.models import Association, AssociationMembership, BoardMember, Person
from sinergi.registry.selectors import persons_visible

PICKER_LEVELS = (1, 2, 3, 4)


def region_children(*, user: User, parent_code: str | None) -> list[Region]:
    """Children of a region (provinces when None) that lead into the user's regions or lie inside them.

    A kabupaten officer sees only their own province and kabupaten on the way down, then every kecamatan
    and village inside it, so the picker never offers a village the services would refuse.
    """
    qs = Region.objects.filter(parent_id=parent_code) if parent_code else Region.objects.filter(level=1)
    prefixes = region_prefixes(user)
    if prefixes is not None:
        if not prefixes:
            return []
        q = Q(pk__in=[])
        for prefix in prefixes:
            ancestors = Region(code=prefix).ancestor_codes()
            q |= Q(code__in=ancestors) | Q(code__startswith=prefix + ".")
        qs = qs.filter(q)
    return list(qs.only("code", "name", "kind", "level").order_by("code"))


@dataclass(frozen=True, slots=True)
class PickerLevel:
    level: int
    label: str
    options: list[Region]
    selected: str


def region_picker(*, user: User, picks: dict[int, str], desa_code: str) -> tuple[list[PickerLevel], str]:
    """The cascading selects (province → kabupaten → kecamatan → desa) for the given choices.

    A level with a single option is chosen for the user, so a kabupaten officer starts at the kecamatan.
    Returns the levels to show and the village code the text field should hold.
    """
    labels = {
        1: _("Province"),
        2: _("Regency/city (kabupaten/kota)"),
        3: _("District (kecamatan)"),
        4: _("Village (desa/kelurahan)"),
    }
    levels: list[PickerLevel] = []
    parent: str | None = None
    for level in PICKER_LEVELS:
        options = region_children(user=user, parent_code=parent)
        if not options:
            break
        codes = {r.code for r in options}
        selected = picks.get(level, "")
        if selected not in codes:
            selected = options[0].code if len(options) == 1 else ""
        levels.append(PickerLevel(level=level, label=labels[level], options=options, selected=selected))
        if not selected:
            break
        parent = selected
    chosen = levels[-1].selected if levels and levels[-1].level == 4 else ""
    if chosen:
        return levels, chosen
    deepest = next((lv.selected for lv in reversed(levels) if lv.selected), "")
    # A village typed by hand stays unless the selects now point somewhere else.
    if desa_code and (not any(picks.values()) or desa_code.startswith(deepest + ".")):
        return levels, desa_code
    return levels, ""


def picks_for_code(code: str) -> dict[int, str]:
    """The picker choices that lead to a region code (its ancestors, province first)."""
    if not code:
        return {}
    return {i + 1: c for i, c in enumerate(Region(code=code).ancestor_codes())}


def person_by_nik(*, user: User, nik: str) -> Person | None:
    """A person the user may see, by NIK (digits only); None when there is none."""
    digits = "".join(c for c in nik if c.isdigit())
    if len(digits) != 16:
        return None
    return persons_visible(user=user).filter(nik=digits).first()


def association_history(*, association: Association) -> QuerySet[ChangeLog]:
    """The association's changes and those of its board seats and memberships, removed ones included."""
    seat_type = ContentType.objects.get_for_model(BoardMember)
    member_type = ContentType.objects.get_for_model(AssociationMembership)
    q = Q(content_type=ContentType.objects.get_for_model(Association), object_id=str(association.pk))
    for ctype in (seat_type, member_type):
        q |= Q(content_type=ctype, after__association_id=association.pk)
        q |= Q(content_type=ctype, before__association_id=association.pk)
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class HistoryRow:
    entry: ChangeLog
    record: str
    changes: list[FieldChange]


def _label(model: Any, attname: str) -> str:
    if model is None:
        return attname
    name = attname.removesuffix("_id") if attname.endswith("_id") else attname
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return attname
    return str(getattr(field, "verbose_name", attname))


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def history_rows(*, entries: list[ChangeLog], full_personal: bool = False) -> list[HistoryRow]:
    """Change-log rows with readable field labels; internal columns (search text, timestamps) left out.

    A person's NIK, phone, address and birth date are masked (``core.personal``) unless ``full_personal``: the
    caller has checked ``can_see_personal`` for that person (and logs the view); in other records' rows any value
    that reads as a NIK or a phone number is masked unless ``full_personal``."""
    hidden = {"id", "search_text", "created_at", "updated_at"}
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        record = str(model._meta.verbose_name) if model is not None else entry.content_type.model
        if full_personal:
            mask: Callable[[str, Any], Any] = lambda _k, v: v  # noqa: E731
        elif model is Person:
            mask = mask_value
        else:  # a business's other data from an import may hold an owner's NIK or phone
            mask = lambda _k, v: mask_personal_like(v)  # noqa: E731
        changes = [
            FieldChange(label=_label(model, key), before=mask(key, before), after=mask(key, after))
            for key, before, after in entry.changed_fields()
            # A new record's empty fields (or a deleted one's) say nothing; an update shows every field it touched.
            if key not in hidden and (entry.action == ChangeAction.UPDATE or _filled(before) or _filled(after))
        ]
        rows.append(HistoryRow(entry=entry, record=f"{record}: {entry.object_repr}", changes=changes))
    return rows
