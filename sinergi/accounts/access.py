"""Who may see and change what. Every scoped selector and service asks these functions; they are
the one place the rules live (tested in tests/test_access.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from sinergi.accounts.models import EDITOR_ROLES, STAFF_ROLES, Role, User


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def region_prefixes(user: User) -> list[str] | None:
    """Region codes a staff user works in (a prefix covers everything below it); None means everywhere."""
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    if user.role not in STAFF_ROLES:
        return []
    return sorted(user.regions.values_list("code", flat=True))


def region_q(user: User, field: str) -> Q:
    """A filter on a region-code path (e.g. "desa__code") that keeps what the user may see.

    An empty region list yields a filter that matches nothing, never everything."""
    prefixes = region_prefixes(user)
    if prefixes is None:
        return Q()
    q = Q(pk__in=[])
    for code in prefixes:
        q |= Q(**{f"{field}__startswith": code})
    return q


def region_in_scope(user: User, code: str) -> bool:
    prefixes = region_prefixes(user)
    return prefixes is None or any(code == p or code.startswith(p + ".") for p in prefixes)


def is_office_staff(user: User) -> bool:
    """The office's own staff (viewers too), never a cooperative's or a business's own user."""
    return is_authenticated(user) and (user.is_superuser or user.role in STAFF_ROLES)


def require_office_staff(user: User) -> None:
    """Cooperative indicators and supervision are the office's working file: staff only."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Supervision is for the office's staff."))


# --- who may open which page --------------------------------------------------------------------------
# Each ``require_*`` below is the check of one page (its view declares it: ``access`` on a generic page,
# ``opens_for`` on a function view) and the site menu reads it from the view (sinergi/menu.py), so a menu
# never offers a page that answers 403. The reason each one gives is what the refused page says.


def require_import_access(user: User) -> None:
    """The import pages: the office's staff (viewers read the imports; only editors start one)."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Imports are for the office's staff."))


def require_duplicate_review(user: User) -> None:
    """The duplicate review queue and the merges: the office's staff."""
    if not is_office_staff(user):
        raise PermissionDenied(_("The duplicate review is for the office's staff."))


def require_api_tokens(user: User) -> None:
    """API tokens: the office's staff and a cooperative's own officer (whose systems send its annual reports)."""
    if not (is_office_staff(user) or (is_authenticated(user) and user.role == Role.COOPERATIVE)):
        raise PermissionDenied(_("API tokens are for the office's staff and the cooperatives' own officers."))


def require_registry_access(user: User) -> None:
    """The business registry: the office's staff, business owners (their own) and associations (their members)."""
    if not (is_office_staff(user) or (is_authenticated(user) and user.role in (Role.OWNER, Role.ASSOCIATION))):
        raise PermissionDenied(_("The business registry is for the office's staff, business owners and associations."))


def require_association_access(user: User) -> None:
    """The associations: the office's staff, an association's own officer, business owners (theirs)."""
    require_registry_access(user)


def require_cooperative_access(user: User) -> None:
    """The cooperatives: the office's staff and a cooperative's own officer (their cooperative only)."""
    if not (is_office_staff(user) or (is_authenticated(user) and user.role == Role.COOPERATIVE)):
        raise PermissionDenied(_("The cooperative pages are for the office's staff and the cooperatives' officers."))


def may_open_workprograms(user: User) -> bool:
    return is_office_staff(user) or (is_authenticated(user) and user.role == Role.ASSOCIATION)


def require_workprogram_access(user: User) -> None:
    """Associations' work programs: the office's staff and an association's own officer (its programs only)."""
    if not may_open_workprograms(user):
        raise PermissionDenied(_("Work programs are for the office's staff and the associations' officers."))


def require_aspiration_staff(user: User) -> None:
    """Handling the public's aspirations: the office's staff (the public has its own form and status page)."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Aspirations are handled by the office's staff."))


def require_field_staff(user: User) -> None:
    """Field sync (its log, conflicts, waiting and refused operations, a laptop's checkout): the office's staff."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Field sync is for the office's staff."))


def may_open_purchasing(user: User) -> bool:
    return is_office_staff(user) or (is_authenticated(user) and user.role == Role.ASN)


def require_purchasing_access(user: User) -> None:
    """Civil servants' purchases ("1 ASN 1 Produk"): the office's staff and a civil servant (their own only)."""
    if not may_open_purchasing(user):
        raise PermissionDenied(_("Civil servants' purchases are for the office's staff and the civil servants."))


def require_purchasing_staff(user: User) -> None:
    """Agencies, purchase programs and procurement figures: the office's staff."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Agencies and their figures are for the office's staff."))


def require_partnership_access(user: User) -> None:
    """Partners, their needs and offers, the matching and the partnership agreements: the office's staff."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Partnerships are for the office's staff."))


