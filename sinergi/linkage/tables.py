"""The linkage tables: the list of merges, each with its undo."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table
from sinergi.registry.models import Merge


def _by(m: Merge) -> str:
    who = m.created_by.get_username() if m.created_by else "—"
    return f"{who} · {formats.date_format(timezone.localtime(m.created_at), 'd-m-Y H:i')}"


def _status(m: Merge) -> str:
    if m.undone_at:
        return f"{_('undone')} {formats.date_format(timezone.localtime(m.undone_at), 'd-m-Y')}"
    return _("merged")


MERGES = Table(
    columns=[
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Kept"), lambda m: f"#{m.survivor_id}"),
        Column(gettext_lazy("Merged away"), lambda m: m.merged.get("name", ""), note=lambda m: f"#{m.merged_id}"),
        Column(gettext_lazy("By"), _by),
        Column(gettext_lazy("Status"), _status, badge=lambda m: " " if m.undone_at else "ok"),
        Column("", lambda m: "", template="linkage/_undo.html"),
    ]
)
