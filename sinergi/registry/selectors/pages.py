"""Reads the registry pages need beyond selectors.py: the region picker, owner look-up by NIK, and an
association's change log (deleted board seats and memberships included); core.history renders it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_prefixes
from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
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
