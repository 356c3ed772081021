"""Generic pages that every app configures with class attributes: a list (filters, table, pagination, XLSX
of what is filtered), a detail page with tabs, a create/edit form, a delete with confirmation, and the add and
remove of a related row (a member, an officer).

The views never query models themselves: each subclass names the selector that reads (scoped to the user's
regions) and the service that writes. A record outside the user's regions answers 404, as a missing one does.
A service's ``ValidationError`` lands on the form beside its field; a ``PermissionDenied`` on the field named by
``refused_on`` (for a region refusal) or, with none named, as a 403 page.
"""

from sinergi.core.views.base import Page, RecordPage, Text, allowed, found_or_404, opens_for, service_saved
from sinergi.core.views.lists import ListPage
from sinergi.core.views.records import DeletePage, DetailPage, FormPage, Tab, history_tab
from sinergi.core.views.related import RelatedAdd, RelatedRemove

__all__ = [
    "DeletePage",
    "DetailPage",
    "FormPage",
    "ListPage",
    "Page",
    "RecordPage",
    "RelatedAdd",
    "RelatedRemove",
    "Tab",
    "Text",
    "allowed",
    "found_or_404",
    "history_tab",
    "opens_for",
    "service_saved",
]
