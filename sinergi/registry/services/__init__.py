"""Every write to the registry. Each function runs in one transaction, checks that the actor may make
the change, validates, and leaves one change-log row per record it changes.

Callers use ``from sinergi.registry import services`` and ``services.<entity>_<action>(...)``; the modules
below split the writes by record.
"""

from sinergi.registry.services._base import (
    DEFAULT_CLUSTERS,
    DOCUMENT_FIELDS,
    require_association_write,
    require_business_write,
)
from sinergi.registry.services.associations import (
    association_board_add,
    association_board_remove,
    association_create,
    association_delete,
    association_member_add,
    association_member_remove,
    association_update,
    clusters_ensure_defaults,
    region_in_scope_of_association,
)
from sinergi.registry.services.businesses import (
    business_create,
    business_delete,
    business_update,
    business_year_set,
)
from sinergi.registry.services.documents import (
    legal_document_create,
    legal_document_delete,
    legal_document_update,
)
from sinergi.registry.services.merges import merge_undo, records_merge
from sinergi.registry.services.persons import person_create, person_update

__all__ = [
    "DEFAULT_CLUSTERS",
    "DOCUMENT_FIELDS",
    "association_board_add",
    "association_board_remove",
    "association_create",
    "association_delete",
    "association_member_add",
    "association_member_remove",
    "association_update",
    "business_create",
    "business_delete",
    "business_update",
    "business_year_set",
    "clusters_ensure_defaults",
    "legal_document_create",
    "legal_document_delete",
    "legal_document_update",
    "merge_undo",
    "person_create",
    "person_update",
    "records_merge",
    "region_in_scope_of_association",
    "require_association_write",
    "require_business_write",
]