def can_edit_registry(user: User) -> bool:
    return is_authenticated(user) and (user.is_superuser or user.role in EDITOR_ROLES)


def require_editor(user: User) -> None:
    """Adding records: the office's editors (a read-only viewer, an owner or an officer of a body reads)."""
    if not can_edit_registry(user):
        raise PermissionDenied(_("Your account may read these records but not add or change them."))


def require_region_write(user: User, code: str) -> None:
    """Staff editors may write only inside their regions."""
    if not can_edit_registry(user) or not region_in_scope(user, code):
        raise PermissionDenied(_("You may not change records in region %(code)s.") % {"code": code})


def is_cooperative_officer(user: User, cooperative_id: int) -> bool:
    """A cooperative's own officer (self-service role), signed in and bound to that cooperative."""
    return is_authenticated(user) and user.role == Role.COOPERATIVE and user.cooperative_id == cooperative_id


OFFICE_LEVELS = frozenset({1, 2})  # an office (Dinas) serves a province or a kabupaten/kota


def can_manage_office(user: User, code: str) -> bool:
    """An office's settings: an administrator for any office; a province or kabupaten/kota officer for the
    office of a region that is one of their own (not the offices below it, which are offices of their own)."""
    if not is_authenticated(user):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    if user.role not in (Role.PROVINCE, Role.KABUPATEN):
        return False
    return code in (region_prefixes(user) or [])


def require_office_manage(user: User, code: str) -> None:
    if not can_manage_office(user, code):
        raise PermissionDenied(_("You may not change the settings of the office of region %(code)s.") % {"code": code})


def managed_office_codes(user: User) -> list[str] | None:
    """The regions whose office settings the user may change; None means every office (an administrator)."""
    if not is_authenticated(user):
        return []
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    if user.role not in (Role.PROVINCE, Role.KABUPATEN):
        return []
    return region_prefixes(user) or []


def personal_checker(user: Any) -> Callable[[str, int | None], bool]:
    """``can_see_personal`` for many persons at once: the user's regions are read once, not once per person.

    The returned function takes (the person's village code, the person's id) and says whether the user may see
    that person's NIK, phone, address and birth date in full."""
    if not is_authenticated(user):
        return lambda _code, _pk: False
    own_person = user.person_id if user.role == Role.OWNER else None
    if not can_edit_registry(user):
        return lambda _code, pk: own_person is not None and pk == own_person
    prefixes = region_prefixes(user)

    def check(code: str, pk: int | None) -> bool:
        if own_person is not None and pk == own_person:
            return True
        return prefixes is None or any(code == p or code.startswith(p + ".") for p in prefixes)

    return check


def can_see_personal(user: Any, *, region_code: str, person_id: int | None = None) -> bool:
    """Whether ``user`` may see a person's NIK, phone, address and birth date in full (UU 27/2022).

    Only editors of the person's region (``region_code``: the person's village) and the person themself (a
    business owner's own record) do; everyone else who may see the record at all (read-only viewers, association
    and cooperative officers, other owners, editors of other regions) sees them masked (``sinergi.core.personal``).
    Each full view is logged (``sinergi.privacy``)."""
    return personal_checker(user)(region_code, person_id)


def require_report_access(user: User) -> None:
    """Periodic reports and upward exports: the office's staff (viewers download; editors make them)."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Reports are for the office's staff."))


def require_opendata_access(user: User) -> None:
    """The office's open-data workspace (Satu Data): its staff, producers and custodians alike."""
    if not is_office_staff(user):
        raise PermissionDenied(_("The open-data workspace is for the office's staff."))


def can_produce_data(user: User, code: str) -> bool:
    """A producer (produsen data) of the office of ``code``: an editor of the office who works there."""
    return can_edit_registry(user) and region_in_scope(user, code)


def can_custody_data(user: User, code: str) -> bool:
    """The custodian (walidata) for ``code``: an administrator, or a staff user holding the permission
    ``opendata.custody_dataset`` (the group "Walidata") who works in that region."""
    if not is_office_staff(user) or not region_in_scope(user, code):
        return False
    return user.is_superuser or user.role == Role.ADMIN or user.has_perm("opendata.custody_dataset")


def require_empowerment_staff(user: User) -> None:
    """Empowerment groups from the P3KE list (deciles, households): the office's staff only, never a self-service
    role; what they see is further limited to their regions by the selectors."""
    if not is_office_staff(user):
        raise PermissionDenied(_("Empowerment groups are for the office's staff."))
