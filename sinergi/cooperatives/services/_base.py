"""Shared by the cooperative services: who may write, and the logged save of the registry."""

from __future__ import annotations

from sinergi.accounts.access import is_cooperative_officer, require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.models import Cooperative
from sinergi.registry.services._base import _check_lengths, _delete_logged, _pick, _save_logged

# The registry's logged save, delete and field picking serve the cooperatives unchanged.
check_lengths = _check_lengths
delete_logged = _delete_logged
pick_fields = _pick
save_logged = _save_logged


def require_cooperative_write(actor: User, cooperative: Cooperative) -> None:
    """The cooperative's register entry, officers, members and supervision: office editors in its region."""
    require_region_write(actor, cooperative.region_id)


def require_report_write(actor: User, cooperative: Cooperative) -> None:
    """Annual reports: office editors in its region, or the cooperative's own officer."""
    if is_cooperative_officer(actor, cooperative.pk):
        return
    require_region_write(actor, cooperative.region_id)
