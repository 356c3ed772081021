"""The site menu: one declaration of its entries; each entry is shown only to a user its page lets in.

An entry names a page (a URL name) and its label; who may open it is not written here but read from the page's
view (``access`` on a generic page, ``opens_for`` on a function view, both asking a ``require_*`` of
``sinergi.accounts.access``). So the menu and the page cannot disagree: a link in the menu never answers 403.

A cooperative's officer and an association's officer get their own record instead of the list ("My
cooperative", "My association"): the list would show them that one row anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Role


@dataclass(frozen=True, slots=True)
class Own:
    """A user's own record shown in place of a list: the label, the record page and the user's field of its id."""

    role: str
    label: Promise
    url_name: str
    field: str


@dataclass(frozen=True, slots=True)
class Entry:
    url_name: str
    label: Promise
    own: Own | None = None


MENU: tuple[Entry, ...] = (
    Entry("home", _("Dashboard")),
    Entry("indicator_dashboard", _("Indicators")),
    Entry("roadmap_list", _("Peta Jalan")),
    Entry("business_list", _("Businesses (UMKM)")),
    Entry(
        "association_list",
        _("Associations"),
        own=Own(Role.ASSOCIATION, _("My association"), "association_detail", "association_id"),
    ),
    Entry(
        "cooperative_list",
        _("Cooperatives"),
        own=Own(Role.COOPERATIVE, _("My cooperative"), "cooperative_detail", "cooperative_id"),
    ),
    Entry("program_list", _("Programs")),
    Entry("workprogram_list", _("Work programs")),
    Entry("aspiration_list", _("Aspirations")),
    Entry("market_product_list", _("Products")),
    Entry("market_showroom_list", _("Showroom")),
    Entry("purchasing_purchase_list", _("Civil servants' purchases")),
    Entry("purchasing_program_list", _("1 ASN 1 Produk")),
    Entry("partnership_partner_list", _("Partnerships")),
    Entry("empowerment_group_list", _("Empowerment groups")),
    Entry("purchasing_agency_list", _("Agencies (OPD)")),
    Entry("supervision_home", _("Supervision")),
    Entry("report_list", _("Reports")),
    Entry("opendata_list", _("Open data")),
    Entry("import_list", _("Imports")),
    Entry("review_queue", _("Duplicates")),
    Entry("field_batch_list", _("Field work")),
    Entry("api_tokens", _("API tokens")),
)


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: Promise
    current: bool


@cache
def access_of(url_name: str) -> Callable[[Any], None] | None:
    """The permission check the page behind ``url_name`` asks (None: every signed-in user may open it)."""
    func = resolve(reverse(url_name)).func
    view_class = getattr(func, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "access", None)
    return getattr(func, "access", None)


def may_open(user: Any, url_name: str) -> bool:
    check = access_of(url_name)
    if check is None:
        return True
    try:
        check(user)
    except PermissionDenied:
        return False
    return True


def menu_links(user: Any, path: str = "") -> list[Link]:
    """The entries ``user`` may open, in order, the one ``path`` is under marked current."""
    if not getattr(user, "is_authenticated", False):
        return []
    links = []
    home = reverse("home")
    for entry in MENU:
        if not may_open(user, entry.url_name):
            continue
        url, label = reverse(entry.url_name), entry.label
        own = entry.own
        if own is not None and user.role == own.role:
            pk = getattr(user, own.field, None)
            if pk is None:
                continue  # an officer not (yet) bound to a record has nothing to open here
            url, label = reverse(own.url_name, args=[pk]), own.label
        current = path == url if url == home else path.startswith(url)
        links.append(Link(url=url, label=label, current=current))
    return links


def menu(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``menu`` for base.html (a callable, so pages that draw no menu never build it)."""
    return {"menu": lambda: menu_links(getattr(request, "user", None), request.path)}
