"""The office settings empowerment reads (accounts.OfficeSettings): who is a candidate, how large a group is."""

from __future__ import annotations

from dataclasses import dataclass

from sinergi.accounts.selectors import office_settings_for

WORKING_AGE = (15, 64)  # BPS: penduduk usia kerja


@dataclass(frozen=True, slots=True)
class GroupRules:
    max_decile: int
    group_min: int
    group_max: int


def group_rules(region_code: str) -> GroupRules:
    """The rules of the office that governs ``region_code`` (its kabupaten/kota's, else its province's)."""
    row = office_settings_for(region_code)
    return GroupRules(
        max_decile=row.empowerment_max_decile, group_min=row.empowerment_group_min, group_max=row.empowerment_group_max
    )
